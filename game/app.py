"""The App: one window, one loop with a fixed timestep, and the scene being shown.

Everything the scenes share (settings, network, feedback store, high scores,
sounds, fonts) lives here and is created in the constructor, never at import.
"""

import os
import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pygame

from .datasets.strokes import StrokeFileError, read_strokes
from .feedback import FeedbackStore
from .highscores import HighScores
from .learning.background import BackgroundRetrain, describe_result
from .learning.history import GameHistory
from .modes import MODES, ROUNDS, TaskMaker
from .paths import ASSETS
from .players import Players
from .recognizer import BackgroundLoad, Recognizer
from .scenes import flow
from .scenes.xray import XRay
from .settings import Settings
from .sounds import SoundBoard
from .theme import Fonts, use_palette
from .touch import TouchInput
from .ui import bounding_box
from .weights_store import WeightsLockedError, WeightsStore

FPS = 60
DT = 1.0 / FPS
WINDOWLESS_DRIVERS = ("offscreen", "dummy")  # SDL falls back on these where there is no screen
RETRY_SECONDS = 5.0  # how often unsaved feedback is retried
MIN_SIZE = (800, 520)
DEFAULT_SIZE = (1180, 760)
FADE_SECONDS = 0.15  # one screen fades into the next this long


class NoDisplayError(RuntimeError):
    """There is no screen to show the game on."""


@dataclass
class Options:
    """How the game was started (see `python -m game --help`)."""

    data_dir: Path
    weights: Path | None = None
    rounds: int = ROUNDS
    size: tuple | None = None  # None: the size the window had last time, or DEFAULT_SIZE
    autoplayer: object = None  # game.autoplay.Autoplayer, or None for a human
    seed: int | None = None
    # Virtual time: every frame advances the game by exactly one step, and
    # frames come at `speed` times 60 a second (0: as fast as possible).
    # Autoplay and tests use it; a human plays in real time.
    virtual_time: bool = False
    speed: float = 1.0
    xray: bool = False  # start with the X-ray on
    mode: str | None = None  # play this mode (modes.MODES) instead of the one last chosen
    player: str | None = None  # play as this player (made if new) instead of the one who played last


@dataclass
class Stats:
    """Timings for the benchmark: work per frame and stroke-to-probabilities latency."""

    frame_ms: list = field(default_factory=list)
    predict_ms: list = field(default_factory=list)
    paused: bool = False  # frames are not counted (autoplay waiting for the game to learn)


class App:
    """The window, the loop and the shared services; scenes hand over via scene.next."""

    def __init__(self, options):
        self.options = options
        self.players = Players(options.data_dir)  # families share a computer: see players.py
        if options.player and options.player.casefold() not in (n.casefold() for n in self.players.names()):
            self.players.add(options.player)
        self.data_dir = self.players.select(options.player) if options.player else self.players.folder()
        os.environ.setdefault("SDL_TOUCH_MOUSE_EVENTS", "0")  # fingers come as finger events only: see touch.py
        pygame.display.init()  # the screen first: without one, say so before sound and fonts start
        pygame.display.set_caption("Digit Dash")
        self.settings = Settings.load(self.data_dir / "settings.json")
        use_palette(self.settings.palette)
        self.window_size = options.size or tuple(self.settings.window) or DEFAULT_SIZE
        self.screen = self._open_window(self.window_size, self.settings.fullscreen and not options.autoplayer)
        _check_display()
        pygame.init()
        self.fonts = Fonts()
        self.fonts.resize(self.screen.get_size(), self.settings.ui_scale)
        self.sounds = SoundBoard(enabled=self.settings.sound)
        self.sounds.set_volume(self.settings.volume)
        self.xray = XRay(self)  # the look inside the network (key X); see scenes/xray.py
        self.practice_digits = None  # what practice asks for: one digit, or the ones read worst
        notice = self._open_player_data()
        self.stats, self.rounds = Stats(), []
        self.targets = self.make_tasks()
        self.clock, self.running, self.game_time = pygame.time.Clock(), True, 0.0
        self.touch = TouchInput()
        self._toast, self._next_retry, self._lag = None, RETRY_SECONDS, 0.0
        self._shown = None  # what the window shows now (see _redraw_due)
        self._fade = None  # (the screen before, when its fade ends) while one screen fades into the next
        self.learning = None  # a BackgroundRetrain while a learning session runs
        self.last_session = None  # the result of the last one, once it ended
        self._tried_with = None  # how many drawings were waiting when the last automatic session began
        self._loading = None  # (BackgroundLoad, drawings stored when it began, quiet) of new weights
        self._notice(notice)
        self.scene = None
        if options.autoplayer:
            self.consolidate_soon()  # what a player's title screen does with drawings not yet learned
            self.start_game()
        else:
            self.scene = flow.title(self)

    # ------------------------------------------------------------ the loop
    def run(self):
        """Run until the player quits; return the rescue file of unsaved feedback, if any."""
        while self.running:
            self.step()
        return self.close()

    def step(self):
        """Run one frame: events, fixed-timestep updates, drawing (only if the picture changed)."""
        started = time.perf_counter()
        if self.options.autoplayer:
            self.options.autoplayer.drive(self)
        events = []
        for event in pygame.event.get():  # fingers become mouse events here (touch.py)
            events += self.touch.handle(event, self.screen.get_size(), self.game_time)
        events += self.touch.tick(self.game_time)
        for event in events:
            self._dispatch(event)
        for _ in range(self._updates_due()):
            self.game_time += DT
            self.scene.update(DT)
            self._follow()
            self._retry_unsaved()
            self._poll_learning()
            if not self.scene.in_round:  # mid-round, the next round picks them up
                self.switch_weights_if_loaded()
        if self._redraw_due(events):
            self.scene.draw(self.screen)
            self._draw_fade()
            pygame.display.flip()
        if not self.stats.paused:
            self.stats.frame_ms.append((time.perf_counter() - started) * 1000)
        self._lag += self.clock.tick(self._fps_cap()) / 1000

    def _redraw_due(self, events):
        """Return True if the window must be drawn again: an event came, or what it shows changed."""
        shown = (
            self.scene,
            self.scene.frame_key(),
            self.toast_text(),
            self._fading(),
            self.screen.get_size(),
            self.recognizer.description,
        )
        due = bool(events) or shown != self._shown
        self._shown = shown
        return due

    def _updates_due(self):
        """Return how many fixed DT steps to run this frame (1 in virtual time)."""
        if self.options.virtual_time:
            self._lag = 0.0
            return 1
        steps = min(int(self._lag / DT), 5)  # after a long stall, catch up a little, not all
        self._lag = self._lag - steps * DT if steps < 5 else 0.0
        return steps

    def _fps_cap(self):
        """Return the frame-rate cap for clock.tick (0 = none)."""
        speed = self.options.speed if self.options.virtual_time else 1.0
        return 0 if speed <= 0 else round(FPS * speed)

    def _dispatch(self, event):
        """Handle window-wide events, pass the rest to the scene."""
        if event.type == pygame.QUIT:
            self.quit()
        elif event.type == pygame.VIDEORESIZE:
            self._resized(event.size)
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.set_fullscreen(not self.settings.fullscreen)
            self.save_settings()
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_m and event.mod & pygame.KMOD_CTRL:
            self.settings.sound = not self.sounds.toggle_mute()
            self.save_settings()
        else:
            self.scene.handle_event(event)
            self._follow()

    def _follow(self):
        """Switch to the scene the current one handed over to, if any; the old one fades out."""
        while self.scene.next is not None:
            old, self.scene = self.scene, self.scene.next
            old.next = None
            self.scene.resize(self.screen.get_size())
            self._fade = (self.screen.copy(), self.game_time + FADE_SECONDS)

    def _fading(self):
        """Return which step of a fade between screens is due (None when there is none)."""
        if self._fade is None or self.game_time >= self._fade[1]:
            return None
        return int((self._fade[1] - self.game_time) * 60)

    def _draw_fade(self):
        """Blend the last picture of the screen before into the new one while the fade lasts."""
        if self._fading() is None:
            self._fade = None
            return
        picture, until = self._fade
        picture.set_alpha(round(255 * (until - self.game_time) / FADE_SECONDS))
        self.screen.blit(picture, (0, 0))

    # ------------------------------------------------------------ games
    def start_game(self):
        """Begin a new game at its first round."""
        first = flow.new_game(self)
        if self.scene is None:
            self.scene = first
        else:
            self.scene.next = first

    def make_tasks(self):
        """Return a TaskMaker for the mode: the autoplayer's targets in order, else random ones
        (seeded by --seed, or by the date for the daily game)."""
        fixed = self.options.autoplayer.targets() if self.options.autoplayer and not self.mode.numbers else None
        return TaskMaker(self.mode, fixed, self.options.seed, practice=self.practice_digits)

    def choose_mode(self, name, remember=True):
        """Play mode `name` from now on (remembered in the settings), with its own high scores."""
        self.mode = MODES[name]
        if remember:
            self.settings.mode = name
            self.save_settings()
        self.targets = self.make_tasks()
        self.highscores = HighScores.for_mode(self.data_dir, self.mode)

    def relayout(self):
        """Lay the screen out again (after a change of text size)."""
        self._resized(self.screen.get_size())

    def toggle_xray(self):
        """Show or hide the X-ray (remembered in the settings) and lay the screen out again."""
        self.xray_on = self.settings.xray = not self.xray_on
        self.xray.step = None
        self.save_settings()
        self.scene.resize(self.screen.get_size())

    def reload_weights_if_new(self, quiet=False):
        """Start loading the player's active weights if they changed (after a learning session);
        the game switches to them when they are ready and no round is being played."""
        if self.options.weights:
            return
        _, path = self.weights.active()
        loading = self._loading[0].path if self._loading else None
        if path in (self.recognizer.path, loading):
            return
        images, labels = self._player_drawings(self.recognizer.memory.capacity)
        self._loading = (BackgroundLoad(path, images, labels), self._stored(), quiet)

    @property
    def loading_weights(self):
        """Return True while new weights are being loaded (or wait for the round to end)."""
        return self._loading is not None

    def switch_weights_if_loaded(self):
        """Play with the weights loaded in the background, if they are loaded (between rounds)."""
        if self._loading is None or not self._loading[0].done:
            return
        (loaded, stored_then, quiet), self._loading = self._loading, None
        if loaded.error is not None:
            self.toast(f"Kept the current model: {loaded.error}", error=True)
            return
        self.recognizer = loaded.recognizer
        self.recognizer.memory.remember(*self._player_drawings(self._stored() - stored_then))  # since the load began
        if not quiet:
            self.toast(f"Now playing with {self.recognizer.description}.")

    def _open_player_data(self):
        """Open the current player's data: settings-dependent choices, weights, drawings, scores,
        history. Return why the player's weights could not be used, or None."""
        data_dir, options = self.data_dir, self.options
        self.weights = WeightsStore(data_dir)
        if options.weights:
            self.recognizer, notice = Recognizer.load(options.weights), None
        else:
            number, path = self.weights.active()
            self.recognizer, notice = Recognizer.load_best([path] if number else [])
        self.xray_on = options.xray or self.settings.xray
        self.store = FeedbackStore(data_dir / "feedback.db")
        self._remember_player()
        self.mode = MODES[options.mode or self.settings.mode]
        self.highscores = HighScores.for_mode(data_dir, self.mode)
        self.history = GameHistory(data_dir / "history.json")
        self.targets = self.make_tasks()
        return notice

    def _notice(self, notice):
        """Say that the player's weights could not be used, if they could not."""
        if notice:
            self.toast(f"Using the shipped model: {notice}", error=True, seconds=8)

    def switch_player(self, name):
        """Play as another player from now on: their settings, drawings, weights and scores.

        A learning session of the player before is stopped (what it had not learned yet is
        learned on their next turn); whatever could not be saved goes to a rescue file.
        """
        if self.learning is not None:
            self.learning.stop()
        self.learning, self._loading, self.last_session, self._tried_with = None, None, None, None
        rescue = self.store.close()
        self.data_dir = self.players.select(name)
        self.settings = Settings.load(self.data_dir / "settings.json")
        use_palette(self.settings.palette)
        self.sounds.muted = not self.settings.sound
        self.sounds.set_volume(self.settings.volume)
        self.fonts.resize(self.screen.get_size(), self.settings.ui_scale)
        self._notice(self._open_player_data())
        if rescue:
            self.toast(f"Some drawings could not be saved; they are in {rescue}", error=True, seconds=8)

    def _remember_player(self):
        """Give the recognizer the player's latest labelled drawings (its memory starts empty)."""
        self.recognizer.memory.remember(*self._player_drawings(self.recognizer.memory.capacity))

    def _player_drawings(self, newest):
        """Return (images (n, 28, 28), labels (n,)) of the newest stored labelled drawings."""
        try:
            return self.store.labelled_images(max(newest, 0))
        except (sqlite3.Error, OSError):  # an unreadable database: the store says why when it is used
            return np.zeros((0, 28, 28), np.float32), np.zeros(0, np.int64)

    def _stored(self):
        """Return how many drawings are stored (0 if the database cannot be read)."""
        try:
            return self.store.counts()["total"]
        except (sqlite3.Error, OSError):
            return 0

    def attract_drawings(self):
        """Return the attract mode's drawings: (label, strokes, bounding box) each."""
        try:
            samples = read_strokes(ASSETS / "attract.jsonl")
        except (OSError, StrokeFileError):
            return []
        drawings = [(s.label, [[tuple(p) for p in stroke] for stroke in s.strokes]) for s in samples]
        return [(label, strokes, bounding_box(strokes)) for label, strokes in drawings]

    def quit(self):
        """Stop the loop at the end of this frame."""
        self.running = False

    def close(self):
        """Write out anything unsaved, shut pygame down; return a rescue file path or None."""
        if self.learning is not None:
            self.learning.stop()
        rescue = self.store.close()
        pygame.quit()
        return rescue

    # ------------------------------------------------------------ services
    def toast(self, text, error=False, seconds=4.0):
        """Show a short message at the bottom of the screen for a few seconds."""
        self._toast = (text, self.game_time + seconds, error)

    def toast_text(self):
        """Return the current toast's text, or None when there is none."""
        if self._toast and self.game_time < self._toast[1]:
            return self._toast[0]
        return None

    def _retry_unsaved(self):
        """Every few seconds, try again to save feedback kept in memory."""
        if self.game_time < self._next_retry or not self.store.pending:
            return
        self._next_retry = self.game_time + RETRY_SECONDS
        if self.store.retry() and not self.store.pending:
            self.toast("The drawings kept in memory are now saved.")

    def game_over(self):
        """Note how the game read the player this game; start consolidating what it learned."""
        labelled = [r for r in self.rounds if r.label is not None and r.reading is not None]
        error = self.history.add(
            len(labelled), sum(r.reading.guess == r.label for r in labelled), self.recognizer.version
        )
        if error:
            self.toast(error, error=True)
        self.consolidate_soon()

    def forget_everything(self):
        """Delete the player's drawings, learned versions and game history; play with the shipped
        network and an empty memory again. Return an error message, or None when done."""
        if self.learning is not None:
            self.learning.stop()
            self.learning = None
        self._loading, self._tried_with, self.last_session = None, None, None
        try:
            with self.weights.lock():
                self.store.forget_all()
                self.weights.forget_all()
        except (WeightsLockedError, sqlite3.Error, OSError) as error:
            return f"Could not forget everything: {error}"
        self.history.forget()
        shutil.rmtree(Path(self.data_dir) / "cache", ignore_errors=True)
        if self.options.weights:  # weights chosen on the command line stay; only the memory goes
            self.recognizer.memory.forget()
        else:
            self.recognizer, _ = Recognizer.load_best([])  # a fresh memory with it
        return None

    def learn_now(self):
        """Start a learning session on the stored feedback in the background, as the player asked."""
        if self.learning is None:
            self.learning = BackgroundRetrain(self.data_dir)
        self.learning.automatic = False  # one already running: the player hears how it went
        self.toast("Learning from your corrections... keep playing if you like.", seconds=6)

    def consolidate_soon(self):
        """Between games or on the idle title: if the setting is on and drawings were stored since
        the last session, start one in the background; the player is told only when it helped."""
        if not self.settings.auto_learn or self.options.weights or self.learning is not None:
            return
        try:
            waiting = self.store.counts()["not_learned"]
        except (sqlite3.Error, OSError):
            return
        if waiting and waiting != self._tried_with:  # a session the gate refused is not tried again as is
            self._tried_with = waiting
            self.learning = BackgroundRetrain(self.data_dir, automatic=True)

    def _poll_learning(self):
        """When a learning session ends, say how it went and start loading the new weights."""
        if self.learning is None or self.learning.running:
            return
        session, self.learning = self.learning, None
        self.last_session = result = session.poll()
        if not session.automatic or result.get("promoted") or "error" in result:
            self.toast(describe_result(result), error="error" in result, seconds=8)
        self.reload_weights_if_new(quiet=True)

    def save_settings(self):
        """Save the settings; return an error message or None."""
        return self.settings.save(Path(self.data_dir) / "settings.json")

    def set_fullscreen(self, on):
        """Switch between fullscreen and a resizable window."""
        self.settings.fullscreen = on
        self.screen = self._open_window(self.window_size, on)
        self._resized(self.screen.get_size())

    def _open_window(self, size, fullscreen):
        """Return the display surface, fullscreen or a resizable window."""
        try:
            if fullscreen:
                return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
            return pygame.display.set_mode(size, pygame.RESIZABLE)
        except pygame.error as error:
            pygame.quit()
            raise NoDisplayError(f"no screen found: cannot open a window ({error})") from None

    def _resized(self, size):
        """Adapt fonts and layout to a new window size."""
        size = (max(size[0], MIN_SIZE[0]), max(size[1], MIN_SIZE[1]))
        if not self.settings.fullscreen:  # remembered for next time
            self.window_size = size
            if list(size) != self.settings.window and not self.options.autoplayer:
                self.settings.window = list(size)
                self.save_settings()
        if size != self.screen.get_size() and not self.settings.fullscreen:
            self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        else:
            self.screen = pygame.display.get_surface()
        self.fonts.resize(self.screen.get_size(), self.settings.ui_scale)
        self.scene.resize(self.screen.get_size())

    @property
    def screen_size(self):
        """Return the window size (w, h)."""
        return self.screen.get_size()


def _check_display():
    """Raise NoDisplayError if SDL found no screen and fell back, unasked, on a windowless driver."""
    driver = pygame.display.get_driver()
    if driver in WINDOWLESS_DRIVERS and not os.environ.get("SDL_VIDEODRIVER"):
        pygame.quit()
        raise NoDisplayError(
            f"no screen found: SDL fell back on its '{driver}' video driver and the game would "
            "run invisibly. Start it on a desktop, or set SDL_VIDEODRIVER=dummy to run it "
            "without a window on purpose (e.g. with --autoplay)."
        )

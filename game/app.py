"""The App: one window, one loop with a fixed timestep, and the scene being shown. What the
scenes share is made in the constructor, never at import: the player's open data (profile.py),
their learning (learning/coordinator.py), the games played (games.py) and the window's services
(fonts, sounds, toasts, the X-ray). Which scene follows which is scenes/flow.py's table."""

import os
import time
from collections import deque
from dataclasses import dataclass, field

import pygame

from . import ui
from .games import Games
from .learning.coordinator import Learning
from .model import ModelFileError
from .pacing import DT, Pacing
from .players import PlayerError, Players
from .playground.blueprint import PRESETS
from .playground.process import Bench
from .playground.saved import SavedNetworkError, SavedNetworks
from .presses import Presses
from .profile import PlayerFiles, Profile
from .scenes import flow
from .scenes.xray import XRay
from .sounds import SoundBoard
from .theme import Fonts, use_palette
from .touch import TouchInput
from .window import DEFAULT_SIZE, Window

RETRY_SECONDS = 5.0  # how often unsaved feedback is retried
FADE_SECONDS = 0.15  # one screen fades into the next this long
STATS_KEPT = 200_000  # frames timed, at most: an hour at 60 a second, far more than any autoplay


@dataclass
class Stats:
    """Timings for the benchmark: work per frame and stroke-to-probabilities latency, the newest."""

    frame_ms: deque = field(default_factory=lambda: deque(maxlen=STATS_KEPT))
    predict_ms: deque = field(default_factory=lambda: deque(maxlen=STATS_KEPT))
    paused: bool = False  # frames are not counted (autoplay waiting for the game to learn)


class App:
    """The window, the loop and the shared services; scenes end with an outcome (flow.py)."""

    def __init__(self, options):
        self.options, self.robot = options, options.autoplayer
        self.players = Players(options.data_dir)  # families share a computer: see players.py
        os.environ.setdefault("SDL_TOUCH_MOUSE_EVENTS", "0")  # fingers come as finger events only: see touch.py
        folder = self.players.select(options.player, create=True)
        network = options.network and SavedNetworks(PlayerFiles(folder).networks).find(options.network)
        self.profile = Profile(folder, options.weights, network)
        settings = self.profile.settings
        self.window = Window(options.size or settings.window or DEFAULT_SIZE, settings.fullscreen and not self.robot)
        self.video_driver = pygame.display.get_driver()  # what SDL actually uses: "x11", "windows", "dummy"...
        pygame.init()
        pygame.key.set_repeat()  # off: a key held down to submit must not answer the screen after (presses.py)
        self.fonts, self.sounds, self.touch = Fonts(), SoundBoard(), TouchInput()
        self.presses = Presses()  # no click lands on a screen before it is seen: presses.py
        self.stats, self.running, self.game_time = Stats(), True, 0.0
        self.pacing = Pacing(options.virtual_time, options.speed)
        self._toast, self._shown, self._next_retry = None, None, RETRY_SECONDS
        self.fade = ui.Fade(FADE_SECONDS)
        fixed = self.robot and self.robot.targets()  # a robot replays a file's targets in order
        self.games = Games(options.mode or settings.mode, options.rounds, options.seed, fixed, bool(self.robot))
        self.xray, self.scene = XRay(self), None  # the look inside the network (key X): scenes/xray.py
        self.bench = Bench(next(iter(PRESETS.values())))  # the Playground's blueprint and run: playground/
        self._open_player(self.players.warning)
        if self.robot:
            self.learning.consolidate_soon()  # what a player's title screen does with drawings not yet learned
        self.scene = flow.new_game(self) if self.robot else flow.title(self)

    @property
    def screen(self):
        """Return the display surface."""
        return self.window.surface

    # ------------------------------------------------------------ the loop
    def run(self):
        """Run until the player quits; return the rescue file of unsaved feedback, if any."""
        while self.running:
            self.step()
        return self.close()

    def step(self):
        """Run one frame: events, fixed-timestep updates, drawing (only if the picture changed)."""
        started = time.perf_counter()
        if self.robot:
            self.robot.drive(self)
        events = []
        for event in pygame.event.get():  # fingers become mouse events here (touch.py)
            events += self.touch.handle(event, self.screen.get_size(), self.game_time)
        events += self.touch.tick(self.game_time)
        events = self._handle(events)
        for _ in range(self.pacing.updates_due()):
            self.game_time += DT
            self.scene.update(DT)
            self._follow()
            self._retry_unsaved()
            self.learning.update(in_round=self.scene.in_round)  # new weights wait for the next round
            self.bench.update()
        self._present(events)
        if not self.stats.paused:
            self.stats.frame_ms.append((time.perf_counter() - started) * 1000)
        self.pacing.wait()

    def _present(self, events):
        """Draw what changed and send it to the window: all of it after an event (but the pen's,
        in place) or when more than the scene's frame key changed, else the rects the scene says
        moved, or nothing."""
        model = self.profile.recognizer.description
        fading = self.fade.step(self.game_time)
        key, shown = self.scene.frame_key(), (self.scene, self.toast_text(), fading, self.screen.get_size(), model)
        (last_key, last_shown), self._shown = self._shown or (None, None), (key, shown)
        redraw = shown != last_shown or not all(map(self.scene.in_place, events))
        moved = None if redraw else self.scene.moving(last_key) if key != last_key else []
        if moved:
            self.scene.draw_moving(self.screen, moved)
            pygame.display.update(moved)
        elif moved is None:
            self.scene.draw(self.screen)
            self.fade.draw(self.screen, self.game_time)
            pygame.display.flip()

    def _handle(self, events):
        """Dispatch the events the screen shown may have (presses.py), each asked about in its
        turn: one before it may have changed the screen. Return those dispatched."""
        handled = []
        for event in events:
            if self.presses.admit(event, self.game_time):
                self._dispatch(event)
                handled.append(event)
        return handled

    def _dispatch(self, event):
        """Handle window-wide events, pass the rest to the scene."""
        if event.type == pygame.QUIT:
            self.quit()
        elif event.type == pygame.VIDEORESIZE:
            self._resized(event.size)
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.set_fullscreen(not self.profile.settings.fullscreen)
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_m and event.mod & pygame.KMOD_CTRL:
            self.profile.settings.sound = not self.sounds.toggle_mute()
            self.save_settings()
        else:
            self.scene.handle_event(event)
            self._follow()

    def _follow(self):
        """Switch to the scene that follows the current one once it has ended; the old one fades out."""
        while self.scene.finished:
            self.scene = flow.next_scene(self, self.scene)
            self.scene.resize(self.screen.get_size())
            self.fade.start(self.screen, self.game_time)
            self.presses.shown(self.game_time)

    # ------------------------------------------------------------ the player
    def _open_player(self, warning=None):
        """Begin with the open profile: its learning, its settings applied, what went wrong told."""
        self.learning = Learning(self.profile, self.toast)
        self.xray_on = self.options.xray or self.profile.settings.xray
        self.apply_settings()
        if warning or self.profile.notice:
            self.toast(" ".join(filter(None, (warning, self.profile.notice))), error=True, seconds=8)

    def switch_player(self, name):
        """Play as another player from now on: their settings, drawings, weights and scores.

        A learning session of the player before is stopped (what it had not learned yet is
        learned on their next turn); whatever could not be saved goes to a rescue file. Raise
        PlayerError, playing on as before, if there is no such player any more.
        """
        self.learning.stop()
        rescue = self.profile.close()  # while their seat is held: no other copy deletes them meanwhile
        try:
            folder, error = self.players.select(name), None
        except PlayerError as failed:
            folder, error = self.players.folder(), failed  # still theirs: their seat is held until then
        self.profile = Profile(folder, self.options.weights)
        self.games.choose(self.options.mode or self.profile.settings.mode)
        self._open_player()
        if rescue:
            self.toast(f"Some drawings could not be saved; they are in {rescue}", error=True, seconds=8)
        if error:
            raise error

    def forget_everything(self):
        """Delete the player's drawings, learned versions and game history; play with the shipped
        network and an empty memory again. Return an error message, or None when done."""
        self.learning.stop()
        error = self.profile.forget()
        self.learning = Learning(self.profile, self.toast)  # nothing tried, nothing learned yet
        return error

    def networks(self):
        """Return the networks the player kept from the Playground (playground/saved.py)."""
        return SavedNetworks(self.profile.files.networks)

    def shared_networks(self):
        """Return the folder where every player of this computer shares networks."""
        return self.players.root / "shared"

    def play_with(self, name):
        """Read the player's drawings with their kept network `name` from now on (None: their
        own weights, or the shipped ones), remembered in their settings; say how it went."""
        try:
            self.profile.use_network(name and self.networks().find(name))
        except (SavedNetworkError, ModelFileError) as error:
            self.toast(f"Kept the current network: {error}", error=True)
            return
        self.learning.stop()
        self.learning = Learning(self.profile, self.toast)
        self.save_settings()
        self.toast(f"Now playing with {self.profile.recognizer.description}.")

    def choose_mode(self, name):
        """Play mode `name` from now on, remembered in the settings (each has its own high scores)."""
        self.games.choose(name)
        self.profile.settings.mode = name
        self.save_settings()

    def quit(self):
        """Stop the loop at the end of this frame."""
        self.running = False

    def close(self):
        """Write out anything unsaved, end a Playground run (its best kept), shut pygame down;
        return a rescue file path or None."""
        self.learning.stop()
        self.bench.quit()
        rescue = self.profile.close()
        self.players.close()  # another copy may delete or rename them now
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
        """Every few seconds, try again to save the drawings the database could not take; a
        round whose drawing is saved now says so."""
        store = self.profile.store
        if store.pending and self.game_time >= self._next_retry:
            self._next_retry = self.game_time + RETRY_SECONDS
            waiting = store.pending
            saved = {id(record) for record in waiting[: store.retry()]}  # in order: a round's last, its all
            for played in self.games.rounds:
                played.saved = played.saved or bool(played.feedback and id(played.feedback[-1]) in saved)
            if saved and not store.pending:
                self.toast("The drawings kept in memory are now saved.")

    def apply_settings(self):
        """Make the player's settings felt: palette, sound, volume, text size (laid out again)."""
        settings = self.profile.settings
        use_palette(settings.palette)
        self.sounds.muted = not settings.sound
        self.sounds.set_volume(settings.volume)
        self.fonts.resize(self.screen.get_size(), settings.ui_scale)
        if self.scene is not None:
            self.scene.resize(self.screen.get_size())

    def save_settings(self):
        """Save the settings; say so if they could not be saved."""
        error = self.profile.save_settings()
        if error:
            self.toast(error, error=True)

    def toggle_xray(self):
        """Show or hide the X-ray (remembered in the settings) and lay the screen out again."""
        self.xray_on = self.profile.settings.xray = not self.xray_on
        self.xray.step = None
        self.save_settings()
        self.scene.resize(self.screen.get_size())

    def set_fullscreen(self, on):
        """Switch between fullscreen and a resizable window (remembered in the settings)."""
        self.profile.settings.fullscreen = on
        self.save_settings()
        self.window.set_fullscreen(on)
        self._resized(self.screen.get_size())

    def _resized(self, size):
        """Adapt the window, fonts and layout to a new size; remember a window's size."""
        windowed = self.window.resized(size)
        if windowed is not None and list(windowed) != self.profile.settings.window and not self.robot:
            self.profile.settings.window = list(windowed)
            self.save_settings()
        self.apply_settings()

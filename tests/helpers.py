"""What the tests share: the fixture drawings, a player who drives the game with events,
the command lines run as a user runs them, and waits that fail loudly."""

import gzip
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pygame

from game.app import App
from game.autoplay import _fit
from game.datasets import mnist
from game.datasets.strokes import StrokeSample, read_strokes, write_strokes
from game.feedback import FeedbackRecord
from game.modes import MODES, TaskMaker
from game.options import Options
from game.scenes.play import PlayScene

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "pendigits-60.jsonl"
SAMPLES = read_strokes(FIXTURE)
REAL_MNIST = ROOT.parent / "shared" / "mnist"  # beside the checkout, as on CI
HEADLESS = {"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
LEARNING_SECONDS = 300  # a learning session on a busy 2-core machine, with room to spare


def wait_until(condition, what, timeout, step=None):
    """Call step() (if given) until condition() is true; fail saying what was awaited if it
    is not within timeout seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}, in vain")
        if step is not None:
            step()
        else:
            time.sleep(0.01)


def sample_of(digit):
    """Return a pen-written sample of the digit from the fixture."""
    return next(s for s in SAMPLES if s.label == digit)


class Player:
    """Drives an App the way a person does: mouse and key events, frame by frame."""

    def __init__(self, data_dir, targets=(3, 7, 1), rounds=3, size=(1180, 760)):
        self.app = App(Options(Path(data_dir), rounds=rounds, size=size, virtual_time=True, speed=0))
        self.app.games.tasks = TaskMaker(MODES["classic"], fixed=targets)

    def frames(self, n=1):
        for _ in range(n):
            self.app.step()

    def settle(self):
        """Run frames through a round's 3-2-1 countdown, as a player waits for it."""
        while isinstance(self.app.scene, PlayScene) and self.app.scene.countdown > 0:
            self.app.step()

    def look(self):
        """Run frames until the screen shown takes clicks and taps (presses.py): a person sees
        a screen before they click on it."""
        while not self.app.presses.settled(self.app.game_time):
            self.app.step()

    def wait_for_learning(self, timeout=LEARNING_SECONDS):
        """Run frames, a few a second (as a window does, leaving the cores to the learning
        session), until the session and the loading of its weights are over; fail if they
        are not within timeout seconds."""

        def idle_frames():
            self.frames(2)
            time.sleep(0.05)

        idle = lambda: self.app.learning.idle
        wait_until(idle, "the learning session and the loading of its weights", timeout, idle_frames)

    def key(self, key, mod=0):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0))
        self.frames()
        self.settle()

    def click(self, pos, button=1):
        self.look()
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))
        self.frames()
        self.settle()

    def draw(self, strokes):
        """Draw strokes (already in screen pixels) with the left button, once the screen takes them."""
        self.look()
        for stroke in strokes:
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=stroke[0], button=1))
            for point in stroke[1:]:
                pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=point, rel=(0, 0), buttons=(1, 0, 0)))
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=stroke[-1], button=1))
            self.frames()

    def type_text(self, text):
        """Type text as a keyboard does with text input on: each key a KEYDOWN, then its TEXTINPUT
        (a letter made with a dead key, like "ë", comes as TEXTINPUT after a KEYDOWN of nothing)."""
        for char in text:
            key = pygame.key.key_code(char.lower()) if char.isascii() and char.isalnum() else 0
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=char))
        self.frames()

    def draw_digit(self, digit):
        self.draw(_fit(sample_of(digit).strokes, self.scene.canvas.rect))

    def start(self):
        self.key(pygame.K_RETURN)  # "Play" on the title screen
        assert isinstance(self.scene, PlayScene)

    @property
    def scene(self):
        return self.app.scene

    def close(self):
        return self.app.close()


def first_player(data_dir):
    """Return the first player's folder in data_dir (every player has one, the first included)."""
    return Path(data_dir) / "players" / "player-1"


def started(data_dir):
    """Make data_dir as the game's first start leaves it (players.json, the first player's
    folder); return that folder."""
    from game.players import Players

    players = Players(data_dir)
    folder = players.select()
    players.close()
    return folder


def unreadable_database(data_dir):
    """Make data_dir (returned) hold a feedback.db that is no database at all."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "feedback.db").write_bytes(b"this is not a database" * 100)
    return data_dir


def rows(data_dir):
    """Return the feedback rows stored in data_dir, oldest first, as dicts."""
    with sqlite3.connect(Path(data_dir) / "feedback.db") as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute("SELECT * FROM feedback ORDER BY id")]


def autoplay(data, rounds, *options):
    """Return the JSON summary of `python -m game --autoplay FIXTURE` (headless) into data."""
    command = [sys.executable, "-m", "game", "--autoplay", str(FIXTURE), "--rounds", str(rounds)]
    command += ["--data-dir", str(data), "--speed", "0", *options]
    env = {**os.environ, **HEADLESS}
    process = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout.strip().splitlines()[-1])


def run(script, *args):
    """Run training/<script> with args; return the CompletedProcess (text)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "training" / script), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )


def last_json(stdout):
    """Return the JSON object on the last line of a command's output."""
    return json.loads(stdout.strip().splitlines()[-1])


def slanted_fixture(tmp_path, slope=0.8, relabel=None):
    """Write the fixture's drawings slanted (a distinctive hand), optionally relabelled."""
    samples = []
    for s in read_strokes(FIXTURE):
        bottom = max(float(st[:, 1].max()) for st in s.strokes)
        strokes = tuple(np.column_stack([st[:, 0] + slope * (bottom - st[:, 1]), st[:, 1]]) for st in s.strokes)
        samples.append(StrokeSample(relabel(s.label) if relabel else s.label, strokes))
    path = tmp_path / "player.jsonl"
    write_strokes(path, samples)
    return path


def make_record(label=7, predicted=1, target=7, seed=0, **changes):
    """Return a valid feedback record; a correction unless label == predicted."""
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=10)
    fields = dict(
        strokes=[[(10.123, 20.456), (11.0, 22.5)], np.array([[30.0, 4.0], [31.555, 5.0]])],
        image=rng.random((28, 28), dtype=np.float32),
        predicted=predicted,
        probabilities=(np.exp(logits) / np.exp(logits).sum()).astype(np.float32),
        label=label,
        target=target,
        corrected=label != predicted,
        created=1_700_000_000.5 + seed,
        weights_version="v3",
    )
    fields.update(changes)
    return FeedbackRecord(**fields)


def idx_bytes(array, type_code=0x08):
    """Return the IDX encoding (uncompressed) of a uint8 array."""
    header = bytes([0, 0, type_code, array.ndim])
    header += b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    return header + np.ascontiguousarray(array, dtype=np.uint8).tobytes()


def write_file(path, data):
    """Write data to path, gzip-compressed if the name ends in .gz; return path."""
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def fake_split(directory, split, n=5, seed=0):
    """Write a tiny synthetic MNIST split into directory; return (images, labels)."""
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=n, dtype=np.uint8)
    image_name, label_name = mnist.SPLITS[split]
    write_file(directory / image_name, idx_bytes(images))
    write_file(directory / label_name, idx_bytes(labels))
    return images, labels

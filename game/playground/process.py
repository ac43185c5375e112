"""A Playground run (or a blueprint's estimate) in a child process, as the game follows it.

    run = TrainingRun(name, blueprint, player_folder)   # python -m game.playground train ... --events
    run.update()        every frame: the events that came are folded into run.state
    run.pause(), run.resume(), run.stop()   (the best checkpoint is kept), run.quit()

The child trains at low priority (niceness 5) on the idle cores; the
game only reads its lines (background.py), so the window never waits for it.
"""

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..atomic import open_regular
from ..background import BackgroundProcess
from ..model import ModelFileError, load_network
from .saved import SavedNetworks
from .trainer import decode, reading_milliseconds

READINGS = 30  # drawings read to time a network

UNKNOWN = -1  # a validation image not scored yet


@dataclass
class RunState:
    """What a page draws of a run; `version` grows with every change."""

    name: str
    blueprint: object
    version: int = 0
    size: dict = field(default_factory=dict)  # the start event: parameters, images, epochs, batches
    points: list = field(default_factory=list)  # [epoch, loss, accuracy]
    checkpoints: list = field(default_factory=list)  # [epoch, val_loss, val_accuracy]
    pictures: np.ndarray | None = None  # (k, h, w) uint8: the first layer's weights
    guesses: np.ndarray | None = None  # (validation,) int: the newest guess of each image, UNKNOWN before
    epoch: float = 0.0
    seconds: float = 0.0
    left: float | None = None
    latest: int = 0  # grows each time latest.npz is new
    paused: bool = False
    testing: bool = False
    diverged: bool = False
    summary: dict | None = None  # the last line's JSON, once it ended
    error: str | None = None  # why it ended without a summary

    @property
    def over(self):
        """Return True once the run ended, however it did."""
        return self.summary is not None or self.error is not None

    @property
    def best(self):
        """Return the best validation accuracy so far, or None."""
        return max((c[2] for c in self.checkpoints), default=None)

    def apply(self, event):
        """Fold one event of the trainer (trainer.py) into the state."""
        kind = event.get("event")
        if kind == "start":
            self.size = event
            self.guesses = np.full(int(event.get("validation", 0)), UNKNOWN, np.int16)
        elif kind == "point":
            self.points.append([event["epoch"], event["loss"], event["accuracy"]])
            self.epoch, self.seconds, self.left = event["epoch"], event["seconds"], event["left"]
        elif kind == "weights":
            self.pictures = decode(event["pictures"], tuple(event["shape"]))
        elif kind == "validation" and self.guesses is not None:
            guesses = decode(event["guesses"])
            self.guesses[event["start"] : event["start"] + len(guesses)] = guesses
        elif kind == "checkpoint":
            self.checkpoints.append([event["epoch"], event["val_loss"], event["val_accuracy"]])
        elif kind == "latest":
            self.latest += 1
        elif kind in ("paused", "resumed"):
            self.paused = kind == "paused"
        elif kind == "testing":
            self.testing = True
        elif kind == "diverged":
            self.diverged = True
        elif "name" in event and "diverged" in event:  # the summary, the last line
            self.summary, self.testing = event, False
        self.version += 1


class TrainingRun:
    """One `python -m game.playground train NAME ... --events` child on a player's folder."""

    def __init__(self, name, blueprint, folder, mnist=None, command=None):
        """folder : the player's; mnist : the MNIST folder to pass on (else the child finds it);
        command : the process to run instead (tests use it)."""
        self.folder = Path(folder)
        self.state = RunState(name, blueprint)
        self.run_folder = SavedNetworks(self.folder / "networks").run_folder(name)
        self.child = BackgroundProcess(command or train_command(name, blueprint, folder, mnist), stdin=True)

    @property
    def running(self):
        """Return True while the child has not ended."""
        return not self.state.over

    def update(self):
        """Read the events that came; notice the end (a summary, or an exit without one)."""
        for line in self.child.take_lines():
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict):
                self.state.apply(event)
        if self.child.ended and not self.state.over and self.child.lines.empty():
            self.state.error = f"training stopped: {self.child.error_line()}"
            self.state.version += 1

    def pause(self):
        self.child.send("pause")

    def resume(self):
        self.child.send("resume")

    def stop(self):
        """Stop training; the child keeps the best checkpoint, scores it and ends."""
        self.child.send("stop")

    def quit(self):
        """End the child now (the game is quitting): it keeps the best checkpoint, unscored."""
        self.child.stop()
        self.update()

    def validation(self):
        """Return (images (n, 28, 28) uint8, labels (n,)) the run validates on, or None before
        the child wrote them."""
        try:
            with open_regular(self.run_folder / "validation.npz") as stream:
                with np.load(stream, allow_pickle=False) as data:
                    return data["images"], data["labels"]
        except (OSError, KeyError, ValueError):
            return None


def train_command(name, blueprint, folder, mnist=None):
    """Return the command line that trains blueprint as `name` in a player's folder, for the page."""
    b = blueprint
    command = [sys.executable, "-m", "game.playground", "train", name, "--player-dir", str(folder)]
    command += ["--events", "--background", "--arch", b.arch, "--hidden", *map(str, b.hidden)]
    command += ["--filters", *map(str, b.filters), "--kernel", str(b.kernel), "--activation", b.activation]
    command += ["--optimizer", b.optimizer, "--lr", repr(b.lr), "--batch-size", str(b.batch_size)]
    command += ["--epochs", str(b.epochs), "--images", str(b.images)]
    command += [flag for flag, on in (("--pen", b.pen), ("--mine", b.mine), ("--augment", b.augment)) if on]
    return command + (["--mnist", str(mnist)] if mnist else [])


class Estimate:
    """A blueprint's cost measured in a child (`python -m game.playground estimate`): `figures`
    once it is in (parameters, memory_mb, seconds_per_epoch), or `error`."""

    def __init__(self, blueprint, folder):
        self.blueprint, self.figures, self.error = blueprint, None, None
        command = train_command("estimate", blueprint, folder)
        command[3:5] = ["estimate"]  # "train NAME" -> "estimate"
        self.child = BackgroundProcess([c for c in command if c != "--events"])

    def update(self):
        """Take the figures once the child ended; return True if they (or the error) just came."""
        if self.figures is not None or self.error is not None or not self.child.ended:
            return False
        try:
            self.figures = json.loads(self.child.last_line or "")
        except ValueError:
            self.error = self.child.error_line()
        return True

    def stop(self):
        self.child.stop()


class Bench:
    """The Playground as the game keeps it between its pages: the blueprint being built, and
    the one run at a time (it goes on while the player plays or looks elsewhere)."""

    def __init__(self, blueprint):
        self.blueprint, self.run = blueprint, None
        self._readings = {}  # (path, modified) -> milliseconds a reading takes

    def reading_ms(self, path, count=READINGS):
        """Return the median milliseconds the network at path takes to read one drawing, timed
        here as the game reads (once per file version), or None if it cannot be loaded."""
        try:
            key = (str(path), Path(path).stat().st_mtime_ns)
        except OSError:
            return None
        if key not in self._readings:
            try:
                network = load_network(path)
            except ModelFileError:
                return None
            images = np.random.default_rng(0).random((count, 784), dtype=np.float32)
            self._readings[key] = reading_milliseconds(network, images, count)
        return self._readings[key]

    @property
    def training(self):
        """Return True while a run goes on."""
        return self.run is not None and self.run.running

    def start(self, name, blueprint, folder, mnist=None):
        """Start training blueprint as `name` in a player's folder; return the TrainingRun."""
        self.blueprint, self.run = blueprint, TrainingRun(name, blueprint, folder, mnist)
        return self.run

    def update(self):
        """Fold the run's new events in (every frame of the game)."""
        if self.run is not None:
            self.run.update()

    def progress(self):
        """Return a line for the title while a run goes on ("Training MLP 128: epoch 2.3 of 5"), or None."""
        if not self.training:
            return None
        state = self.run.state
        epochs = state.size.get("epochs", state.blueprint.epochs)
        doing = "testing it" if state.testing else f"epoch {state.epoch:.1f} of {epochs}"
        return f"Training {state.name}: {doing}{' (paused)' if state.paused else ''}"

    def quit(self):
        """End the run now (the game is quitting): its best checkpoint so far is kept."""
        if self.training:
            self.run.quit()

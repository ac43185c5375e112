"""One training run of a blueprint, as the Playground shows it live.

    Trainer(blueprint, data, report, controls, folder).run() -> RunResult

It trains batch by batch (network.fit, then one improve_train per epoch, on
freshly distorted images when augmentation is on) and, between batches,
reports what a page draws, as small JSON-ready dicts given to report():

    start        the run's size; validation.npz (its images and labels) is in the folder
    point        loss and accuracy of the batches since the last point (4 a second)
    weights      the first layer's weights as pictures (once a second)
    validation   the guesses of a chunk of the validation images (the matrix fills)
    checkpoint   validation loss and accuracy; "best" if it is the best so far (best.npz)
    latest       the newest weights are in latest.npz (every 2 seconds at most)
    paused, resumed, diverged, testing

Stopping (Controls.stop(), the time limit, or a loss that blows up) ends the
run between two batches; the best checkpoint so far is what it keeps.
"""

import base64
import math
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..atomic import atomic_write
from ..model import Network, save_network
from ..model.losses import cross_entropy

POINT_SECONDS = 0.25  # a loss point this often
PICTURE_SECONDS = 1.0  # the first layer's weights, and a slice of fresh validation guesses, this often
GUESSING_SHARE = 0.05  # of the time, for those guesses between checkpoints
LATEST_SECONDS = 2.0  # the newest weights written for the page's canvas at most this often
CHECKPOINT_SECONDS = 10.0  # a checkpoint within an epoch when the last was this long ago ...
CHECKPOINT_SHARE = 0.15  # ... and validating has taken at most this share of the time
VALIDATION_CHUNK = 500  # validation images scored between two reports
DIVERGED_LOSS = 8.0  # a mean loss above this (chance is ln 10 = 2.3), over SMOOTHING images, has blown up
SMOOTHING = 64
PICTURES = 16  # first-layer units shown
READINGS = 100  # single drawings read to time a reading


class Stopped(Exception):
    """The run ends early: `reason` is "stopped", "time" or "diverged"."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class Controls:
    """Pause, resume and stop, asked from another thread (the page's commands on stdin)."""

    def __init__(self):
        self._running = threading.Event()
        self._running.set()
        self.stop_asked = False

    def pause(self):
        self._running.clear()

    def resume(self):
        self._running.set()

    def stop(self):
        self.stop_asked = True
        self._running.set()

    @property
    def paused(self):
        return not self._running.is_set()

    def wait(self, seconds):
        """Wait while paused, at most `seconds`; return True if running (or stopping) again."""
        return self._running.wait(seconds)


@dataclass
class RunResult:
    """How a run went: the network with its best checkpoint's weights, the curves, why it ended."""

    network: Network
    ended: str = "finished"  # or "stopped", "time", "diverged"
    epochs: float = 0.0  # epochs trained (2.5: two and a half)
    seconds: float = 0.0  # training time, pauses left out
    first_point_seconds: float | None = None  # from the clock's start to the first loss point
    validation_accuracy: float | None = None  # of the best checkpoint
    best_epoch: float | None = None
    points: list = field(default_factory=list)  # [epoch, loss, accuracy]
    checkpoints: list = field(default_factory=list)  # [epoch, val_loss, val_accuracy]

    @property
    def diverged(self):
        return self.ended == "diverged"


class Trainer:
    """Trains one blueprint on RunData, reporting as it goes (see the module docstring).

    folder : where best.npz, latest.npz and validation.npz go. seconds : stop after this much
    training time. started : the clock value the first point's delay is counted from.
    """

    def __init__(self, blueprint, data, report, controls=None, folder=None, seconds=None, seed=0, started=None):
        self.blueprint, self.data, self.report = blueprint, data, report
        self.controls, self.seconds = controls or Controls(), seconds
        self.folder = Path(folder) if folder else None
        self.network = Network(blueprint.architecture(), seed=seed)
        self.rng = np.random.default_rng(seed)
        self.started = time.perf_counter() if started is None else started
        self.result = RunResult(self.network)
        self._best = None  # a copy of the best checkpoint's parameters
        self._clock = _Clock()
        self._window = [0.0, 0.0, 0]  # loss and correct summed, images, since the last point
        self._epoch = (0, 0.0, 0.0, 0)  # epoch index, and the running (loss, accuracy, done) fit reports
        self._last = {"point": -math.inf, "weights": -math.inf, "latest": -math.inf, "checkpoint": 0.0}
        self._validating, self._validated = 0.0, 0  # seconds spent validating, and images validated
        self._slice = 0  # where the next slice of guesses between checkpoints starts
        self._smoothed = None  # the loss of the last batches, smoothed over SMOOTHING images

    # ----------------------------------------------------------- the run
    def run(self):
        """Train; return the RunResult (the network holds the best checkpoint's weights)."""
        self._start()
        try:
            for epoch in range(self.blueprint.epochs):
                self._epoch = (epoch, 0.0, 0.0, 0)
                self._train_epoch(epoch)
                self._checkpoint(epoch + 1.0)
        except Stopped as stop:
            self.result.ended = stop.reason
            if stop.reason != "diverged" and self._best is None:
                self._checkpoint(self._progress())
        self.result.seconds = round(self._clock.seconds(), 3)
        self.result.epochs = round(self._progress(), 3)
        if self._best is not None:
            self.network.params[...] = self._best
        return self.result

    def _start(self):
        """Write the validation set to the folder and say how large the run is."""
        X_val, y_val = self.data.validation
        if self.folder:
            self.folder.mkdir(parents=True, exist_ok=True)
            with atomic_write(self.folder / "validation.npz") as f:
                np.savez(f, images=np.round(X_val * 255).astype(np.uint8).reshape(-1, 28, 28), labels=y_val)
        self.report(
            {
                "event": "start",
                "parameters": int(self.network.params.size),
                "architecture": self.network.name,
                "images": len(self.data.y),
                "pen": self.data.pen,
                "mine": self.data.mine,
                "epochs": self.blueprint.epochs,
                "batches": math.ceil(len(self.data.y) / self.blueprint.batch_size),
                "validation": len(y_val),
            }
        )

    def _train_epoch(self, epoch):
        """Train one epoch (fit the first time: fresh weights and optimiser)."""
        b = self.blueprint
        X = self.data.epoch_images(b.augment, self.rng)
        train = self.network.fit if epoch == 0 else self.network.improve_train
        train(X, self.data.y, epochs=1, batch_size=b.batch_size, optimizer=b.optimizer, lr=b.lr, on_batch=self._batch)

    def _batch(self, done, total, loss, accuracy):
        """After each batch: keep the loss, report what is due, obey the controls."""
        epoch, before_loss, before_accuracy, before_done = self._epoch
        batch = done - before_done
        self._window[0] += loss * done - before_loss * before_done
        self._window[1] += accuracy * done - before_accuracy * before_done
        self._window[2] += batch
        self._epoch = (epoch, loss, accuracy, done)
        batch_loss = (loss * done - before_loss * before_done) / max(batch, 1)
        weight = min(1.0, batch / SMOOTHING)  # a batch of one drawing may be far off: smooth over 64
        self._smoothed = (
            batch_loss if self._smoothed is None else self._smoothed + weight * (batch_loss - self._smoothed)
        )
        if not math.isfinite(self._smoothed) or self._smoothed > DIVERGED_LOSS:
            self._diverged(batch_loss)
        now = self._clock.seconds()
        if now - self._last["point"] >= POINT_SECONDS or self.result.first_point_seconds is None:
            self._point(now)
        if now - self._last["weights"] >= PICTURE_SECONDS:
            self._last["weights"] = now
            self.report({"event": "weights", **first_layer_pictures(self.network)})
            self._guess_slice()
        if self._checkpoint_due(now):
            self._checkpoint(self._progress())
        if now - self._last["latest"] >= LATEST_SECONDS:
            self._write_latest(now)
        self._obey(now)

    def _point(self, now):
        """Report the loss and accuracy of the batches since the last point; stop if it blew up."""
        loss_sum, correct, images = self._window
        self._window = [0.0, 0.0, 0]
        loss = loss_sum / max(images, 1)
        if self.result.first_point_seconds is None:
            self.result.first_point_seconds = round(time.perf_counter() - self.started, 3)
        self._last["point"] = now
        epoch = self._progress()
        point = [round(epoch, 4), round(loss, 5) if math.isfinite(loss) else None, round(correct / max(images, 1), 5)]
        self.result.points.append(point)
        self.report({"event": "point", "epoch": point[0], "loss": point[1], "accuracy": point[2], **self._times(now)})
        if not np.isfinite(self.network.params).all():
            self._diverged(loss)

    def _diverged(self, loss):
        """Say the loss blew up, and end the run."""
        self.report({"event": "diverged", "loss": round(loss, 3) if math.isfinite(loss) else None})
        raise Stopped("diverged")

    def _times(self, now):
        """Return the training seconds so far and the seconds left, from the pace so far."""
        done = self._progress()
        left = (self.blueprint.epochs - done) * now / done if done > 0 else None
        return {"seconds": round(now, 2), "left": None if left is None else round(left, 1)}

    def _progress(self):
        """Return the epochs done so far (2.5: two and a half)."""
        epoch, _, _, done = self._epoch
        return epoch + done / max(len(self.data.y), 1)

    def _obey(self, now):
        """Stop if asked or out of time; wait here while paused (the clock stands still)."""
        if self.controls.paused:
            self.report({"event": "paused"})
            self._clock.pause()
            while not self.controls.wait(0.2):
                pass
            self._clock.resume()
            self.report({"event": "resumed"})
        if self.controls.stop_asked:
            raise Stopped("stopped")
        if self.seconds is not None and self._clock.seconds() >= self.seconds:
            raise Stopped("time")

    # ----------------------------------------------------- checkpoints
    def _checkpoint_due(self, now):
        """Return True when a checkpoint within the epoch is due: CHECKPOINT_SECONDS since the
        last, and validating has taken at most CHECKPOINT_SHARE of the time."""
        quiet = now - self._last["checkpoint"] >= CHECKPOINT_SECONDS
        return quiet and self._validating <= CHECKPOINT_SHARE * now

    def _guess_slice(self):
        """Report the current guesses of the next slice of validation images, as many as take
        GUESSING_SHARE of a second: between checkpoints the matrix and the digits keep up."""
        X_val = self.data.validation[0]
        each = self._validating / max(self._validated, 1) if self._validated else 1e-3
        count = int(min(VALIDATION_CHUNK, max(20, GUESSING_SHARE * PICTURE_SECONDS / max(each, 1e-6))))
        start = self._slice % max(len(X_val), 1)
        chunk = self.network.predict_proba(X_val[start : start + count])
        self._slice = (start + len(chunk)) % max(len(X_val), 1)
        self.report({"event": "validation", "start": start, "guesses": encode(chunk.argmax(axis=1))})

    def _checkpoint(self, epoch):
        """Score the validation images chunk by chunk (reporting each chunk's guesses), keep the
        weights if they are the best so far, and report the checkpoint."""
        began = time.perf_counter()
        X_val, y_val = self.data.validation
        probs = np.zeros((len(y_val), self.network.classes), np.float32)
        for start in range(0, len(y_val), VALIDATION_CHUNK):
            chunk = self.network.predict_proba(X_val[start : start + VALIDATION_CHUNK])
            probs[start : start + len(chunk)] = chunk
            self.report({"event": "validation", "start": start, "guesses": encode(chunk.argmax(axis=1))})
        loss, accuracy = cross_entropy(probs, y_val), float((probs.argmax(axis=1) == y_val).mean())
        best = self.result.validation_accuracy is None or accuracy > self.result.validation_accuracy
        if best and math.isfinite(loss):
            self._keep_best(epoch, accuracy)
        self.result.checkpoints.append([round(epoch, 4), round(loss, 5), round(accuracy, 5)])
        self._validating += time.perf_counter() - began
        self._validated += len(y_val)
        self._last["checkpoint"] = self._clock.seconds()
        report = {"event": "checkpoint", "epoch": round(epoch, 4), "val_loss": round(loss, 5)}
        self.report({**report, "val_accuracy": round(accuracy, 5), "best": best})

    def _keep_best(self, epoch, accuracy):
        """Keep a copy of the weights as the best checkpoint (and best.npz in the folder)."""
        self._best = self.network.params.copy()
        self.result.validation_accuracy, self.result.best_epoch = accuracy, round(epoch, 4)
        if self.folder:
            save_network(self.network, self.folder / "best.npz")

    def _write_latest(self, now):
        """Write the newest weights for the page's canvas, and say so."""
        self._last["latest"] = now
        if self.folder:
            save_network(self.network, self.folder / "latest.npz")
            self.report({"event": "latest", "epoch": round(self._progress(), 4)})


class _Clock:
    """Training time: seconds since it began, pauses left out."""

    def __init__(self):
        self._began, self._paused_at = time.perf_counter(), None

    def seconds(self):
        return (self._paused_at or time.perf_counter()) - self._began

    def pause(self):
        self._paused_at = time.perf_counter()

    def resume(self):
        self._began += time.perf_counter() - self._paused_at
        self._paused_at = None


def first_layer_pictures(network, count=PICTURES):
    """Return {"shape": [k, h, w], "pictures": base64 uint8} of the first layer's weights into
    its first `count` units, each scaled to 0..255 around 128 (0 weight) on its own."""
    first = network.parametrized()[0]
    if first.kind == "conv":
        tiles = np.moveaxis(first.W[:, :, 0, :count], -1, 0)  # (k, size, size)
    else:
        side = int(round(math.sqrt(first.W.shape[0])))
        tiles = first.W[:, :count].T.reshape(-1, side, side)
    scale = np.abs(tiles).reshape(len(tiles), -1).max(axis=1)[:, None, None] + 1e-12
    pictures = np.clip(np.round(127.5 + 127.5 * tiles / scale), 0, 255).astype(np.uint8)
    return {"shape": list(pictures.shape), "pictures": encode(pictures)}


def encode(array):
    """Return a uint8-able array's bytes as base64 text (events are JSON)."""
    return base64.b64encode(np.asarray(array, np.uint8).tobytes()).decode("ascii")


def decode(text, shape=None):
    """Return the uint8 array that encode() wrote (reshaped to shape, if given)."""
    array = np.frombuffer(base64.b64decode(text), np.uint8)
    return array if shape is None else array.reshape(shape)


def reading_milliseconds(network, images, count=READINGS):
    """Return the median milliseconds the network takes to read one drawing (784,), as the
    game does: one at a time."""
    times = []
    for image in images[:count]:
        began = time.perf_counter()
        network.predict_proba(image[None])
        times.append(1000 * (time.perf_counter() - began))
    return round(float(np.median(times)), 3) if times else None


def test_scores(network, tests):
    """Return {"test_accuracy", "pen_accuracy", "ms_per_reading"} of a network on the test sets
    (data.test_sets)."""
    scores = {}
    for key, name in (("mnist", "test_accuracy"), ("pen", "pen_accuracy")):
        X, y = tests[key]
        scores[name] = round(network.evaluate(X, y)["accuracy"], 5)
    scores["ms_per_reading"] = reading_milliseconds(network, tests["mnist"][0])
    return scores

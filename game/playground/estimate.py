"""What a blueprint will cost on this computer, before it trains: parameters, memory, and the
seconds an epoch takes, from a few batches timed here and now (not a constant).

The page asks it in a child process (`python -m game.playground estimate ...`),
so timing never takes the game's cores or its window's time.
"""

import math
import time

import numpy as np

from ..datasets.augment import augment_images
from ..datasets.mnist import VALIDATION_SIZE
from ..model import Network
from ..model.architecture import build_layers, parameter_count
from .blueprint import PEN_IMAGES, training_memory
from .data import own_drawings

TIMING_SECONDS = 0.4  # batches are timed for this long, at least two
AUGMENTED_SAMPLE = 256  # images distorted to time augmentation


def estimate(blueprint, player_files=None):
    """Return {"parameters", "memory_mb", "images", "seconds_per_batch", "seconds_per_epoch",
    "problems"} for a blueprint; the timings are None when it is out of bounds."""
    problems = blueprint.problems()
    layers = None if problems else build_layers(blueprint.architecture())
    figures = {"problems": problems, "parameters": parameter_count(layers) if layers else None}
    if problems:
        return {**figures, "memory_mb": None, "images": None, "seconds_per_batch": None, "seconds_per_epoch": None}
    images = blueprint.images + (PEN_IMAGES if blueprint.pen else 0)
    if blueprint.mine and player_files is not None:
        images += len(own_drawings(player_files)[1])
    batch = batch_seconds(blueprint)
    epoch = math.ceil(images / blueprint.batch_size) * batch + VALIDATION_SIZE * reading_seconds(blueprint)
    if blueprint.augment:
        epoch += images * augment_seconds()
    figures.update(memory_mb=round(training_memory(blueprint, layers) / 1024**2), images=images)
    return {**figures, "seconds_per_batch": round(batch, 5), "seconds_per_epoch": round(epoch, 2)}


def batch_seconds(blueprint, seconds=TIMING_SECONDS):
    """Return the seconds one training batch takes (forward, backward, a step), the median of
    the batches timed after a first one that warms up."""
    network = Network(blueprint.architecture(), seed=0)
    rng = np.random.default_rng(0)
    X = rng.random((blueprint.batch_size, 784), dtype=np.float32)
    y = rng.integers(0, 10, blueprint.batch_size)
    network.fit(X, y, epochs=1, batch_size=blueprint.batch_size, optimizer=blueprint.optimizer, lr=blueprint.lr)
    times, began = [], time.perf_counter()
    while len(times) < 2 or time.perf_counter() - began < seconds:
        start = time.perf_counter()
        network.improve_train(X, y, batch_size=blueprint.batch_size, optimizer=blueprint.optimizer, lr=blueprint.lr)
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def reading_seconds(blueprint):
    """Return the seconds a validation image takes to read, in chunks as checkpoints read them."""
    network = Network(blueprint.architecture(), seed=0)
    X = np.random.default_rng(1).random((512, 784), dtype=np.float32)
    began = time.perf_counter()
    network.predict_proba(X)
    return (time.perf_counter() - began) / len(X)


def augment_seconds():
    """Return the seconds one image takes to distort."""
    images = np.random.default_rng(2).random((AUGMENTED_SAMPLE, 28, 28), dtype=np.float32)
    began = time.perf_counter()
    augment_images(images, np.random.default_rng(3))
    return (time.perf_counter() - began) / AUGMENTED_SAMPLE

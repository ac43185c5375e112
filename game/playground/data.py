"""The images a Playground run trains on, is validated on and is tested on.

    training     the first `images` of MNIST's training part (at most 55,000), the pen
                 drawings of the writers not held out (if asked), the player's own
                 labelled drawings (if asked)
    validation   MNIST's last 5,000 training images: no network here trains on them
    tests        MNIST's test set (10,000) and the pen writers held out whole (2,250)

Every image is (784,) float32 in 0..1, the way the network reads a drawing.
"""

from dataclasses import dataclass

import numpy as np

from ..datasets.augment import augment_images
from ..datasets.mnist import VALIDATION_SIZE, load_mnist
from ..datasets.pen import load_pen_images
from ..feedback import FeedbackStore
from ..model import SIDE

MINE_AT_MOST = 20_000  # the player's newest labelled drawings a run takes
AUGMENTED_CHUNK = 2048  # images distorted at once: the distortion's coordinates take ten times their size


@dataclass
class RunData:
    """Training images X (n, 784) and labels y (n,), validation (X, y), and how many of the
    training images are the pen drawings and the player's own."""

    X: np.ndarray
    y: np.ndarray
    validation: tuple
    pen: int = 0
    mine: int = 0

    def epoch_images(self, augment, rng):
        """Return the training images of one epoch: X, or fresh random distortions of it, made
        AUGMENTED_CHUNK at a time (distorting 60,000 at once held 2 GB of coordinates)."""
        if not augment:
            return self.X
        distorted = np.empty_like(self.X)
        for start in range(0, len(self.X), AUGMENTED_CHUNK):
            chunk = augment_images(self.X[start : start + AUGMENTED_CHUNK].reshape(-1, SIDE, SIDE), rng)
            distorted[start : start + len(chunk)] = np.clip(chunk, 0.0, 1.0).reshape(len(chunk), -1)
        return distorted


def training_data(blueprint, mnist_dir, player_files=None):
    """Return the RunData a blueprint asks for. mnist_dir : a folder with the four MNIST
    files (datasets/mnist.locate_mnist finds or downloads it); player_files : the player's
    profile.PlayerFiles, for their own drawings. Raise MnistError, PenDataError,
    sqlite3.Error or OSError if something asked for cannot be read."""
    images, labels = load_mnist(mnist_dir, "train")
    cut = len(labels) - VALIDATION_SIZE
    parts = [(images[: min(blueprint.images, cut)], labels[: min(blueprint.images, cut)])]
    validation = (_flat([images[cut:]]), labels[cut:].astype(np.int64))
    pen = mine = 0
    if blueprint.pen:
        pen_images, pen_labels, held_out = load_pen_images()
        parts.append((pen_images[~held_out], pen_labels[~held_out]))
        pen = int((~held_out).sum())
    if blueprint.mine and player_files is not None:
        parts.append(own_drawings(player_files))
        mine = len(parts[-1][1])
    X = _flat([part for part, _ in parts])
    return RunData(X, np.concatenate([y for _, y in parts]).astype(np.int64), validation, pen, mine)


def own_drawings(player_files, limit=MINE_AT_MOST):
    """Return (images (n, 784), labels (n,)) of the player's newest labelled drawings (none if
    they have no database: nothing is created in their folder)."""
    if not player_files.feedback.is_file():
        return np.zeros((0, SIDE, SIDE), np.float32), np.zeros(0, np.int64)
    with FeedbackStore(player_files.feedback) as store:
        images, labels = store.labelled_images(limit)
    return images, np.asarray(labels, np.int64)


def test_sets(mnist_dir):
    """Return {"mnist": (X, y), "pen": (X, y)}: MNIST's test set and the pen writers held out whole."""
    images, labels = load_mnist(mnist_dir, "test")
    pen_images, pen_labels, held_out = load_pen_images()
    return {
        "mnist": (_flat([images]), labels.astype(np.int64)),
        "pen": (_flat([pen_images[held_out]]), pen_labels[held_out]),
    }


def _flat(parts):
    """Return image arrays (n_i, 28, 28), uint8 in 0..255 or float in 0..1, one after the
    other as (n, 784) float32 in 0..1: written once into one array (a copy of 55,000 images
    more costs a third of a second)."""
    X = np.empty((sum(len(p) for p in parts), SIDE * SIDE), np.float32)
    start = 0
    for part in parts:
        flat = part.reshape(len(part), -1)
        if flat.dtype == np.uint8:
            np.multiply(flat, np.float32(1 / 255), out=X[start : start + len(part)], dtype=np.float32)
        else:
            X[start : start + len(part)] = flat
        start += len(part)
    return X

"""What every learning session mixes in and is judged on: replayed MNIST and the gate slice."""

import zipfile

import numpy as np

from ..atomic import open_regular
from ..datasets.mnist import VALIDATION_SIZE, MnistError, load_mnist, locate_mnist
from ..model import CLASSES, SIDE
from ..paths import REPLAY

PARTS = ("images", "labels", "gate_images", "gate_labels")  # the arrays of the shipped replay file


def load_replay(mnist_dir=None):
    """Return ((X, y) replay pool, (X, y) gate slice), X (n, 784) float32 in 0..1, y (n,) int64.

    By default the class-balanced slice shipped in weights/replay.npz (MNIST
    and pen drawings to replay; MNIST validation images for the gate). With
    mnist_dir: full MNIST, its training part to replay and its validation
    part as the gate. Never the test set. Raise MnistError if a file is damaged.
    """
    if mnist_dir:
        images, labels = load_mnist(locate_mnist(mnist_dir, download=False), "train")
        cut = len(labels) - VALIDATION_SIZE
        return _flat(images[:cut], labels[:cut]), _flat(images[cut:], labels[cut:])
    shipped = _read_shipped(REPLAY)
    return _flat(shipped["images"], shipped["labels"]), _flat(shipped["gate_images"], shipped["gate_labels"])


def _read_shipped(path):
    """Return the PARTS of the shipped replay file, checked: images (n, 28, 28) uint8 and labels
    (n,) 0..9, n > 0, for the pool and the gate. Raise MnistError saying what is wrong: a session
    must never learn from, nor be judged on, images that are not what they say."""
    try:
        with open_regular(path) as stream, np.load(stream, allow_pickle=False) as saved:
            arrays = {part: saved[part] for part in PARTS}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
        raise MnistError(f"{path} cannot be read ({error}): reinstall the game") from None
    for part in ("", "gate_"):
        images, labels = arrays[f"{part}images"], arrays[f"{part}labels"]
        if not (
            images.dtype == np.uint8
            and images.shape[1:] == (SIDE, SIDE)
            and 0 < len(images) == len(labels)
            and labels.shape == (len(images),)
            and labels.dtype.kind in "iu"
            and 0 <= labels.min() <= labels.max() < CLASSES
        ):
            raise MnistError(
                f"{path} is damaged: its {part}images and {part}labels are not n 28x28 images "
                f"of bytes and their n digits (reinstall the game)"
            )
    return arrays


def _flat(images, labels):
    """Return (images (n, 784) float32 in 0..1, labels (n,) int64) from uint8 arrays."""
    return images.reshape(len(images), -1).astype(np.float32) / 255.0, labels.astype(np.int64)

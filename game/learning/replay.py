"""What every learning session mixes in and is judged on: replayed MNIST and the gate slice."""

import numpy as np

from ..datasets.mnist import VALIDATION_SIZE, load_mnist, locate_mnist
from ..paths import REPLAY


def load_replay(mnist_dir=None):
    """Return ((X, y) replay pool, (X, y) gate slice), X (n, 784) float32 in 0..1, y (n,) int64.

    By default the class-balanced slice shipped in weights/replay.npz (MNIST
    and pen drawings to replay; MNIST validation images for the gate). With
    mnist_dir: full MNIST, its training part to replay and its validation
    part as the gate. Never the test set.
    """
    if mnist_dir:
        images, labels = load_mnist(locate_mnist(mnist_dir, download=False), "train")
        cut = len(labels) - VALIDATION_SIZE
        return _flat(images[:cut], labels[:cut]), _flat(images[cut:], labels[cut:])
    with np.load(REPLAY, allow_pickle=False) as shipped:
        return _flat(shipped["images"], shipped["labels"]), _flat(shipped["gate_images"], shipped["gate_labels"])


def _flat(images, labels):
    """Return (images (n, 784) float32 in 0..1, labels (n,) int64) from uint8 arrays."""
    return images.reshape(len(images), -1).astype(np.float32) / 255.0, labels.astype(np.int64)

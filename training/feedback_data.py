"""Training data from the player's feedback, and the MNIST replay that goes with it."""

import sys
import warnings

import numpy as np

from game.datasets.mnist import load_mnist, locate_mnist
from game.paths import REPLAY
from training.augment import augment_strokes
from training.data import MNIST_VALIDATION, render_samples

MIN_REPLAY = 6000  # replayed MNIST images per session, at least


def load_replay(mnist_dir=None):
    """Return ((X, y) replay pool, (X, y) gate slice), X (n, 784) float32.

    With mnist_dir: full MNIST (its training part to replay, its validation
    part as the gate; never the test set). Without: the class-balanced slice
    shipped in weights/replay.npz.
    """
    if mnist_dir:
        images, labels = load_mnist(locate_mnist(mnist_dir, download=False), "train")
        cut = len(labels) - MNIST_VALIDATION
        return _flat(images[:cut], labels[:cut]), _flat(images[cut:], labels[cut:])
    with np.load(REPLAY, allow_pickle=False) as shipped:
        return (_flat(shipped["images"], shipped["labels"]), _flat(shipped["gate_images"], shipped["gate_labels"]))


def _flat(images, labels):
    """Return (images (n, 784) float32 in 0..1, labels (n,) int64) from uint8 arrays."""
    return images.reshape(len(images), -1).astype(np.float32) / 255.0, labels.astype(np.int64)


def read_feedback(store):
    """Return (records, skipped) of a FeedbackStore, each bad-row warning printed to stderr."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        records, skipped = store.records()
    for warning in caught:
        print(f"warning: {warning.message}", file=sys.stderr)
    return records, skipped


def render_records(records):
    """Return (X (n, 784), y (n,)): each record drawn again through the ink pipeline.

    The strokes are the truth; the stored 28x28 image is used only if the
    strokes cannot be drawn (an empty or damaged drawing).
    """
    X, y, drawn = render_samples(records)
    for i in np.flatnonzero(~drawn):
        X[i] = records[i].image.ravel()
    return X, y


def feedback_training_set(records, replay, rng, variants, replay_ratio=1.0):
    """Return (X (m, 784), y (m,)) for one fine-tuning session (training shuffles it).

    Each correction appears once as drawn and `variants` times slightly
    distorted (rotation, shear, stretch, pen width), so a handful of examples
    generalises; confirmations, which only confirm what the network knows,
    get a third as many. replay_ratio times as many replayed MNIST images are
    mixed in (at least MIN_REPLAY) so that the network does not forget the rest.
    """
    X_clean, y_clean = render_records(records)
    images, labels = [X_clean], [y_clean]
    for record in records:
        copies = variants if record.corrected else max(1, variants // 3)
        for _ in range(copies):
            image = augment_strokes(record.strokes, rng, rotation=10, shear=0.2, stretch=0.1)
            if image is not None:
                images.append(image.reshape(1, -1))
                labels.append(np.array([record.label]))
    X_feedback, y_feedback = np.concatenate(images), np.concatenate(labels)
    X_replay, y_replay = replay
    count = max(MIN_REPLAY, round(replay_ratio * len(y_feedback)))
    pick = rng.choice(len(y_replay), count, replace=count > len(y_replay))
    return np.concatenate([X_feedback, X_replay[pick]]), np.concatenate([y_feedback, y_replay[pick]])

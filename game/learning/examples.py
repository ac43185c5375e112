"""What a learning session learns from: the player's stored drawings, drawn again."""

import sys
import warnings

import numpy as np

from ..ink import strokes_to_image
from ..model import SIDE
from ..slant import upright
from .variants import distorted_image

MIN_REPLAY = 6000  # replayed images per session, at least
MIN_REPLAY_DEEPER = 1000  # ... for a session that trains a convolution block too: each image costs 7 times more


def read_feedback(store):
    """Return (records, skipped) of a FeedbackStore, each bad-row warning printed to stderr."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        records, skipped = store.records()
    for warning in caught:
        print(f"warning: {warning.message}", file=sys.stderr)
    return records, skipped


def render_records(records, slant=0.0):
    """Return (X (n, 784) float32, y (n,) int64): each record drawn again through the ink pipeline,
    stood upright by the player's slant (slant.upright).

    The strokes are the truth; the stored 28x28 image is used only if the
    strokes cannot be drawn (an empty or damaged drawing).
    """
    X = np.zeros((len(records), SIDE * SIDE), dtype=np.float32)
    for i, record in enumerate(records):
        image = strokes_to_image(upright(record.strokes, slant))
        X[i] = (record.image if image is None else image).ravel()
    return X, np.array([r.label for r in records], dtype=np.int64)


def variants(records, rng, copies, slant=0.0):
    """Return (X (m, 784), y (m,)): `copies(record)` distorted drawings of each record
    (rotation, shear, stretch, pen width), stood upright by the player's slant first, so that
    a handful of examples generalises."""
    images, labels = [np.zeros((0, SIDE * SIDE), np.float32)], [np.zeros(0, np.int64)]
    for record in records:
        strokes = upright(record.strokes, slant)
        for _ in range(copies(record)):
            image = distorted_image(strokes, rng, rotation=10, shear=0.2, stretch=0.1)
            if image is not None:
                images.append(image.reshape(1, -1))
                labels.append(np.array([record.label]))
    return np.concatenate(images), np.concatenate(labels)


def replay_picks(n_feedback, pool_size, replay_ratio, rng, least=MIN_REPLAY):
    """Return indices into the replay pool: replay_ratio times n_feedback, at least `least`."""
    count = max(least, round(replay_ratio * n_feedback))
    return rng.choice(pool_size, count, replace=count > pool_size)

"""Training data as arrays: MNIST and stroke files, through the one ink pipeline.

Stroke files are split two ways (the `part` of read_stroke_split):
- by writer, when every drawing says who drew it (a "writer" field):
  "known-writers" to train on, "new-writers" held out whole, so that a
  figure on them says how the network reads hands it never saw;
- by sample otherwise: every 5th drawing is "holdout", the rest "train".
  Those held-out drawings come from the same writers as the training ones,
  so figures on them flatter.
"""

import numpy as np

from game.datasets.mnist import VALIDATION_SIZE, load_mnist
from game.datasets.pen import PenDataError, held_out_writers
from game.datasets.strokes import StrokeFileError, read_strokes
from game.ink import strokes_to_image
from game.model import SIDE
from game.slant import upright

MNIST_VALIDATION = VALIDATION_SIZE  # the last MNIST training images: train.py validates on them, never trains
MNIST_TRAINING_IMAGES = 60_000  # MNIST's training part
HOLDOUT_EVERY = 5  # without writers, every 5th stroke sample is held out
PARTS = ("all", "train", "holdout", "known-writers", "new-writers")


def mnist_arrays(directory, split):
    """Return MNIST split as (X (n, 784) float32 in 0..1, y (n,) int64)."""
    images, labels = load_mnist(directory, split)
    return images.reshape(len(images), -1).astype(np.float32) / 255.0, labels.astype(np.int64)


def holdout_mask(n, every=HOLDOUT_EVERY):
    """Return a boolean mask (n,) that is True for the held-out samples (every k-th)."""
    mask = np.zeros(n, dtype=bool)
    if every:
        mask[every - 1 :: every] = True
    return mask


def has_writers(samples):
    """Return True if every sample says who wrote it."""
    return bool(samples) and all(s.writer is not None for s in samples)


def new_writers(samples):
    """Return the set of writers held out whole (game/datasets/pen.py says which); raise
    StrokeFileError if there are fewer than 2."""
    try:
        return held_out_writers(s.writer for s in samples)
    except PenDataError as error:
        raise StrokeFileError(str(error)) from None


def split_strokes(samples, part="all"):
    """Return the samples of one part (see the module docstring), in file order."""
    if part not in PARTS:
        raise ValueError(f"unknown part {part!r}: choose one of {', '.join(PARTS)}")
    if part == "all":
        return list(samples)
    if part in ("train", "holdout"):
        held = holdout_mask(len(samples))
        return [s for s, h in zip(samples, held) if h == (part == "holdout")]
    if not has_writers(samples):
        raise StrokeFileError(
            f"part {part!r} needs a 'writer' field in every drawing, and this file "
            "does not have one; use --part holdout (same writers) instead"
        )
    held = new_writers(samples)
    return [s for s in samples if (s.writer in held) == (part == "new-writers")]


def read_stroke_split(path, part="all"):
    """Return the stroke samples of one part of a file (see split_strokes)."""
    return split_strokes(read_strokes(path), part)


def validation_parts(samples):
    """Return (training part, held-out part) names: by writer if the samples have writers."""
    return ("known-writers", "new-writers") if has_writers(samples) else ("train", "holdout")


def render_samples(samples, slant=0.0):
    """Return (X (n, 784) float32, y (n,) int64, drawn (n,) bool) for stroke samples, stood
    upright by a player's slant as the game reads them (game/slant.py; 0: as drawn).

    A sample with nothing drawn gets an all-zero row and drawn=False: it is
    kept so that callers can count it, never silently dropped.
    """
    X = np.zeros((len(samples), SIDE * SIDE), dtype=np.float32)
    drawn = np.zeros(len(samples), dtype=bool)
    for i, sample in enumerate(samples):
        image = strokes_to_image(upright(sample.strokes, slant))
        if image is not None:
            X[i], drawn[i] = image.ravel(), True
    return X, np.array([s.label for s in samples], dtype=np.int64), drawn

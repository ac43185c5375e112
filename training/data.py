"""Training data as arrays: MNIST and stroke files, through the one ink pipeline."""
import numpy as np

from game.datasets.mnist import load_mnist
from game.datasets.strokes import read_strokes
from game.ink import SIZE, strokes_to_image

HOLDOUT_EVERY = 5  # train.py keeps every 5th stroke sample out of training


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


def read_stroke_split(path, part="all"):
    """Return the stroke samples of a file: "all", "train" or "holdout" part."""
    samples = read_strokes(path)
    if part == "all":
        return samples
    held = holdout_mask(len(samples))
    return [s for s, h in zip(samples, held) if h == (part == "holdout")]


def render_samples(samples):
    """Return (X (n, 784) float32, y (n,) int64, drawn (n,) bool) for stroke samples.

    A sample with nothing drawn gets an all-zero row and drawn=False: it is
    kept so that callers can count it, never silently dropped.
    """
    X = np.zeros((len(samples), SIZE * SIZE), dtype=np.float32)
    drawn = np.zeros(len(samples), dtype=bool)
    for i, sample in enumerate(samples):
        image = strokes_to_image(sample.strokes)
        if image is not None:
            X[i], drawn[i] = image.ravel(), True
    return X, np.array([s.label for s in samples], dtype=np.int64), drawn

"""The pen drawings shipped with the game, and which of their writers are held out whole.

    assets/pendigits.npz   images (n, 28, 28) uint8, labels (n,) uint8, writers (n,) str:
                           the 7,494 drawings of ../shared/strokes/pendigits-train.jsonl
                           (30 writers), drawn by the ink pipeline
                           (training/make_pen_images.py writes it)

A figure on drawings of writers a network never saw says how it reads a new
player; one on other drawings of the writers it trained on flatters. So the
writers are split, always the same way: HELD_OUT_SHARE of them (at least
MIN_HELD_OUT) are held out whole, spread over their sorted names.
"""

import math
from pathlib import Path

import numpy as np

from ..atomic import open_regular
from ..paths import ASSETS

PEN_IMAGES = ASSETS / "pendigits.npz"
HELD_OUT_SHARE = 0.3
MIN_HELD_OUT = 8


class PenDataError(ValueError):
    """The shipped pen drawings cannot be read, or their writers cannot be split."""


def held_out_writers(writers):
    """Return the set of writers held out whole from an iterable of writer names (str):
    HELD_OUT_SHARE of them, spread over the sorted names. Any string is a name, and two
    different strings are two writers. Raise PenDataError with fewer than 2 writers."""
    names = sorted(set(writers), key=writer_order)
    count = min(len(names) - 1, max(MIN_HELD_OUT, math.ceil(HELD_OUT_SHARE * len(names))))
    if count < 1:
        raise PenDataError(f"a writer-independent split needs at least 2 writers, found {len(names)}")
    picks = {int((k + 0.5) * len(names) / count) for k in range(count)}
    return {names[i] for i in picks}


def writer_order(writer):
    """Return a sort key that puts "pd2" before "pd10" and "2" before "10", and orders any
    other string (other scripts' digits, "①", thousands of characters) as text."""
    if writer.isascii() and writer.isdigit() and len(writer) < 30:
        return (0, int(writer), writer)
    return (1, 0, writer)


def load_pen_images(path=None):
    """Return (images (n, 28, 28) uint8 in 0..255, labels (n,) int64, held_out (n,) bool) of
    the shipped pen drawings; held_out marks the drawings of the writers held out whole.
    Raise PenDataError if the file is missing or damaged."""
    path = Path(path or PEN_IMAGES)
    try:
        with open_regular(path) as stream, np.load(stream, allow_pickle=False) as data:
            images, labels, writers = data["images"], data["labels"], data["writers"]
    except (OSError, KeyError, ValueError) as error:
        raise PenDataError(f"cannot read the pen drawings in {path}: {error}") from None
    if images.shape[1:] != (28, 28) or not len(images) == len(labels) == len(writers) or labels.max(initial=0) > 9:
        raise PenDataError(f"{path} does not hold 28x28 pen drawings with a label and a writer each")
    held = held_out_writers(str(w) for w in writers)
    return images, labels.astype(np.int64), np.array([str(w) in held for w in writers])

"""Slightly distorted copies of a drawing, so that a handful of examples teaches a hand.

The points themselves are rotated, sheared and stretched, then drawn by the
one ink pipeline with a random pen width: each copy is exactly what the game
would show the network had the player drawn it that way.
"""

import numpy as np

from ..datasets.augment import random_affines
from ..ink import strokes_to_image


def distorted_image(strokes, rng, rotation=15.0, shear=0.3, stretch=0.15, pen=(2.0, 3.0)):
    """Return the (28, 28) image of randomly distorted strokes, or None if nothing is drawn.

    strokes : sequences of (x, y) points. rotation in degrees, shear as a
    slope, stretch as the relative change of each axis, each drawn uniformly
    in [-value, +value]; the pen width is drawn from the range `pen`.
    """
    matrix = random_affines(1, rng, rotation, shear, stretch)[0].astype(np.float64)
    moved = [np.asarray(s, dtype=np.float64).reshape(-1, 2) @ matrix.T for s in strokes]
    return strokes_to_image(moved, pen_width=rng.uniform(*pen))

"""How real hands differ, as random changes to pen strokes (pure NumPy).

Strokes are lists of float64 arrays (k, 2) in canvas units, x right, y down.
`vary` applies everything below at random; `variant_image` renders the result
through the one ink pipeline, with a random pen width.

A variant may get one of its digit's conventions (conventions.py: slashed
zeros, flagged ones, crossed sevens, open and closed fours). Variations of
every hand: slant and rotation, narrow or wide letters, strokes
that do not quite meet, smooth curves or the corners of a slow tablet, and a
mouse sampled at 60 Hz with a trembling hand, rounded to whole pixels.

Stroke order and direction are shuffled too, though they barely matter: the
ink pipeline draws the union of the strokes, and only the way it thins dense
points depends on the direction they were drawn in.
"""

import numpy as np

from game.ink import bounding_box, strokes_to_image
from training.conventions import CONVENTION_CHANCE, add_convention

PEN_WIDTHS = (1.8, 3.4)  # in the ink pipeline's 28x28 pixels (its default is 2.5)
ASPECT = (0.75, 1.25)  # width scaled within this range; narrower 8s and 9s read like thick 1s
NARROW_ZEROS = (0.45, 1.25)  # ... but very narrow zeros are common


def variant_image(strokes, label, rng, convention=None, styles=False):
    """Return the (28, 28) image of a random handwriting variant of a drawing, or None if empty."""
    return strokes_to_image(vary(strokes, label, rng, convention, styles), pen_width=rng.uniform(*PEN_WIDTHS))


def vary(strokes, label, rng, convention=None, styles=False):
    """Return a random variant of a drawing of `label`: maybe a convention, then the hand's variations.

    convention : True to always add one of the label's conventions, False never,
    None (default) at the label's CONVENTION_CHANCE. styles : the styles too (conventions.py).
    """
    strokes = [np.asarray(s, dtype=np.float64).reshape(-1, 2) for s in strokes if len(s)]
    if not strokes:
        return strokes
    if convention or (convention is None and rng.random() < CONVENTION_CHANCE.get(label, 0.0)):
        strokes = add_convention(strokes, label, rng, styles)
    if len(strokes) > 1 and rng.random() < 0.5:
        strokes = misalign(strokes, rng)
    strokes = slant_and_stretch(strokes, rng, aspect=NARROW_ZEROS if label == 0 else ASPECT)
    strokes = [strokes[i][:: rng.choice((-1, 1))] for i in rng.permutation(len(strokes))]
    path = rng.random()
    if path < 0.35:
        return mouse_path(strokes, rng)
    return smooth(strokes) if path < 0.7 else strokes


# ------------------------------------------------------------ hands and devices
def misalign(strokes, rng, amount=0.03):
    """Return the strokes each moved a little on its own, as when the pen is lifted and put back."""
    x0, y0, x1, y1 = bounding_box(strokes)
    spread = amount * max(x1 - x0, y1 - y0)
    return [s + rng.normal(0, spread, 2) for s in strokes]


def slant_and_stretch(strokes, rng, rotation=12.0, slant=0.35, aspect=ASPECT, squash=0.1):
    """Return the strokes rotated (degrees), slanted (a shear of that slope), made narrower or
    wider (x scaled within `aspect`) and a little taller or shorter, about their centre."""
    angle = np.radians(rng.uniform(-rotation, rotation))
    rotate = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    shear = np.array([[1.0, -rng.uniform(-slant, slant)], [0.0, 1.0]])  # x -= slope * y: leans right
    scale = np.diag([np.exp(rng.uniform(*np.log(aspect))), 1.0 + rng.uniform(-squash, squash)])
    matrix = rotate @ shear @ scale
    x0, y0, x1, y1 = bounding_box(strokes)
    centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
    return [(s - centre) @ matrix.T + centre for s in strokes]


def smooth(strokes, per_segment=4):
    """Return the strokes as Catmull-Rom curves through their points (per_segment points a segment)."""
    return [_catmull_rom(s, per_segment) for s in strokes]


def mouse_path(strokes, rng):
    """Return the strokes as a mouse records them: at 60 Hz, with tremor, in whole pixels.

    The drawing is sized as on a canvas where it is 120 to 420 pixels tall,
    followed at a hand's speed (one point every 5 to 25 pixels of ink),
    shaken by a smooth tremor of up to 1.2% of its size, and rounded.
    """
    x0, y0, x1, y1 = bounding_box(strokes)
    pixels = rng.uniform(120, 420)
    scale = pixels / max(x1 - x0, y1 - y0, 1e-9)
    step, tremor = rng.uniform(5, 25), rng.uniform(0, 0.012) * pixels
    moved = []
    for stroke in smooth([(s - (x0, y0)) * scale for s in strokes]):
        points = _resample(stroke, step * rng.uniform(0.7, 1.3))
        noise = rng.normal(0, 1, points.shape)
        if len(points) > 4:
            noise = np.apply_along_axis(np.convolve, 0, noise, np.ones(3) / np.sqrt(3), mode="same")
        moved.append(np.round(points + tremor * noise))
    return moved


# ------------------------------------------------------------ geometry helpers
def _catmull_rom(points, per_segment):
    """Return a Catmull-Rom spline through points (k, 2): (per_segment * (k - 1) + 1, 2) points."""
    if len(points) < 3:
        return points
    padded = np.vstack([points[:1], points, points[-1:]])  # the ends repeat, so the curve ends there
    p0, p1, p2, p3 = (padded[i : len(padded) - 3 + i, None, :] for i in range(4))  # (k - 1, 1, 2) each
    t = (np.arange(per_segment) / per_segment)[None, :, None]  # (1, m, 1)
    curve = 0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2 + (3 * p1 - p0 - 3 * p2 + p3) * t**3)
    return np.vstack([curve.reshape(-1, 2), points[-1:]])


def _resample(points, step):
    """Return points (m, 2) every `step` units of arc length along the polyline (k, 2), ends kept."""
    lengths = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(points, axis=0).T))])
    if lengths[-1] <= step:
        return points[[0, -1]]
    at = np.append(np.arange(0.0, lengths[-1], step), lengths[-1])
    return np.column_stack([np.interp(at, lengths, points[:, 0]), np.interp(at, lengths, points[:, 1])])

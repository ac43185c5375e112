"""How far a player's writing leans, and their drawings stood upright again. Pure NumPy.

A hand that leans far (italic, or a backward slant) is read worse by a network
that learned from upright digits, whatever its digits look like. A learning
session measures the player's slant (best_slant): the shear under which the
network reads their newest labelled drawings best. The game then stands every
drawing of theirs upright by it (upright) before the ink pipeline draws it, and
later sessions learn from them upright. The slant is kept in the metadata of
the weights it was learned with, so that the two always go together.
"""

import numpy as np

from .ink import checked_strokes, strokes_to_image, within_reach
from .model import SIDE

COARSE = np.round(np.arange(-1.5, 1.5001, 0.25), 2)  # slants tried first: x leans this much per unit of height
FINE = 0.1  # ... then this far either side of the best
LIMIT = 2.0  # a slant in a weights file beyond this is no slant of a hand: ignored
SURER = 0.02  # a slant reading as many right is adopted if the labels' mean log-probability rises this much
#               (upright hands gain at most 0.007; hands leaning 1.0 and all read right 0.04-0.05:
#               chosen on writers held out whole)


def upright(strokes, slant):
    """Return strokes (sequences of (x, y) points, y down) stood upright: each point moved left by
    slant times its height above the drawing's lowest point. slant 0 (or nothing drawn): the
    strokes as they are. Raise ValueError as the ink pipeline does for points that are not finite."""
    if not slant:
        return strokes
    polylines = checked_strokes(strokes)
    if not any(len(p) for p in polylines):
        return strokes
    polylines = within_reach(polylines)  # huge coordinates: the shear would overflow
    bottom = max(float(p[:, 1].max()) for p in polylines if len(p))
    return [np.column_stack([p[:, 0] - slant * (bottom - p[:, 1]), p[:, 1]]) for p in polylines]


def slant_of(metadata):
    """Return the slant kept in a weights file's metadata (dict): a number within LIMIT, else 0."""
    slant = metadata.get("slant", 0.0) if isinstance(metadata, dict) else 0.0
    if isinstance(slant, bool) or not isinstance(slant, (int, float)) or not abs(slant) <= LIMIT:
        return 0.0  # also refuses nan
    return float(slant)


def best_slant(predict_proba, drawings, labels, current=0.0):
    """Return the slant under which predict_proba (images (n, 784) -> probabilities (n, 10))
    reads drawings (n stroke lists) with labels (n,) best: the most of them right, then the
    surest of their labels. It replaces current only if it reads most of them right and none
    that current reads right wrong, and either reads more of them right or as many, with the
    labels' mean log-probability higher by SURER: a slant is adopted on evidence, never on a
    hunch (nor to read labels that are no hand's: every digit said to be the next, say). So a
    hand that leans is stood upright before the network misreads it, from how unsure it reads
    it. When current reads them all right within SURER of certain, no other slant is tried."""
    labels = np.asarray(labels, dtype=np.int64)
    if not len(labels):
        return current
    scores = {}
    score = lambda slant: scores.setdefault(slant, _score(predict_proba, drawings, labels, slant))
    right_now, sure_now, read_right_now = score(current)
    if right_now == len(labels) and sure_now > -SURER:  # no slant can read more, nor surer by SURER
        return current
    coarse = max(COARSE, key=lambda s: score(float(s))[:2])
    candidates = [round(float(coarse) + d, 2) for d in (-FINE, 0.0, FINE)]
    best = max((s for s in candidates if abs(s) <= LIMIT), key=lambda s: score(s)[:2])
    right, sure, read_right = score(best)
    better = right > right_now or (right == right_now and sure >= sure_now + SURER)
    adopted = better and right > len(labels) / 2 and not (read_right_now & ~read_right).any()
    return best if adopted else current


def _score(predict_proba, drawings, labels, slant):
    """Return (how many read right, mean log-probability of the labels, read right (n,) bool) of
    the drawings stood upright by slant."""
    images = np.zeros((len(labels), SIDE * SIDE), np.float32)
    for i, strokes in enumerate(drawings):
        image = strokes_to_image(upright(strokes, slant))
        images[i] = 0.0 if image is None else image.ravel()
    probabilities = predict_proba(images)
    right = probabilities.argmax(axis=1) == labels
    return int(right.sum()), float(np.mean(np.log(probabilities[np.arange(len(labels)), labels] + 1e-9))), right

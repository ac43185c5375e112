"""A drawing of a whole number split into its digits, and digits put together into a number.

    split_digits(strokes)          -> one list of strokes per digit, left to right
    compose_number(digits, rng)    -> the strokes of a number written from single digits

Splitting groups strokes by their horizontal extent: strokes whose extents overlap
belong to one digit (the bar of a 4, the flag of a 1, the dot of nothing). A single
stroke that runs through two digits (joined-up writing) is cut where its ink is
thinnest along x, if a group is much wider than a digit is. Strokes in, strokes out,
pure NumPy: each digit then goes through the same ink pipeline as a single digit.
"""

import numpy as np

from .ink import bounding_box, within_reach

MAX_DIGITS = 4  # a number written or typed has at most this many digits
OVERLAP = 0.25  # strokes whose x-extents overlap by this share of the narrower one are one digit
GAP = 0.07  # ... and so are strokes closer than this share of a digit's height
SMALL = 0.5  # a stroke shorter than this share of a digit's height (a bar, a flag) joins the one it touches
WIDE = 1.35  # a group wider than this times its height may be two digits run together


def split_digits(strokes):
    """Return the digits of a drawing, left to right: a list of at most MAX_DIGITS stroke lists
    (each stroke a list of (x, y)). Strokes without points are dropped; no strokes gives [].
    More marks than a number has digits are put together where they are closest."""
    strokes = [[(float(x), float(y)) for x, y in s] for s in strokes if len(s)]
    height = _typical_height([[s] for s in strokes])
    digits = []
    for group in _group_by_extent(strokes, height):
        digits += _split_wide(group, height)
    return _at_most(sorted(digits, key=lambda d: _extent(d)[0]), MAX_DIGITS)


def _extent(strokes):
    """Return (x0, x1, y0, y1) around strokes: the horizontal extent first, as grouping reads it."""
    x0, y0, x1, y1 = bounding_box(strokes)
    return x0, x1, y0, y1


def _group_by_extent(strokes, height):
    """Return groups of strokes that belong together (transitively), left to right: in one pass
    over the strokes by their left edge, each joins the group before it while they belong
    together (near-linear in the number of strokes)."""
    groups = []  # (extent, strokes), left to right
    for extent, stroke in sorted(((_extent([s]), s) for s in strokes), key=lambda item: item[0][0]):
        groups.append((extent, [stroke]))
        while len(groups) > 1 and _together(groups[-2][0], groups[-1][0], height):
            (a, left), (b, right) = groups[-2], groups.pop()
            groups[-1] = (_union(a, b), left + right)
    return [members for _, members in groups]


def _at_most(digits, count):
    """Return digits (stroke lists, left to right) put together into at most count: cut only
    at the count - 1 widest gaps (a gap: from the right edge of all ink so far to the next)."""
    if len(digits) <= count:
        return digits
    extents = [_extent(d) for d in digits]
    reach = np.maximum.accumulate([e[1] for e in extents])
    gaps = np.array([e[0] for e in extents[1:]]) - reach[:-1]
    cuts = sorted(int(i) + 1 for i in np.argsort(-gaps, kind="stable")[: count - 1])
    return [sum(digits[a:b], []) for a, b in zip([0, *cuts], [*cuts, len(digits)])]


def _union(a, b):
    """Return the extent (x0, x1, y0, y1) around extents a and b."""
    return min(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), max(a[3], b[3])


def _together(a, b, height):
    """Return True if the groups of extents a and b, each (x0, x1, y0, y1) (b starting right of
    a's start), are one digit: their x-extents overlap by OVERLAP of the narrower, or the gap
    between them is under GAP of the digit height, or one is a SMALL stroke that reaches the other."""
    a0, a1, ay0, ay1 = a
    b0, b1, by0, by1 = b
    shared = min(a1, b1) - max(a0, b0)
    narrower = min(a1 - a0, b1 - b0)
    if shared >= 0 and (narrower <= 0 or shared >= OVERLAP * narrower):
        return True
    small = min(ay1 - ay0, by1 - by0) < SMALL * height
    return -shared < GAP * height or (small and shared >= 0)


def _height(strokes):
    """Return the height of strokes' ink."""
    _, _, y0, y1 = _extent(strokes)
    return y1 - y0


def _typical_height(groups):
    """Return the tallest group's height: how tall a digit is written here."""
    return max((_height(g) for g in groups), default=0.0)


def _split_wide(group, height):
    """Return [group], or two groups if it is much wider than a digit and has a thin place to cut."""
    x0, x1, _, _ = _extent(group)
    if height <= 0 or x1 - x0 < WIDE * height:
        return [group]
    cut = _thinnest_x(group, x0, x1)
    if cut is None:
        return [group]
    left, right = _cut(group, cut)
    if not left or not right or min(_height(left), _height(right)) < SMALL * height:
        return [group]  # a stub is part of a wide digit (the tail of a 2), not a digit of its own
    return _split_wide(left, height) + _split_wide(right, height)


def _thinnest_x(group, x0, x1, columns=40):
    """Return the x in the middle 60% of [x0, x1] where the fewest stroke pieces cross, or None."""
    xs = np.linspace(x0 + 0.2 * (x1 - x0), x1 - 0.2 * (x1 - x0), columns)
    pieces = [np.asarray(stroke)[:, 0] for stroke in group if len(stroke) > 1]
    if not pieces:
        return None
    low = np.concatenate([np.minimum(p[:-1], p[1:]) for p in pieces])[:, None]  # (segments, 1)
    high = np.concatenate([np.maximum(p[:-1], p[1:]) for p in pieces])[:, None]
    crossings = ((low <= xs) & (xs <= high)).sum(axis=0)
    best = int(np.argmin(crossings))
    return float(xs[best]) if crossings[best] <= 1 else None


def _cut(group, x):
    """Return (left strokes, right strokes) of group cut at the vertical line x."""
    left, right = [], []
    for stroke in group:
        piece, side = [], None
        for p in stroke:
            here = p[0] < x
            if side is not None and here != side and piece:
                (left if side else right).append(piece)
                piece = []
            piece.append(p)
            side = here
        if piece:
            (left if side else right).append(piece)
    return [s for s in left if len(s) > 1], [s for s in right if len(s) > 1]


def compose_number(digits, rng, height=100.0):
    """Return the strokes of a number written from single digits' strokes, side by side as a
    person writes: each scaled to about the same height, random gaps (a tenth to half a digit's
    height) and a baseline that wanders a little. digits : a list of stroke lists, left to right."""
    strokes, x = [], 0.0
    for digit in digits:
        digit = within_reach([np.asarray(s, dtype=np.float64).reshape(-1, 2) for s in digit if len(s)])
        if not digit:  # nothing drawn: no digit to write (the ink pipeline reads nothing there either)
            continue
        x0, x1, y0, y1 = _extent(digit)
        scale = height * rng.uniform(0.85, 1.1) / max(y1 - y0, x1 - x0, 1e-9)
        dy = rng.uniform(-0.08, 0.08) * height
        strokes += [[(x + (px - x0) * scale, dy + (py - y0) * scale) for px, py in s] for s in digit]
        x += (x1 - x0) * scale + rng.uniform(0.1, 0.5) * height
    return strokes

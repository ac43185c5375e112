"""The ink pipeline: a drawing (strokes) -> the network's 28x28 input.

This is the one and only way strokes become input, used alike by the game,
the evaluation and the training. It follows how MNIST was made:

1. take the bounding box of the ink and scale it, keeping the aspect ratio,
   so that the longer side (pen width included) fills a 20x20 box;
2. render the strokes anti-aliased with a round pen of MNIST-like width;
3. shift the drawing so that its centre of mass sits at pixel (14, 14)
   (as close as it can get without cutting ink off, for lopsided drawings).

Pure NumPy: the strokes are drawn from their geometry (distance from each
pixel centre to the nearest segment), so the result is exact to a fraction
of a pixel, independent of the canvas resolution, and deterministic.
Pixel (row i, column j) has its centre at (x, y) = (j, i).
"""

import numpy as np

from .model.architecture import SIDE  # the field is SIDE x SIDE pixels, what the network reads

BOX = 20  # the longer side of the ink fills this many pixels
CENTRE = 14.0  # where the centre of mass lands, in pixel coordinates (MNIST: 14.0)
PEN_WIDTH = 2.5  # pen diameter in output pixels; see README, "The ink pipeline"
SAMPLE_STEP = 1.0  # keep about a point per this many output pixels along a stroke
PIECE = 3.0  # segments are rendered in pieces at most this long (output pixels): any length
#               draws the same picture; 3 draws it fastest (benchmarked: long ink 2x faster than 1)
HEAVY_INK = 3000.0  # more ink than this, in pixels of length (the field filled four times), is a scribble
MAX_POINTS = 2000  # a drawing keeps at most this many points (pen strokes have about 40)
MAX_STROKES = 500  # ... and this many strokes; more is not handwriting
_MIN_EXTENT = 1e-9  # a drawing smaller than this (after normalising) is a dot
REACH = 2.0**100  # coordinates beyond this are scaled down before anything is computed from them


def strokes_to_image(strokes, pen_width=PEN_WIDTH):
    """Return the (28, 28) float32 image, 0 = paper and 1 = ink, or None.

    strokes : sequence of strokes, each a sequence of (x, y) points in canvas
    pixels (x right, y down), e.g. [[(10, 12), (11, 15)], [(30, 4)]].
    None means "nothing drawn" (no strokes, or strokes without points): it is
    never turned into a prediction. A single point draws a dot. Raise
    ValueError if a point is not a finite (x, y) pair.
    """
    polylines = bounded_strokes(_as_polylines(strokes))
    if not polylines:
        return None
    pieces = _pieces(_segments(_fit_to_box(polylines, pen_width)))
    shift = _centring_shift(pieces, _ink_centre(pieces, pen_width), pen_width)
    return _render(pieces + np.tile(shift, 2), pen_width)


def draw_polylines(polylines, pen_width=PEN_WIDTH):
    """Return the (28, 28) float32 image of polylines (k, 2) given in the field's own
    pixel coordinates (x = column, y = row): drawn as they are, no fitting or centring."""
    return _render(_pieces(_segments([np.asarray(p, dtype=np.float64) for p in polylines])), pen_width)


def bounding_box(strokes):
    """Return (x0, y0, x1, y1) around every point of strokes (sequences of (x, y)), or None
    if there are none."""
    xs = [float(p[0]) for stroke in strokes for p in stroke]  # plain Python: drawings are small,
    ys = [float(p[1]) for stroke in strokes for p in stroke]  # and NumPy's set-up costs more here
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def within_reach(polylines):
    """Return polylines (arrays (k, 2)) as they are, or, if a coordinate is beyond REACH (where a
    shear or an extent would overflow), all scaled down by the same power of two (exactly).
    Step 1 fits every drawing to its box, so the network reads the same drawing."""
    magnitude = max((float(np.abs(p).max()) for p in polylines if len(p)), default=0.0)
    if magnitude <= REACH:
        return polylines
    scale = 2.0 ** -np.ceil(np.log2(magnitude / REACH))
    return [p * scale for p in polylines]


def strokes_to_input(strokes, pen_width=PEN_WIDTH):
    """Return the network input (1, 784) of a drawing, or None if nothing is drawn."""
    image = strokes_to_image(strokes, pen_width)
    return None if image is None else image.reshape(1, SIDE * SIDE)


def bounded_strokes(polylines):
    """Return polylines (k, 2) with at most MAX_POINTS points and MAX_STROKES strokes in all.

    A drawing within bounds is returned as it is. A longer one keeps its first
    MAX_STROKES strokes, each thinned to about one point per step of arc
    length, the step chosen so that they fit (stroke ends are always kept):
    a mouse or pen sampled thousands of times says no more than that.
    """
    polylines = [p for p in polylines if len(p)][:MAX_STROKES]
    if sum(len(p) for p in polylines) <= MAX_POINTS:
        return polylines
    points, counts = np.concatenate(polylines), [len(p) for p in polylines]
    scaled = points / max(1.0, float(np.abs(points).max()))  # 1e300 must not overflow
    length = float(_steps(scaled, counts).sum())
    room = MAX_POINTS - 2 * len(polylines)  # the ends of every stroke stay
    step = max(length / max(room, 1), np.finfo(float).tiny)
    keep = _kept(scaled, counts, step)
    kept_counts = np.add.reduceat(keep.astype(np.int64), np.cumsum(counts) - counts)  # per stroke
    return np.split(points[keep], np.cumsum(kept_counts)[:-1])


def checked_strokes(strokes):
    """Return every stroke as a float64 array (k, 2), an empty one as (0, 2).

    The one check of a drawing, for the ink pipeline and the feedback store:
    raise ValueError if a stroke is not a list of (x, y) points or a point is
    not finite.
    """
    polylines = []
    for stroke in strokes:
        points = np.asarray(stroke, dtype=np.float64)
        if points.size == 0:
            points = points.reshape(0, 2)
        if points.ndim != 2 or points.shape[1] != 2:
            raise ValueError(f"each stroke must be a list of (x, y) points, got an array of shape {points.shape}")
        if not np.isfinite(points).all():
            raise ValueError("stroke coordinates must be finite numbers (found NaN or infinity)")
        polylines.append(points)
    return polylines


def _as_polylines(strokes):
    """Return the non-empty strokes as float64 arrays (k, 2); raise ValueError on bad points."""
    return [points for points in checked_strokes(strokes) if len(points)]


def _fit_to_box(polylines, pen_width):
    """Return the polylines scaled and moved so the ink's box is centred in the field.

    The longer side of the bounding box becomes BOX - pen_width - 1, so that
    the ink, pen and its one-pixel anti-aliased edge included, spans BOX
    pixels, as in MNIST. A dot (no extent) stays a dot.
    """
    points = np.concatenate(polylines)
    # Normalising first keeps huge coordinates (1e300) from overflowing.
    magnitude = max(1.0, float(np.abs(points).max()))
    low, high = points.min(axis=0) / magnitude, points.max(axis=0) / magnitude
    extent = high - low
    longest = float(extent.max())
    scale = (BOX - pen_width - 1) / longest if longest > _MIN_EXTENT else 0.0
    middle = (low + high) / 2
    return [(p / magnitude - middle) * scale + CENTRE for p in polylines]


def _segments(polylines):
    """Return the segments (s, 4) as rows (x0, y0, x1, y1), resampled, stroke after stroke.

    Points closer than SAMPLE_STEP along a stroke are thinned out (a mouse or
    a pen sends many), so thousands of points cost no more than a hundred.
    A stroke left with one point becomes a zero-length segment: a dot. All
    strokes at once: 500 strokes cost no more than one stroke of 2,000 points.
    """
    counts, points = [len(p) for p in polylines], np.concatenate(polylines)
    keep = _kept(points, counts, SAMPLE_STEP)
    points = points[keep]
    stroke = np.repeat(np.arange(len(counts)), counts)[keep]  # which stroke each kept point is of
    joined = np.flatnonzero(stroke[:-1] == stroke[1:])  # a kept point and the next, of one stroke
    alone = np.flatnonzero(np.bincount(stroke, minlength=len(counts))[stroke] == 1)  # a stroke's only point
    starts = np.concatenate([joined, alone])
    ends = np.concatenate([joined + 1, alone])
    order = np.argsort(starts, kind="stable")
    return np.hstack([points[starts[order]], points[ends[order]]])


def _steps(points, counts):
    """Return the distance (n,) from each point (n, 2) to the one before it in its stroke (0 for
    the first point of a stroke); counts: the strokes' numbers of points, in order."""
    steps = np.concatenate([[0.0], np.hypot(*np.diff(points, axis=0).T)])
    steps[np.cumsum(counts) - counts] = 0.0
    return steps


def _kept(points, counts, step):
    """Return a mask (n,) of the points (n, 2) of strokes with `counts` points each to keep for
    about one point per `step` of arc length along each stroke; a stroke's ends are kept (its
    last point only if the stroke has any length)."""
    firsts = np.cumsum(counts) - counts
    travelled = np.cumsum(_steps(points, counts))
    travelled -= np.repeat(travelled[firsts], counts)  # from each stroke's own start
    bucket = np.floor(travelled / step)
    keep = np.ones(len(points), dtype=bool)
    keep[1:] = bucket[1:] != bucket[:-1]
    keep[firsts] = True
    lasts = firsts + np.asarray(counts) - 1
    keep[lasts] |= travelled[lasts] > 0
    return keep


def _render(pieces, pen_width):
    """Return the (28, 28) float32 image of short segments (m, 4) drawn with a round pen.

    Coverage falls off linearly over one pixel at the pen's edge, which is
    the anti-aliasing. Each piece (at most PIECE long) only touches the
    w x w pixels around it, so the cost grows with the length of the ink, not
    with the area of the field; the distances are computed for all of them at
    once, (m, w, w), from each piece's row and column offsets (m, w).
    """
    reach = pen_width / 2 + 0.5  # farthest pixel centre that gets any ink
    radius = reach + PIECE / 2  # ... measured from the middle of a piece
    window = np.arange(int(2 * radius) + 1, dtype=np.float32)
    x0, y0, x1, y1 = (column[:, None] for column in pieces.T.astype(np.float32))  # (m, 1) each
    cols = np.ceil((x0 + x1) / 2 - radius) + window  # (m, w): the pixels around each piece
    rows = np.ceil((y0 + y1) / 2 - radius) + window
    distance = _distance_to_segment(
        cols[:, None, :], rows[:, :, None], x0[:, None], y0[:, None], x1[:, None], y1[:, None]
    )
    coverage = np.clip(reach - distance, 0.0, 1.0)  # (m, w rows, w cols)
    cols, rows = cols[:, None, :].astype(np.int64), rows[:, :, None].astype(np.int64)
    inside = (coverage > 0) & (cols >= 0) & (cols < SIDE) & (rows >= 0) & (rows < SIDE)
    image = np.zeros(SIDE * SIDE, dtype=np.float32)
    np.maximum.at(image, np.broadcast_to(rows * SIDE + cols, coverage.shape)[inside], coverage[inside])
    return image.reshape(SIDE, SIDE)


def _pieces(segments):
    """Return segments (s, 4) cut into equal pieces (m, 4) no longer than PIECE."""
    x0, y0, x1, y1 = segments.T
    counts = np.maximum(1, np.ceil(np.hypot(x1 - x0, y1 - y0) / PIECE)).astype(np.int64)
    owner = np.repeat(np.arange(len(segments)), counts)
    first = np.repeat(np.cumsum(counts) - counts, counts)
    t0 = (np.arange(owner.size) - first) / counts[owner]
    t1 = t0 + 1.0 / counts[owner]
    start, delta = segments[owner, :2], segments[owner, 2:] - segments[owner, :2]
    return np.hstack([start + t0[:, None] * delta, start + t1[:, None] * delta])


def _distance_to_segment(px, py, x0, y0, x1, y1):
    """Return the distance from points (px, py) to segments (x0, y0)-(x1, y1), broadcast."""
    dx, dy = x1 - x0, y1 - y0
    length2 = dx * dx + dy * dy
    inverse = np.divide(1.0, length2, out=np.zeros_like(length2), where=length2 > 0)
    ax, ay = px - x0, py - y0
    t = np.clip((ax * dx + ay * dy) * inverse, 0.0, 1.0)
    ex, ey = ax - t * dx, ay - t * dy
    return np.sqrt(ex * ex + ey * ey)


def _ink_centre(pieces, pen_width):
    """Return the centre of mass (x, y) of the ink of pieces (m, 4): of a draft rendering, or,
    for more than HEAVY_INK pixels of ink (a scribble, not handwriting), of the pieces' middles
    weighted by their lengths, which costs no second rendering (a frame's time saved)."""
    lengths = np.hypot(*(pieces[:, 2:] - pieces[:, :2]).T)
    if lengths.sum() <= HEAVY_INK:
        return _centre_of_mass(_render(pieces, pen_width))
    middles = (pieces[:, :2] + pieces[:, 2:]) / 2
    weights = lengths + 1e-9  # dots weigh a little too
    return weights @ middles / weights.sum()


def _centring_shift(pieces, centre, pen_width):
    """Return the shift (x, y) that moves the ink's centre of mass `centre` (x, y) to CENTRE.

    A lopsided drawing (a long line with a dot far off) could be pushed
    partly off the field; the shift is limited so that no ink is ever cut.
    """
    reach = pen_width / 2 + 0.5
    low = pieces.reshape(-1, 2).min(axis=0)  # (x, y) of the ink's skeleton
    high = pieces.reshape(-1, 2).max(axis=0)
    wanted = CENTRE - centre
    return np.clip(wanted, np.minimum(reach - 0.5 - low, 0), np.maximum(SIDE - 0.5 - reach - high, 0))


def _centre_of_mass(image):
    """Return the ink's centre of mass (x, y) in pixel coordinates; image (28, 28)."""
    mass = image.sum()
    if mass == 0:
        return np.array([CENTRE, CENTRE])
    index = np.arange(SIDE)
    return np.array([image.sum(axis=0) @ index, image.sum(axis=1) @ index]) / mass

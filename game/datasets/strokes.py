"""Pen strokes of digits as JSON Lines, one drawing a line.

    {"label": 8, "width": 500, "height": 500, "strokes": [[[267, 167], ...], ...]}

Coordinates are canvas pixels, x to the right, y down; width and height (the
canvas size) are optional; "writer" (who drew it, a string or a number) is
optional too. Any other keys are kept and written back unchanged.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..atomic import NestedTooDeep, atomic_write, open_regular, parse_json
from ..ink import MAX_POINTS, bounded_strokes

KNOWN_KEYS = ("label", "width", "height", "strokes")
DIGITS = range(10)  # the labels of a stroke file
MAX_LINE = 24_000_000  # bytes: a drawing of a million points fits; a longer line is no drawing
_NUMBER_TYPES = (int, float)  # exact types json produces; bool is deliberately absent


class StrokeFileError(ValueError):
    """A line of a stroke file is not a valid drawing."""


@dataclass(frozen=True)
class StrokeSample:
    """One drawing: its digit label and its strokes, each of shape (k, 2)."""

    label: int
    strokes: tuple[np.ndarray, ...]
    width: float | None = None
    height: float | None = None
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def writer(self):
        """Return who drew it, as a string, or None if the file does not say."""
        writer = self.extra.get("writer")
        return None if writer is None else str(writer)

    def __eq__(self, other):
        """Return True if other has the same label, canvas size and points."""
        if not isinstance(other, StrokeSample):
            return NotImplemented
        return (self.label, self.width, self.height, len(self.strokes)) == (
            other.label,
            other.width,
            other.height,
            len(other.strokes),
        ) and all(np.array_equal(a, b) for a, b in zip(self.strokes, other.strokes))


def read_strokes(path, labels=DIGITS):
    """Return every drawing in a stroke file as a list of StrokeSample.

    Blank lines are skipped; the first bad line raises StrokeFileError naming it.
    labels : the labels a drawing may have (the player's own files, a rescue file say,
    also hold drawings they said are no digit).
    """
    path, samples, number = Path(path), [], 0
    with open_regular(path) as stream:  # a FIFO or a device is refused, never waited on
        while raw := stream.readline(MAX_LINE + 1):  # never more than one line's worth in memory
            number += 1
            if len(raw) > MAX_LINE:
                _fail(f"{path.name}, line {number}", f"longer than {MAX_LINE // 1_000_000} MB: not one drawing")
            if raw.strip():
                samples.append(parse_stroke_line(raw, f"{path.name}, line {number}", labels))
    return samples


def parse_stroke_line(text, where="", labels=DIGITS):
    """Return the StrokeSample encoded by one line (str or bytes) of a stroke file.

    where : prefix for error messages, e.g. "pendigits.jsonl, line 17"
    """
    try:
        obj = parse_json(text, parse_constant=_reject_constant)
    except NestedTooDeep:
        _fail(where, "its JSON is nested too deeply to be a drawing")
    except ValueError as error:
        _fail(where, f"not valid JSON ({_json_problem(error)})")
    if not isinstance(obj, dict):
        _fail(where, f"expected a JSON object, got {type(obj).__name__}")
    return StrokeSample(
        label=_parse_label(obj.get("label"), where, labels),
        strokes=_parse_strokes(obj.get("strokes"), where),
        width=_parse_size(obj, "width", where),
        height=_parse_size(obj, "height", where),
        extra={key: value for key, value in obj.items() if key not in KNOWN_KEYS},
    )


def write_strokes(path, samples):
    """Write samples to path as JSON Lines, atomically; return None.

    Raise OSError if path exists and is not a regular file (a FIFO, a device,
    a symbolic link, a folder): it is never replaced by one.
    """
    path = Path(path)
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise OSError(f"{path} is not a regular file; refusing to replace it (give a new file name)")
    with atomic_write(path, "w") as file:  # json.dumps writes ASCII: no encoding question
        for sample in samples:
            file.write(json.dumps(_sample_to_dict(sample), allow_nan=False))
            file.write("\n")


def _sample_to_dict(sample):
    """Return the JSON-ready dict of one StrokeSample, integral numbers as ints."""
    obj = {"label": int(sample.label)}
    for key in ("width", "height"):
        value = getattr(sample, key)
        if value is not None:
            obj[key] = _plain_number(value)
    obj["strokes"] = [
        [[_plain_number(x), _plain_number(y)] for x, y in np.asarray(stroke, dtype=np.float64).reshape(-1, 2).tolist()]
        for stroke in sample.strokes
    ]
    obj.update((k, v) for k, v in sample.extra.items() if k not in KNOWN_KEYS)
    return obj


def _parse_label(value, where, labels):
    """Return value as the label, or raise if it is not an int of labels (0..9, say)."""
    if type(value) is not int or value not in labels:
        _fail(where, f"'label' must be an integer {labels[0]}-{labels[-1]}")
    return value


def _parse_strokes(value, where):
    """Return the strokes as a tuple of read-only float64 arrays of shape (k, 2), at most
    MAX_POINTS points in all (ink.bounded_strokes thins longer drawings)."""
    if not isinstance(value, list):
        _fail(where, "'strokes' must be a list of strokes")
    strokes = [_parse_stroke(stroke, i, where) for i, stroke in enumerate(value)]
    if sum(len(points) for points in strokes) > MAX_POINTS:
        strokes = bounded_strokes(strokes)
        for points in strokes:
            points.flags.writeable = False
    return tuple(strokes)


def _parse_stroke(stroke, index, where):
    """Return one stroke (a list of [x, y]) as a read-only array of shape (k, 2)."""
    if not isinstance(stroke, list):
        _fail(where, f"stroke {index} must be a list of [x, y] points")
    for j, point in enumerate(stroke):
        if not (
            type(point) is list
            and len(point) == 2
            and type(point[0]) in _NUMBER_TYPES
            and type(point[1]) in _NUMBER_TYPES
        ):
            _fail(where, f"stroke {index}, point {j} must be [x, y] with two numbers, got {json.dumps(point)[:40]}")
    try:
        points = np.array(stroke, dtype=np.float64).reshape(-1, 2)
    except OverflowError:
        _fail(where, f"stroke {index} has a number too large for a float")
    if not np.isfinite(points).all():
        j = int(np.flatnonzero(~np.isfinite(points).all(axis=1))[0])
        _fail(where, f"stroke {index}, point {j} is not a finite number")
    points.flags.writeable = False
    return points


def _parse_size(obj, key, where):
    """Return obj[key] as a positive float, or None if absent or null."""
    value = obj.get(key)
    if value is None:
        return None
    if type(value) not in _NUMBER_TYPES or not 0 < _to_float(value) < np.inf:
        _fail(where, f"'{key}' must be a positive number")
    return float(value)


def _to_float(value):
    """Return value as a float, infinity if it is an int too large for one."""
    try:
        return float(value)
    except OverflowError:
        return np.inf


def _plain_number(value):
    """Return value as an int if it is integral, else as a float."""
    value = float(value)
    return int(value) if value.is_integer() else value


def _json_problem(error):
    """Return a short description of a JSON or text-decoding error."""
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} at column {error.colno}"
    return str(error)


def _reject_constant(name):
    """Raise for NaN/Infinity, which Python's json accepts but JSON does not."""
    raise ValueError(f"{name} is not a finite number")


def _fail(where, problem):
    """Raise StrokeFileError with the place (file, line) and the problem."""
    raise StrokeFileError(f"{where}: {problem}" if where else problem)

"""The sample drawings shipped with the game: the title's attract mode replays them, and the
X-ray shows them before a player has drawn anything of their own."""

from .datasets.strokes import StrokeFileError, read_strokes
from .ink import bounding_box
from .paths import ASSETS


def attract_drawings():
    """Return the sample drawings as (label, strokes (lists of (x, y)), bounding box) each;
    none if the file cannot be read."""
    try:
        samples = read_strokes(ASSETS / "attract.jsonl")
    except (OSError, StrokeFileError):
        return []
    drawings = [(s.label, [[tuple(p) for p in stroke] for stroke in s.strokes]) for s in samples]
    return [(label, strokes, bounding_box(strokes)) for label, strokes in drawings]

"""What a round hands to the next scene: the drawing, the reading, the score, the answer."""

import random
from dataclasses import dataclass

from .recognizer import Reading
from .scoring import RoundScore


@dataclass
class RoundRecord:
    """One played round, from the drawing to the player's confirm or correct."""

    target: int
    strokes: list  # canvas-local strokes, each a list of (x, y)
    reading: Reading | None  # None: nothing drawn when time ran out
    score: RoundScore
    level_up: bool = False
    unsure: str | None = None  # why the drawing may not be a whole digit (time ran out, a dot)
    label: int | None = None  # the digit the player says they drew
    saved: bool = False  # the feedback record is in the database

    @property
    def corrected(self):
        """Return True if the player said the network's guess was wrong."""
        return self.label is not None and self.reading is not None and self.label != self.reading.guess


class TargetPicker:
    """Chooses each round's target: a fixed list (autoplay) or random, never twice in a row."""

    def __init__(self, fixed=None, seed=None):
        self.fixed = list(fixed) if fixed is not None else None
        self.rng = random.Random(seed)
        self.last = None

    def next(self):
        """Return the next target digit."""
        if self.fixed:
            self.last = self.fixed.pop(0)
        else:
            self.last = self.rng.choice([d for d in range(10) if d != self.last])
        return self.last

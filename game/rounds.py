"""What a round hands to the next scene: the drawing, the reading, the score, the answer."""

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
    feedback: tuple = ()  # the FeedbackRecords handed to the store (one per digit), once answered
    not_digit: bool = False  # the player said the drawing is no digit at all
    cut_off: bool = False  # the game's clock ran out during it, not read as the target: not a miss
    sure: bool = False  # the network was sure it read the target (Time Attack): kept as read, nobody asked

    @property
    def corrected(self):
        """Return True if the player said the network's guess was wrong."""
        return self.label is not None and self.reading is not None and self.label != self.reading.guess

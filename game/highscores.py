"""The high-score table, kept as JSON in the data dir.

Two copies of the game may share a data dir: a new score is merged into the
file as it is on disk now, under a lock, so that neither copy's scores are lost.
A file that cannot be read is kept aside, never overwritten, and the player told.
"""

import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from .atomic import Date, json_field, read_json, update_json
from .filelock import LockedError
from .names import cleaned

TABLE_SIZE = 10
MAX_COUNT = 10**9  # points, rounds, hits: a game never comes near; 1e999 is a damaged file
MAX_READ = 10_000  # entries of a table file looked at (it holds TABLE_SIZE)


@dataclass(frozen=True)
class HighScore:
    """One line of the table."""

    score: int
    hits: int
    rounds: int
    best_streak: int
    when: float  # unix time
    name: str = ""  # who played it


class HighScores:
    """The best TABLE_SIZE games, best first, loaded from and saved to a JSON file."""

    def __init__(self, path):
        self.path = Path(path)
        self.entries = _parse(read_json(path, []))
        self.error = None  # why the last save failed, or that the file there was kept aside

    @property
    def best(self):
        """Return the best score so far, 0 if none."""
        return self.entries[0].score if self.entries else 0

    def qualifies(self, score):
        """Return True if a game with this score would enter the table."""
        return score > 0 and (len(self.entries) < TABLE_SIZE or score > self.entries[-1].score)

    def add(self, score, hits, rounds, best_streak, name=""):
        """Add a finished game; save; return its 0-based rank, or None if it did not enter."""
        if not self.qualifies(score):
            return None
        entry = HighScore(score, hits, rounds, best_streak, time.time(), cleaned(name))
        self.entries = _best({*self.entries, entry})  # shown even if it cannot be saved
        self.error = self._save(lambda saved: [asdict(e) for e in _best({*_parse(saved), *self.entries})])
        return self.entries.index(entry) if entry in self.entries else None

    def rename(self, rank, name):
        """Put a name on the entry at rank and save; return a message for the player or None."""
        old = self.entries[rank]
        new = replace(old, name=cleaned(name))
        renamed = lambda saved: [
            asdict(new if (e.score, e.when) == (old.score, old.when) else e) for e in _parse(saved)
        ]
        self.entries[rank] = new
        return self._save(renamed, what="name")

    def _save(self, change, what="high scores"):
        """Apply change(the entries saved, as JSON) to the file under its lock and show what was
        written (nothing written: the entries stay as they are). Return a message for the player
        (not saved, or the file there could not be read and was kept aside) or None."""
        try:
            saved, note = update_json(self.path, change, [])
        except (OSError, LockedError) as error:
            return f"{what} not saved ({getattr(error, 'strerror', None) or error})"
        self.entries = _parse(saved)
        return note and f"Your high scores: {note}"


def _parse(raw):
    """Return valid HighScore entries from loaded JSON, best first; ignore bad ones."""
    entries = []
    for item in raw[:MAX_READ] if isinstance(raw, list) else []:
        counts = [json_field(item, key, int, 0, MAX_COUNT) for key in ("score", "hits", "rounds", "best_streak")]
        when, name = json_field(item, "when", Date), json_field(item, "name", str, default="")
        if None not in counts and when is not None and counts[1] <= counts[2]:  # a score of 1e999, a date of 1e17: no
            entries.append(HighScore(*counts, when, cleaned(name)))
    return _best(entries)


def _best(entries):
    """Return the TABLE_SIZE best entries, best first (the earlier of equal scores first)."""
    return sorted(entries, key=lambda e: (-e.score, e.when))[:TABLE_SIZE]

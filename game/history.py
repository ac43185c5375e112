"""The player's games, one line each: how often the network read them right, and with what.

    DATA_DIR/history.json   [{"ended": unix time, "rounds": 10, "read_right": 8, "version": "v2"}, ...]

Kept for the "Your handwriting" page; written atomically under a lock (two
copies of the game may share a data dir). A file that cannot be read reads as no
games, and is kept aside (never overwritten) when the next game is saved.
"""

import time
from dataclasses import asdict, dataclass

from .atomic import Date, json_field, read_json, update_json
from .filelock import LockedError

KEEP = 500  # games kept, the newest


@dataclass(frozen=True)
class GameLine:
    """One finished game."""

    ended: float  # unix time
    rounds: int  # rounds the player labelled (said what they drew)
    read_right: int  # of those, how many the game read right
    version: str  # the weights it played with

    @property
    def share(self):
        """Return read_right / rounds (0.0 for a game without labelled rounds)."""
        return self.read_right / self.rounds if self.rounds else 0.0


class GameHistory:
    """The games in DATA_DIR/history.json, oldest first."""

    def __init__(self, path):
        self.path = path
        self.games = _parse(read_json(path, []))

    def add(self, rounds, read_right, version):
        """Append a finished game and save; return a message for the player (not saved, or the
        file there could not be read and was kept aside) or None."""
        line = GameLine(time.time(), rounds, read_right, version)
        try:
            appended = lambda saved: [asdict(g) for g in [*_parse(saved), line][-KEEP:]]
            saved, note = update_json(self.path, appended, [])
        except (OSError, LockedError) as error:
            self.games = [*self.games, line][-KEEP:]
            return f"game history not saved ({getattr(error, 'strerror', None) or error})"
        self.games = _parse(saved)
        return note and f"Your game history: {note}"

    def forget(self):
        """Remove every game (the file too, and any kept aside as unreadable)."""
        self.games = []
        self.path.unlink(missing_ok=True)
        for damaged in self.path.parent.glob(f"{self.path.name}.damaged-*"):
            damaged.unlink(missing_ok=True)


def _parse(raw):
    """Return the valid GameLines of loaded JSON, oldest first; bad entries are skipped."""
    games = []
    for item in raw[: KEEP * 10] if isinstance(raw, list) else []:
        ended, version = json_field(item, "ended", Date), json_field(item, "version", str)
        rounds, right = json_field(item, "rounds", int, 0, 10**6), json_field(item, "read_right", int, 0, 10**6)
        if None not in (ended, version, rounds, right) and right <= rounds:
            games.append(GameLine(ended, rounds, right, version[:40]))
    return sorted(games, key=lambda g: g.ended)[-KEEP:]

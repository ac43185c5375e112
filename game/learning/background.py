"""A learning session in a child process, so the window never freezes while it runs."""

import json
import sys

from ..background import BackgroundProcess
from .result import SessionResult


class BackgroundRetrain:
    """One `python -m game.learning --background` process on a player's folder (the idle cores,
    just under the game's priority); poll() tells when it is done and how it went."""

    def __init__(self, folder, command=None, automatic=False, network=None):
        """folder : the player's, named to the session (another copy of the game may have
        switched player meanwhile). command : the process to run instead (tests use it).
        automatic : the game started it by itself, between games (not the player).
        network : learn into the line of this kept network (None: the player's own)."""
        self.automatic = automatic
        command = command or [sys.executable, "-m", "game.learning", "--background", "--player-dir", str(folder)]
        command += ["--network", network] if network else []
        self.child = BackgroundProcess(command)
        self.process = self.child.process
        self.result = None

    @property
    def running(self):
        """Return True while the session is still going."""
        return self.result is None and not self.child.ended

    def poll(self):
        """Return None while running, else the SessionResult (its error says why it failed)."""
        if self.result is None and self.child.ended:
            try:
                self.result = SessionResult.from_dict(json.loads(self.child.last_line or ""))
            except (ValueError, TypeError, AttributeError):
                self.result = SessionResult(error=self.child.error_line())
        return self.result

    def stop(self):
        """Stop the session (the previous weights stay intact: writes are atomic)."""
        self.child.stop(seconds=10)

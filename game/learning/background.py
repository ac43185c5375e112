"""A learning session in a child process, so the window never freezes while it runs."""

import json
import subprocess
import sys
import threading

from ..threads import idle_threads_env
from .result import SessionResult


class BackgroundRetrain:
    """One `python -m game.learning --background` process on a player's folder (all cores,
    low priority); poll() tells when it is done and how it went.

    Its output is read as it comes, by a thread of its own: a child whose
    progress bars filled a pipe nobody read would block for ever (and hold the
    weights lock while it waits).
    """

    def __init__(self, folder, command=None, automatic=False):
        """folder : the player's, named to the session (another copy of the game may have
        switched player meanwhile). command : the process to run instead (tests use it).
        automatic : the game started it by itself, between games (not the player)."""
        self.automatic = automatic
        command = command or [sys.executable, "-m", "game.learning", "--background", "--player-dir", str(folder)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=idle_threads_env()
        )
        self.result, self._output = None, None
        self._reader = threading.Thread(target=self._read_output, daemon=True)
        self._reader.start()

    def _read_output(self):
        """Read stdout and stderr to their end (the process then exits), keep them."""
        self._output = self.process.communicate()

    @property
    def running(self):
        """Return True while the session is still going."""
        return self.result is None and self._reader.is_alive()

    def poll(self):
        """Return None while running, else the SessionResult (its error says why it failed)."""
        if self.result is None and not self._reader.is_alive():
            out, err = self._output
            try:
                self.result = SessionResult.from_dict(json.loads(out.strip().splitlines()[-1]))
            except (IndexError, ValueError, TypeError, AttributeError):
                lines = [line for line in err.strip().splitlines() if line.strip()]
                self.result = SessionResult(
                    error=lines[-1] if lines else f"learning exited with {self.process.returncode}"
                )
        return self.result

    def stop(self):
        """Stop the session (the previous weights stay intact: writes are atomic)."""
        if self.process.poll() is None:
            self.process.terminate()
            self._reader.join(timeout=10)

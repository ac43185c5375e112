"""A child process the game starts and watches without ever waiting for it: a learning
session (learning/background.py) or a Playground run (playground/process.py).

Its output is read as it comes, by threads of their own: a child whose output
filled a pipe nobody read would block for ever (a learning session while holding
the weights lock). stdout is kept line by line for the game to take; stderr's
last lines are kept to say why a child failed.
"""

import collections
import queue
import subprocess
import threading

from .threads import idle_threads_env

STDERR_KEPT = 50  # the last lines of stderr kept, to say why a child failed
STOP_SECONDS = 2.0  # a child asked to end is killed if it has not ended by then


class BackgroundProcess:
    """One child process: its stdout lines wait in `lines` for the game; `ended` once it exited
    and both pipes are read to their end. stdin : keep a pipe to send() lines to it."""

    def __init__(self, command, stdin=False, env=None):
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=env or idle_threads_env(),
        )
        self.lines = queue.SimpleQueue()  # stdout lines not yet taken
        self.last_line = None  # the last stdout line the child wrote
        self.errors = collections.deque(maxlen=STDERR_KEPT)
        self._readers = [
            threading.Thread(target=self._read_stdout, daemon=True),
            threading.Thread(target=self._read_stderr, daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read_stdout(self):
        """Queue every stdout line as it comes (runs in its own thread)."""
        for line in self.process.stdout:
            self.last_line = line.rstrip("\n")
            self.lines.put(self.last_line)
        self.process.stdout.close()

    def _read_stderr(self):
        """Keep stderr's last lines (runs in its own thread)."""
        for line in self.process.stderr:
            if line.strip():
                self.errors.append(line.rstrip("\n"))
        self.process.stderr.close()

    @property
    def ended(self):
        """Return True once the child exited and its output is all read."""
        return not any(reader.is_alive() for reader in self._readers) and self.process.poll() is not None

    def take_lines(self):
        """Return the stdout lines that came since the last call, oldest first."""
        taken = []
        while True:
            try:
                taken.append(self.lines.get_nowait())
            except queue.Empty:
                return taken

    def error_line(self):
        """Return the last line of stderr (why it failed), or say how it exited."""
        return self.errors[-1] if self.errors else f"it exited with {self.process.returncode}"

    def send(self, text):
        """Write a line to the child's stdin; return False if it cannot hear any more."""
        try:
            self.process.stdin.write(text + "\n")
            self.process.stdin.flush()
            return True
        except (OSError, ValueError, AttributeError):
            return False

    def stop(self, seconds=STOP_SECONDS):
        """Ask the child to end (SIGTERM), kill it if it has not within `seconds`, and wait for
        its output to be read."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(seconds)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for reader in self._readers:
            reader.join(timeout=seconds)

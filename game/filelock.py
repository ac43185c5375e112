"""Locks on files, shared by every process of the game and its tools.

Two copies of the game, or the game and a retrain, may use one data dir at
once; whatever they both rewrite (the weights pointer, the high scores) is
changed only under an exclusive lock. A shared lock is held by every copy of the
game on the player it plays as: any number may hold it, and nobody can take it
exclusively meanwhile (to delete or rename that player). The locks are the
operating system's (flock, or msvcrt's byte ranges on Windows): released when
their holder exits, even if it is killed.
"""

import os
import random
import sys
import time
from contextlib import contextmanager
from pathlib import Path


class LockedError(RuntimeError):
    """Another process holds the lock."""


@contextmanager
def exclusive(path, wait=0.0):
    """Hold an exclusive lock on the file at path (created if missing) for the duration.

    Raise LockedError if another process still holds it after `wait` seconds, OSError if
    path is a symbolic link (a lock file is never followed elsewhere) or cannot be made.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _open(path) as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                _lock_file(handle)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    raise LockedError(f"{path} is locked by another process") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            _unlock_file(handle)


class SharedLock:
    """A shared lock on the file at path, held from construction to close(); the file is made
    if missing, its folder never (a folder deleted meanwhile is not made again).

    Raise LockedError if another process holds the file exclusively, OSError if it is a
    symbolic link or cannot be made.
    """

    def __init__(self, path):
        self.path = Path(path)
        self._handle = _open(self.path)
        self._byte = random.randrange(1, SPAN)  # Windows: the byte this holder locks (there, every lock excludes)
        try:
            _lock_file(self._handle, shared_at=self._byte)
        except OSError:
            self._handle.close()
            raise LockedError(f"{self.path} is locked by another process") from None

    @contextmanager
    def alone(self):
        """Hold the file exclusively for the duration, if no other process holds it; raise
        LockedError (still holding it shared) if another does."""
        _unlock_file(self._handle, shared_at=self._byte)
        try:
            _lock_file(self._handle)
        except OSError:
            _lock_file(self._handle, shared_at=self._byte)  # others only share it: this cannot fail
            raise LockedError(f"{self.path} is held by another process") from None
        try:
            yield
        finally:
            _unlock_file(self._handle)
            _lock_file(self._handle, shared_at=self._byte)

    def close(self):
        """Release the lock (closing the file releases it)."""
        self._handle.close()


SPAN = 1 << 20  # Windows: an exclusive lock covers this many bytes, a shared one a single byte of them


def _open(path):
    """Return the lock file at path opened for locking, made if missing; raise OSError if it
    is a symbolic link (a lock file is never followed elsewhere) or cannot be made."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError as error:
        if path.is_symlink():
            raise OSError(f"{path} is a symbolic link: a lock file must be a plain file") from None
        raise error
    return os.fdopen(fd, "a+")


def _lock_file(handle, shared_at=None):
    """Take a non-blocking lock on an open file: exclusive, or shared when shared_at is this
    holder's byte (Windows locks one byte of the span, as an exclusive lock takes all of it);
    raise OSError if taken."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(shared_at or 0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1 if shared_at else SPAN)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), (fcntl.LOCK_SH if shared_at else fcntl.LOCK_EX) | fcntl.LOCK_NB)


def _unlock_file(handle, shared_at=None):
    """Release the lock taken by _lock_file(handle, shared_at)."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(shared_at or 0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1 if shared_at else SPAN)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

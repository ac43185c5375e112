"""An exclusive lock on a file, shared by every process of the game and its tools.

Two copies of the game, or the game and a retrain, may use one data dir at
once; whatever they both rewrite (the weights pointer, the high scores) is
changed only under the lock. The lock is the operating system's (flock, or
msvcrt on Windows): it is released when its holder exits, even if it is killed.
"""

import os
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
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError as error:
        if path.is_symlink():
            raise OSError(f"{path} is a symbolic link: a lock file must be a plain file") from None
        raise error
    with os.fdopen(fd, "a+") as handle:
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


def _lock_file(handle):
    """Take an exclusive, non-blocking lock on an open file; raise OSError if taken."""
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock_file(handle):
    """Release the lock taken by _lock_file."""
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

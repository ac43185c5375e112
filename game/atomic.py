"""Atomic file writes: a crash leaves either the old file or the new one, never half."""

import json
import math
import os
import tempfile
import time
from contextlib import contextmanager, suppress
from pathlib import Path

from .filelock import exclusive

STALE_SECONDS = 3600  # a temporary file this old was left by a write that was killed


@contextmanager
def atomic_write(path, mode="wb", private=False):
    """Yield a file object; on success its content replaces `path` in one rename.

    The data is written to a temporary file beside `path`, flushed and
    fsynced, then renamed over `path`. On error the temporary file is removed
    and `path` is untouched. private : readable by its owner alone (a player's drawings).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if not private:
            os.chmod(tmp, 0o644)  # mkstemp makes it private; most files are not secret
        with os.fdopen(fd, mode) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_stale_temporaries(path):
    """Delete the temporary files of earlier writes of path that were killed half way
    (a weights file leaves 5 MB each); a write still under way is much younger."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with suppress(OSError):
            if time.time() - stale.stat().st_mtime > STALE_SECONDS:
                stale.unlink()


def write_json(path, data):
    """Write data as indented JSON to path atomically."""
    with atomic_write(path, "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")


def read_json(path, default):
    """Return the JSON content of path, or `default` if it is missing, unreadable or not of
    default's type (a list, a dict)."""
    return load_json(path, default)[0]


def load_json(path, default):
    """Return (content, None): the JSON content of path; (default, None) if there is no file;
    (default, why) if there is one that cannot be read or holds no JSON of default's type."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))  # -sig: a BOM some editors add
    except (FileNotFoundError, NotADirectoryError):
        return default, None
    except (OSError, ValueError, RecursionError) as error:
        return default, type(error).__name__
    if not isinstance(data, type(default)):
        return default, f"a JSON {type(data).__name__}, not a {type(default).__name__}"
    return data, None


def keep_aside(path):
    """Rename a file that cannot be read to NAME.damaged-DATE-TIME beside it, for whoever wants
    to look, never over one kept before; return its new path, or None if it could not be moved."""
    path = Path(path)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(1, 100):
        aside = path.with_name(f"{path.name}.damaged-{stamp}" + (f"-{n}" if n > 1 else ""))
        if aside.exists() or aside.is_symlink():
            continue
        try:
            path.replace(aside)
        except OSError:
            return None
        return aside
    return None


def _keep_unreadable_aside(path, problem):
    """Keep aside the file at path that could not be read (problem: why; None: nothing to do);
    return a note for the player, or None. Raise OSError if it could not be moved: a file that
    cannot be read is never overwritten."""
    if problem is None:
        return None
    aside = keep_aside(path)
    if aside is None:
        raise OSError(f"{path} could not be read ({problem}) nor kept aside: it is left as it is")
    return f"{path} could not be read ({problem}); it is kept as {aside.name} and a new one started"


def rewrite_json(path, data):
    """Write data as JSON to path atomically, unless the file there cannot be read (or holds
    another kind of JSON than data): that is kept aside first. Return a note for the player
    saying so, or None. Raise OSError if it cannot be written (or kept aside)."""
    note = _keep_unreadable_aside(path, load_json(path, type(data)())[1])
    write_json(path, data)
    return note


def json_field(data, key, kind, low=-math.inf, high=math.inf, default=None):
    """Return data[key] if data is a dict holding a value of `kind` there (int: a whole number,
    never a bool; float: any finite number) from low to high; else default. Files a person can
    edit are read field by field through this, so that one odd value costs that value alone."""
    value = data.get(key) if isinstance(data, dict) else None
    if kind not in (int, float):
        return value if isinstance(value, kind) else default
    if isinstance(value, bool) or not isinstance(value, (int, float) if kind is float else int):
        return default
    if not (math.isfinite(value) and low <= value <= high):
        return default
    return float(value) if kind is float else value


def update_json(path, change, default, wait=2.0):
    """Under path's lock file, read path's JSON (`default` if missing), write change(it)
    atomically; return (what was written, a note for the player or None). Another copy of
    the game sharing the data dir may have saved since this one read the file: its data is
    merged, not lost. A file that cannot be read is kept aside, never overwritten (the note
    says where).

    Raise OSError or filelock.LockedError if the file cannot be locked or written.
    """
    with exclusive(Path(path).with_name(Path(path).name + ".lock"), wait=wait):
        data, problem = load_json(path, default)
        note = _keep_unreadable_aside(path, problem)
        data = change(data)
        write_json(path, data)
    return data, note

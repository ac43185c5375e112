"""Files that matter: written atomically (a crash leaves either the old file or the new one,
never half), and read through one reader that cannot be made to wait, to fill the memory or to
recurse without end, and that hands every number on one at a time, checked.

    open_regular(path)      a regular file opened for reading; a FIFO, a device or a folder is
                            refused at once (opening a FIFO would wait for a writer for ever)
    read_regular(path)      its bytes, at most MAX_BYTES of them
    parse_json(text)        JSON nested at most MAX_DEPTH deep
    load_json(path)         the three together, never an exception: (content, why it is unreadable)
    json_field(data, key)   one value of it, of the kind asked for, or a default
"""

import json
import math
import os
import re
import stat
import tempfile
import time
from contextlib import contextmanager, suppress
from itertools import accumulate
from pathlib import Path

from .filelock import exclusive

STALE_SECONDS = 3600  # a temporary file this old was left by a write that was killed
MAX_BYTES = 8_000_000  # of a JSON file read: a history of 5,000 games is under 1 MB
MAX_DEPTH = 64  # JSON nesting: the game's files go 5 deep; json recurses, and fails near 1,000
MAX_WHOLE = 2**53  # a whole number read from a file: past it a float cannot hold it (no count gets near)
LAST_DATE = 32_503_680_000.0  # 1 January 3000: every system's clock can show a date up to it
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)  # a JSON string, escapes and all
_STEPS = [{ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}.get(code, 0) for code in range(256)]
_NOT_BRACKETS = bytes(code for code in range(256) if not _STEPS[code])


class UnreadableFile(OSError):
    """A file the reader refuses: not a regular file (a FIFO, a device, a folder), or too large;
    reason says which, in a few words."""

    def __init__(self, path, reason):
        super().__init__(f"{path} is {reason}")
        self.reason = reason


class NestedTooDeep(ValueError):
    """JSON nested deeper than MAX_DEPTH: no file of the game's, and json would recurse on it."""


class Date:
    """json_field's kind for a date: unix seconds from 1970 to LAST_DATE, read as a float."""


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


def open_regular(path):
    """Return the regular file at path opened for reading, in binary. Raise FileNotFoundError if
    there is none, UnreadableFile at once if it is something else: a FIFO (opened without
    O_NONBLOCK it would wait for a writer for ever), a device (/dev/zero never ends), a folder."""
    _check_regular(os.stat(path).st_mode, path)  # first: Windows has no O_NONBLOCK
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        _check_regular(os.fstat(fd).st_mode, path)  # what was opened, should it have been swapped
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _check_regular(mode, path):
    """Raise UnreadableFile unless mode (an os.stat st_mode) is a regular file's."""
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "a device or socket"
        raise UnreadableFile(path, f"{kind}, not a regular file")


def read_regular(path, limit=MAX_BYTES):
    """Return the bytes of the regular file at path; raise as open_regular does, and
    UnreadableFile if it holds more than limit bytes (none of them kept)."""
    with open_regular(path) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise UnreadableFile(path, f"larger than {limit:,} bytes, too large to be one of the game's")
    return data


def parse_json(text, **options):
    """Return the value of a JSON text (bytes in UTF-8, or str; a BOM some editors add is
    skipped); options go to json.loads. Raise ValueError if it is no JSON, NestedTooDeep if it
    nests deeper than MAX_DEPTH (json recurses: 1,000 levels end in RecursionError)."""
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)
    if _depth(raw) > MAX_DEPTH:
        raise NestedTooDeep(f"JSON nested over {MAX_DEPTH} levels deep")
    return json.loads(raw.decode("utf-8-sig") if isinstance(text, bytes) else text.removeprefix("\ufeff"), **options)


def _depth(raw):
    """Return how deep the brackets of JSON bytes nest, those inside strings left out."""
    brackets = _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_STEPS.__getitem__, brackets)), default=0)


def why_unreadable(error):
    """Return in a few words why a file could not be read, from the OSError or ValueError raised."""
    if isinstance(error, UnreadableFile):
        return error.reason
    return str(error) if isinstance(error, NestedTooDeep) else type(error).__name__


def read_json(path, default):
    """Return the JSON content of path, or `default` if it is missing, unreadable or not of
    default's type (a list, a dict)."""
    return load_json(path, default)[0]


def load_json(path, default):
    """Return (content, None): the JSON content of path, read by read_regular and parse_json;
    (default, None) if there is no file; (default, why) if there is one that cannot be read
    (not a regular file, too large, too deep) or holds no JSON of default's type."""
    try:
        data = parse_json(read_regular(path))
    except (FileNotFoundError, NotADirectoryError):
        return default, None
    except (OSError, ValueError) as error:
        return default, why_unreadable(error)
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
    """Return data[key] if data is a dict holding a value of `kind` there, from low to high;
    else default. Files a person can edit are read field by field through this, so that one
    odd value costs that value alone. The numbers' kinds:

        int    a whole number (never a bool) of at most MAX_WHOLE either way: 400 digits is odd
        float  any number a float holds, finite: 1e999 or an integer of 400 digits is odd
        Date   a float from 0 (1970) to LAST_DATE: the year 3 billion is odd, as no clock shows it
    """
    value = data.get(key) if isinstance(data, dict) else None
    if kind is Date:
        return json_field(data, key, float, max(low, 0.0), min(high, LAST_DATE), default)
    if kind not in (int, float):
        return value if isinstance(value, kind) else default
    number = _number(value, kind)
    return number if number is not None and low <= number <= high else default


def _number(value, kind):
    """Return value as a number of kind (int or float, as json_field takes them), or None if it
    is not one: a bool, text, nan, infinity, a whole number too large for a float."""
    if isinstance(value, bool) or not isinstance(value, (int, float) if kind is float else int):
        return None
    if kind is int:
        return value if -MAX_WHOLE <= value <= MAX_WHOLE else None
    try:
        value = float(value)
    except OverflowError:  # an int of 309 digits or more
        return None
    return value if math.isfinite(value) else None


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

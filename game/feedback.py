"""The feedback store: every guess the player confirmed or corrected, in SQLite.

A correction must never be lost: a record that cannot be written (database
locked, read-only, corrupt, disk full) stays in memory, is retried on every
add, and close() writes whatever is still unsaved to a rescue JSON Lines file.
Each record is its own autocommitted INSERT under the rollback journal with
synchronous=FULL, so once add() returns True it is in the database file and
survives the game being killed. Stdlib sqlite3 and NumPy only, no pygame.
"""

import contextlib
import json
import math
import sqlite3
import tempfile
import time
import warnings
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np

from .atomic import NestedTooDeep, atomic_write, parse_json
from .ink import MAX_POINTS, bounded_strokes, checked_strokes
from .model import CLASSES, SIDE

SCHEMA_VERSION = 1  # PRAGMA user_version of the database
IMAGE_SHAPE = (SIDE, SIDE)
NOT_A_DIGIT = 10  # the label of a drawing the player says is no digit (a scribble, a letter): never trained on
BUSY_TIMEOUT = 0.25  # seconds; a locked database must never freeze the game for long
_BLOB_DTYPE = np.dtype("<f4")  # float32, little-endian on every machine
_COLUMNS = (
    "created",
    "strokes",
    "image",
    "predicted",
    "probabilities",
    "label",
    "target",
    "corrected",
    "weights_version",
)
_INSERT = f"INSERT INTO feedback ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
_SELECT = f"SELECT id, {', '.join(_COLUMNS)}, learned_version FROM feedback ORDER BY id"
_SCHEMA = """CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY, created REAL NOT NULL, strokes TEXT NOT NULL,
    image BLOB NOT NULL, predicted INTEGER NOT NULL, probabilities BLOB NOT NULL,
    label INTEGER NOT NULL, target INTEGER, corrected INTEGER NOT NULL,
    weights_version TEXT NOT NULL,
    learned_version TEXT)"""  # filled in later by the retraining step


class BadRowWarning(UserWarning):
    """A stored row holds data that is not a valid record; it was skipped."""


@dataclass(frozen=True, eq=False, kw_only=True)
class FeedbackRecord:
    """One confirmation or correction. Arrays are float32 copies, read-only.

    strokes : the drawing, strokes of (x, y) canvas points, kept as tuples of
        (x, y) floats rounded to 2 decimals (lists or arrays (k, 2) accepted).
    image : ndarray (28, 28), the network's input. probabilities : ndarray (10,).
    predicted, label : digits 0..9, the guess and what the player really drew; label may
        also be NOT_A_DIGIT (a scribble, a letter, a smiley).
    target : the digit the game asked for, or None (imported data).
    corrected : True exactly when label != predicted.
    id : the database row id of a record read back, else None; not compared.
    learned_version : the weights version that was retrained on it, else None; not compared.
    """

    strokes: tuple
    image: np.ndarray = field(repr=False)
    predicted: int
    probabilities: np.ndarray
    label: int
    target: int | None
    corrected: bool
    weights_version: str
    created: float = field(default_factory=time.time)
    id: int | None = field(default=None, compare=False)
    learned_version: str | None = field(default=None, compare=False)

    def __post_init__(self):
        _set(self, "strokes", _clean_strokes(self.strokes))
        _set(self, "image", _clean_array(self.image, IMAGE_SHAPE, "image"))
        _set(self, "probabilities", _clean_array(self.probabilities, (CLASSES,), "probabilities"))
        for name in ("predicted", "label", "target"):
            value = getattr(self, name)
            allowed = CLASSES + (name == "label")  # only the player can say "not a digit"
            _set(self, name, None if name == "target" and value is None else _digit(name, value, allowed))
        if not isinstance(self.corrected, (bool, np.bool_)) or self.corrected != (self.label != self.predicted):
            raise ValueError(
                f"corrected={self.corrected!r} must be True exactly when label "
                f"({self.label}) != predicted ({self.predicted})"
            )
        _set(self, "corrected", bool(self.corrected))
        if (
            isinstance(self.created, bool)
            or not isinstance(self.created, (int, float, np.floating))
            or not math.isfinite(self.created)
        ):
            raise ValueError(f"created must be a finite unix time, got {self.created!r}")
        _set(self, "created", float(self.created))
        if not isinstance(self.weights_version, str) or not self.weights_version:
            raise ValueError(f"weights_version must be a non-empty string, got {self.weights_version!r}")

    @classmethod
    def from_reading(cls, reading, strokes, label, target, weights_version):
        """Return the record of a drawing the network read (a recognizer.Reading of one digit)
        and the player labelled: a correction when the label is not its guess."""
        return cls(
            strokes=[list(s) for s in strokes],
            image=reading.image,
            predicted=reading.guess,
            probabilities=reading.probabilities,
            label=label,
            target=target,
            corrected=label != reading.guess,
            weights_version=weights_version,
        )

    def __eq__(self, other):
        """Return True if every compared field is equal (arrays element by element)."""
        if not isinstance(other, FeedbackRecord):
            return NotImplemented
        return all(_same(getattr(self, f.name), getattr(other, f.name)) for f in fields(self) if f.compare)

    def to_dict(self):
        """Return the record as JSON-ready data without id; FeedbackRecord(**it) rebuilds it bit-exact."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self) if f.name not in ("id", "learned_version")}


class FeedbackStore:
    """Every confirmation and correction, in the SQLite database at path.

    An unusable database never raises: add() returns False, keeps the record
    in `pending` and says why in `last_error`.
    """

    def __init__(self, path):
        self.path = Path(path)
        self._db = None
        self._pending = []
        self._last_error = None
        try:
            self._connection()
        except (sqlite3.Error, OSError) as exc:
            self._fail(exc)

    @property
    def pending(self):
        """Return a copy of the list of records not yet on disk, oldest first."""
        return list(self._pending)

    @property
    def last_error(self):
        """Return a message for the player about the last failure, or None."""
        return self._last_error

    def add(self, record):
        """Return True if the record (and every older pending one) is now on disk."""
        if not isinstance(record, FeedbackRecord):
            raise TypeError(f"expected a FeedbackRecord, got {type(record).__name__}")
        self._pending.append(record)  # first, so that nothing below can lose it
        self.retry()
        return not self._pending

    def retry(self):
        """Return how many pending records were written; stop at a failure so order is kept."""
        written = 0
        while self._pending:
            try:
                self._connection().execute(_INSERT, _row(self._pending[0]))
            except (sqlite3.Error, OSError) as exc:
                self._fail(exc)
                return written
            self._pending.pop(0)
            written += 1
        if written:
            self._last_error = None
        return written

    def close(self):
        """Return the path of the rescue file holding unsaved records, or None. Never raises.

        None means nothing was left unsaved, or (rarely) that not even a rescue
        file could be written: then last_error says so and `pending` keeps them.
        """
        try:
            self.retry()
            self._disconnect()
            return self._rescue() if self._pending else None
        except Exception as exc:  # the game is on its way out: report, don't crash
            self._last_error = f"Closing the feedback store failed ({exc})."
            return None

    def records(self, only_corrections=False, not_digits=False):
        """Return (records, skipped): every stored row of a digit, oldest first, with its id
        (with not_digits, the drawings the player said are no digit too: nothing that trains
        or reads digits asks for those).

        A row whose data is not a valid record is skipped, counted and reported
        with a BadRowWarning naming its id. Pending records are not included.
        Raise sqlite3.Error or OSError if the database cannot be read.
        """
        records, skipped = [], 0
        for row in self._connection().execute(_SELECT).fetchall():
            try:
                record = _record_from_row(row)
            except (ValueError, TypeError) as exc:
                exc = "its strokes are nested too deeply" if isinstance(exc, NestedTooDeep) else exc
                skipped += 1
                warnings.warn(f"feedback row id={row[0]} skipped: {exc}", BadRowWarning, stacklevel=2)
                continue
            if (record.corrected or not only_corrections) and (not_digits or record.label != NOT_A_DIGIT):
                records.append(record)
        return records, skipped

    def mark_learned(self, ids, version):
        """Record that the rows with these ids were learned by weights `version`.

        Raise sqlite3.Error or OSError if the database cannot be written.
        """
        db = self._connection()
        with contextlib.closing(db.cursor()) as cursor:
            cursor.execute("BEGIN IMMEDIATE")
            cursor.executemany("UPDATE feedback SET learned_version = ? WHERE id = ?", [(version, int(i)) for i in ids])
            cursor.execute("COMMIT")

    def labelled_images(self, limit):
        """Return (images (n, 28, 28) float32, labels (n,)) of the newest `limit` stored drawings,
        oldest first: what the network saw and what the player said it is. Rows whose image
        is not 28x28 float32 are left out. Raise sqlite3.Error or OSError if unreadable."""
        images, labels, _ = self.recent_readings(limit)
        return images, labels

    def recent_readings(self, limit):
        """Return (images (n, 28, 28) float32, labels (n,), predicted (n,)) of the newest `limit`
        stored drawings, oldest first, as labelled_images does, with what the game read then."""
        rows = (
            self._connection()
            .execute("SELECT image, label, predicted FROM feedback ORDER BY id DESC LIMIT ?", (int(limit),))
            .fetchall()[::-1]
        )
        size = 4 * IMAGE_SHAPE[0] * IMAGE_SHAPE[1]
        good = [row for row in rows if isinstance(row[0], bytes) and len(row[0]) == size and row[1] in range(CLASSES)]
        images = np.frombuffer(b"".join(row[0] for row in good), dtype=_BLOB_DTYPE).reshape(-1, *IMAGE_SHAPE)
        labels = np.array([row[1] for row in good], dtype=np.int64)
        return images, labels, np.array([row[2] if row[2] in range(CLASSES) else -1 for row in good], dtype=np.int64)

    def forget_all(self):
        """Delete every stored drawing, the unsaved ones kept in memory too.

        Raise sqlite3.Error or OSError if the database cannot be written.
        """
        self._pending.clear()
        db = self._connection()
        with contextlib.closing(db.cursor()) as cursor:
            cursor.execute("BEGIN IMMEDIATE")
            cursor.execute("DELETE FROM feedback")
            cursor.execute("COMMIT")
        db.execute("VACUUM")  # the drawings are gone from the file too, not just unlinked

    def count_after(self, number):
        """Return how many stored digits (not "not a digit") come after drawing `number` (their
        ids count up in the order they were stored); raise sqlite3.Error or OSError if unreadable."""
        return (
            self._connection()
            .execute(f"SELECT COUNT(*) FROM feedback WHERE id > ? AND label != {NOT_A_DIGIT}", (int(number),))
            .fetchone()[0]
        )

    def counts(self):
        """Return {"total", "corrections", "confirmations", "not_learned", "wrong_per_digit",
        "per_digit": {0..9: n by label}, "not_digits"} of stored rows; raise sqlite3.Error or
        OSError if the database cannot be read."""
        db = self._connection()
        total, corrections, not_learned = db.execute(
            "SELECT COUNT(*), COALESCE(SUM(corrected != 0), 0), "
            f"COALESCE(SUM(learned_version IS NULL AND label != {NOT_A_DIGIT}), 0) FROM feedback"
        ).fetchone()
        per_digit = dict.fromkeys(range(CLASSES), 0)
        for label, n in db.execute("SELECT label, COUNT(*) FROM feedback GROUP BY label"):
            if label in per_digit:
                per_digit[label] += n
        wrong = dict.fromkeys(range(CLASSES), 0)
        for label, n in db.execute("SELECT label, COUNT(*) FROM feedback WHERE corrected GROUP BY label"):
            if label in wrong:
                wrong[label] += n
        return {
            "total": total,
            "corrections": corrections,
            "confirmations": total - corrections,
            "not_learned": not_learned,
            "per_digit": per_digit,
            "wrong_per_digit": wrong,
            "not_digits": total - sum(per_digit.values()),
        }

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def _connection(self):
        """Return the open connection, opening it (and creating folders) if needed."""
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = _open(self.path)
        return self._db

    def _disconnect(self):
        """Close the connection, if open; a half-done transaction is rolled back."""
        db, self._db = self._db, None
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.close()

    def _fail(self, exc):
        """Remember a failure as a message for the player; reconnect next time."""
        self._disconnect()
        reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc) or type(exc).__name__
        n = len(self._pending)
        if n:
            self._last_error = f"Can't save to {self.path} ({reason}); keeping {_drawings(n)} in memory and retrying."
        else:
            self._last_error = f"Can't open {self.path} ({reason}); will retry when a drawing is saved."

    def _rescue(self):
        """Return the path of a new rescue file holding the pending records, or None."""
        text = "".join(json.dumps(r.to_dict()) + "\n" for r in self._pending)
        stem = time.strftime(f"{self.path.stem}-unsaved-%Y%m%d-%H%M%S")
        n = len(self._pending)
        for folder in (self.path.parent, Path(tempfile.gettempdir())):
            with contextlib.suppress(OSError):
                rescue = _unused_path(folder, stem)
                with atomic_write(rescue, "w", private=True) as file:  # drawings: the player's alone
                    file.write(text)
                self._pending.clear()
                self._last_error = f"Can't save to {self.path}; wrote {_drawings(n)} to {rescue}."
                return rescue
        self._last_error = f"Can't save {_drawings(n)} to {self.path} nor to a rescue file; only in memory."
        return None


def _open(path):
    """Return an autocommit connection to path, table created if the file is new.

    Raise sqlite3.DatabaseError, without changing the file, if it is not ours
    (other tables in it), made by a newer version, or damaged (its pages fail
    SQLite's quick check): drawings are then kept in memory and rescued, never
    reported saved into a file that cannot be trusted.
    """
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    try:
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA journal_mode=DELETE").fetchall()
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"made by a newer Digit Dash, schema version {version}")
        if version < SCHEMA_VERSION:
            tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            if tables:
                raise sqlite3.DatabaseError(f"not a Digit Dash feedback database (it holds {', '.join(tables[:3])})")
            db.executescript(f"BEGIN IMMEDIATE; {_SCHEMA}; PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")
        damage = db.execute("PRAGMA quick_check").fetchone()[0]
        if damage != "ok":
            detail = next((line for line in damage.splitlines() if not line.startswith("***")), damage)
            raise sqlite3.DatabaseError(f"the file is damaged ({detail}); it is left as it is")
    except BaseException:
        db.close()
        raise
    return db


def _row(record):
    """Return the INSERT values of a record, in _COLUMNS order."""
    return (
        record.created,
        json.dumps(record.strokes, separators=(",", ":")),
        record.image.astype(_BLOB_DTYPE).tobytes(),
        record.predicted,
        record.probabilities.astype(_BLOB_DTYPE).tobytes(),
        record.label,
        record.target,
        int(record.corrected),
        record.weights_version,
    )


def _record_from_row(row):
    """Return the FeedbackRecord of a SELECT row; raise ValueError/TypeError on bad data."""
    row_id, created, strokes, image, predicted, probabilities, label, target, corrected, version, learned = row
    return FeedbackRecord(
        strokes=parse_json(strokes),
        image=_from_blob(image, IMAGE_SHAPE),
        predicted=predicted,
        probabilities=_from_blob(probabilities, (CLASSES,)),
        label=label,
        target=target,
        corrected=bool(corrected),
        created=created,
        weights_version=version,
        id=row_id,
        learned_version=learned,
    )


def _from_blob(blob, shape):
    """Return the float32 array of the given shape in blob; raise ValueError/TypeError if it doesn't fit."""
    return np.frombuffer(blob, dtype=_BLOB_DTYPE).reshape(shape)


def _clean_strokes(strokes):
    """Return strokes as a tuple of tuples of (x, y) floats rounded to 2 decimals,
    at most MAX_POINTS of them in all (see ink.bounded_strokes); empty strokes stay."""
    arrays = checked_strokes(strokes)
    if sum(len(points) for points in arrays) > MAX_POINTS:
        arrays = bounded_strokes(arrays)
    # Rounding multiplies by 100: beyond 1e15 there are no decimals left to round, and 1e307 would overflow.
    return tuple(
        tuple(map(tuple, np.where(np.abs(p) < 1e15, np.round(np.clip(p, -1e15, 1e15), 2), p).tolist())) for p in arrays
    )


def _clean_array(values, shape, name):
    """Return a read-only float32 copy of values; raise ValueError unless shape matches and all finite."""
    array = np.array(values, dtype=np.float32)
    if array.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {array.shape}")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinity")
    array.flags.writeable = False
    return array


def _digit(name, value, allowed=CLASSES):
    """Return value as an int 0..allowed - 1 (a digit, or for a label NOT_A_DIGIT too); raise ValueError otherwise."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or not 0 <= value < allowed:
        what = "a digit 0..9" + (f" or {NOT_A_DIGIT} (not a digit)" if allowed > CLASSES else "")
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return int(value)


def _set(record, name, value):
    """Set a field of a frozen record; only __post_init__ does, to normalise it."""
    object.__setattr__(record, name, value)


def _same(a, b):
    """Return True if a equals b, comparing arrays element by element."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.array_equal(a, b)
    return a == b


def _plain(value):
    """Return value with arrays turned into nested lists, ready for json."""
    return value.tolist() if isinstance(value, np.ndarray) else value


def _drawings(n):
    """Return "1 drawing" or "n drawings"."""
    return f"{n} drawing" if n == 1 else f"{n} drawings"


def _unused_path(folder, stem):
    """Return folder/stem.jsonl, or stem-2.jsonl, -3, ... so an earlier rescue file is never replaced."""
    path, k = Path(folder) / f"{stem}.jsonl", 1
    while path.exists():
        k += 1
        path = Path(folder) / f"{stem}-{k}.jsonl"
    return path

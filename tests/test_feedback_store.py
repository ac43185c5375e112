"""Promises of the feedback store: a correction the player gives is never lost,
whatever happens to the database, and bad stored data never breaks a read."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from game.feedback import BadRowWarning, FeedbackRecord, FeedbackStore
from tests.helpers import make_record

ROOT = Path(__file__).resolve().parent.parent


def read_rescue(path):
    """Return the records in a rescue JSON Lines file."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [FeedbackRecord(**json.loads(line)) for line in lines]


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "player" / "feedback.db"


@pytest.fixture
def private_temp_dir(tmp_path, monkeypatch):
    """Send the store's last-resort rescue files to a folder of this test."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_a_correction_is_stored_with_every_field_and_reads_back_equal(db_path):
    record = make_record()
    with FeedbackStore(db_path) as store:
        assert store.add(record) is True
        assert store.last_error is None and store.pending == []
        (back,), skipped = store.records()
    assert skipped == 0
    assert back == record and back.id == 1
    assert back.image.tobytes() == record.image.tobytes()
    assert back.probabilities.tobytes() == record.probabilities.tobytes()
    assert back.image.dtype == np.float32 and back.probabilities.dtype == np.float32
    assert back.strokes == (((10.12, 20.46), (11.0, 22.5)), ((30.0, 4.0), (31.56, 5.0)))
    assert (back.label, back.predicted, back.target, back.corrected) == (7, 1, 7, True)
    assert (back.created, back.weights_version) == (1_700_000_000.5, "v3")


def test_the_database_has_the_promised_schema(db_path):
    FeedbackStore(db_path).close()
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    columns = {row[1] for row in db.execute("PRAGMA table_info(feedback)")}
    assert {
        "id",
        "strokes",
        "image",
        "predicted",
        "probabilities",
        "label",
        "target",
        "corrected",
        "created",
        "weights_version",
        "learned_version",
    } <= columns
    db.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_a_correction_survives_the_game_being_killed_right_after_add(db_path):
    child = (
        "import os, signal, sys\n"
        "import numpy as np\n"
        "from game.feedback import FeedbackRecord, FeedbackStore\n"
        "store = FeedbackStore(sys.argv[1])\n"
        "saved = store.add(FeedbackRecord(strokes=[[(1, 2), (3, 4)]], image=np.full((28, 28), 0.5),\n"
        "    predicted=1, probabilities=np.full(10, 0.1), label=7, target=7, corrected=True,\n"
        "    weights_version='shipped'))\n"
        "print('saved' if saved else store.last_error, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    paths = [str(ROOT), os.environ.get("PYTHONPATH", "")]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in paths if p))
    done = subprocess.run(
        [sys.executable, "-c", child, str(db_path)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert done.stdout.strip() == "saved"
    db = sqlite3.connect(db_path)
    rows = db.execute("SELECT label, predicted, corrected, weights_version FROM feedback").fetchall()
    db.close()
    assert rows == [(7, 1, 1, "shipped")]


def test_a_locked_database_keeps_the_correction_and_writes_it_once_unlocked(db_path):
    store = FeedbackStore(db_path)
    first, second = make_record(seed=1), make_record(label=3, predicted=3, target=3, seed=2)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    assert store.add(first) is False
    assert store.pending == [first]
    assert "locked" in store.last_error and "1 drawing" in store.last_error
    other.execute("ROLLBACK")
    other.close()
    assert store.add(second) is True
    assert store.pending == [] and store.last_error is None
    records, _ = store.records()
    assert records == [first, second]
    assert store.close() is None


def test_retry_writes_what_was_pending_once_the_lock_is_gone(db_path):
    store = FeedbackStore(db_path)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    assert store.add(make_record(seed=1)) is False
    assert store.add(make_record(seed=2)) is False
    assert "2 drawings" in store.last_error
    assert store.retry() == 0
    other.execute("ROLLBACK")
    other.close()
    assert store.retry() == 2
    assert store.last_error is None
    assert [r.created for r in store.records()[0]] == [1_700_000_001.5, 1_700_000_002.5]
    store.close()


def _make_unwritable(path):
    """Make the database at path unwritable: read-only mode, or (as root, who
    ignores the mode) a directory where the file should be."""
    path.chmod(0o444)
    if os.access(path, os.W_OK):
        path.chmod(0o644)
        path.unlink()
        path.mkdir()


def test_a_read_only_database_loses_nothing_and_close_writes_a_rescue_file(db_path):
    FeedbackStore(db_path).close()
    _make_unwritable(db_path)
    store = FeedbackStore(db_path)
    records = [make_record(seed=1), make_record(label=0, predicted=0, target=0, seed=2)]
    assert [store.add(r) for r in records] == [False, False]
    assert store.pending == records
    assert "2 drawings" in store.last_error
    rescue = store.close()
    assert rescue is not None and rescue.parent == db_path.parent
    assert rescue.name.startswith("feedback-unsaved-") and rescue.suffix == ".jsonl"
    back = read_rescue(rescue)
    assert back == records
    assert back[0].image.tobytes() == records[0].image.tobytes()
    assert not list(db_path.parent.glob(".*.tmp"))
    if db_path.is_file():
        db_path.chmod(0o644)


def test_a_folder_that_cannot_be_created_sends_the_rescue_file_to_the_temp_dir(tmp_path, private_temp_dir):
    regular_file = tmp_path / "not-a-folder"
    regular_file.write_text("")
    store = FeedbackStore(regular_file / "feedback.db")
    assert store.last_error is not None
    assert store.add(make_record()) is False
    rescue = store.close()
    assert rescue is not None and rescue.parent == private_temp_dir
    assert read_rescue(rescue) == [make_record()]


def test_a_corrupt_database_keeps_the_correction_and_close_rescues_it(db_path):
    db_path.parent.mkdir(parents=True)
    garbage = np.random.default_rng(0).bytes(8192)
    db_path.write_bytes(garbage)
    store = FeedbackStore(db_path)
    record = make_record()
    assert store.add(record) is False
    assert "not a database" in store.last_error and str(db_path) in store.last_error
    rescue = store.close()
    assert rescue is not None and rescue.parent == db_path.parent
    assert read_rescue(rescue) == [record]
    assert db_path.read_bytes() == garbage  # the player's file is left for them to recover


def test_two_rescues_in_the_same_second_do_not_overwrite_each_other(db_path):
    db_path.parent.mkdir(parents=True)
    db_path.mkdir()
    rescues = []
    for seed in (1, 2):
        store = FeedbackStore(db_path)
        store.add(make_record(seed=seed))
        rescues.append(store.close())
    assert rescues[0] != rescues[1]
    assert [read_rescue(r)[0].created for r in rescues] == [1_700_000_001.5, 1_700_000_002.5]


@pytest.mark.parametrize(
    "column, bad_value",
    [
        ("image", b"\x00" * 100),
        ("probabilities", np.zeros(9, np.float32).tobytes()),
        ("label", 12),
        ("strokes", "[[1, 2"),
        ("image", np.full((28, 28), np.nan, np.float32).tobytes()),
    ],
)
def test_a_row_with_bad_data_is_skipped_with_a_warning_and_counted(db_path, column, bad_value):
    with FeedbackStore(db_path) as store:
        store.add(make_record(seed=1))
        store.add(make_record(seed=2))
        store.add(make_record(seed=3))
    db = sqlite3.connect(db_path)
    with db:
        db.execute(f"UPDATE feedback SET {column} = ? WHERE id = 2", (bad_value,))
    db.close()
    with FeedbackStore(db_path) as store:
        with pytest.warns(BadRowWarning, match=r"row id=2\b"):
            records, skipped = store.records()
    assert skipped == 1
    assert [r.id for r in records] == [1, 3]


def test_counts_are_given_per_digit_and_corrections_can_be_read_alone(db_path):
    with FeedbackStore(db_path) as store:
        for seed, (label, predicted) in enumerate([(7, 1), (7, 7), (3, 3), (0, 6), (7, 7)]):
            assert store.add(make_record(label=label, predicted=predicted, seed=seed))
        counts = store.counts()
        corrections, skipped = store.records(only_corrections=True)
    assert counts == {
        "total": 5,
        "corrections": 2,
        "confirmations": 3,
        "not_learned": 5,
        "per_digit": {0: 1, 1: 0, 2: 0, 3: 1, 4: 0, 5: 0, 6: 0, 7: 3, 8: 0, 9: 0},
        "wrong_per_digit": {0: 1, 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 1, 8: 0, 9: 0},
        "not_digits": 0,
    }
    assert skipped == 0
    assert [(r.label, r.predicted) for r in corrections] == [(7, 1), (0, 6)]
    assert all(r.corrected for r in corrections)


def test_rows_marked_learned_say_by_which_weights(db_path):
    with FeedbackStore(db_path) as store:
        for seed in range(3):
            store.add(make_record(label=2, predicted=5, seed=seed))
        store.mark_learned([1, 3], "v2")
        records, _ = store.records()
        assert [r.learned_version for r in records] == ["v2", None, "v2"]
        assert store.counts()["not_learned"] == 1


def test_imported_data_has_no_target(db_path):
    with FeedbackStore(db_path) as store:
        store.add(make_record(label=4, predicted=4, target=None))
        (back,), _ = store.records()
    assert back.target is None


@pytest.mark.parametrize(
    "changes, message",
    [
        (dict(label=11), "label"),  # 10 is NOT_A_DIGIT
        (dict(predicted=10), "predicted"),
        (dict(predicted=-1), "predicted"),
        (dict(target=11), "target"),
        (dict(label=2.0), "label"),
        (dict(image=np.zeros((28, 27))), "image"),
        (dict(image=np.full((28, 28), np.nan)), "image"),
        (dict(probabilities=np.full(9, 0.1)), "probabilities"),
        (dict(corrected=False), "corrected"),
        (dict(strokes=[[1, 2, 3]]), "stroke"),
        (dict(weights_version=""), "weights_version"),
    ],
)
def test_invalid_record_values_are_refused_with_a_clear_error(changes, message):
    with pytest.raises(ValueError, match=message):
        make_record(**changes)


def test_a_record_is_frozen_and_owns_its_arrays():
    image = np.zeros((28, 28), np.float32)
    record = make_record(image=image)
    image[0, 0] = 1.0
    assert record.image[0, 0] == 0.0
    with pytest.raises(AttributeError):
        record.label = 3
    with pytest.raises(ValueError):
        record.image[0, 0] = 1.0


def test_a_rescue_file_is_readable_by_the_player_alone(db_path, tmp_path, private_temp_dir):
    FeedbackStore(db_path).close()
    _make_unwritable(db_path)  # the rescue file goes beside the database
    regular_file = tmp_path / "not-a-folder"
    regular_file.write_text("")  # ... or, with no folder to write in, to the temp dir
    for store in (FeedbackStore(db_path), FeedbackStore(regular_file / "feedback.db")):
        assert store.add(make_record()) is False
        rescue = store.close()
        assert rescue is not None and rescue.stat().st_mode & 0o077 == 0, rescue
    assert {rescue.parent for rescue in [*db_path.parent.glob("feedback-unsaved-*"), *private_temp_dir.iterdir()]} == {
        db_path.parent,
        private_temp_dir,
    }

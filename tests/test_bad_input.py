"""Promises about bad input: whatever the player or a tool is given, the answer is one clear
line that says what was wrong, never a traceback, and no drawing is lost on the way."""

import json
import subprocess
import sys

import numpy as np
import pytest

from game.highscores import HighScores
from game.model import Network, save_network
from tests.helpers import (
    FIXTURE,
    REAL_MNIST,
    ROOT,
    first_player,
    make_record,
    run,
    slanted_fixture,
    started,
    wait_until,
)
from training import train


def game(*args):
    """Run `python -m game` with args; return the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-m", "game", *map(str, args)], capture_output=True, text=True, cwd=ROOT, timeout=60
    )


@pytest.mark.parametrize(
    "args,message",
    [
        (["--speed", "nan"], "--speed: must be 0 or a number from 0.1 to 1,000, not nan"),
        (["--speed", "-1"], "--speed: must be 0 or a number from 0.1 to 1,000, not -1"),
        (["--size", "800x"], "--size must look like 1180x760"),
        (["--size", "0x600"], "--size must look like 1180x760"),
        (["--rounds", "0"], "--rounds: must be a whole number from 1 to 1,000, not 0"),
    ],
)
def test_the_game_refuses_impossible_options_in_one_line(args, message):
    result = game(*args)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_an_absurd_high_score_in_the_file_is_skipped_not_a_crash(tmp_path):
    path = tmp_path / "highscores.json"
    path.write_text(
        '[{"score": 1e999, "hits": 1, "rounds": 1, "best_streak": 1, "when": 0},'
        ' {"score": 40, "hits": 1, "rounds": 1, "best_streak": 1, "when": 0}]'
    )
    assert [e.score for e in HighScores(path).entries] == [40]


@pytest.mark.parametrize(
    "script,args",
    [
        ("simulate_player.py", ["--strokes", "/nope.jsonl"]),
        ("games_to_learn.py", ["--strokes", "/nope.jsonl"]),
        ("benchmark.py", ["--strokes", "/nope.jsonl", "--mnist", "/nope"]),
        ("evaluate.py", ["--strokes", FIXTURE, "--confusion-png", "/nope/d/x.png"]),
        ("train.py", ["--out", "/nope/d/x.npz"]),
    ],
)
def test_scripts_report_missing_files_and_folders_in_one_line(script, args):
    result = run(script, *args)
    assert result.returncode == 1 and result.stderr.startswith("error:") and "Traceback" not in result.stderr


def test_training_that_diverges_saves_nothing(tmp_path, capsys):
    network = Network((784, 4, 10))
    network.params[0] = np.nan
    args = train.parse_args(["--out", str(tmp_path / "w.npz")])
    assert train.finish(network, args, {}, [], 1.0) == 1
    assert "diverged" in capsys.readouterr().err and not (tmp_path / "w.npz").exists()


def test_a_worse_network_never_replaces_the_shipped_one(tmp_path, monkeypatch):
    rng = np.random.default_rng(0)
    X, y = rng.random((60, 784)).astype(np.float32), np.arange(60) % 10
    shipped = Network((784, 32, 10), seed=1)
    shipped.fit(X, y, epochs=60, batch_size=60, lr=0.01)  # knows the validation set by heart
    save_network(shipped, tmp_path / "digits.npz")
    monkeypatch.setattr(train, "SHIPPED_WEIGHTS", tmp_path / "digits.npz")
    before = (tmp_path / "digits.npz").read_bytes()
    args = train.parse_args(["--out", str(tmp_path / "digits.npz")])
    status = train.finish(Network((784, 32, 10), seed=2), args, {"val": (X, y)}, [{"loss": 1.0, "accuracy": 0.1}], 1.0)
    assert status == 1 and (tmp_path / "digits.npz").read_bytes() == before
    assert (tmp_path / "digits.candidate.npz").is_file()
    args = train.parse_args(["--out", str(tmp_path / "digits.npz"), "--force"])
    assert (
        train.finish(Network((784, 32, 10), seed=2), args, {"val": (X, y)}, [{"loss": 1.0, "accuracy": 0.1}], 1.0) == 0
    )
    assert (tmp_path / "digits.npz").read_bytes() != before


def test_a_failed_import_says_where_the_drawings_went(tmp_path):
    data = tmp_path / "data"
    (started(data) / "feedback.db").mkdir()  # a folder where the database should be
    result = run("feedback.py", "import", FIXTURE, "--data-dir", data)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "in memory" not in result.stderr and "feedback-unsaved-" in result.stderr
    rescue = next(first_player(data).glob("feedback-unsaved-*.jsonl"))
    assert len(rescue.read_text().splitlines()) == 60
    assert json.loads(rescue.read_text().splitlines()[0])["label"] == 1


def test_a_killed_save_leaves_no_temporary_file_for_ever(tmp_path):
    import os
    import time

    from game.atomic import STALE_SECONDS, write_json

    old, recent = tmp_path / ".weights.npz.abc123.tmp", tmp_path / ".weights.npz.def456.tmp"
    for leftover in (old, recent):
        leftover.write_bytes(b"half a file")
    hours_ago = time.time() - STALE_SECONDS - 60
    os.utime(old, (hours_ago, hours_ago))
    write_json(tmp_path / "weights.npz", {"a": 1})
    assert not old.exists()  # left by a write that was killed long ago
    assert recent.exists()  # perhaps another write under way: left alone


def test_without_a_screen_the_game_says_so_instead_of_running_invisibly(tmp_path):
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run(
        [sys.executable, "-m", "game", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        env=env,
    )
    assert result.returncode == 1 and "no screen found" in result.stderr and "SDL_VIDEODRIVER=dummy" in result.stderr


def write_lines(path, *objects):
    """Write each object as one JSON line; return path."""
    path.write_text("".join(json.dumps(obj) + "\n" for obj in objects))
    return path


def test_a_huge_coordinate_is_imported_and_a_second_import_stores_nothing_twice(tmp_path):
    drawings = write_lines(
        tmp_path / "d.jsonl",
        {"label": 1, "strokes": [[[0, 0], [1.8e306, 3.0]]]},
        {"label": 7, "strokes": [[[0, 0], [10, 0], [4, 12]]]},
    )
    first = run("feedback.py", "import", drawings, "--data-dir", tmp_path / "data")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout.splitlines()[-1])["imported"] == 2
    again = json.loads(run("feedback.py", "import", drawings, "--data-dir", tmp_path / "data").stdout.splitlines()[-1])
    assert again["imported"] == 0 and again["duplicates"] == 2
    stats = json.loads(run("feedback.py", "stats", "--data-dir", tmp_path / "data").stdout.splitlines()[-1])
    assert stats["total"] == 2


@pytest.mark.slow
def test_a_drawing_of_a_million_points_is_thinned_where_it_comes_in(tmp_path):
    from game.ink import MAX_POINTS, strokes_to_image

    angles = np.linspace(0, 2 * np.pi, 1_000_000)
    ring = np.column_stack([200 + 90 * np.cos(angles), 200 + 140 * np.sin(angles)]).round(3)
    drawings = write_lines(tmp_path / "d.jsonl", {"label": 0, "strokes": [ring.tolist()]})
    result = run("feedback.py", "import", drawings, "--data-dir", tmp_path / "data")
    assert result.returncode == 0, result.stderr
    exported = run("feedback.py", "export", tmp_path / "out.jsonl", "--data-dir", tmp_path / "data")
    assert exported.returncode == 0
    stored = json.loads((tmp_path / "out.jsonl").read_text())["strokes"]
    assert len(stored[0]) <= MAX_POINTS
    # No visible change: the network sees the same 0.
    assert np.abs(strokes_to_image([np.array(stored[0])]) - strokes_to_image([ring[::500]])).max() < 0.02


def test_deeply_nested_json_is_a_bad_line_not_a_crash(tmp_path):
    drawings = tmp_path / "d.jsonl"
    drawings.write_text('{"label": 1, "strokes": ' + "[" * 100_000 + "\n")
    result = run("feedback.py", "import", drawings, "--data-dir", tmp_path / "data")
    assert result.returncode == 1 and "line 1" in result.stderr and "nested too deeply" in result.stderr


@pytest.mark.slow
def test_one_row_of_nested_brackets_does_not_block_export_or_learning(tmp_path):
    import sqlite3

    data = tmp_path / "data"
    assert run("feedback.py", "import", FIXTURE, "--data-dir", data).returncode == 0
    with sqlite3.connect(first_player(data) / "feedback.db") as db:
        db.execute("UPDATE feedback SET strokes = ? WHERE id = 1", ("[" * 100_000 + "]" * 100_000,))
    exported = run("feedback.py", "export", tmp_path / "out.jsonl", "--data-dir", data)
    assert exported.returncode == 0 and json.loads(exported.stdout.splitlines()[-1]) == {"exported": 59, "skipped": 1}
    assert "id=1 skipped" in exported.stderr and "nested too deeply" in exported.stderr
    retrained = run("retrain.py", "--data-dir", data)
    assert retrained.returncode == 0 and json.loads(retrained.stdout.splitlines()[-1])["skipped"] == 1


@pytest.mark.parametrize("kind", ["symlink", "fifo", "folder"])
def test_export_never_replaces_something_that_is_not_a_regular_file(tmp_path, kind):
    import os

    data = tmp_path / "data"
    run("feedback.py", "import", FIXTURE, "--data-dir", data)
    target, precious = tmp_path / "out.jsonl", tmp_path / "precious.txt"
    precious.write_text("keep me")
    {"symlink": lambda: target.symlink_to(precious), "fifo": lambda: os.mkfifo(target), "folder": target.mkdir}[kind]()
    result = run("feedback.py", "export", target, "--data-dir", data)
    refused = (2, "names a folder") if kind == "folder" else (1, "not a regular file")  # a folder: at the command line
    assert (result.returncode, refused[1] in result.stderr, "Traceback" in result.stderr) == (refused[0], True, False)
    assert precious.read_text() == "keep me" and (target.is_symlink() or not target.is_file())


def damaged_databases():
    """Return {name: function(path) that puts such a feedback.db at path}."""
    import shutil
    import sqlite3
    import tempfile

    def foreign(path):
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE recipes (name TEXT)")

    def newer(path):
        with sqlite3.connect(path) as db:
            db.execute("PRAGMA user_version = 99")

    def tableless(path):
        with sqlite3.connect(path) as db:
            db.execute("PRAGMA user_version = 1")

    def imported(path):
        with tempfile.TemporaryDirectory() as data:
            run("feedback.py", "import", FIXTURE, "--data-dir", data)
            shutil.copyfile(first_player(data) / "feedback.db", path)

    def truncated(path):
        imported(path)
        path.write_bytes(path.read_bytes()[:3000])

    def scribbled(path):
        imported(path)
        data = bytearray(path.read_bytes())
        page = len(data) // 2 // 4096 * 4096  # a page of drawings in the middle, written over
        data[page + 100 : page + 4000] = np.random.default_rng(0).bytes(3900)
        path.write_bytes(bytes(data))

    return {
        "foreign": foreign,
        "newer": newer,
        "tableless": tableless,
        "truncated": truncated,
        "scribbled": scribbled,
        "garbage": lambda p: p.write_bytes(np.random.default_rng(1).bytes(9000)),
        "folder": lambda p: p.mkdir(),
    }


@pytest.mark.parametrize("kind", list(damaged_databases()))
def test_a_database_that_is_not_sound_gets_one_line_from_every_tool(tmp_path, kind):
    data = tmp_path / "data"
    folder = started(data)
    damaged_databases()[kind](folder / "feedback.db")
    before = sorted(p.name for p in folder.iterdir())
    for script, args in [
        ("feedback.py", ["stats"]),
        ("feedback.py", ["export", tmp_path / "o.jsonl"]),
        ("retrain.py", []),
    ]:
        result = run(script, *args, "--data-dir", data)
        assert result.returncode == 1, (script, result.stdout)
        assert result.stderr.startswith("error: cannot read") and "Traceback" not in result.stderr
    assert sorted(p.name for p in folder.iterdir() if p.name != "weights") == before


def test_a_foreign_database_is_never_stamped_as_ours(tmp_path):
    import sqlite3

    path = tmp_path / "feedback.db"
    damaged_databases()["foreign"](path)
    from game.feedback import FeedbackStore

    store = FeedbackStore(path)
    assert "not a Digit Dash feedback database" in store.last_error
    store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 0
        assert [n for (n,) in db.execute("SELECT name FROM sqlite_master")] == ["recipes"]


def test_the_game_never_says_saved_into_a_damaged_database(tmp_path):
    from game.feedback import FeedbackStore

    path = tmp_path / "data" / "feedback.db"
    path.parent.mkdir()
    damaged_databases()["scribbled"](path)
    damaged = path.read_bytes()
    store = FeedbackStore(path)
    assert store.add(make_record()) is False and "the file is damaged" in store.last_error
    rescue = store.close()
    assert path.read_bytes() == damaged  # left as it is, for whoever can repair it
    assert rescue is not None and rescue.read_text().count("\n") == 1


def test_a_database_locked_by_another_program_gets_one_line(tmp_path):
    import sqlite3

    data = tmp_path / "data"
    run("feedback.py", "import", FIXTURE, "--data-dir", data)
    holder = sqlite3.connect(first_player(data) / "feedback.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = run("feedback.py", "stats", "--data-dir", data)
        assert result.returncode == 1 and "locked" in result.stderr and "Traceback" not in result.stderr
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_two_copies_of_the_game_on_one_data_dir_keep_both_scores(tmp_path):
    first, second = HighScores(tmp_path / "highscores.json"), HighScores(tmp_path / "highscores.json")
    assert first.add(120, 5, 10, 3) == 0
    assert second.add(90, 4, 10, 2) == 1  # second read the file before first saved
    assert [e.score for e in HighScores(tmp_path / "highscores.json").entries] == [120, 90]
    assert [e.score for e in second.entries] == [120, 90]


def test_a_score_that_cannot_be_saved_is_still_shown_and_says_why(tmp_path):
    folder = tmp_path / "scores"
    folder.write_text("a file where the folder should be")
    table = HighScores(folder / "highscores.json")
    assert table.add(50, 2, 10, 1) == 0 and table.best == 50 and "not saved" in table.error


def test_a_background_retrain_that_writes_megabytes_of_progress_still_finishes(tmp_path):
    from game.learning.background import BackgroundRetrain

    chatty = (
        "import sys; sys.stderr.write('#' * 2_000_000); sys.stdout.write('x' * 500_000 + '\\n{\"promoted\": true}\\n')"
    )
    job = BackgroundRetrain(tmp_path, command=[sys.executable, "-c", chatty])
    wait_until(lambda: not job.running, "a chatty learning process to end", 60)
    assert job.poll().promoted and job.poll().error is None


@pytest.mark.parametrize(
    "args,message",
    [
        (["--epochs", "0"], "--epochs: must be a whole number from 1 to 100, not 0"),
        (["--epochs", "-3"], "--epochs: must be a whole number from 1 to 100, not -3"),
        (["--lr", "nan", "--force"], "--lr must be a number"),
        (["--replay-ratio", "nan"], "--replay-ratio must be"),
        (["--seed", "-1"], "--seed: must be a whole number from 0 to 4,294,967,295, not -1"),
    ],
)
def test_retrain_refuses_options_that_cannot_learn(tmp_path, args, message):
    result = run("retrain.py", "--data-dir", tmp_path, *args)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_when_the_disk_fills_after_a_promotion_retrain_still_says_what_happened(tmp_path, monkeypatch, capsys):
    from game.feedback import FeedbackStore
    from training import retrain

    data = tmp_path / "data"
    run("feedback.py", "import", slanted_fixture(tmp_path), "--data-dir", data)

    def disk_full(self, ids, version):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FeedbackStore, "mark_learned", disk_full)
    assert retrain.main(["--data-dir", str(data)]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["promoted"] and result["version"] == "v1" and "could not be marked" in result["warning"]


@pytest.mark.parametrize(
    "script,args,message",
    [
        ("evaluate.py", ["--strokes", FIXTURE, "--numbers", "1000"], "--numbers needs a number of digits from 1 to 4"),
        ("evaluate.py", ["--strokes", FIXTURE, "--numbers", "1000000000"], "from 1 to 4"),
        ("evaluate.py", ["--mnist", "/nope", "--part", "new-writers"], "goes with --strokes, not --mnist"),
        ("simulate_player.py", ["--strokes", FIXTURE, "--slant", "nan"], "--slant: must be a number from -3 to 3"),
        ("simulate_player.py", ["--strokes", FIXTURE, "--each-writer", "--played", "1e9"], "from 1 to 100,000"),
        ("games_to_learn.py", ["--strokes", FIXTURE, "--games", "1"], "--games: must be a whole number from 2"),
        ("games_to_learn.py", ["--strokes", FIXTURE, "--rounds", "10000000000"], "--rounds: must be a whole"),
        ("games_to_learn.py", ["--strokes", FIXTURE, "--slant", "nan"], "--slant: must be a number from -3 to 3"),
        ("train.py", ["--weight-decay", "-5"], "--weight-decay must be"),
        ("benchmark.py", ["--epochs", "0"], "--epochs: must be a whole number from 1 to 100"),
        ("game_speed.py", ["--seconds", "nan"], "--seconds must be"),
        ("game_speed.py", ["--seconds", "-5"], "--seconds must be"),
        ("make_replay.py", ["--gate-per-class", "0"], "--gate-per-class must be at least 1"),
        ("make_replay.py", ["--replay-per-class", "-3"], "--replay-per-class must be at least 1"),
    ],
)
def test_the_tools_refuse_impossible_options_in_one_line(script, args, message):
    result = run(script, *args)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_a_part_without_drawings_is_an_error_not_a_score_of_nothing(tmp_path):
    no_writers = tmp_path / "d.jsonl"
    no_writers.write_text("".join(line for line in FIXTURE.read_text().splitlines(keepends=True)[:3]))
    result = run("evaluate.py", "--strokes", no_writers, "--part", "holdout")
    assert result.returncode == 1 and "no drawings in part 'holdout'" in result.stderr, result.stderr


@pytest.mark.skipif(not REAL_MNIST.is_dir(), reason="needs MNIST in ../shared/mnist/")
@pytest.mark.parametrize(
    "args,message",
    [
        (["--replay-per-class", "100000"], "fewer than the 100000 per digit"),
        (["--strokes", "/nope.jsonl"], "/nope.jsonl"),
        (["--out", "/nope/d/replay.npz"], "no folder /nope/d"),
    ],
)
def test_making_the_replay_slice_reports_odd_counts_and_paths_in_one_line(tmp_path, args, message):
    result = run("make_replay.py", "--mnist", REAL_MNIST, "--out", tmp_path / "replay.npz", *args)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("player", ["Sam", None])
def test_a_data_dir_that_is_a_file_is_one_line_for_the_game_and_the_tools(tmp_path, player):
    data = tmp_path / "a-file"
    data.write_text("not a folder")
    chosen = ["--player", player] if player else []
    tool = run("feedback.py", "stats", "--data-dir", data, *chosen)
    played = game("--data-dir", data, *chosen)
    for result in (tool, played):
        assert result.returncode in (1, 2) and "Traceback" not in result.stderr, result.stderr


def test_every_file_a_person_can_edit_is_read_field_by_field(tmp_path):
    from game.atomic import json_field
    from game.history import GameHistory
    from game.settings import Settings

    (tmp_path / "settings.json").write_text('{"volume": true, "round_time": 12, "sound": "yes", "palette": 5}')
    settings = Settings.load(tmp_path / "settings.json")
    assert (settings.volume, settings.round_time, settings.sound, settings.palette) == (80, 12.0, True, "standard")
    (tmp_path / "history.json").write_text(
        '[{"ended": 1, "rounds": 10, "read_right": 11, "version": "v1"},'
        ' {"ended": "soon", "rounds": 10, "read_right": 1, "version": "v1"},'
        ' {"ended": 2, "rounds": 10, "read_right": 7, "version": "v2"}]'
    )
    assert [(g.read_right, g.version) for g in GameHistory(tmp_path / "history.json").games] == [(7, "v2")]
    (tmp_path / "scores.json").write_text(
        '[{"score": 90, "hits": 12, "rounds": 10, "best_streak": 1, "when": 0},'
        ' {"score": true, "hits": 1, "rounds": 1, "best_streak": 1, "when": 0},'
        ' {"score": 40, "hits": 1, "rounds": 1, "best_streak": 1, "when": 0, "name": ["x"]}]'
    )
    assert [(e.score, e.name) for e in HighScores(tmp_path / "scores.json").entries] == [(40, "")]
    assert [json_field({"n": v}, "n", int, 0, 9) for v in (3, 3.0, True, -1, 10, "3", None)] == [3] + [None] * 6

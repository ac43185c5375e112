"""Promises about the paths a person types: an empty one never means the current folder
without a word, and an option that names a file to write never writes beside a folder it is
given. Every command refuses them in one line with exit status 2, and writes nothing."""

import importlib
import os
import subprocess
import sys

import pytest

from tests.helpers import FIXTURE, HEADLESS, ROOT

EMPTY = "{empty}"
FOLDER = "{folder}"
FILE = "{file}"
DRAWINGS = "{drawings}"  # the fixture's drawings

EMPTY_PATHS = [  # (command, its arguments with EMPTY where a path goes)
    ("game", ["--data-dir", EMPTY]),
    ("game", ["--weights", EMPTY]),
    ("game", ["--autoplay", EMPTY]),
    ("game.learning", ["--data-dir", EMPTY]),
    ("game.learning", ["--player-dir", EMPTY]),
    ("game.learning", ["--player-dir", FOLDER, "--mnist", EMPTY]),
    ("benchmark", ["--mnist", EMPTY]),
    ("benchmark", ["--strokes", EMPTY]),
    ("benchmark", ["--weights", EMPTY]),
    ("evaluate", ["--strokes", DRAWINGS, "--data-dir", EMPTY]),
    ("evaluate", ["--strokes", DRAWINGS, "--weights", EMPTY]),
    ("evaluate", ["--strokes", DRAWINGS, "--confusion-png", EMPTY]),
    ("evaluate", ["--strokes", EMPTY]),
    ("evaluate", ["--mnist", EMPTY]),
    ("explain", ["--out", EMPTY]),
    ("explain", ["--mnist", EMPTY]),
    ("feedback", ["stats", "--data-dir", EMPTY]),
    ("feedback", ["import", EMPTY, "--data-dir", FOLDER]),
    ("feedback", ["export", EMPTY, "--data-dir", FOLDER]),
    ("game_speed", ["--weights", EMPTY]),
    ("game_speed", ["--strokes", EMPTY]),
    ("games_to_learn", ["--strokes", EMPTY]),
    ("games_to_learn", ["--strokes", DRAWINGS, "--weights", EMPTY]),
    ("lab", ["--mnist", EMPTY, "--strokes", DRAWINGS]),
    ("lab", ["--mnist", FOLDER, "--strokes", EMPTY]),
    ("lab", ["--mnist", FOLDER, "--strokes", DRAWINGS, "--weights", EMPTY]),
    ("make_replay", ["--mnist", EMPTY]),
    ("make_replay", ["--strokes", EMPTY]),
    ("make_replay", ["--out", EMPTY]),
    ("simulate_player", ["--strokes", EMPTY]),
    ("simulate_player", ["--strokes", DRAWINGS, "--weights", EMPTY]),
    ("simulate_player", ["--strokes", DRAWINGS, "--mnist", EMPTY]),
    ("train", ["--mnist", EMPTY]),
    ("train", ["--strokes", EMPTY]),
    ("train", ["--out", EMPTY]),
    ("train", ["--strokes", DRAWINGS, "--show-augmentation", EMPTY]),
    ("game.playground", ["list", "--data-dir", EMPTY]),
    ("game.playground", ["train", "x", "--player-dir", EMPTY]),
    ("game.playground", ["train", "x", "--data-dir", FOLDER, "--mnist", EMPTY]),
    ("game.playground", ["export", "x", "--data-dir", FOLDER, "--out", EMPTY]),
    ("game.playground", ["import", EMPTY, "--data-dir", FOLDER]),
]

FOLDERS_FOR_FILES = [  # (command, its arguments with FOLDER where a file to write goes)
    ("evaluate", ["--strokes", DRAWINGS, "--confusion-png", FOLDER]),
    ("feedback", ["export", FOLDER, "--data-dir", FOLDER + "/data"]),  # no data folder made either
    ("make_replay", ["--out", FOLDER]),
    ("train", ["--out", FOLDER]),
    ("train", ["--out", FOLDER + "/new/"]),  # a folder by its name, made by nobody yet
    ("train", ["--strokes", DRAWINGS, "--show-augmentation", FOLDER]),
    ("explain", ["--out", FILE]),  # and a folder to write in, given a file
    ("game", ["--data-dir", FILE]),
    ("game.learning", ["--player-dir", FILE]),
    ("game.playground", ["export", "x", "--out", FOLDER, "--data-dir", FOLDER + "/data"]),
    ("game.playground", ["list", "--data-dir", FILE]),
]


def parse_args_of(command):
    """Return the parse_args(argv) of a command: the game, its learning session, or a tool."""
    games = {"game": "game.__main__", "game.learning": "game.learning.__main__"}
    name = {**games, "game.playground": "game.playground.__main__"}.get(command, f"training.{command}")
    return importlib.import_module(name).parse_args


def _argv(args, folder, file):
    """Return args with the placeholders filled: "", a folder that exists, a file that exists,
    the fixture's drawings."""
    fill = {EMPTY: "", FOLDER: str(folder), FILE: str(file), DRAWINGS: str(FIXTURE)}
    return [str(fill.get(str(a), str(a).replace(FOLDER, str(folder)))) for a in args]


def _refused(command, args, tmp_path, monkeypatch, capsys):
    """Parse args as `command` does, from an empty current folder; return its one error line,
    once sure it ended with status 2 and wrote nothing anywhere (here, or beside the folder)."""
    here, folder, file = tmp_path / "here", tmp_path / "folder", tmp_path / "file.txt"
    here.mkdir(), folder.mkdir(), file.write_text("a file")
    monkeypatch.chdir(here)
    with pytest.raises(SystemExit) as ended:
        parse_args_of(command)(_argv(args, folder, file))
    err = capsys.readouterr().err
    assert ended.value.code == 2, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt", "folder", "here"]
    assert not any(here.iterdir()) and not any(folder.iterdir())
    lines = err.strip().splitlines()
    assert "Traceback" not in err and lines[-1].count("error:") == 1
    return lines[-1]


@pytest.mark.parametrize("command,args", EMPTY_PATHS, ids=lambda x: x if isinstance(x, str) else " ".join(x))
def test_an_empty_path_is_one_line_and_never_the_current_folder(command, args, tmp_path, monkeypatch, capsys):
    line = _refused(command, args, tmp_path, monkeypatch, capsys)
    option = next((a for a, b in zip(args, args[1:]) if b == EMPTY and a.startswith("--")), "file")
    assert option in line and "empty path" in line


@pytest.mark.parametrize("command,args", FOLDERS_FOR_FILES, ids=lambda x: x if isinstance(x, str) else " ".join(x))
def test_a_file_to_write_given_a_folder_is_one_line_and_writes_nothing(command, args, tmp_path, monkeypatch, capsys):
    line = _refused(command, args, tmp_path, monkeypatch, capsys)
    assert "folder" in line


def _run(command, *args, cwd):
    """Run a command as a user does, from folder cwd; return the CompletedProcess."""
    program = ["-m", command] if command.startswith("game") else [str(ROOT / "training" / f"{command}.py")]
    env = {**os.environ, **HEADLESS, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, *program, *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_a_confusion_png_given_a_folder_writes_nothing_beside_it(tmp_path):
    folder = tmp_path / "pictures"
    folder.mkdir()
    result = _run("evaluate", "--strokes", FIXTURE, "--confusion-png", folder, cwd=tmp_path)
    assert result.returncode == 2 and "names a folder" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["pictures"] and not any(folder.iterdir())


def test_a_learning_session_told_an_empty_player_folder_learns_nowhere(tmp_path):
    result = _run("game.learning", "--player-dir", "", cwd=tmp_path)
    assert result.returncode == 2 and "--player-dir" in result.stderr and "empty path" in result.stderr
    assert not any(tmp_path.iterdir())

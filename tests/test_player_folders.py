"""Promises of every player's folder: each player, the first included, has a folder of their own
under players/; a data directory from before that moves its first player's files there on
first start, and a start killed at any moment of the move loses nothing (the next one ends
it); deleting a player deletes the files the game wrote for them and nothing else."""

import json

import pytest

from game import migration, player_list
from game.players import FIRST, Players, folder_of

GAME_FILES = {  # what the game writes for a player, relative to their folder: content
    "feedback.db": b"drawings",
    "feedback.db-journal": b"a write the game was killed in",
    "feedback-unsaved-20260101-120000.jsonl": b'{"label": 3}\n',
    "settings.json": b'{"mode": "time"}',
    "history.json": b"[]",
    "highscores.json": b"[]",
    "highscores-time.json": b"[]",
    "highscores-daily-20260101.json": b"[]",
    "weights/v1.npz": b"version 1",
    "weights/v1.json": b"{}",
    "weights/active.json": b'{"active": 1, "last": 1}',
    "cache/features-0123456789abcdef0123.npz": b"features",
}
LOCKS = ("history.json.lock", "highscores.json.lock", "weights/.lock", ".history.json.abc12345.tmp")
USERS_FILES = {  # what a person put beside them: the game never made these
    "feedback.db.bak": b"a backup",
    "feedback.db-backup-2024": b"another",
    "settings.json.orig": b"{}",
    "highscores_2023_printout.txt": b"Ada 120",
    "history.json~": b"[]",
    "notes.txt": b"mine",
    "weights/my_own_model.npz": b"my model",
    "cache/README.txt": b"do not delete",
}


def put(folder, files):
    """Write files ({relative path: bytes}) under folder; return folder."""
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    return folder


def contents(folder, names):
    """Return {name: bytes} of those of names that are files under folder."""
    return {name: (folder / name).read_bytes() for name in names if (folder / name).is_file()}


def old_data_directory(root, players_json=None):
    """Make root a data directory from before the first player had a folder: their files at its
    top, a person's files beside them; return root."""
    put(root, GAME_FILES)
    put(root, USERS_FILES)
    put(root, dict.fromkeys(LOCKS, b""))
    if players_json is not None:
        (root / "players.json").write_text(json.dumps(players_json))
    return root


def test_a_new_data_directory_gives_the_first_player_a_folder_of_their_own(tmp_path):
    players = Players(tmp_path / "data")
    assert players.names() == [FIRST] and players.folder() == tmp_path / "data" / "players" / "player-1"
    assert players.select() == players.folder() and players.folder().is_dir()
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["players", "players.json", "players.json.lock"]
    players.close()


def test_a_tool_used_before_the_game_ever_ran_fills_the_first_players_folder(tmp_path):
    (folder_of(tmp_path) / "feedback.db").parent.mkdir(parents=True)
    (folder_of(tmp_path) / "feedback.db").write_bytes(b"imported")  # feedback.py import, say
    players = Players(tmp_path)  # no players.json yet: found again from the folder, under the same name
    assert players.names() == [FIRST] and players.folder() == tmp_path / "players" / "player-1"


def test_an_existing_data_directory_moves_into_the_first_players_folder_and_loses_nothing(tmp_path):
    root = old_data_directory(tmp_path / "data")
    players = Players(root)
    first = root / "players" / "player-1"
    assert players.names() == [FIRST] and players.folder() == first and players.warning is None
    assert contents(first, GAME_FILES) == GAME_FILES  # every file the game wrote, as it was
    assert contents(root, USERS_FILES) == USERS_FILES  # a person's files stay where they put them
    assert contents(root, GAME_FILES) == {} and not any((root / name).exists() for name in LOCKS)
    assert sorted(p.name for p in root.iterdir() if p.name not in USERS_FILES) == sorted(
        ["players", "players.json", "players.json.lock", "weights", "cache"]  # weights/, cache/: the person's files
    )
    assert Players(root).folder() == first and contents(first, GAME_FILES) == GAME_FILES  # moved once


def test_a_first_player_renamed_before_the_move_keeps_name_and_place_in_the_list(tmp_path):
    listed = [{"name": "Ada", "folder": ""}, {"name": "Sam", "folder": "players/sam"}]
    root = old_data_directory(tmp_path / "data", {"players": listed, "current": "Ada"})
    put(root / "players" / "sam", {"feedback.db": b"Sam's"})
    players = Players(root)
    assert players.names() == ["Ada", "Sam"] and players.current == "Ada"
    ada = root / "players" / "ada"
    assert players.folder("Ada") == ada and contents(ada, GAME_FILES) == GAME_FILES
    assert (root / "players" / "sam" / "feedback.db").read_bytes() == b"Sam's"


class Killed(BaseException):
    """The game killed at this point (a BaseException: nothing may catch it)."""


def kill_at(monkeypatch, module, function, after_calls):
    """Make module.<function> kill the start on its call number after_calls + 1."""
    real, calls = getattr(module, function), []

    def dying(*args, **kwargs):
        calls.append(args)
        if len(calls) > after_calls:
            raise Killed(function)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, function, dying)


@pytest.mark.parametrize(
    "module, function, after_calls",
    [
        (migration, "_copy_file", 0),  # before anything is copied
        (migration, "_copy_file", 5),  # half way through the copy
        (migration, "_commit", 0),  # copied, before the copy becomes the player's folder
        (player_list, "write", 0),  # the folder is theirs, before players.json says so
        (migration, "_remove_original", 0),  # players.json says so, before the files at the top go
        (migration, "_remove_original", 4),  # half way through removing them
    ],
)
def test_a_move_killed_at_any_moment_loses_nothing_and_the_next_start_ends_it(
    tmp_path, monkeypatch, module, function, after_calls
):
    listed = [{"name": "Ada", "folder": ""}, {"name": "Sam", "folder": "players/sam"}]
    root = old_data_directory(tmp_path / "data", {"players": listed, "current": "Ada"})
    put(root / "players" / "sam", {"feedback.db": b"Sam's"})
    kill_at(monkeypatch, module, function, after_calls)
    with pytest.raises(Killed):
        Players(root)
    monkeypatch.undo()
    for name, content in GAME_FILES.items():  # every file is somewhere, whole
        found = [p.read_bytes() for p in [root / name, *(root / "players").glob(f"*/{name}")] if p.is_file()]
        assert content in found, name
    players = Players(root)  # the next start
    ada = root / "players" / "ada"
    assert players.names() == ["Ada", "Sam"] and players.folder("Ada") == ada
    assert contents(ada, GAME_FILES) == GAME_FILES and contents(root, GAME_FILES) == {}
    assert contents(root, USERS_FILES) == USERS_FILES
    assert (root / "players" / "sam" / "feedback.db").read_bytes() == b"Sam's"
    assert sorted(p.name for p in (root / "players").iterdir()) == ["ada", "sam"]  # no half copy left behind
    assert not (ada / migration.MARK).exists()


def test_deleting_the_first_player_deletes_none_of_the_files_the_game_never_made(tmp_path):
    root = old_data_directory(tmp_path / "data")
    players = Players(root)
    players.add("Sam")
    players.delete(FIRST)
    assert contents(root, USERS_FILES) == USERS_FILES
    assert contents(root, GAME_FILES) == {} and not (root / "players" / "player-1").exists()
    assert players.names() == ["Sam"]


def test_deleting_a_player_deletes_the_files_the_game_wrote_and_leaves_the_rest_saying_so(tmp_path):
    players = Players(tmp_path)
    players.add("Sam")
    sam = put(players.folder("Sam"), GAME_FILES)
    put(sam, dict.fromkeys(LOCKS, b""))
    put(sam, {"notes.txt": b"mine", "weights/my_own_model.npz": b"my model", "cache/README.txt": b"keep"})
    note = players.delete("Sam")
    assert contents(sam, GAME_FILES) == {} and not any((sam / name).exists() for name in LOCKS)
    kept = {"notes.txt": b"mine", "weights/my_own_model.npz": b"my model", "cache/README.txt": b"keep"}
    assert contents(sam, kept) == kept and players.names() == [FIRST]
    assert "3 files" in note and str(sam) in note  # the player is told what was left, and where
    assert Players(tmp_path).names() == [FIRST]  # the folder left is no player found again


def test_deleting_a_player_with_only_the_games_files_leaves_no_folder(tmp_path):
    players = Players(tmp_path)
    players.add("Sam")
    sam = put(players.folder("Sam"), GAME_FILES)
    assert players.delete("Sam") is None and not sam.exists()

"""Promises about files that are not what they seem, and numbers nobody can use: a FIFO, a
device or a folder where a player's file belongs, a file of hundreds of megabytes, JSON nested
thousands deep, a whole number of 400 digits, a date in the year three billion, a count of a
billion epochs. Every file is read by one reader that never waits, never fills the memory and
never recurses without end; one odd value costs that value alone; a count out of its range is
one line; an autoplay that cannot go on says so and ends."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from game.atomic import Date, json_field
from game.feedback import FeedbackStore
from game.highscores import HighScores
from game.history import GameHistory
from game.learning import feature_cache
from game.lineage import Lineage
from game.model import Network, save_network
from game.paths import SHIPPED_WEIGHTS
from game.player_list import read as read_players
from game.players import Players
from game.playground.saved import SavedNetworks
from game.profile import PlayerFiles
from game.settings import Settings
from game.weights_store import WeightsStore
from tests.helpers import FIXTURE, HEADLESS, ROOT, SAMPLES, Player, last_json, make_record, started
from tests.test_path_options import parse_args_of

CHILD_SECONDS = 120  # a child reading a few files on a busy 2-core machine, with room to spare
POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/zero are POSIX's")
HUGE = "9" * 400  # a whole number no float holds
NESTED = "[" * 2000  # what json recurses on until RecursionError


def in_a_child(command, what, timeout=CHILD_SECONDS):
    """Run command (a list, or Python code) headless from the checkout; return the finished
    process. Fail loudly, saying what was awaited, if it has not ended within timeout seconds:
    it blocked."""
    command = [sys.executable, "-c", command] if isinstance(command, str) else command
    env = {**os.environ, **HEADLESS}
    try:
        return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=timeout)
    except subprocess.TimeoutExpired as stuck:
        printed = (stuck.stdout or b"").decode(errors="replace").split() or "nothing"
        raise AssertionError(f"waited {timeout} s for {what}, in vain: it blocked (it had printed {printed})") from None


# ------------------------------------------------------------------ files that are not files


def _cache_path(root, folder):
    """Return the file a session's feature cache would read for _cache_inputs()."""
    network, X = _cache_inputs()
    key = feature_cache._key(1, network.parameters_before(1), X)
    return folder / "cache" / f"features-{key[:20]}.npz"


def _cache_inputs():
    """Return (a small network, 20 images (20, 784)) whose features a session would cache."""
    return Network((784, 8, 10), seed=1), np.random.default_rng(0).random((20, 784), dtype=np.float32)


def _features(root, folder):
    """Return True if the feature cache gives what the network computes (its file set aside)."""
    network, X = _cache_inputs()
    return np.array_equal(feature_cache.head_inputs(network, 1, X, folder / "cache"), network.features(X, 1))


READERS = {  # a player's file: (where it is, how the game reads it, what it reads when there is nothing)
    "settings.json": (None, lambda root, folder: Settings.load(folder / "settings.json"), Settings()),
    "history.json": (None, lambda root, folder: GameHistory(folder / "history.json").games, []),
    "highscores.json": (None, lambda root, folder: HighScores(folder / "highscores.json").entries, []),
    "weights/active.json": (None, lambda root, folder: WeightsStore(folder / "weights").active()[0], None),
    "weights/v1.json": (None, lambda root, folder: WeightsStore(folder / "weights").metrics(1)["new"], None),
    "players.json": (
        lambda root, folder: root / "players.json",
        lambda root, folder: [e["folder"] for e in read_players(root)[0]],
        ["players/player-1"],
    ),
    "networks/mine.learned/learned.json": (
        None,
        lambda root, folder: Lineage(PlayerFiles(folder), "mine").learned_through(),
        0,
    ),
    "networks/mine.npz": (None, lambda root, folder: SavedNetworks(folder / "networks").cards(), []),
    "cache/features-KEY.npz": (_cache_path, _features, True),
}
HOSTILE = {  # what is put where the file belongs
    "fifo": os.mkfifo if hasattr(os, "mkfifo") else None,
    "device": lambda path: os.symlink("/dev/zero", path),
    "folder": os.mkdir,
}


def hostile_read(name, base):
    """(Run in a child.) Put a FIFO, a link to /dev/zero and a folder in turn where the player's
    file `name` goes, read it as the game does, and print what was read as nothing."""
    where, read, nothing = READERS[name]
    for kind, make in HOSTILE.items():
        root = Path(base) / kind
        folder = started(root)
        path = where(root, folder) if where else folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        make(path)
        assert read(root, folder) == nothing, f"{kind} as {name}"
        print(kind, flush=True)


@POSIX
@pytest.mark.parametrize("name", READERS)
def test_a_fifo_a_device_or_a_folder_in_place_of_a_players_file_reads_as_nothing_at_once(tmp_path, name):
    code = f"from tests.test_hostile_files import hostile_read; hostile_read({name!r}, {str(tmp_path)!r})"
    done = in_a_child(code, f"the game to read a FIFO, /dev/zero and a folder as its {name}")
    assert done.returncode == 0 and done.stdout.split() == list(HOSTILE), done.stderr


@POSIX
def test_a_learning_session_never_waits_on_a_fifo_while_it_holds_the_weights_lock(tmp_path):
    folder = started(tmp_path / "data")
    with FeedbackStore(folder / "feedback.db") as store:
        store.add(make_record())  # a drawing to learn: the session reads the weights
    (folder / "weights").mkdir()
    os.mkfifo(folder / "weights" / "active.json")
    command = [sys.executable, "-m", "game.learning", "--player-dir", str(folder)]
    done = in_a_child(command, "a learning session given a FIFO as weights/active.json")
    assert done.returncode == 0 and "a FIFO, not a regular file" in done.stderr, done.stderr
    [aside] = (folder / "weights").glob("active.json.damaged-*")
    assert stat.S_ISFIFO(aside.lstat().st_mode)  # kept aside as it was, for whoever wants to look
    with WeightsStore(folder / "weights").lock():  # and the lock was given back
        pass


@POSIX
@pytest.mark.slow
def test_the_game_plays_and_learns_though_its_files_are_fifos(tmp_path):
    data = tmp_path / "data"
    folder = started(data)
    (folder / "weights").mkdir()
    for name in ("settings.json", "history.json", "highscores.json", "weights/active.json"):
        os.mkfifo(folder / name)
    command = [sys.executable, "-m", "game", "--autoplay", str(FIXTURE), "--rounds", "1", "--speed", "0"]
    done = in_a_child([*command, "--data-dir", str(data)], "a game whose files are FIFOs", timeout=600)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert last_json(done.stdout)["rounds"] == 1 and list(folder.glob("history.json.damaged-*"))
    assert GameHistory(folder / "history.json").games  # the game was noted in a new history


def hostile_move(base):
    """(Run in a child that may write no file over 10 MB: a copy of /dev/zero ends it.) Make base
    a data directory from before every player had a folder, a FIFO as its settings.json and a
    link to /dev/zero as its weights/active.json; start twice; print the players each time and
    the files of the first player's folder."""
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (10 * 1024**2, 10 * 1024**2))
    root = Path(base)
    (root / "weights").mkdir(parents=True)
    (root / "history.json").write_text('[{"ended": 1700000000, "rounds": 10, "read_right": 7, "version": "v1"}]')
    os.mkfifo(root / "settings.json")
    os.symlink("/dev/zero", root / "weights" / "active.json")
    for _ in range(2):
        players = Players(root)
        print(json.dumps(players.names()), flush=True)
        players.close()
    print(json.dumps(sorted(p.name for p in players.folder().iterdir())))


@POSIX
def test_a_data_directory_from_before_moves_once_though_a_fifo_and_a_device_stand_for_files(tmp_path):
    code = f"from tests.test_hostile_files import hostile_move; hostile_move({str(tmp_path / 'data')!r})"
    done = in_a_child(code, "a data directory from before, holding a FIFO and a device, to move")
    assert done.returncode == 0, done.stderr
    assert [json.loads(line) for line in done.stdout.splitlines()] == [["Player 1"], ["Player 1"], ["history.json"]]
    assert stat.S_ISFIFO((tmp_path / "data" / "settings.json").lstat().st_mode)  # not the game's: it stays


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss counts KiB on Linux")
def test_a_history_of_hundreds_of_megabytes_is_refused_unread(tmp_path):
    path = tmp_path / "history.json"
    with open(path, "wb") as f:
        f.truncate(256 * 1024**2)  # sparse: no room taken on the disk
    code = (
        "import resource; from game.history import GameHistory; "
        "size = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; "
        f"before = size(); games = GameHistory({str(path)!r}).games; print(len(games), size() - before)"
    )
    done = in_a_child(code, "a history of 256 MB to be read")
    games, grown_kib = map(int, done.stdout.split())
    assert games == 0 and grown_kib < 64 * 1024, f"the game grew by {grown_kib // 1024} MB reading it"


# ------------------------------------------------------------------ JSON nested thousands deep


def test_a_history_nested_thousands_deep_is_kept_aside_saying_why_in_words(tmp_path):
    path = tmp_path / "history.json"
    path.write_text(NESTED)
    note = GameHistory(path).add(10, 7, "v2")
    assert "nested over 64 levels deep" in note and [g.rounds for g in GameHistory(path).games] == [10]


def test_a_players_list_nested_thousands_deep_is_found_again_saying_why_in_words(tmp_path):
    started(tmp_path)
    (tmp_path / "players.json").write_text('{"players": ' + NESTED)
    entries, _, warning = read_players(tmp_path)
    assert [e["folder"] for e in entries] == ["players/player-1"] and "nested over 64 levels" in warning


def keep_nested(folder, name):
    """Keep a network called name in folder whose card nests 2,000 deep (no save makes one)."""
    path = folder / "networks" / f"{name}.npz"
    path.parent.mkdir(parents=True, exist_ok=True)
    network = Network((784, 8, 10), seed=1)
    network.metadata = {"playground": {"name": name, "deep": "HOLE"}}
    save_network(network, path)
    with np.load(path) as saved:
        arrays = {key: saved[key] for key in saved.files}
    text = arrays["metadata"].tobytes().decode().replace('"HOLE"', NESTED + "]" * 2000)
    arrays["metadata"] = np.frombuffer(text.encode(), dtype=np.uint8)
    np.savez(path, **arrays)


def test_a_kept_network_whose_card_nests_thousands_deep_is_left_out_of_the_networks_page(tmp_path):
    keep_nested(started(tmp_path / "data"), "deep")
    player = Player(tmp_path / "data")
    try:
        player.app.scene.finish("page", page="networks")
        player.frames(3)
        assert "deep" not in [card["name"] for card in player.scene.cards]
    finally:
        player.close()
    listed = in_a_child([sys.executable, "-m", "game.playground", "list", "--data-dir", str(tmp_path / "data")], "list")
    assert listed.returncode == 0 and json.loads(listed.stdout)["networks"] == [], listed.stderr


# ------------------------------------------------------------------ numbers no float holds, far dates


HUGE_VALUES = [  # (file, its text with one value of 400 digits, how the game reads it, what it reads)
    ("settings.json", f'{{"volume": {HUGE}, "sound": false}}', lambda p: Settings.load(p).sound, False),
    ("settings.json", f'{{"round_time": {HUGE}, "volume": 40}}', lambda p: Settings.load(p).volume, 40),
    (
        "history.json",
        f'[{{"ended": {HUGE}, "rounds": 10, "read_right": 1, "version": "v1"}},'
        f' {{"ended": 1, "rounds": {HUGE}, "read_right": 1, "version": "v1"}},'
        ' {"ended": 2, "rounds": 10, "read_right": 7, "version": "v1"}]',
        lambda p: [g.ended for g in GameHistory(p).games],
        [2.0],
    ),
    (
        "highscores.json",
        f'[{{"score": {HUGE}, "hits": 1, "rounds": 1, "best_streak": 1, "when": 0}},'
        f' {{"score": 40, "hits": 1, "rounds": 1, "best_streak": 1, "when": {HUGE}}},'
        ' {"score": 30, "hits": 1, "rounds": 1, "best_streak": 1, "when": 0}]',
        lambda p: [e.score for e in HighScores(p).entries],
        [30],
    ),
    (
        "weights/v1.json",
        f'{{"new": {HUGE}, "fixed_before": 0.5}}',
        lambda p: WeightsStore(p.parent).metrics(1),
        {"new": None, "fixed_before": 0.5, "fixed_after": None, "mnist_before": None, "mnist_after": None},
    ),
    (
        "weights/active.json",
        f'{{"active": {HUGE}, "last": 3}}',
        lambda p: WeightsStore(p.parent).active(),
        (None, SHIPPED_WEIGHTS),
    ),
    ("learned.json", f'{{"through": {HUGE}}}', lambda p: Lineage(PlayerFiles(p.parents[2]), "x").learned_through(), 0),
]


@pytest.mark.parametrize("name,text,read,expected", HUGE_VALUES, ids=[f"{c[0]}-{i}" for i, c in enumerate(HUGE_VALUES)])
def test_a_number_of_400_digits_costs_that_value_alone(tmp_path, name, text, read, expected):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if name == "learned.json":  # a kept network's line keeps it beside its versions
        path = tmp_path / "networks" / "x.learned" / name
        path.parent.mkdir(parents=True)
    path.write_text(text)
    assert read(path) == expected


def test_a_kept_networks_card_of_400_digit_figures_shows_them_as_unmeasured(tmp_path):
    folder = started(tmp_path / "data")
    huge = int(HUGE)
    card = {"parameters": huge, "scores": {"test_accuracy": huge, "pen_accuracy": 0.97, "ms_per_reading": huge}}
    SavedNetworks(folder / "networks").keep(Network((784, 8, 10), seed=1), "huge", card)
    player = Player(tmp_path / "data")
    try:
        player.app.scene.finish("page", page="networks")
        player.frames(3)  # draws every row
        [kept] = [c for c in player.scene.cards if c["name"] == "huge"]
        assert kept["parameters"] is None and kept["scores"]["test_accuracy"] is None  # the page measures the ms
        assert kept["scores"]["pen_accuracy"] == 0.97
    finally:
        player.close()


@pytest.mark.parametrize("far", ["1e17", "1e308", HUGE])
def test_a_date_no_clock_can_show_is_skipped_and_the_pages_that_show_dates_open(tmp_path, far):
    folder = started(tmp_path / "data")
    (folder / "history.json").write_text(
        f'[{{"ended": {far}, "rounds": 10, "read_right": 9, "version": "v1"}},'
        ' {"ended": 1700000000, "rounds": 10, "read_right": 7, "version": "v1"}]'
    )
    (folder / "highscores.json").write_text(
        f'[{{"score": 90, "hits": 9, "rounds": 10, "best_streak": 9, "when": {far}}},'
        ' {"score": 40, "hits": 4, "rounds": 10, "best_streak": 2, "when": 1700000000}]'
    )
    player = Player(tmp_path / "data")
    try:
        for page in ("highscores", "handwriting"):
            player.app.scene.finish("page", page=page)
            player.frames(3)  # draws the page, dates and all
            player.app.scene.finish("back")
            player.frames(1)
        assert [e.score for e in player.app.profile.highscores(player.app.games.mode).entries] == [40]
        assert [g.read_right for g in player.app.profile.history.games] == [7]
    finally:
        player.close()


def test_every_number_read_from_a_file_is_one_a_float_holds_and_every_date_one_a_clock_shows():
    numbers = [int(HUGE), -int(HUGE), 2**53, 2**53 + 1, 10**308 * 10, 1e308, 7]
    assert [json_field({"n": n}, "n", int) for n in numbers] == [None, None, 2**53, None, None, None, 7]
    assert [json_field({"n": n}, "n", float) for n in numbers] == [None, None, 2.0**53, 2.0**53, None, 1e308, 7.0]
    dates = [1e17, 1e308, int(HUGE), -1, 0, 1_700_000_000, 32_503_680_001]
    assert [json_field({"d": d}, "d", Date) for d in dates] == [None, None, None, None, 0.0, 1.7e9, None]


# ------------------------------------------------------------------ an autoplay that cannot go on


def _drawings_with(tmp_path, empty):
    """Write the fixture's 3, then an empty drawing (`empty`: its strokes), then its 7; return the file."""
    three, seven = (next(s for s in SAMPLES if s.label == d) for d in (3, 7))
    lines = [{"label": s.label, "strokes": [st.tolist() for st in s.strokes]} for s in (three, seven)]
    lines.insert(1, {"label": 1, "strokes": empty})
    path = tmp_path / "drawings.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return path


@pytest.mark.parametrize("empty", [[], [[]], [[], []]])
def test_practice_autoplay_on_an_empty_drawing_stops_there_saying_why_and_keeps_what_was_drawn(tmp_path, empty):
    data = tmp_path / "data"
    command = [sys.executable, "-m", "game", "--autoplay", str(_drawings_with(tmp_path, empty)), "--mode", "practice"]
    command += ["--rounds", "3", "--speed", "0", "--data-dir", str(data)]
    done = in_a_child(command, "practice autoplay with an empty drawing to end")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("error: ") and "round 2's drawing" in done.stderr
    summary = last_json(done.stdout)
    assert summary["rounds"] == 1 and summary["corrections"] + summary["confirmations"] == 1


# ------------------------------------------------------------------ counts a person types

HUGE_COUNTS = [  # (command, its arguments, the range its one line of error says)
    ("game", ["--rounds", "1000000000"], "--rounds: must be a whole number from 1 to 1,000"),
    ("game", ["--rounds", str(2**63)], "from 1 to 1,000"),
    ("game", ["--seed", str(2**63)], "--seed: must be a whole number from 0 to 4,294,967,295"),
    ("game", ["--speed", "1e308"], "--speed: must be 0 or a number from 0.1 to 1,000"),
    ("game", ["--speed", "0.008"], "--speed: must be 0 or a number from 0.1 to 1,000"),
    ("game.learning", ["--epochs", "1000000000"], "--epochs: must be a whole number from 1 to 100"),
    ("game.learning", ["--epochs", str(2**63)], "--epochs: must be a whole number from 1 to 100"),
    ("game.learning", ["--variants", "100000"], "--variants: must be a whole number from 0 to 100"),
    ("game.learning", ["--seed", str(2**32)], "--seed: must be a whole number from 0 to 4,294,967,295"),
    ("train", ["--epochs", "1000000000"], "--epochs: must be a whole number from 1 to 1,000"),
    ("train", ["--batch-size", str(2**63)], "--batch-size: must be a whole number from 1 to 10,000"),
    ("train", ["--stroke-variants", "100000"], "--stroke-variants: must be a whole number from 1 to 100"),
    ("train", ["--stroke-repeats", "1000000000"], "--stroke-repeats: must be a whole number from 1 to 100"),
    ("train", ["--hidden", "128", "1000000000"], "--hidden: must be a whole number from 1 to 4,096"),
    ("train", ["--filters", "1000000000"], "--filters: must be a whole number from 1 to 512"),
    ("train", ["--kernel", "1000"], "--kernel: must be a whole number from 1 to 28"),
    ("train", ["--val-size", "60000"], "--val-size: must be a whole number from 1 to 50,000"),
    ("train", ["--val-size", "-1"], "--val-size: must be a whole number from 1 to 50,000"),
    ("train", ["--seed", "-1"], "--seed: must be a whole number from 0 to 4,294,967,295"),
    ("benchmark", ["--epochs", "1000000000"], "--epochs: must be a whole number from 1 to 100"),
    ("explain", ["--seed", "-1"], "--seed: must be a whole number from 0 to 4,294,967,295"),
]


@pytest.mark.parametrize("command,args,message", HUGE_COUNTS, ids=lambda x: x if isinstance(x, str) else " ".join(x))
def test_a_count_out_of_its_range_is_one_line_that_says_the_range(command, args, message, tmp_path, capsys):
    with pytest.raises(SystemExit) as ended:
        parse_args_of(command)([*args, *(["--player-dir", str(tmp_path)] if command == "game.learning" else [])])
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert ended.value.code == 2 and "Traceback" not in err
    assert lines[-1].count("error:") == 1 and message in lines[-1], lines[-1]


@pytest.mark.parametrize("option,value", [("--epochs", "1000000000"), ("--images", str(2**63)), ("--batch-size", "0")])
def test_the_playgrounds_counts_keep_their_ranges(option, value, capsys):
    with pytest.raises(SystemExit) as ended:
        parse_args_of("game.playground")(["train", "x", option, value])
    err = capsys.readouterr().err
    assert ended.value.code == 1 and err.count("\n") == 1 and "must be a whole number from" in err, err

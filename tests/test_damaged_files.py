"""Promises about files damaged on disk: a damaged cache is never trusted, so the gate never
judges on made-up figures; a history, a high-score table or settings that cannot be read are
kept aside, never overwritten, and the player is told."""

import numpy as np
import pygame
import pytest

from game.feedback import FeedbackStore
from game.highscores import HighScores
from game.learning import feature_cache, replay, session
from game.learning.__main__ import main as learn
from game.learning.history import GameHistory
from game.model import Network, load_network, save_network
from game.paths import REPLAY, SHIPPED_WEIGHTS
from game.settings import Settings
from game.weights_store import WeightsStore
from tests.helpers import FIXTURE, SAMPLES, Player, fake_split, make_record

# ------------------------------------------------------------------ history, high scores, settings

UNREADABLE = [
    b'[{"ended": 1700000000, "rounds": 10, "read_right": 8, "version": "v1"}, {"ended": 17',  # cut short
    b"\xff\xfe\x00 not text",
    b'{"games": "a table, not a list"}',
]


@pytest.mark.parametrize("damage", UNREADABLE)
def test_a_history_that_cannot_be_read_is_kept_aside_and_the_player_told(tmp_path, damage):
    path = tmp_path / "history.json"
    path.write_bytes(damage)
    note = GameHistory(path).add(10, 7, "v2")
    [aside] = tmp_path.glob("history.json.damaged-*")
    assert aside.read_bytes() == damage and aside.name in note
    assert [g.rounds for g in GameHistory(path).games] == [10]


@pytest.mark.parametrize("damage", UNREADABLE)
def test_a_high_score_table_that_cannot_be_read_is_kept_aside_and_the_player_told(tmp_path, damage):
    path = tmp_path / "highscores-time.json"
    path.write_bytes(damage)
    table = HighScores(path)
    assert table.add(50, 2, 10, 1) == 0
    [aside] = tmp_path.glob("highscores-time.json.damaged-*")
    assert aside.read_bytes() == damage and aside.name in table.error
    assert [e.score for e in HighScores(path).entries] == [50]


def test_settings_that_cannot_be_read_are_kept_aside_when_saved_and_the_player_told(tmp_path):
    path = tmp_path / "settings.json"
    path.write_bytes(b'{"sound": false, "volu')
    settings = Settings.load(path)
    note = settings.save(path)
    [aside] = tmp_path.glob("settings.json.damaged-*")
    assert aside.read_bytes() == b'{"sound": false, "volu' and aside.name in note
    assert settings.save(path) is None  # the file is sound again


def test_the_lab_keeps_aside_weights_metrics_it_cannot_read_and_says_so(tmp_path, capsys):
    from training import lab

    (tmp_path / "mnist").mkdir()
    fake_split(tmp_path / "mnist", "test", n=10)
    weights = tmp_path / "w.npz"
    save_network(Network((784, 8, 10), seed=1), weights)
    weights.with_suffix(".metrics.json").write_bytes(b'{"history": [{"loss": 1.0}, {"lo')
    assert lab.main(["--weights", str(weights), "--mnist", str(tmp_path / "mnist"), "--strokes", str(FIXTURE)]) == 0
    [aside] = tmp_path.glob("w.metrics.json.damaged-*")
    assert aside.read_bytes() == b'{"history": [{"loss": 1.0}, {"lo' and aside.name in capsys.readouterr().err


def test_a_file_kept_aside_never_replaces_one_kept_before(tmp_path):
    from game.atomic import keep_aside

    path = tmp_path / "history.json"
    for content in (b"first damage", b"second damage"):
        path.write_bytes(content)
        keep_aside(path)
    kept = sorted(p.read_bytes() for p in tmp_path.glob("history.json.damaged-*"))
    assert kept == [b"first damage", b"second damage"] and not path.exists()


def test_a_file_that_can_be_neither_read_nor_kept_aside_is_left_as_it_is(tmp_path, monkeypatch):
    import game.atomic

    path = tmp_path / "history.json"
    path.write_bytes(b"[{cut")
    monkeypatch.setattr(game.atomic, "keep_aside", lambda path: None)  # e.g. a folder one may not rename in
    note = GameHistory(path).add(10, 7, "v2")
    assert "not saved" in note and path.read_bytes() == b"[{cut"


@pytest.mark.parametrize("name", ["history.json", "highscores.json"])
def test_the_game_tells_the_player_a_file_was_kept_aside(tmp_path, name):
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.json").write_text('{"auto_learn": false}')  # no session to say something else meanwhile
    (data / name).write_bytes(b"[{cut short")
    player = Player(data, rounds=1)
    try:
        player.start()
        player.draw_digit(3)
        player.key(pygame.K_SPACE)
        player.key(pygame.K_RETURN)
        assert name in player.app.toast_text() and "kept as" in player.app.toast_text()
    finally:
        player.close()
    assert list(data.glob(f"{name}.damaged-*"))


# ------------------------------------------------------------------ the gate's cache


def rewritten(path, change):
    """Rewrite the cache file at path with change(features) in place of its features, every
    other field (the key, and whatever proves the file) copied as it was."""
    with np.load(path) as saved:
        arrays = {name: saved[name] for name in saved.files}
    arrays["features"] = change(arrays["features"].copy())
    with open(path, "wb") as f:
        np.savez(f, **arrays)


def one_value_changed(features):
    features[len(features) // 2 + 1, 5] += 1.0
    return features


@pytest.mark.parametrize(
    "damage", [np.zeros_like, lambda f: np.full_like(f, np.nan), lambda f: f * 1.5, one_value_changed]
)
def test_a_cache_file_with_the_right_key_but_damaged_values_is_computed_again(tmp_path, damage):
    network = load_network(SHIPPED_WEIGHTS)
    first = network.head_start()
    X = np.random.default_rng(0).random((30, 784), dtype=np.float32)
    truth = network.features(X, first)
    feature_cache.head_inputs(network, first, X, tmp_path)
    [saved] = tmp_path.glob("features-*.npz")
    rewritten(saved, damage)
    np.testing.assert_allclose(feature_cache.head_inputs(network, first, X, tmp_path), truth, rtol=1e-5)
    [saved] = tmp_path.glob("features-*.npz")  # written again, sound: used as it is next time
    np.testing.assert_allclose(feature_cache.head_inputs(network, first, X, tmp_path), truth, rtol=1e-5)


def test_a_cache_whose_proof_matches_values_no_working_network_makes_is_computed_again(tmp_path, monkeypatch):
    network = load_network(SHIPPED_WEIGHTS)
    first = network.head_start()
    X = np.random.default_rng(1).random((30, 784), dtype=np.float32)
    truth = network.features(X, first)
    with monkeypatch.context() as patch:  # a writer that got them wrong, and proved its wrong values
        patch.setattr(network, "features", lambda X, upto: np.zeros((len(X), *truth.shape[1:]), np.float32))
        feature_cache.head_inputs(network, first, X, tmp_path)
    np.testing.assert_allclose(feature_cache.head_inputs(network, first, X, tmp_path), truth, rtol=1e-5)


def store_drawings(folder, n, relabel=lambda d: d):
    """Store n of the fixture's drawings in folder's feedback.db, each labelled relabel(digit)
    and read (as the game would have) as the digit it is."""
    folder.mkdir(parents=True, exist_ok=True)
    with FeedbackStore(folder / "feedback.db") as store:
        for i, sample in enumerate(SAMPLES[:n]):
            label = relabel(sample.label)
            store.add(make_record(strokes=sample.strokes, label=label, predicted=sample.label, target=label, seed=i))


def replay_arrays():
    """Return the shipped replay file's arrays, by name."""
    with np.load(REPLAY) as shipped:
        return {name: shipped[name] for name in shipped.files}


def small_replay(folder, monkeypatch, blank_gate=False):
    """Make sessions replay 600 of the shipped replay images and be judged on 400 of its gate
    images (all blank if blank_gate): the same promises, kept in a fraction of the time."""
    arrays = {name: array[: 600 if name in ("images", "labels") else 400] for name, array in replay_arrays().items()}
    if blank_gate:
        arrays["gate_images"][...] = 0
    np.savez(folder / "replay.npz", **arrays)
    monkeypatch.setattr(replay, "REPLAY", folder / "replay.npz")


def zero_every_cache_file(folder):
    """Fill the gate's and the replay's cached features in folder/cache with zeros, keys kept."""
    network = load_network(SHIPPED_WEIGHTS)
    for X, _ in replay.load_replay():
        feature_cache.head_inputs(network, network.head_start(), X, folder / "cache")
    for path in (folder / "cache").glob("features-*.npz"):
        rewritten(path, np.zeros_like)


def test_a_zeroed_cache_never_lets_a_session_of_wrong_corrections_through(tmp_path, monkeypatch):
    small_replay(tmp_path, monkeypatch)
    data = tmp_path / "data"
    store_drawings(data, 30, relabel=lambda d: (d + 1) % 10)  # every label a lie
    zero_every_cache_file(data)
    result = session.consolidate(data, session.SessionOptions(epochs=1, variants=4))  # light: figures count
    assert result.mnist_shipped > 0.9 and result.mnist_before > 0.9  # the gate read real figures
    assert not result.promoted
    assert WeightsStore(data / "weights").active() == (None, SHIPPED_WEIGHTS)


def test_a_gate_whose_own_baseline_reads_below_the_floor_refuses():
    broken = {"mnist": 0.10, "shipped": 0.10, "confirmed": None, "fixed": 0.0}
    ok, why = session.gate_decision(broken, {"mnist": 0.10, "confirmed": None, "fixed": 1.0})
    assert not ok and "10.00%" in why and "cannot be trusted" in why


@pytest.mark.parametrize("force", [False, True])
def test_a_gate_on_damaged_images_never_promotes_not_even_forced(tmp_path, monkeypatch, force):
    small_replay(tmp_path, monkeypatch, blank_gate=True)  # a damaged replay file: every gate image blank
    data = tmp_path / "data"
    store_drawings(data, 30, relabel=lambda d: (d + 1) % 10)
    result = session.consolidate(data, session.SessionOptions(epochs=1, variants=4, force=force))
    assert not result.promoted and "cannot be trusted" in result.reason
    assert WeightsStore(data / "weights").active() == (None, SHIPPED_WEIGHTS)


REPLAY_DAMAGES = {
    "truncated": lambda path: path.write_bytes(REPLAY.read_bytes()[:100_000]),
    "a part missing": lambda path: np.savez(path, **{**replay_arrays(), "gate_images": np.zeros(0)}),
    "labels past 9": lambda path: np.savez(path, **{**replay_arrays(), "labels": replay_arrays()["labels"] + 5}),
    "images not bytes": lambda path: np.savez(path, **{**replay_arrays(), "images": np.full((9, 28, 28), np.nan)}),
}


@pytest.mark.parametrize("damage", list(REPLAY_DAMAGES))
def test_a_damaged_replay_file_stops_a_session_with_one_line(tmp_path, monkeypatch, capsys, damage):
    REPLAY_DAMAGES[damage](tmp_path / "replay.npz")
    monkeypatch.setattr(replay, "REPLAY", tmp_path / "replay.npz")
    store_drawings(tmp_path / "data", 3)
    assert learn(["--player-dir", str(tmp_path / "data")]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("error: ") and "replay.npz" in line

"""Promises about files damaged on disk: a damaged cache is never trusted, so the gate never
judges on made-up figures; damaged weights are set aside and the version before them plays and
learns; a history, a high-score table or settings that cannot be read are kept aside, never
overwritten, and the player is told."""

import json
import sys

import numpy as np
import pygame
import pytest

from game.feedback import FeedbackStore
from game.highscores import HighScores
from game.history import GameHistory
from game.learning import feature_cache, replay, session
from game.learning.__main__ import main as learn
from game.model import Network, load_network, save_network
from game.paths import REPLAY, SHIPPED_WEIGHTS
from game.profile import Profile
from game.settings import Settings
from game.weights_store import WeightsStore
from tests.helpers import FIXTURE, SAMPLES, Player, fake_split, first_player, make_record, wait_until

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
    assert list(first_player(data).glob(f"{name}.damaged-*"))


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


# ------------------------------------------------------------------ the active weights


def truncated(path):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def nan_filled(path):
    network = load_network(path)
    network.params[:] = np.nan
    save_network(network, path)


def oversized(path):
    with np.load(path) as saved:
        arrays = {name: saved[name] for name in saved.files}
    arrays["W0"] = np.zeros((arrays["W0"].shape[0] * 400, *arrays["W0"].shape[1:]), np.float32)
    with open(path, "wb") as f:
        np.savez(f, **arrays)


DAMAGES = {"truncated": truncated, "nan": nan_filled, "oversized": oversized}


def two_versions(folder):
    """Promote two versions (v2's last biases changed) into folder/weights; return the store."""
    weights = WeightsStore(folder / "weights")
    first, second = load_network(SHIPPED_WEIGHTS), load_network(SHIPPED_WEIGHTS)
    second.layers[-1].b[:] += 0.5
    weights.promote(first, {})
    weights.promote(second, {})
    return weights


def opened(folder):
    """Return (the version the game plays with, what it tells the player) for a player's folder."""
    profile = Profile(folder)
    try:
        return profile.recognizer.version, profile.notice
    finally:
        profile.close()


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_active_version_is_set_aside_and_the_one_before_it_plays(tmp_path, damage):
    weights = two_versions(tmp_path)
    DAMAGES[damage](weights.path(2))
    damaged = weights.path(2).read_bytes()
    version, notice = opened(tmp_path)
    [aside] = (tmp_path / "weights").glob("v2.npz.damaged-*")
    assert aside.read_bytes() == damaged  # renamed, not deleted
    assert version == "v1" and weights.active()[0] == 1
    assert "v2" in notice and aside.name in notice and "v1" in notice
    assert opened(tmp_path) == ("v1", None)  # told once


def test_a_damaged_only_version_gives_way_to_the_shipped_weights(tmp_path):
    weights = WeightsStore(tmp_path / "weights")
    weights.promote(load_network(SHIPPED_WEIGHTS), {})
    truncated(weights.path(1))
    version, notice = opened(tmp_path)
    assert version == "shipped" and weights.active() == (None, SHIPPED_WEIGHTS)
    assert "v1" in notice and "shipped" in notice and list((tmp_path / "weights").glob("v1.npz.damaged-*"))


def test_every_damaged_version_on_the_way_down_is_set_aside(tmp_path):
    weights = two_versions(tmp_path)
    nan_filled(weights.path(2))
    truncated(weights.path(1))
    version, notice = opened(tmp_path)
    assert version == "shipped" and weights.versions() == []
    assert len(list((tmp_path / "weights").glob("v*.npz.damaged-*"))) == 2


def test_a_session_on_damaged_active_weights_sets_them_aside_says_so_once_and_learns(tmp_path, monkeypatch, capsys):
    small_replay(tmp_path, monkeypatch)
    data = tmp_path / "data"
    weights = two_versions(data)
    truncated(weights.path(2))
    store_drawings(data, 10)
    assert learn(["--player-dir", str(data), "--epochs", "1", "--variants", "4", "--force"]) == 0
    out, err = capsys.readouterr()
    result = json.loads(out.strip().splitlines()[-1])
    assert "v2" in err and "v2" in result["warning"] and list((data / "weights").glob("v2.npz.damaged-*"))
    assert result["promoted"] and result["version"] == "v3"  # learning went on (from v1), numbers never repeat
    assert load_network(weights.path(3)).metadata["trained_from"] == "v1"
    assert learn(["--player-dir", str(data)]) == 0
    assert "v2" not in capsys.readouterr().err  # told once


def test_the_game_tells_the_player_once_that_their_version_was_set_aside(tmp_path):
    weights = two_versions(tmp_path)
    nan_filled(weights.path(2))
    for told in (True, False):
        player = Player(tmp_path)
        try:
            toast = player.app.toast_text() or ""
            assert ("v2" in toast and "Now playing with model v1" in toast) is told
            assert player.app.profile.recognizer.version == "v1"
        finally:
            player.close()


def test_a_session_in_the_background_that_set_weights_aside_is_told_though_it_learned_nothing(tmp_path):
    from game.learning.background import BackgroundRetrain
    from game.learning.coordinator import Learning

    said = []
    profile = Profile(tmp_path)
    learning = Learning(profile, lambda text, **_: said.append(text))
    printed = {"promoted": False, "reason": "kept the v1 weights", "warning": "Your model v2 could not be loaded."}
    command = [sys.executable, "-c", f"print({json.dumps(json.dumps(printed))})"]
    learning.session = BackgroundRetrain(tmp_path, command=command, automatic=True)
    wait_until(lambda: not learning.session.running, "a learning process to end", 60)
    learning.update(in_round=False)
    profile.close()
    assert said == ["No new model: kept the v1 weights. Your model v2 could not be loaded."]


def test_a_version_pointer_that_cannot_be_read_is_kept_aside_and_the_newest_version_plays(tmp_path):
    weights = two_versions(tmp_path)
    (tmp_path / "weights" / "active.json").write_bytes(b'{"active": 2, "la')
    version, notice = opened(tmp_path)
    assert version == "v2" and "active.json" in notice
    assert list((tmp_path / "weights").glob("active.json.damaged-*")) and weights.active()[0] == 2


def test_forgetting_everything_forgets_what_was_kept_aside_too(tmp_path):
    weights = two_versions(tmp_path)
    truncated(weights.path(2))
    (tmp_path / "history.json").write_bytes(b"[{cut")
    GameHistory(tmp_path / "history.json").add(10, 7, "v2")
    profile = Profile(tmp_path)  # sets v2 aside
    assert list(tmp_path.rglob("*.damaged-*")) and profile.forget() is None
    profile.close()
    assert list(tmp_path.rglob("*.damaged-*")) == []

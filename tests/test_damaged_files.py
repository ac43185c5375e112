"""Promises about files damaged on disk: a history, a high-score table or settings that cannot
be read are kept aside, never overwritten, and the player is told."""

import pygame
import pytest

from game.highscores import HighScores
from game.learning.history import GameHistory
from game.model import Network, save_network
from game.settings import Settings
from tests.helpers import FIXTURE, Player, fake_split

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

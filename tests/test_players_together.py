"""Promises of several copies of the game sharing one data directory: a player one copy plays
as is neither deleted nor renamed by another; a delete or rename acts on the player the person
saw, never on whoever holds that name or folder now; a drawing that could not be saved when
it was answered is counted unsaved only while it is not in the database."""

import shutil
import subprocess
import sys

import pygame
import pytest

from game.__main__ import autoplay_summary
from game.players import FIRST, PlayerError, Players
from tests.helpers import ROOT, Player, rows

PLAYING = """
import sys
from game.players import Players
players = Players(sys.argv[1])
players.select(sys.argv[2])
print("playing", flush=True)
sys.stdin.read()  # plays until its input is closed
"""


def test_a_player_another_copy_plays_as_is_neither_deleted_nor_renamed(tmp_path):
    players = Players(tmp_path)
    players.add("Sam")
    (players.folder("Sam") / "feedback.db").write_bytes(b"Sam's drawings")
    command = [sys.executable, "-c", PLAYING, str(tmp_path), "Sam"]
    other = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline() == "playing\n"
        with pytest.raises(PlayerError, match="Sam is playing in another copy of the game"):
            players.delete("Sam")
        with pytest.raises(PlayerError, match="Sam is playing in another copy of the game"):
            players.rename("Sam", "Bo")
        assert Players(tmp_path).names() == [FIRST, "Sam"]
        assert (players.folder("Sam") / "feedback.db").read_bytes() == b"Sam's drawings"
    finally:
        other.stdin.close()
        other.wait(timeout=60)
    players.rename("Sam", "Bo")  # that copy is gone: nobody plays as them now
    players.delete("Bo")
    assert Players(tmp_path).names() == [FIRST] and not (tmp_path / "players" / "sam").exists()


def test_a_copy_renames_the_player_it_plays_as_only_if_no_other_copy_plays_as_them(tmp_path):
    first, second = Players(tmp_path), Players(tmp_path)
    first.add("Sam")
    first.select("Sam")
    second.select("Sam")  # two copies may play as one player
    with pytest.raises(PlayerError, match="Sam is playing in another copy"):
        first.rename("Sam", "Bo")
    second.select(FIRST)
    first.rename("Sam", "Bo")
    assert first.current == "Bo" and Players(tmp_path).names() == [FIRST, "Bo"]
    second.refresh()  # as its players page does when it opens
    with pytest.raises(PlayerError, match="Bo is playing in another copy"):
        second.delete("Bo")
    first.close()
    second.close()


def test_the_game_holds_the_player_it_plays_as_until_it_plays_as_another(tmp_path):
    data = tmp_path / "data"
    player = Player(data)
    player.app.players.add("Sam")
    player.app.switch_player("Sam")
    other = Players(data)  # another copy of the game
    for change in (lambda: other.delete("Sam"), lambda: other.rename("Sam", "Bo")):
        with pytest.raises(PlayerError, match="Sam is playing in another copy"):
            change()
    player.key(pygame.K_p)
    assert player.scene.names[player.scene.selected] == "Sam" and player.app.players.current == "Sam"
    player.app.switch_player(FIRST)
    other.rename("Sam", "Bo")
    other.delete("Bo")
    player.close()
    assert Players(data).names() == [FIRST]


def open_players_page(player):
    """Open the players page with the second player chosen; return it."""
    player.key(pygame.K_p)
    player.key(pygame.K_DOWN)
    return player.scene


@pytest.mark.parametrize("change", ["delete", "rename"])
def test_a_delete_or_rename_acts_on_the_player_the_person_saw_not_on_who_has_the_name_now(tmp_path, change):
    data = tmp_path / "data"
    player = Player(data)
    player.app.players.add("Sam")
    page = open_players_page(player)
    assert page.names[page.selected] == "Sam"
    other = Players(data)  # meanwhile, another copy deletes Sam and adds a new Sam: the same folder
    other.delete("Sam")
    other.add("Sam")
    (other.folder("Sam") / "feedback.db").write_bytes(b"the new Sam's drawings")
    if change == "delete":
        player.key(pygame.K_d)
        player.key(pygame.K_y)
    else:
        player.key(pygame.K_r)
        player.type_text("x")
        player.key(pygame.K_RETURN)
    assert Players(data).names() == [FIRST, "Sam"]
    assert (Players(data).folder("Sam") / "feedback.db").read_bytes() == b"the new Sam's drawings"
    assert "meanwhile" in player.app.toast_text()
    assert page.names == [FIRST, "Sam"]  # the page shows the players as they are now
    player.close()


def test_the_players_page_shows_the_players_as_they_are_when_it_opens(tmp_path):
    data = tmp_path / "data"
    player = Player(data)
    Players(data).add("Zed")  # by another copy of the game
    player.key(pygame.K_p)
    assert player.scene.names == [FIRST, "Zed"]
    player.close()


def test_a_drawing_kept_in_memory_and_saved_later_is_not_counted_unsaved(tmp_path):
    data = tmp_path / "data"
    player = Player(data, targets=(3, 7, 1))
    folder = player.app.profile.folder
    player.start()
    player.draw_digit(3)
    player.key(pygame.K_SPACE)
    player.key(pygame.K_RETURN)
    shutil.rmtree(folder)  # the player's folder taken away by hand while they play
    player.draw_digit(7)
    player.key(pygame.K_SPACE)
    player.key(pygame.K_RETURN)
    assert player.app.profile.store.pending  # the database could not take it: kept in memory
    player.frames(400)  # the game retries: the drawing is saved now
    assert not player.app.profile.store.pending and [r["label"] for r in rows(folder)] == [7]
    assert player.close() is None  # nothing to rescue
    assert autoplay_summary(player.app)["unsaved"] == 0

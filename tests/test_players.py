"""Promises of players sharing one computer: each has their own drawings, weights, scores and
settings, in a folder of their own (tests/test_player_folders.py); a player is added, renamed,
chosen and deleted (after a question) by keys or by clicks alone; every tool that takes
--data-dir takes --player."""

import json
import subprocess
import sys

import pygame
import pytest

from game.players import FIRST, MAX_PLAYERS, PlayerError, Players, folder_of
from game.scenes.play import PlayScene
from game.scenes.players import PlayersScene
from game.scenes.title import TitleScene
from tests.helpers import ROOT, Player, first_player, rows


def test_players_are_added_renamed_chosen_and_deleted(tmp_path):
    players = Players(tmp_path)
    first = players.select()
    (first / "feedback.db").write_bytes(b"first")
    assert players.add("  Sam   Lee ") == "Sam Lee"
    sam = players.folder("sam lee")  # names are not case-sensitive
    assert sam == tmp_path / "players" / "sam-lee" and sam.is_dir()
    with pytest.raises(PlayerError, match="already"):
        players.add("SAM LEE")
    with pytest.raises(PlayerError, match="1 to 16"):
        players.add("x" * 17)
    players.rename("Sam Lee", "Sammy")
    assert Players(tmp_path).names() == [FIRST, "Sammy"] and Players(tmp_path).folder("Sammy") == sam
    players.select("Sammy")
    assert Players(tmp_path).current == "Sammy" and folder_of(tmp_path) == sam
    (sam / "feedback.db").write_bytes(b"sam's")
    players.delete(FIRST)  # the first player's files go; Sam's folder stays
    assert not first.exists() and (sam / "feedback.db").read_bytes() == b"sam's"
    with pytest.raises(PlayerError, match="only player"):
        players.delete("Sammy")
    with pytest.raises(PlayerError, match="Sammy"):
        folder_of(tmp_path, "Nobody")


def test_each_player_has_their_own_drawings_scores_and_settings(tmp_path):
    data = tmp_path / "data"
    player = Player(data, targets=(3, 7, 1))
    player.key(pygame.K_p)
    assert isinstance(player.scene, PlayersScene)
    player.key(pygame.K_a)
    player.type_text("Sam")
    player.key(pygame.K_RETURN)  # keep the name
    player.key(pygame.K_RETURN)  # play as Sam
    assert isinstance(player.scene, TitleScene) and player.app.players.current == "Sam"
    player.key(pygame.K_m)  # Sam likes Time Attack
    player.start()
    player.draw_digit(3)
    player.key(pygame.K_SPACE)
    player.key(pygame.K_RETURN)
    sam = data / "players" / "sam"
    assert len(rows(sam)) == 1 and rows(first_player(data)) == []  # Sam's drawing is Sam's alone
    assert json.loads((sam / "settings.json").read_text())["mode"] == "time"
    player.key(pygame.K_ESCAPE)
    player.key(pygame.K_q)  # quit to the title (a game with points asks first: yes)
    if player.scene.kind == "pause":
        player.key(pygame.K_y)
    player.key(pygame.K_p)
    player.key(pygame.K_UP)
    player.key(pygame.K_RETURN)  # back to Player 1: their own mode and no drawings
    assert player.app.players.current == FIRST and player.app.games.mode.name == "classic"
    assert player.app.profile.store.counts()["total"] == 0 and player.app.profile.folder == first_player(data)
    player.key(pygame.K_p)
    player.key(pygame.K_DOWN)
    player.key(pygame.K_d)
    player.key(pygame.K_n)  # no: Sam stays
    assert "Sam" in player.app.players.names()
    player.key(pygame.K_d)
    player.key(pygame.K_y)
    assert player.app.players.names() == [FIRST] and not sam.exists()
    player.close()


def test_the_game_and_the_tools_take_player(tmp_path):
    env_run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    data = tmp_path / "data"
    Players(data).add("Ada")
    result = env_run(ROOT / "training" / "feedback.py", "stats", "--data-dir", data, "--player", "Ada")
    assert result.returncode == 0, result.stderr
    wrong = env_run(ROOT / "training" / "feedback.py", "stats", "--data-dir", data, "--player", "Bob")
    assert wrong.returncode == 2 and "no player called 'Bob'" in wrong.stderr and "Ada" in wrong.stderr
    learn = env_run("-m", "game.learning", "--data-dir", data, "--player", "Bob")
    assert learn.returncode == 2 and "Ada" in learn.stderr


def test_a_new_name_on_the_game_command_line_makes_a_new_player(tmp_path):
    from game.app import App
    from game.options import Options

    app = App(Options(tmp_path, player="Zoe", virtual_time=True, speed=0))
    assert app.players.current == "Zoe" and app.profile.folder == tmp_path / "players" / "zoe"
    app.scene.finish("play")
    app.step()
    assert isinstance(app.scene, PlayScene)
    app.close()


def test_deleting_one_of_two_players_whose_names_differ_in_case_deletes_only_theirs(tmp_path):
    (tmp_path / "players" / "ann").mkdir(parents=True)
    (tmp_path / "players" / "ann" / "feedback.db").write_bytes(b"Ann's drawings")
    (tmp_path / "players" / "ann-2").mkdir(parents=True)
    entries = [{"name": "Ann", "folder": "players/ann"}, {"name": "ann", "folder": "players/ann-2"}]
    (tmp_path / "players.json").write_text(json.dumps({"players": entries, "current": "ann"}))
    players = Players(tmp_path)  # names are one player each, whatever their case: the second is told apart
    assert players.names() == ["Ann", "ann 2"] and players.folder("ann 2") == tmp_path / "players" / "ann-2"
    players.delete(players.names()[1])
    assert (tmp_path / "players" / "ann" / "feedback.db").read_bytes() == b"Ann's drawings"
    assert players.names() == ["Ann"] and not (tmp_path / "players" / "ann-2").exists()


def test_a_player_deleting_themselves_plays_on_as_another_and_their_folder_stays_gone(tmp_path):
    data = tmp_path / "data"
    player = Player(data)
    player.app.players.add("Sam")
    player.app.switch_player("Sam")
    player.key(pygame.K_p)
    assert isinstance(player.scene, PlayersScene) and player.scene.names[player.scene.selected] == "Sam"
    player.key(pygame.K_d)
    player.key(pygame.K_y)
    player.close()  # closing writes nothing into the deleted folder
    assert Players(data).names() == [FIRST] and not (data / "players" / "sam").exists()


def test_the_learning_session_learns_in_the_folder_it_is_given_whoever_plays_now(tmp_path):
    from tests.helpers import slanted_fixture

    players = Players(tmp_path)
    players.add("Sam")
    players.select("Sam")  # another copy of the game switched to Sam meanwhile
    assert (
        subprocess.run(
            [sys.executable, "training/feedback.py", "import", str(slanted_fixture(tmp_path))]
            + ["--data-dir", str(tmp_path), "--player", FIRST],
            cwd=ROOT,
        ).returncode
        == 0
    )
    learn = [sys.executable, "-m", "game.learning", "--player-dir", str(first_player(tmp_path))]
    done = subprocess.run(learn, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1])["new"] == 60  # the first player's drawings
    assert (first_player(tmp_path) / "weights" / "v1.npz").exists()
    assert not (tmp_path / "players" / "sam" / "weights").exists()


@pytest.mark.parametrize(
    "damage",
    [
        b'{"players": [{"name": "Sam", "fol',  # cut short
        b'\xef\xbb\xbf{"players": [], "current": "Sam"}',  # a BOM, and Sam's entry lost
        b'{"players": null}',
        b"5",
    ],
)
def test_a_damaged_players_file_loses_nobody_and_is_kept_aside(tmp_path, damage):
    players = Players(tmp_path)
    players.add("Sam")
    (tmp_path / "players" / "sam" / "feedback.db").write_bytes(b"Sam's drawings")
    (tmp_path / "players.json").write_bytes(damage)
    found = Players(tmp_path)
    assert found.names() == ["Sam"] and found.folder("Sam") == tmp_path / "players" / "sam"  # found again
    assert found.select("Sam", create=True) == tmp_path / "players" / "sam"
    assert [e["folder"] for e in found.entries] == ["players/sam"]  # the first player had no folder yet
    if damage.startswith(b"\xef\xbb\xbf"):  # a BOM is no damage: the file reads as it is
        assert found.warning is None
    else:
        assert "could not be read" in found.warning and list(tmp_path.glob("players.json.damaged-*"))


def test_two_copies_of_the_game_adding_players_keep_both(tmp_path):
    first, second = Players(tmp_path), Players(tmp_path)  # the second started before the first added anyone
    first.add("Ann")
    second.add("Bob")
    second.rename("Bob", "Bobby")
    assert Players(tmp_path).names() == [FIRST, "Ann", "Bobby"] and second.names() == [FIRST, "Ann", "Bobby"]


def test_names_are_one_name_however_typed_and_odd_saved_names_are_cleaned(tmp_path):
    players = Players(tmp_path)
    assert players.add("  José  ") == "José"
    with pytest.raises(PlayerError, match="already"):
        players.add("Jose\u0301")  # the same name, decomposed
    assert players.folder(" josé") == players.folder("José")  # spaces and case do not make another
    entries = [{"name": "Nul\x00l", "folder": ""}, {"name": "x" * 100_000, "folder": "players/x"}]
    entries += [{"name": f"p{i}", "folder": f"players/p{i}"} for i in range(100_000)]
    (tmp_path / "players.json").write_text(json.dumps({"players": entries}))
    many = Players(tmp_path)
    assert many.names()[:2] == ["Null", "x" * 16] and len(many.names()) == MAX_PLAYERS


def test_a_player_whose_folder_is_a_link_loses_the_link_alone(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "feedback.db").write_bytes(b"kept")
    data = tmp_path / "data"
    players = Players(data)
    players.add("Sam")
    (data / "players" / "sam").rmdir()
    (data / "players" / "sam").symlink_to(elsewhere)
    note = players.delete("Sam")
    assert "link" in note and (elsewhere / "feedback.db").read_bytes() == b"kept"
    assert players.names() == [FIRST] and not (data / "players" / "sam").is_symlink()


def test_a_player_is_not_deleted_while_a_session_learns_from_them_nor_comes_back_after(tmp_path):
    from game.learning.session import consolidate
    from game.weights_store import WeightsStore

    players = Players(tmp_path)
    players.add("Sam")
    sam = tmp_path / "players" / "sam"
    with WeightsStore(sam / "weights").lock():  # a session runs
        with pytest.raises(PlayerError, match="learned from right now"):
            players.delete("Sam")
    assert sam.is_dir() and "Sam" in players.names()
    players.delete("Sam")
    result = consolidate(sam)  # a session that was told Sam's folder before the deletion
    assert not result.promoted and "no player folder" in result.reason and not sam.exists()
    with pytest.raises(OSError, match="no player folder"):
        with WeightsStore(sam / "weights").lock():
            pass
    assert not sam.exists()


def test_a_lock_file_planted_as_a_link_is_refused_not_followed(tmp_path):
    from game.filelock import exclusive

    target = tmp_path / "target"
    (tmp_path / "players.json.lock").symlink_to(target)
    with pytest.raises(PlayerError):
        Players(tmp_path).add("Sam")
    with pytest.raises(OSError, match="symbolic link"):
        with exclusive(tmp_path / "players.json.lock"):
            pass
    assert not target.exists()


def test_forgetting_everything_leaves_none_of_the_players_drawings_behind(tmp_path):
    from game.profile import Profile

    profile = Profile(tmp_path)
    (tmp_path / "feedback-unsaved-20261126-120000.jsonl").write_text('{"label": 3}\n')  # rescued drawings
    (tmp_path / ".history.json.abc123.tmp").write_text("[")  # a write killed half way
    (tmp_path / "players").mkdir()  # another player's folder stays
    assert profile.forget() is None
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("feedback.db"))
    assert left == ["players", "weights"] and not list((tmp_path / "weights").glob("v*"))  # the pointer: shipped
    profile.close()


def test_a_name_typed_with_letters_beyond_ascii_keeps_them(tmp_path):
    player = Player(tmp_path / "data")
    player.key(pygame.K_p)
    player.key(pygame.K_a)
    player.type_text("Zoë")
    assert player.scene.text == "Zoë"  # not "Zo", nor "aZoë": the A that began it is no letter
    player.key(pygame.K_RETURN)
    assert "Zoë" in player.app.players.names()
    player.close()


def button(buttons, label):
    """Return the button whose label begins with label."""
    return next(b for b in buttons if b.label.startswith(label))


def test_a_player_is_added_renamed_and_deleted_by_clicks_alone(tmp_path):
    data = tmp_path / "data"
    player = Player(data, size=(800, 520))
    player.frames()  # the title lays its menu out
    player.click(player.scene.menu.buttons[2].rect.center)  # "Player: Player 1"
    page = player.scene
    assert isinstance(page, PlayersScene)
    player.click(button(page.actions.buttons("actions"), "Add").rect.center)
    player.type_text("Zoë")
    player.click(button(page.naming, "OK").rect.center)
    assert player.app.players.names() == [FIRST, "Zoë"] and not page.typing
    zoe = Players(data).folder("Zoë")
    assert zoe.is_dir() and zoe != data
    player.click(button(page.actions.buttons("actions"), "Rename").rect.center)  # Zoë, the one just added, is chosen
    assert page.text == "Zoë"
    player.key(pygame.K_BACKSPACE)
    player.type_text("e")
    player.click(button(page.naming, "OK").rect.center)
    assert player.app.players.names() == [FIRST, "Zoe"] and Players(data).folder("Zoe") == zoe
    player.click(button(page.actions.buttons("actions"), "Rename").rect.center)
    player.type_text("!")
    player.click(button(page.naming, "Cancel").rect.center)
    assert player.app.players.names() == [FIRST, "Zoe"] and not page.typing
    player.click(button(page.actions.buttons("actions"), "Delete").rect.center)
    assert page.asking
    player.click((5, 5))  # beside the dialog's buttons: nothing
    assert page.asking and zoe.is_dir()
    player.click(button(page.deleting, "No").rect.center)
    assert not page.asking and zoe.is_dir()
    player.click(button(page.actions.buttons("actions"), "Delete").rect.center)
    player.click(button(page.deleting, "Yes").rect.center)
    assert player.app.players.names() == [FIRST] and not zoe.exists() and not page.asking
    player.close()


def test_a_click_chooses_a_player_and_a_second_click_plays_as_them(tmp_path):
    player = Player(tmp_path / "data")
    player.app.players.add("Sam")
    player.key(pygame.K_p)
    page = player.scene
    [(_, first), (_, sam)] = page.rows
    player.click(sam.center)
    play_as = button(page.actions.buttons("leaving"), "Play as")
    assert page.names[page.selected] == "Sam" and play_as.label == "Play as Sam"
    assert player.scene is page
    player.click(first.center)
    player.click(sam.center)
    player.click(sam.center)
    assert isinstance(player.scene, TitleScene) and player.app.players.current == "Sam"
    player.close()


def test_the_players_buttons_and_rows_are_a_fingertip_at_the_smallest_window(tmp_path):
    player = Player(tmp_path / "data", size=(800, 520))
    for name in ("Ann", "Bob", "Cy", "Di", "Ed", "Flo", "Gus"):
        player.app.players.add(name)
    player.key(pygame.K_p)
    page = player.scene
    rects = [rect for _, rect in page.rows] + [b.rect for b in page.actions.drawn]
    assert all(rect.width >= 40 and rect.height >= 32 for rect in rects)
    assert len(page.rows) < len(page.names)  # more than fit: those around the chosen one are shown
    player.key(pygame.K_UP)  # up from the first: the last, now in view
    assert page.selected == len(page.names) - 1 and page.selected in [i for i, _ in page.rows]
    player.close()


def test_the_only_player_cannot_be_deleted_so_nobody_is_asked(tmp_path):
    player = Player(tmp_path / "data", size=(800, 520))
    player.key(pygame.K_p)
    page = player.scene
    player.frames()
    delete = button(page.actions.buttons("actions"), "Delete")
    assert delete.disabled  # dimmed: the only player
    player.click(delete.rect.center)
    player.key(pygame.K_d)
    assert not page.asking and player.scene is page and player.app.players.names() == [FIRST]
    player.close()

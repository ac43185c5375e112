"""Promises of the game's questions: each is a dialog with a question, a line of explanation and
two buttons a click or a finger presses (Y, N and Esc still answer; Enter only a button that
says Enter, never "delete" or "forget"), a click beside the buttons answers nothing, and every
version line says only the figures it has."""

import pygame

from game.scenes.handwriting import HandwritingScene, _version_line
from game.scenes.title import TitleScene
from tests.helpers import Player, first_player, make_record, rows

SMALLEST = (800, 520)


def ask_to_quit(player):
    """Click Quit on the title screen; return the title scene, asking."""
    player.frames()  # the title lays its menu out
    title = player.scene
    player.click(title.menu.buttons[-1].rect.center)
    assert isinstance(title, TitleScene) and title.asking
    return title


def test_yes_in_the_quit_dialog_quits(player):
    title = ask_to_quit(player)
    yes, _ = title.answers
    assert yes.rect.width >= 40 and yes.rect.height >= 32
    player.click(yes.rect.center)
    assert not player.app.running


def test_no_in_the_quit_dialog_keeps_playing(player):
    title = ask_to_quit(player)
    player.click(title.answers[1].rect.center)
    assert not title.asking and player.app.running
    player.key(pygame.K_ESCAPE)
    player.key(pygame.K_n)  # the keys answer as before
    assert not title.asking and player.app.running


def test_a_click_beside_the_dialogs_buttons_does_nothing(player):
    title = ask_to_quit(player)
    yes, no = title.answers
    between = ((yes.rect.right + no.rect.left) // 2, yes.rect.centery)
    for pos in ((5, 5), between, (yes.rect.centerx, yes.rect.top - 20), title.menu.buttons[0].rect.center):
        player.click(pos)
        assert title.asking and player.app.running and player.scene is title


def test_the_forget_dialogs_no_keeps_the_drawings_and_yes_forgets_them(player, tmp_path):
    for seed in range(3):
        player.app.profile.store.add(make_record(seed=seed))
    player.key(pygame.K_y)  # Your handwriting
    page = player.scene
    assert isinstance(page, HandwritingScene)
    player.click(page.menu.buttons[0].rect.center)  # Forget everything
    assert page.asking
    player.click((3, 3))
    assert page.asking and len(rows(first_player(tmp_path / "data"))) == 3
    player.click(page.answers[1].rect.center)
    assert not page.asking and len(rows(first_player(tmp_path / "data"))) == 3
    player.click(page.menu.buttons[0].rect.center)
    player.click(page.answers[0].rect.center)
    assert not page.asking and rows(first_player(tmp_path / "data")) == []


def test_a_stray_enter_never_forgets_nor_deletes(player, tmp_path):
    player.app.profile.store.add(make_record(seed=1))
    player.key(pygame.K_y)  # Your handwriting
    page = player.scene
    player.key(pygame.K_f)  # Forget everything?
    player.key(pygame.K_RETURN)
    assert page.asking and len(rows(first_player(tmp_path / "data"))) == 1
    player.key(pygame.K_ESCAPE)
    player.key(pygame.K_ESCAPE)  # back to the title
    player.app.players.select("Sam", create=True)
    player.key(pygame.K_p)  # who is playing
    players = player.scene
    player.key(pygame.K_d)  # delete the chosen player?
    player.key(pygame.K_RETURN)
    assert players.asking and "Sam" in player.app.players.names()


def test_the_dialogs_buttons_are_a_fingertip_at_the_smallest_window(tmp_path):
    player = Player(tmp_path / "data", size=SMALLEST)
    player.app.profile.settings.ui_scale = 0.85
    player.app.apply_settings()
    title = ask_to_quit(player)
    assert all(b.rect.width >= 40 and b.rect.height >= 32 for b in title.answers)
    player.close()


def test_a_version_line_leaves_out_the_figures_it_has_not_got():
    version = {"version": "v1", "active": True, "new": 12, "fixed_before": None, "fixed_after": None}
    assert _version_line({**version, "mnist_after": None}) == "v1 (now): 12 drawings"
    figures = {**version, "fixed_before": 0.2, "fixed_after": None, "mnist_after": 0.971}
    assert _version_line(figures) == "v1 (now): 12 drawings, corrections 20% -> -, MNIST 97.10%"

"""Promises of the pages (settings, help, high scores), played through posted key and mouse
events: settings are reached from a paused round and lead back to it, a setting on a scale
stops at its ends, every mode's high scores can be read, and help tells every mode and key."""

import pygame
import pytest

from game import ui
from game.modes import MODES
from game.scenes import flow
from game.scenes.help import HelpScene
from game.scenes.highscores import HighScoresScene
from game.scenes.pause import PauseScene
from game.scenes.settings import SettingsScene
from game.scenes.title import TitleScene
from game.settings import UI_SCALES, VOLUMES
from tests.helpers import Player
from tests.screens import drawn, layout_problems


def button(scene, label):
    """Return the centre of the button labelled label on scene's menu, as last drawn."""
    return next(b for b in scene.menu.buttons if b.label == label).rect.center


def texts_of(app):
    """Return the words the current scene draws, as the layout check reads them."""
    things = ui.recorded(app.scene.draw, app.screen.get_size())
    return [label for kind, _, label in things if kind == "text"]


def down_to(player, line):
    """Choose a line of the settings with the Down key."""
    for _ in range(player.scene.lines.index(line)):
        player.key(pygame.K_DOWN)


def test_settings_open_from_a_paused_round_and_esc_comes_back_to_the_pause_menu(player):
    player.start()
    round_ = player.scene
    player.key(pygame.K_ESCAPE)
    assert isinstance(player.scene, PauseScene)
    player.key(pygame.K_s)
    assert isinstance(player.scene, SettingsScene) and player.scene.in_round  # new weights wait
    player.key(pygame.K_ESCAPE)
    assert isinstance(player.scene, PauseScene) and player.scene.paused is round_
    player.click(button(player.scene, "Settings"))  # by mouse or finger, too
    assert isinstance(player.scene, SettingsScene)
    player.key(pygame.K_ESCAPE)
    player.key(pygame.K_ESCAPE)  # resume
    assert player.scene is round_


def test_text_size_stepped_up_past_its_largest_stays_there(player):
    player.key(pygame.K_s)
    down_to(player, "ui_scale")
    for _ in range(len(UI_SCALES) + 2):
        player.key(pygame.K_RIGHT)
    assert player.app.profile.settings.ui_scale == max(UI_SCALES) == 1.3
    for _ in range(len(UI_SCALES) + 2):
        player.key(pygame.K_LEFT)
    assert player.app.profile.settings.ui_scale == min(UI_SCALES)


def test_volume_stops_at_full_and_at_silent_by_keys_and_by_clicks(player):
    player.key(pygame.K_s)
    row = player.scene.rects[player.scene.lines.index("volume")]
    for _ in range(len(VOLUMES) + 1):
        player.click((row.centerx, row.centery))  # a click on the line: up
    assert player.app.profile.settings.volume == max(VOLUMES)
    down = player.scene.downs[player.scene.lines.index("volume")]
    for _ in range(len(VOLUMES) + 1):
        player.click(down.center)  # a click on its "<": down
    assert player.app.profile.settings.volume == min(VOLUMES)


def test_every_settings_line_is_a_button_a_finger_can_press_in_the_smallest_window(tmp_path):
    player = Player(tmp_path / "data", size=(800, 520))
    player.app.profile.settings.ui_scale = max(UI_SCALES)
    player.app.apply_settings()
    player.key(pygame.K_s)
    things = ui.recorded(player.scene.draw, player.app.screen.get_size())
    rows = [rect for kind, rect, _ in things if kind == "button"]
    assert len(rows) == len(player.scene.lines) and all(rect.height >= 32 for rect in rows)
    assert layout_problems(things, (800, 520)) == []
    player.close()


def test_high_score_tables_switch_with_right_and_with_a_click_on_the_right_arrow(player):
    player.key(pygame.K_h)
    assert isinstance(player.scene, HighScoresScene) and player.scene.mode is MODES["classic"]
    assert "HIGH SCORES: CLASSIC" in texts_of(player.app)  # the classic table is named too
    player.key(pygame.K_RIGHT)
    assert player.scene.mode is MODES["time"] and "HIGH SCORES: TIME ATTACK" in texts_of(player.app)
    left, right = player.scene.buttons
    player.click(right.rect.center)
    assert player.scene.mode is MODES["math"]
    player.click(left.rect.center)
    player.key(pygame.K_LEFT)
    assert player.scene.mode is MODES["classic"]
    assert all(arrow.rect.width >= 40 and arrow.rect.height >= 32 for arrow in (left, right))
    player.click((5, player.app.screen.get_height() - 5))  # beside the arrows: back
    assert isinstance(player.scene, TitleScene)


def test_help_tells_every_mode_and_what_the_title_keys_do(player):
    player.key(pygame.K_F1)
    assert isinstance(player.scene, HelpScene)
    seen, pages = [], player.scene.pages
    for _ in pages:
        seen += texts_of(player.app)
        player.key(pygame.K_RIGHT)
    words = " ".join(seen)
    for mode in MODES.values():
        assert mode.title in seen and mode.blurb in words
    assert {"L", "Y", "H", "S", "M, Right", "P"} <= set(seen)  # the Lab, Your handwriting, high scores, settings...
    player.click(player.scene.buttons[0].rect.center)  # "Previous"
    assert player.scene.page == len(pages) - 2
    player.key(pygame.K_SPACE)  # any other key: back
    assert isinstance(player.scene, TitleScene)


@pytest.mark.parametrize("size", [(800, 520), (1600, 600)])
def test_every_help_page_and_high_score_table_fits_at_every_text_size(tmp_path, size):
    player = Player(tmp_path / "data", size=size)
    for scale in (min(UI_SCALES), max(UI_SCALES)):
        player.app.profile.settings.ui_scale = scale
        player.app.apply_settings()
        help_, scores = flow.open_page(player.app, player.scene, "help"), HighScoresScene(player.app, player.scene)
        for _ in help_.pages:
            assert layout_problems(drawn(player.app, help_), size) == []
            help_.turn(1)
        for _ in MODES:
            assert layout_problems(drawn(player.app, scores), size) == []
            scores.turn(1)
    player.close()


def test_helps_first_and_last_pages_dim_the_button_that_would_do_nothing(player):
    player.key(pygame.K_F1)
    help_ = player.scene
    previous, _, following = help_.buttons
    player.frames()
    assert previous.disabled and not following.disabled
    for _ in help_.pages:
        player.click(following.rect.center)
    assert help_.page == len(help_.pages) - 1 and following.disabled and not previous.disabled
    player.click(following.rect.center)  # dimmed: nothing, and still help
    assert player.scene is help_ and help_.page == len(help_.pages) - 1


def test_help_says_what_every_key_of_every_screen_does_as_its_table_says(player):
    from game.scenes.actions import MODAL

    player.key(pygame.K_F1)
    rows = [row for _, page in player.scene.pages for row in page]
    tables = [table for _, table in flow.HELP_TABLES]
    for table in tables:
        for action in table:
            if action.keys and action.shown != MODAL:
                about = action.about or action.label
                said = [keys for keys, meaning in rows if meaning == about]
                assert any(action.key_hint in keys or " - " in keys for keys in said), action

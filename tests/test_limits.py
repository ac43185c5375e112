"""Promises that a small input never makes big work or a crash: text with no room, windows
larger than the screen, giant lines, counts and names are all bounded, each by a limit
named here."""

import pygame
import pytest

from game import ui
from game.app import App
from game.options import Options
from game.theme import Fonts
from game.window import MIN_SIZE, WINDOWLESS_MAX, icon


def test_text_with_no_room_draws_nothing_and_never_grows(tmp_path):
    pygame.init()
    surface, fonts = pygame.Surface((200, 100)), Fonts()
    for width in (-50, 0, 0.5):
        assert ui.text(surface, fonts, "12345678", 40, (10, 10), max_width=width).width == 0
    squeezed = ui.text(surface, fonts, "a long line of text", 400, (0, 0), max_width=3)
    assert squeezed.width <= 40 and max(pixels for pixels, _ in fonts._cache) <= 400
    pygame.quit()


def test_a_window_is_never_larger_than_the_screen(tmp_path):
    app = App(Options(tmp_path, size=(20000, 20000), virtual_time=True, speed=0))
    assert app.screen.get_size() == WINDOWLESS_MAX  # the dummy driver has no screen to measure
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(50000, 9), w=50000, h=9))
    app.step()
    assert app.screen.get_size() == (WINDOWLESS_MAX[0], 520) and app.profile.settings.window == [3840, 520]
    app.close()
    again = App(Options(tmp_path, virtual_time=True, speed=0))
    assert again.screen.get_size() == (3840, 520)
    again.close()


def test_the_window_is_resized_and_made_fullscreen_in_place_never_opened_again(tmp_path, monkeypatch):
    app = App(Options(tmp_path, size=(1180, 760), virtual_time=True, speed=0))
    opened = []
    monkeypatch.setattr(pygame.display, "set_mode", lambda *args, **kwargs: opened.append(args))
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(600, 400), w=600, h=400))
    app.step()
    assert app.screen.get_size() == MIN_SIZE  # too small: the same window, made as small as it may be
    app.set_fullscreen(True)
    app.set_fullscreen(False)
    assert opened == [] and app.screen.get_size() == MIN_SIZE
    app.close()


def test_the_window_is_named_for_the_game_with_an_icon_of_its_own(tmp_path):
    import os

    app = App(Options(tmp_path, virtual_time=True, speed=0))
    assert os.environ["SDL_VIDEO_X11_WMCLASS"] == "digit-dash" and pygame.display.get_caption()[0] == "Digit Dash"
    picture = icon()
    assert picture.get_size() == (32, 32) and len({tuple(picture.get_at((x, 12))) for x in range(32)}) >= 4  # not blank
    app.close()


@pytest.mark.parametrize("saved", [[10000, 10000], [100, 100]])
def test_a_saved_window_size_is_bounded_too(tmp_path, saved):
    import json

    (tmp_path / "settings.json").write_text(json.dumps({"window": saved}))
    app = App(Options(tmp_path, virtual_time=True, speed=0))
    width, height = app.screen.get_size()
    assert 800 <= width <= WINDOWLESS_MAX[0] and 520 <= height <= WINDOWLESS_MAX[1]
    app.close()


def test_a_stroke_file_line_too_long_to_be_a_drawing_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    from game.datasets import strokes

    monkeypatch.setattr(strokes, "MAX_LINE", 1000)
    path = tmp_path / "d.jsonl"
    path.write_text('{"label": 1, "strokes": [[[0, 0], [1, 1]]]}\n' + '{"label": 1, "strokes": [' + "[[0, 0]], " * 500)
    parsed = []
    monkeypatch.setattr(strokes, "parse_stroke_line", lambda raw, *a: parsed.append(len(raw)))
    with pytest.raises(strokes.StrokeFileError, match="line 2.*longer than"):
        strokes.read_strokes(path)
    assert len(parsed) == 1  # the first line alone was parsed


def test_the_daily_tables_are_kept_for_a_month_not_for_ever(tmp_path):
    import datetime

    from game.modes import MODES
    from game.profile import DAYS_KEPT, PlayerFiles, Profile

    files = PlayerFiles(tmp_path)
    start = datetime.date(2026, 1, 1)
    for day in range(100):
        path = files.highscores(MODES["daily"], start + datetime.timedelta(days=day))
        path.write_text("[]")
        path.with_name(path.name + ".lock").write_text("")
    profile = Profile(tmp_path)
    profile.highscores(MODES["daily"])  # today's table
    kept = sorted(tmp_path.glob("highscores-daily-*"))
    assert len(kept) == 2 * DAYS_KEPT and kept[-1].name.startswith("highscores-daily-202604")
    profile.close()

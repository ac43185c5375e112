"""Every screen right at every size: at the four window shapes a player is likely to use and
at the smallest and largest text size, every mode with the X-ray on and off, no two texts
overlap, no text leaves the window or its panel, none is too small to read (MIN_TEXT), and
every button is large enough for a fingertip. Read from what the screens report
drawing (tests/screens.py), not from pixels."""

import pytest

from tests.helpers import Player
from tests.screens import MIN_BUTTON, MIN_TEXT, drawn, layout_problems, screens

SIZES = [(800, 520), (1180, 760), (820, 860), (1600, 600)]  # the smallest, the default, a tall tile, a wide strip
LARGE = [(1920, 1200), (3840, 2160), (800, 1280), (1200, 2160)]  # large screens, and tall ones: the largest text
TEXT_SIZES = [0.85, 1.3]  # Settings > Text size, its ends
ALL = [(size, text) for size in SIZES for text in TEXT_SIZES] + [(size, max(TEXT_SIZES)) for size in LARGE]


@pytest.mark.parametrize("size, text_size", ALL, ids=lambda x: f"{x[0]}x{x[1]}" if isinstance(x, tuple) else f"{x}")
def test_every_screen_keeps_its_text_apart_inside_and_its_buttons_large(tmp_path, size, text_size):
    player = Player(tmp_path / "data", size=size)
    player.app.profile.settings.ui_scale = text_size
    player.app.apply_settings()
    seen, problems = [], []
    for name, scene in screens(player):
        seen.append(name)
        things = drawn(player.app, scene)
        assert any(kind == "text" for kind, _, _ in things), f"{name} reported no text: the check would see nothing"
        problems += [f"{name}: {problem}" for problem in layout_problems(things, size)]
    player.close()
    assert len(seen) >= 20 and {"title", "play, X-ray", "result, X-ray", "review", "help", "players"} <= set(seen)
    for mode in ("classic", "time", "daily", "practice", "math"):  # every mode, the X-ray on and off
        assert {f"{screen}, {mode}, {on}" for screen in ("play", "result") for on in ("plain", "X-ray")} <= set(seen)
    assert not problems, f"{len(problems)} problems at {size}, text {text_size:.0%}:\n" + "\n".join(problems[:15])


def test_the_layout_check_finds_what_it_looks_for():
    import pygame

    from game.ui import Words

    text = lambda rect, label: ("text", pygame.Rect(rect), label if isinstance(label, Words) else Words(label, 12))
    panel = ("panel", pygame.Rect(0, 0, 100, 100), "")
    assert layout_problems([text((10, 10, 50, 20), "a"), text((40, 15, 50, 20), "b")], (800, 520))  # overlap
    assert layout_problems([text((790, 10, 50, 20), "a")], (800, 520))  # off the window
    assert layout_problems([panel, text((50, 10, 80, 20), "a")], (800, 520))  # out of its panel
    assert layout_problems([("button", pygame.Rect(0, 0, MIN_BUTTON[0] - 1, 50), "0")], (800, 520))
    assert layout_problems([text((10, 10, 50, 20), Words("tiny", MIN_TEXT - 1))], (800, 520))  # too small to read
    assert not layout_problems([text((10, 10, 50, 20), Words("read", MIN_TEXT))], (800, 520))
    assert not layout_problems([panel, text((10, 10, 50, 20), "a"), text((10, 40, 50, 20), "b")], (800, 520))
    veiled = [text((10, 10, 50, 20), "a"), ("shade", pygame.Rect(0, 0, 800, 520), ""), text((10, 10, 50, 20), "b")]
    assert not layout_problems(veiled, (800, 520))  # a dialog over a screen: what is under it is not read


@pytest.mark.parametrize("drawn", [True, False], ids=["read", "time's up"])
@pytest.mark.parametrize("xray", [False, True], ids=["plain", "xray"])
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_no_answer_sits_where_submit_was(tmp_path, size, xray, drawn):
    import pygame

    from game.scenes.result import ResultScene

    player = Player(tmp_path / "data", size=size)
    if xray:
        player.app.toggle_xray()
    player.start()
    if drawn:
        player.draw_digit(player.scene.target)
    player.frames()  # the round is drawn: its buttons are where the player sees them
    submit = pygame.Rect(player.scene.buttons[-1].rect)
    assert player.scene.buttons[-1].label == "Submit"
    if drawn:
        player.key(pygame.K_SPACE)
    else:
        player.scene.time_left = 0.02  # the clock runs out on an empty canvas
    player.frames(3)
    result = player.scene
    assert isinstance(result, ResultScene) and (result.record.reading is None) != drawn
    under = [b.label for b in result.answer_buttons if b.rect.colliderect(submit)]
    player.close()
    assert not under, f"{under} sit where Submit was {submit}: a double click there would answer them"

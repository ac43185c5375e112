"""Promises about clicks and taps landing on a screen the player has not seen yet: a double
click on Submit, or a click just after the clock ran out, never answers the result (it would
teach the network a label the player never gave). Played headless through posted events;
the rule itself (game/presses.py) is checked alone, in game time, with no clock."""

import pygame
import pytest

from game.presses import SETTLE, Presses
from game.scenes.play import PlayScene
from game.scenes.result import ResultScene
from game.scenes.review import ReviewScene
from tests.helpers import Player, first_player, rows


def _press(pos, button=1, **details):
    """Return the down and up events of one click at pos."""
    down = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button, **details)
    return down, pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button)


def _click_now(player, pos, **details):
    """Click at pos in the very next frame, without waiting to see the screen (a reflex)."""
    for event in _press(pos, **details):
        pygame.event.post(event)
    player.frames()


def _finger(kind, pos, size):
    """Post a finger event at screen position pos (SDL gives fingers in 0..1 of the window)."""
    x, y = pos[0] / size[0], pos[1] / size[1]
    pygame.event.post(pygame.event.Event(kind, finger_id=0, touch_id=1, x=x, y=y, dx=0.0, dy=0.0, pressure=1.0))


def _drawn_round(tmp_path, size=(1180, 760), xray=False, mode="classic"):
    """Return a Player in a round of `mode` with its target drawn and the screen laid out."""
    player = Player(tmp_path / "data", size=size)
    if xray:
        player.app.toggle_xray()
    if mode != "classic":
        player.app.choose_mode(mode)
    player.start()
    if mode == "classic":
        player.draw_digit(player.scene.target)
    else:
        player.draw_digit(3)  # a sum's answer or not, a drawing to read
    player.frames()  # the reading and the buttons' rects
    return player


@pytest.mark.parametrize("pointer", ["mouse", "finger"])
@pytest.mark.parametrize("xray", [False, True], ids=["plain", "xray"])
@pytest.mark.parametrize("size", [(1180, 760), (1600, 600)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_double_click_on_submit_shows_the_result_and_answers_nothing(tmp_path, size, xray, pointer):
    player = _drawn_round(tmp_path, size, xray)
    submit = player.scene.buttons[-1]
    assert submit.label == "Submit"
    where = submit.rect.center
    for _ in range(2):  # two clicks (or taps) a tenth of a second apart
        if pointer == "mouse":
            _click_now(player, where)
        else:
            _finger(pygame.FINGERDOWN, where, size)
            _finger(pygame.FINGERUP, where, size)
            player.frames()
        player.frames(5)
    player.frames(60)  # and then nothing: the player reads the verdict
    result = player.scene
    assert isinstance(result, ResultScene) and not result.finished
    assert result.record.label is None and not result.record.not_digit and result.typed == ""
    assert not (tmp_path / "data" / "feedback.db").exists() or rows(first_player(tmp_path / "data")) == []
    player.close()


@pytest.mark.parametrize("mode,xray", [("classic", False), ("classic", True), ("math", False)])
def test_a_click_just_after_the_clock_runs_out_is_no_answer_but_one_a_moment_later_is(tmp_path, mode, xray):
    player = _drawn_round(tmp_path, xray=xray, mode=mode)
    player.scene.time_left = 0.02  # the clock runs out while the player reaches for a button
    player.frames(3)
    result = player.scene
    assert isinstance(result, ResultScene)
    eight = next(b for b in result.answer_buttons if b.label == "8")
    _click_now(player, eight.rect.center)  # the click was on its way
    assert player.scene is result and result.record.label is None and result.typed == ""
    player.look()  # the player reads the verdict, then answers
    _click_now(player, eight.rect.center)
    if mode == "math":
        assert result.typed == "8"  # a number is typed digit by digit
    else:
        assert player.scene is not result and rows(first_player(tmp_path / "data"))[0]["label"] == 8
    player.close()


def test_a_round_after_an_answer_takes_no_stroke_in_its_first_moment_but_then_does(tmp_path):
    player = Player(tmp_path / "data")
    player.app.choose_mode("practice")  # no countdown between rounds: the next canvas is there at once
    player.key(pygame.K_RETURN)
    player.key(pygame.K_3)  # practise the 3s
    player.draw_digit(3)
    player.key(pygame.K_SPACE)
    player.key(pygame.K_RETURN)  # "yes, a 3": the next round
    play = player.scene
    assert isinstance(play, PlayScene) and play.countdown == 0
    _click_now(player, play.canvas.rect.center)  # the second click of a double click on "Yes"
    assert play.canvas.strokes == []
    player.look()
    _click_now(player, play.canvas.rect.center)
    assert len(play.canvas.strokes) == 1
    player.close()


def test_a_held_key_never_repeats_into_the_next_screen(tmp_path):
    pygame.init()
    pygame.key.set_repeat(300, 30)  # as a library or an earlier window might have left it
    player = Player(tmp_path / "data")
    assert pygame.key.get_repeat() == (0, 0)  # Enter held to submit sends one KEYDOWN, not a second answer
    player.close()


def test_a_digit_held_on_the_last_answer_types_nothing_into_the_high_score_name(tmp_path):
    player = Player(tmp_path / "data", rounds=1)
    player.start()
    target = player.scene.target
    player.draw_digit(target)
    player.key(pygame.K_SPACE)
    player.key(getattr(pygame, f"K_{target}"))  # "that was a 3", the key held down a moment...
    review = player.scene
    assert isinstance(review, ReviewScene) and review.naming
    name = review.name
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=str(target)))  # ...and repeated as text
    player.frames()
    assert review.name == name
    player.type_text("x")  # a key pressed on the new screen types
    assert review.name == name + "x"
    player.close()


# ------------------------------------------------------------------ the rule alone, in game time
def _shown_at(when):
    """Return Presses for a screen shown at game time `when`."""
    presses = Presses()
    presses.shown(when)
    return presses


def test_a_screen_takes_a_click_only_once_it_has_been_seen_a_moment():
    presses = _shown_at(10.0)
    down, up = _press((5, 5))
    assert not presses.admit(down, 10.0 + SETTLE / 2) and not presses.admit(up, 10.0 + SETTLE / 2)
    assert presses.admit(down, 10.0 + SETTLE + 0.01) and presses.admit(up, 10.0 + SETTLE + 0.1)
    assert not presses.admit(up, 11.0)  # a second release of the same press


def test_a_press_begun_on_the_screen_before_is_not_taken_by_this_one():
    presses = _shown_at(0.0)
    down, up = _press((5, 5))
    assert presses.admit(down, 1.0)
    presses.shown(2.0)  # the press made this screen appear (Submit), or the clock did
    assert not presses.admit(up, 5.0)  # its release, however late
    touched = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(5, 5), button=1, began=1.9)
    assert not presses.admit(touched, 5.0)  # a finger that touched before: touch.py held it back


def test_the_second_click_of_a_double_click_that_opened_the_screen_is_not_taken_however_slow():
    presses = _shown_at(0.0)
    first, _ = _press((5, 5), clicks=1)
    assert presses.admit(first, 1.0)
    presses.shown(1.0)  # the first click opened this screen (Submit)
    second, _ = _press((5, 5), clicks=2)  # the system still counts it as one double click
    third, _ = _press((5, 5), clicks=3)
    assert not presses.admit(second, 1.0 + SETTLE + 0.1) and not presses.admit(third, 1.0 + SETTLE + 0.2)
    fresh, _ = _press((5, 5), clicks=1)
    assert presses.admit(fresh, 1.0 + SETTLE + 0.3)


def test_a_quick_press_after_a_screen_came_on_its_own_is_taken_once_it_was_seen():
    presses = _shown_at(0.0)
    last_stroke, _ = _press((5, 5), clicks=1)
    assert presses.admit(last_stroke, 1.0)
    presses.shown(1.1)  # Time Attack: the network was sure, the next round came by itself
    next_stroke, _ = _press((6, 5), clicks=2)  # near the last one's start, within the double-click time
    assert presses.admit(next_stroke, 1.1 + SETTLE + 0.01)


def test_text_comes_only_from_a_key_pressed_on_the_screen_shown():
    presses = _shown_at(0.0)
    key = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a, mod=0, unicode="a", scancode=0)
    text = pygame.event.Event(pygame.TEXTINPUT, text="a")
    assert presses.admit(key, 1.0) and presses.admit(text, 1.0)
    presses.shown(1.0)  # the key made this screen appear, and is held down
    assert not presses.admit(text, 1.0) and not presses.admit(text, 1.6)  # its own text, its repeats
    assert presses.admit(key, 2.0) and presses.admit(text, 2.0)


def test_keys_the_wheel_and_the_pointer_moving_are_never_held_back():
    presses = _shown_at(3.0)
    key = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="", scancode=0)
    wheel, _ = _press((5, 5), button=4)
    motion = pygame.event.Event(pygame.MOUSEMOTION, pos=(5, 5), rel=(1, 1), buttons=(0, 0, 0))
    assert all(presses.admit(event, 3.0) for event in (key, wheel, motion))

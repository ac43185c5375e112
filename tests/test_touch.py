"""Promises to a player with a finger, a pen or a mouse alone (issue 28): a round and its result
can be paused, the X-ray stepped through and the modes chosen either way by taps; the high
score's name blocks nothing; quitting a game with points asks; the X-ray never shows an earlier
round; a stroke never crosses from one round into the next; a round goes on after a pause with
time to draw. Played headless through posted events."""

import pygame
import pytest

from game import ui
from game.modes import MODES, SURE, TaskMaker
from game.scenes.pause import PauseScene
from game.scenes.play import LEAST_AFTER_PAUSE, RESTED, PlayScene
from game.scenes.result import ResultScene
from game.scenes.review import ReviewScene
from game.scenes.title import TitleScene
from tests.helpers import Player, sample_of
from tests.screens import MIN_BUTTON

SIZES = [(800, 520), (1180, 760), (820, 860), (1600, 600)]


def _button(scene, label):
    """Return the button of the scene's action labelled label, as last drawn."""
    return scene.actions.button(label)


def _texts(scene, size):
    """Return (rect, words) of every text the scene draws."""
    return [(rect, label) for kind, rect, label in ui.recorded(scene.draw, size) if kind == "text"]


def _result(player):
    """Play the round's target and submit it: return the result screen."""
    player.draw_digit(player.scene.target)
    player.key(pygame.K_SPACE)
    assert isinstance(player.scene, ResultScene)
    return player.scene


@pytest.mark.parametrize("xray", [False, True], ids=["plain", "xray"])
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_the_round_and_its_result_pause_with_a_button_out_of_the_drawings_way(tmp_path, size, xray):
    player = Player(tmp_path / "data", size=size)
    if xray:
        player.app.toggle_xray()
    player.start()
    for screen in ("round", "result"):
        scene = player.scene
        player.frames()
        pause = _button(scene, "Pause")
        assert pause.rect.width >= MIN_BUTTON[0] and pause.rect.height >= MIN_BUTTON[1], (screen, pause.rect)
        canvas = scene.canvas.rect if screen == "round" else scene.play.canvas.rect
        assert not pause.rect.colliderect(canvas.inflate(8, 8)), f"{screen}: Pause {pause.rect} on {canvas}"
        player.click(pause.rect.center)
        assert isinstance(player.scene, PauseScene) and player.scene.paused is scene, screen
        player.click(_button(player.scene, "Resume").rect.center)
        assert player.scene is scene
        if screen == "round":
            _result(player)
    player.close()


def test_the_result_has_an_xray_button(player):
    player.start()
    result = _result(player)
    player.frames()
    player.click(_button(result, "X-ray").rect.center)
    assert player.app.xray_on and player.scene is result
    player.frames()
    player.click(_button(result, "X-ray").rect.center)
    assert not player.app.xray_on


def test_the_pause_menu_ends_practice_and_only_practice_by_a_tap(tmp_path):
    player = Player(tmp_path / "data")
    for mode in ("classic", "time"):
        player.app.choose_mode(mode)
        player.start()
        player.click(_button(player.scene, "Pause").rect.center)
        labels = [button.label for button in player.scene.menu.buttons]
        assert labels == ["Resume", "Settings", "Help", "Quit to title"], mode
        player.click(_button(player.scene, "Quit to title").rect.center)  # no points: no question
        assert isinstance(player.scene, TitleScene)
    player.app.choose_mode("practice")
    player.key(pygame.K_RETURN)
    player.key(pygame.K_4)
    player.click(_button(player.scene, "Pause").rect.center)
    labels = [button.label for button in player.scene.menu.buttons]
    assert labels == ["Resume", "End practice", "Settings", "Help", "Quit to title"]
    player.click(next(b for b in player.scene.menu.buttons if b.label == "End practice").rect.center)
    assert isinstance(player.scene, ReviewScene)
    player.close()


def test_quitting_a_game_with_points_asks_first(player):
    player.start()
    _result(player)
    player.key(pygame.K_RETURN)  # confirmed: the game has points
    assert player.scene.game.score > 0
    player.click(_button(player.scene, "Pause").rect.center)
    pause = player.scene
    player.click(_button(pause, "Quit to title").rect.center)
    assert pause.asking and player.scene is pause
    words = " ".join(label for _, label in _texts(pause, player.app.screen.get_size()))
    assert "Quit this game?" in words and f"{pause.game.score} points" in words
    player.click(_button(pause, "No, keep playing").rect.center)
    assert not pause.asking and player.scene is pause
    player.click(_button(pause, "Quit to title").rect.center)
    player.click(_button(pause, "Yes, quit").rect.center)
    assert isinstance(player.scene, TitleScene)


def _new_high_score(player):
    """Play a one-round game to its review, a new high score whose name is asked."""
    player.app.games.rounds_asked = 1
    player.start()
    _result(player)
    player.key(pygame.K_RETURN)
    review = player.scene
    assert isinstance(review, ReviewScene) and review.naming
    player.frames()
    return review


def test_the_high_score_name_takes_its_own_ok_by_a_tap(player):
    review = _new_high_score(player)
    player.type_text("Ada")
    player.click(_button(review, "OK").rect.center)
    assert not review.naming and review.table.entries[0].name.endswith("Ada")
    assert player.scene is review


def test_the_high_score_name_never_blocks_the_other_buttons(player):
    review = _new_high_score(player)
    player.type_text("Bo")
    player.click(_button(review, "Play again").rect.center)  # no Enter first
    assert isinstance(player.scene, PlayScene)
    assert review.table.entries[0].name.endswith("Bo")  # the name typed so far is kept


def test_the_xray_steps_through_its_sums_by_taps_with_the_clock_stopped(player):
    player.start()
    player.click(_button(player.scene, "X-ray").rect.center)
    player.draw_digit(player.scene.target)
    player.frames(2)
    play, xray = player.scene, player.app.xray
    assert [b.label for b in play.actions.buttons("xray")] == ["Step through"]
    player.click(_button(play, "Step").rect.center)
    assert xray.step == 0
    player.frames()
    assert [b.label for b in play.actions.buttons("xray")] == ["Back", "Next step", "Stop"]
    time_left = play.time_left
    player.click(_button(play, "Step").rect.center)
    player.frames(30)
    assert xray.step == 1 and play.time_left == time_left  # the clock stands still
    player.click(_button(play, "Back").rect.center)
    assert xray.step == 0
    player.frames()
    assert _button(play, "Back").disabled  # the first step: nothing before it
    player.click(_button(play, "Stop").rect.center)
    player.frames(30)
    assert xray.step is None and play.time_left < time_left


def test_the_modes_go_round_both_ways_by_taps_and_keys(player):
    title = player.scene
    player.frames()
    assert player.app.games.mode.name == "classic"
    player.click(_button(title, "<").rect.center)
    assert player.app.games.mode.name == "daily"  # the last: the modes go round
    player.click(_button(title, ">").rect.center)
    assert player.app.games.mode.name == "classic"
    player.key(pygame.K_m, pygame.KMOD_SHIFT)
    assert player.app.games.mode.name == "daily"
    player.key(pygame.K_m)
    assert player.app.games.mode.name == "classic"


def test_the_xray_shows_nothing_of_an_earlier_round_or_game(tmp_path):
    player = Player(tmp_path / "data", rounds=1)
    player.app.toggle_xray()
    for game in range(2):
        player.key(pygame.K_RETURN)  # play (again)
        play = player.scene
        words = [label for _, label in _texts(play, player.app.screen.get_size())]
        assert player.app.xray.inside is None and "Draw a digit: the network lights up here." in words, game
        _result(player)
        assert player.app.xray.inside is not None
        player.key(pygame.K_RETURN)
        review = player.scene
        assert isinstance(review, ReviewScene)
        if review.naming:
            player.key(pygame.K_RETURN)
    player.close()


def _time_attack(tmp_path):
    """Return a Player in Time Attack's first round, after its countdown."""
    player = Player(tmp_path / "data")
    player.app.choose_mode("time")
    player.app.games.tasks = TaskMaker(MODES["time"], fixed=(3, 7, 1))
    player.start()
    return player


def _stroke(player, stroke, lift=True):
    """Draw one stroke (screen pixels) at once; keep the pen down at its end unless lift."""
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=stroke[0], button=1))
    for point in stroke[1:]:
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=point, rel=(0, 0), buttons=(1, 0, 0)))
    if lift:
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=stroke[-1], button=1))
    player.frames()


def test_time_attack_never_moves_on_while_the_pen_is_down_nor_before_it_rests(tmp_path):
    from game.autoplay import _fit

    player = _time_attack(tmp_path)
    play = player.scene
    [three] = [_fit(sample_of(3).strokes, play.canvas.rect)]
    player.look()
    for stroke in three:
        _stroke(player, stroke)
    assert player.scene is play and play.reading.probability_of(3) >= SURE
    player.frames(round(60 * RESTED / 2))  # a moment later the next stroke begins (a digit's own)...
    edge = (play.canvas.rect.x - 4, play.canvas.rect.centery)  # ... just left of the grid
    _stroke(player, [edge], lift=False)
    player.frames(60)  # the pen is down: the round stays, however sure it is
    assert player.scene is play
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=edge, button=1))
    player.frames(round(60 * RESTED) - 2)
    assert player.scene is play  # lifted, but not yet rested
    player.frames(4)
    assert isinstance(player.scene, PlayScene) and player.scene is not play  # sure, and the pen rested
    player.close()


def test_a_digits_next_stroke_lands_on_its_own_canvas_in_time_attack(tmp_path):
    from game.autoplay import _fit

    player = _time_attack(tmp_path)
    play = player.scene
    strokes = _fit(sample_of(3).strokes, play.canvas.rect)
    player.look()
    for stroke in strokes:
        _stroke(player, stroke)
    player.frames(round(60 * RESTED / 2))
    second = [(x + 4, y + 4) for x, y in strokes[0]]  # another stroke of the same digit, a moment on
    _stroke(player, second)
    assert player.scene is play and len(play.canvas.strokes) == len(strokes) + 1
    player.close()


def test_the_countdown_shows_words_not_a_number_that_looks_like_a_target(player):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="", scancode=0))
    player.frames()  # "Play": the round counts down 3, 2, 1
    play = player.scene
    assert isinstance(play, PlayScene) and play.countdown > 0
    on_canvas = [label for rect, label in _texts(play, player.app.screen.get_size()) if play.canvas.rect.contains(rect)]
    assert on_canvas and all(not label.strip().isdigit() for label in on_canvas), on_canvas
    assert any("Ready" in label for label in on_canvas)


@pytest.mark.parametrize("clock", ["round", "game"])
def test_a_round_resumed_with_a_moment_left_counts_down_and_leaves_time_to_draw(tmp_path, clock):
    player = Player(tmp_path / "data")
    if clock == "game":
        player.app.choose_mode("time")
    player.start()
    play = player.scene
    if clock == "round":
        play.time_left = 0.9
    else:
        play.game.clock = 0.9
    player.key(pygame.K_ESCAPE)
    assert isinstance(player.scene, PauseScene)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0))
    player.frames()
    assert player.scene is play and play.countdown > 0  # ready, again...
    left = play.time_left if clock == "round" else play.game.clock
    assert left >= LEAST_AFTER_PAUSE  # ... and time to draw once it is over
    player.settle()
    player.draw_digit(play.target)
    assert player.scene is play and play.canvas.strokes
    player.close()


def test_a_button_pressed_for_a_question_is_not_left_lit_once_it_is_answered(tmp_path):
    player = Player(tmp_path / "data")
    player.app.players.add("Sam")
    player.key(pygame.K_p)
    page = player.scene
    player.frames()
    delete = _button(page, "Delete")
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=delete.rect.center, rel=(0, 0), buttons=(0, 0, 0)))
    player.frames()
    assert delete.hot
    player.click(delete.rect.center)
    assert page.asking
    player.frames()
    player.click(_button(page, "No, keep").rect.center)
    player.frames()
    lit = [b.label for b in page.actions.drawn if b.hot]
    assert not page.asking and lit == [], lit  # the pointer is on the question's No: nothing under it is lit
    player.close()

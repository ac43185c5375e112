"""Promises of the game modes: their rules alone (no pygame), then each mode played end to end
through posted events, with its own high scores."""

import datetime
import json
import random

import pygame
import pytest

from game import ui
from game.autoplay import _fit
from game.highscores import HighScores
from game.modes import MODES, SURE, TaskMaker, math_task
from game.profile import PlayerFiles
from game.scenes.pause import PauseScene
from game.scenes.play import RESTED, PlayScene
from game.scenes.practice import PracticeChoiceScene
from game.scenes.result import ResultScene
from game.scenes.review import ReviewScene
from game.scoring import GameState
from game.segment import compose_number
from tests.helpers import Player, autoplay, first_player, rows, sample_of

DAY = datetime.date(2026, 11, 23)


def test_the_daily_targets_are_the_same_for_everyone_on_a_date_and_change_the_next_day():
    a, b = TaskMaker(MODES["daily"], today=DAY), TaskMaker(MODES["daily"], today=DAY, seed=99)
    first, second = [a.next().answer for _ in range(10)], [b.next().answer for _ in range(10)]
    tomorrow = TaskMaker(MODES["daily"], today=DAY + datetime.timedelta(days=1))
    assert first == second  # whatever else seeds the game: the date decides
    assert [tomorrow.next().answer for _ in range(10)] != first


@pytest.mark.parametrize("level", [1, 2, 3, 5])
def test_math_tasks_have_the_right_answers_and_grow_harder(level):
    rng = random.Random(level)
    tasks = [math_task(rng, level) for _ in range(200)]
    for task in tasks:
        assert task.answer == eval(task.prompt.replace("x", "*")) >= 0  # the prompt is plain arithmetic
        assert task.digits == [int(c) for c in str(task.answer)]
    signs = {t.prompt.split()[1] for t in tasks}
    assert signs == ({"+"} if level == 1 else {"+", "-"} if level == 2 else {"+", "-", "x"})
    assert max(t.answer for t in tasks) <= 10 if level == 1 else max(t.answer for t in tasks) >= 10


def test_practice_asks_only_for_the_digits_chosen():
    maker = TaskMaker(MODES["practice"], practice=[4])
    assert {maker.next().answer for _ in range(20)} == {4}
    worst = TaskMaker(MODES["practice"], practice=[2, 7], seed=1)
    assert {worst.next().answer for _ in range(20)} == {2, 7}


def test_time_attack_ends_with_its_clock_and_practice_when_the_player_says():
    attack = GameState(rounds=None, mode=MODES["time"])
    assert attack.round_time is None and attack.clock == 60.0 and not attack.over
    attack.tick(59.9)
    assert not attack.over
    attack.tick(1.0)
    assert attack.over and attack.clock == 0.0
    practice = GameState(rounds=None, mode=MODES["practice"])
    for _ in range(50):
        practice.score_round(3, None, None, None)
    assert not practice.over and practice.round_time is None
    practice.ended = True
    assert practice.over


def test_each_mode_keeps_its_own_high_scores(tmp_path):
    files = PlayerFiles(tmp_path)
    tables = {name: HighScores(files.highscores(mode, today=DAY)) for name, mode in MODES.items()}
    tables["time"].add(500, 9, 9, 3)
    assert [e.score for e in HighScores(files.highscores(MODES["time"])).entries] == [500]
    assert HighScores(files.highscores(MODES["classic"])).entries == []  # classic is still highscores.json
    assert tables["daily"].path.name == "highscores-daily-20261123.json"


def _play(tmp_path, mode, targets=(3, 7, 1), rounds=3):
    player = Player(tmp_path / "data", targets=targets, rounds=rounds)
    player.app.choose_mode(mode)
    player.app.games.tasks = TaskMaker(MODES[mode], fixed=targets)
    return player


@pytest.mark.slow
def test_time_attack_moves_on_the_moment_the_network_is_sure_and_ends_with_the_clock(tmp_path):
    player = _play(tmp_path, "time")
    player.app.games.rounds_asked = 3
    player.key(pygame.K_RETURN)
    play = player.scene
    assert isinstance(play, PlayScene) and play.time_left is None and play.game.rounds is None
    player.draw_digit(3)
    player.frames(round(60 * RESTED))  # the pen rests a moment: a digit's next stroke would still be its own
    assert play.reading.probabilities[3] >= SURE
    assert isinstance(player.scene, PlayScene) and player.scene is not play and player.scene.target == 7
    [row] = rows(first_player(tmp_path / "data"))
    assert (row["label"], row["target"], row["corrected"]) == (3, 3, 0)  # counted as confirmed
    player.frames(round(60 * 61))  # the clock runs out on the second target
    assert isinstance(player.scene, ResultScene)
    player.key(pygame.K_RETURN)
    review = player.scene
    assert isinstance(review, ReviewScene) and review.game.score > 0
    folder = first_player(tmp_path / "data")
    assert json.loads((folder / "highscores-time.json").read_text())[0]["score"] == review.game.score
    assert not (folder / "highscores.json").exists()
    player.close()


def test_practice_asks_which_digit_has_no_clock_and_ends_from_the_pause_menu(tmp_path):
    player = Player(tmp_path / "data")
    player.key(pygame.K_m)  # classic -> time
    player.key(pygame.K_m)  # -> math
    player.key(pygame.K_m)  # -> practice
    assert player.app.games.mode.name == "practice"
    player.key(pygame.K_RETURN)
    assert isinstance(player.scene, PracticeChoiceScene)
    player.key(pygame.K_4)
    play = player.scene
    assert isinstance(play, PlayScene) and play.target == 4 and play.time_left is None
    player.frames(60 * 30)  # half a minute: no time's up
    assert player.scene is play
    player.draw_digit(4)
    player.key(pygame.K_SPACE)
    player.key(pygame.K_RETURN)
    assert isinstance(player.scene, PlayScene) and player.scene.target == 4
    player.key(pygame.K_ESCAPE)
    assert isinstance(player.scene, PauseScene)
    player.key(pygame.K_e)
    assert isinstance(player.scene, ReviewScene) and len(player.scene.rounds) == 1
    assert json.loads((first_player(tmp_path / "data") / "settings.json").read_text())["mode"] == "practice"
    player.close()


def _practise(player, digit=4):
    """Choose practice on the title (M three times), then the digit, as a player does."""
    for _ in range(3):
        player.key(pygame.K_m)  # classic -> time -> math -> practice
    player.key(pygame.K_RETURN)
    player.key(pygame.K_0 + digit)


def test_practice_has_no_clock_to_beat_so_it_never_makes_a_high_score(tmp_path):
    player = Player(tmp_path / "data")
    _practise(player)
    for _ in range(2):
        player.draw_digit(4)
        player.key(pygame.K_SPACE)
        player.key(pygame.K_RETURN)
    player.key(pygame.K_ESCAPE)
    player.key(pygame.K_e)  # end the practice from the pause menu
    review = player.scene
    assert isinstance(review, ReviewScene) and review.game.score > 0 and len(review.rounds) == 2
    drawn = ui.recorded(review.draw, player.app.screen.get_size())
    words = " ".join(label for _, _, label in drawn).lower()
    assert review.rank is None and not review.naming and "high score!" not in words
    assert "High scores" not in [button.label for button in review.menu.buttons]
    files = PlayerFiles(tmp_path / "data")
    assert HighScores(files.highscores(MODES["practice"])).entries == []
    player.key(pygame.K_h)  # the key of the high scores elsewhere: nothing to show here
    assert player.scene is review
    player.close()


def test_time_attacks_last_result_leads_to_the_results_not_to_a_next_round(tmp_path):
    player = _play(tmp_path, "time")
    player.key(pygame.K_RETURN)
    play = player.scene
    play.game.clock = 1.0  # the last second of the game's minute
    player.frames(90)  # and nothing drawn in it
    result = player.scene
    assert isinstance(result, ResultScene) and result.game.over and result.record.reading is None
    drawn = ui.recorded(result.draw, player.app.screen.get_size())
    words = " ".join(label for _, _, label in drawn).lower()
    assert "next round" not in words and "see your results" in words
    [button] = result.answer_buttons
    player.click(button.rect.center)
    assert isinstance(player.scene, ReviewScene)
    player.close()


def test_the_round_time_attacks_clock_cuts_short_is_not_counted_as_a_miss(tmp_path):
    player = _play(tmp_path, "time")
    player.key(pygame.K_RETURN)
    player.draw_digit(player.scene.target)
    player.key(pygame.K_RETURN)  # submitted before the pen rested: its result
    player.key(pygame.K_RETURN)  # confirm the first round's drawing
    play = player.scene
    play.game.clock = 0.5  # the game's last half second, and a stroke begun in it
    player.draw([[(play.canvas.rect.x + 30, play.canvas.rect.y + 30 + i) for i in range(0, 40, 4)]])
    player.frames(60)
    result = player.scene
    assert isinstance(result, ResultScene) and result.game.over and result.record.cut_off
    player.key(pygame.K_RETURN)
    review = player.scene
    drawn = ui.recorded(review.draw, player.app.screen.get_size())
    words = " ".join(label for _, _, label in drawn)
    assert f"hit the target {review.hits} of {len(review.rounds) - 1}" in words and "the clock ran out" in words
    player.close()


def test_math_never_shows_the_answer_before_it_is_drawn(tmp_path, monkeypatch):
    import game.scenes.play as play_module

    shown = []
    monkeypatch.setattr(play_module, "draw_reading", lambda surface, app, layout, reading, target: shown.append(target))
    player = _play(tmp_path, "math", targets=(12,))
    player.key(pygame.K_RETURN)
    player.scene.draw(player.app.screen)
    assert shown and set(shown) == {None}  # the bars' target is the sum's answer: never marked while asked
    player.close()


def test_the_daily_game_plays_todays_targets(tmp_path):
    player = Player(tmp_path / "data", rounds=3)
    player.app.choose_mode("daily")
    player.key(pygame.K_RETURN)
    expected = TaskMaker(MODES["daily"]).next().answer
    assert isinstance(player.scene, PlayScene) and player.scene.target == expected
    assert "DAILY" in player.app.games.mode.title.upper()
    player.close()


def _write(player, digits, seed=1):
    """Draw a number made of the fixture's samples of these digits, side by side."""
    strokes = compose_number([sample_of(d).strokes for d in digits], random.Random(seed))
    player.draw(_fit(strokes, player.scene.canvas.rect))


def test_math_reads_a_whole_number_and_stores_each_digit_of_a_correction(tmp_path):
    player = _play(tmp_path, "math", targets=(12, 35))
    player.key(pygame.K_RETURN)
    play = player.scene
    assert play.task.answer == 12 and eval(play.task.prompt.replace("x", "*")) == 12
    _write(player, (1, 2))
    player.frames()
    reading = play.reading
    assert [d.guess for d in reading.digits] == [1, 2] and reading.guess == 12
    p = reading.digits[0].probabilities[1] * reading.digits[1].probabilities[2]
    assert reading.probability_of(12) == pytest.approx(p) and reading.probability_of(1) == 0.0
    player.key(pygame.K_SPACE)
    result = player.scene
    assert isinstance(result, ResultScene) and result.record.score.confidence == round(100 * p)
    for key in (pygame.K_7, pygame.K_2, pygame.K_RETURN):  # "no: I wrote 72"
        player.key(key)
    stored = rows(first_player(tmp_path / "data"))
    assert [(r["label"], r["predicted"], r["target"], r["corrected"]) for r in stored] == [(7, 1, 1, 1), (2, 2, 2, 0)]
    left, right = (json.loads(r["strokes"]) for r in stored)
    assert max(x for s in left for x, _ in s) < min(x for s in right for x, _ in s)  # each digit's own strokes
    assert isinstance(player.scene, PlayScene) and player.scene.target == 35


def _words(scene, size):
    """Return every text a screen draws, joined."""
    return " ".join(label for kind, _, label in ui.recorded(scene.draw, size) if kind == "text")


def test_a_number_typed_with_another_count_of_digits_says_so_plainly_and_is_not_learned(tmp_path):
    player = _play(tmp_path, "math", targets=(12,), rounds=1)
    player.key(pygame.K_RETURN)
    _write(player, (1, 2))
    player.key(pygame.K_SPACE)
    for key in (pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_BACKSPACE, pygame.K_BACKSPACE, pygame.K_4):
        player.key(key)
    result = player.scene
    assert result.typed == "14"
    player.key(pygame.K_3)  # a typo: 143, three digits for a drawing of two
    words = _words(result, player.app.screen.get_size())
    assert "You typed 3 digits, you drew 2" in words and "split" not in words
    assert result.answer_buttons[0].label == "Skip it"
    player.key(pygame.K_RETURN)
    assert not (first_player(tmp_path / "data") / "feedback.db").exists() or not rows(first_player(tmp_path / "data"))
    review = player.scene
    assert isinstance(review, ReviewScene) and review.rounds[0].label is None  # its card claims no answer
    assert "you fixed it" not in _words(review, player.app.screen.get_size())
    player.close()


def test_math_erases_a_digit_typed_with_a_click_and_a_miss_shows_the_answer(tmp_path):
    player = _play(tmp_path, "math", targets=(35,), rounds=1)
    player.key(pygame.K_RETURN)
    _write(player, (1, 2))  # not the answer: a miss
    player.key(pygame.K_SPACE)
    result = player.scene
    assert not result.record.score.hit
    assert "the answer was 35" in _words(result, player.app.screen.get_size())
    erase = next(b for b in result.answer_buttons if b.label == "Erase")
    assert erase.disabled  # nothing typed yet
    for digit in ("7", "3"):
        player.click(next(b for b in result.answer_buttons if b.label == digit).rect.center)
    player.frames()
    assert result.typed == "73" and not erase.disabled
    player.click(erase.rect.center)
    assert result.typed == "7"
    player.click(next(b for b in result.answer_buttons if b.label == "2").rect.center)
    player.frames()
    player.click(result.answer_buttons[0].rect.center)  # "Teach 72"
    assert [r["label"] for r in rows(first_player(tmp_path / "data"))] == [7, 2]
    assert "you fixed it: a 72" in _words(player.scene, player.app.screen.get_size())
    player.close()


def test_a_number_typed_is_what_the_first_button_teaches_for_a_mouse_or_a_finger(tmp_path):
    player = _play(tmp_path, "math", targets=(12,), rounds=1)
    player.key(pygame.K_RETURN)
    _write(player, (1, 2))
    player.key(pygame.K_SPACE)
    result = player.scene
    assert result.answer_buttons[0].label == f"Yes, {result.record.reading.guess}"
    for digit in ("7", "2"):
        player.click(next(b for b in result.answer_buttons if b.label == digit).rect.center)
    player.frames()  # drawn again: the first button now says what it does
    assert result.answer_buttons[0].label == "Teach 72"
    player.click(result.answer_buttons[0].rect.center)
    assert [r["label"] for r in rows(first_player(tmp_path / "data"))] == [7, 2]
    player.close()


@pytest.mark.parametrize("keys", [(pygame.K_RETURN,), (pygame.K_0, pygame.K_7, pygame.K_RETURN)], ids=["read", "typed"])
def test_a_number_with_a_leading_zero_stores_both_drawings_with_their_digits(tmp_path, keys):
    player = _play(tmp_path, "math", targets=(7,), rounds=1)
    player.key(pygame.K_RETURN)
    _write(player, (0, 7))  # "07" for 7
    player.frames()
    assert [d.guess for d in player.scene.reading.digits] == [0, 7]
    player.key(pygame.K_SPACE)
    result = player.scene
    assert result.answer_buttons[0].label == "Yes, 07"
    for key in keys:  # "yes, 07", or 0, 7 typed and Enter
        player.key(key)
    stored = rows(first_player(tmp_path / "data"))
    assert [(r["label"], r["predicted"], r["target"], r["corrected"]) for r in stored] == [(0, 0, 0, 0), (7, 7, 7, 0)]
    assert result.record.label == 7 and not result.record.corrected
    player.close()


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["time", "math", "practice", "daily"])
def test_every_mode_autoplays_and_reports_it(tmp_path, mode):
    data = tmp_path / "data"
    summary = autoplay(data, 4, "--mode", mode)
    assert summary["mode"] == mode and summary["rounds"] == 4 and summary["score"] > 0
    assert {"correct", "corrections", "confirmations", "frame_ms_p99", "learned"} <= set(summary)
    stored = rows(first_player(data))
    assert len(stored) >= 4 and all(r["label"] == r["target"] for r in stored)  # math: one row per digit

"""Promises of the game, played headless through posted mouse and key events:
a round scores by confidence, every confirm and correction lands in the database,
nothing is lost when the database fails, and the screens fit any window size."""

import json
import os
import signal
import subprocess
import sys

import numpy as np
import pygame
import pytest

from game.app import App
from game.atomic import read_json
from game.autoplay import _fit
from game.feedback import NOT_A_DIGIT
from game.ink import BOX, PEN_WIDTH
from game.options import Options
from game.scenes.handwriting import HandwritingScene
from game.scenes.layout import play_layout
from game.scenes.pause import PauseScene
from game.scenes.play import PlayScene
from game.scenes.result import ResultScene
from game.scenes.review import ReviewScene
from game.scenes.title import TitleScene
from game.theme import COLORS, PALETTES, use_palette
from game.weights_store import WeightsStore
from tests.helpers import (
    FIXTURE,
    ROOT,
    SAMPLES,
    Player,
    autoplay,
    first_player,
    rows,
    sample_of,
    slanted_fixture,
    unreadable_database,
    wait_until,
)


def test_a_confirmed_round_scores_by_confidence_and_is_stored(player, tmp_path):
    player.start()
    player.draw_digit(3)
    player.key(pygame.K_SPACE)
    result = player.scene
    assert isinstance(result, ResultScene) and result.record.reading.guess == 3
    p3 = float(result.record.reading.probabilities[3])
    score = result.record.score
    assert score.hit and score.confidence == round(100 * p3)
    assert score.points == round((score.confidence + score.time_bonus) * 1.0) > 0
    player.key(pygame.K_RETURN)
    assert isinstance(player.scene, PlayScene) and player.scene.target == 7
    [row] = rows(first_player(tmp_path / "data"))
    assert (row["label"], row["predicted"], row["target"], row["corrected"]) == (3, 3, 3, 0)
    assert row["weights_version"] == "shipped" and json.loads(row["strokes"])
    assert player.app.stats.predict_ms  # the drawing was read live


def test_a_wrong_guess_is_corrected_with_one_key_and_stored_at_once(player, tmp_path):
    player.start()
    player.draw_digit(1)  # the target is 3: the network reads a 1
    player.key(pygame.K_SPACE)
    reading = player.scene.record.reading
    assert reading.guess == 1 and not player.scene.record.score.hit
    player.key(pygame.K_8)  # "no, I drew an 8"
    [row] = rows(first_player(tmp_path / "data"))
    assert (row["label"], row["predicted"], row["target"], row["corrected"]) == (8, 1, 3, 1)
    image = np.frombuffer(row["image"], dtype=np.float32).reshape(28, 28)
    np.testing.assert_array_equal(image, reading.image)
    np.testing.assert_array_equal(np.frombuffer(row["probabilities"], dtype=np.float32), reading.probabilities)
    assert player.app.toast_text() == "Got it: that was an 8. I will remember how you write your 8s."


def test_a_correction_changes_the_reading_of_the_next_drawing_like_it_at_once(player):
    player.start()  # targets 3, 7, 1
    player.draw_digit(1)
    player.key(pygame.K_SPACE)
    assert player.scene.record.reading.guess == 1
    player.key(pygame.K_7)  # "that was my 7" (a continental 7 without its bar, say)
    player.draw_digit(1)  # the same drawing, next round
    player.frames()
    reading = player.scene.reading
    assert reading.network_guess == 1 and reading.guess == 7  # the network alone: 1; with the memory: 7


def test_what_the_player_confirmed_is_never_read_differently(player):
    player.start()
    player.draw_digit(3)
    player.key(pygame.K_SPACE)
    player.key(pygame.K_RETURN)  # "yes, a 3"
    player.draw_digit(1)
    player.key(pygame.K_SPACE)
    player.key(pygame.K_3)  # a deliberate (odd) correction of a drawing of 1 into a 3
    memory_reads = player.app.profile.recognizer.read
    assert memory_reads(_fit(sample_of(3).strokes, player.scene.canvas.rect)).guess == 3


def test_a_correction_can_be_clicked(player, tmp_path):
    player.start()
    player.draw_digit(1)
    player.key(pygame.K_SPACE)
    player.frames()  # lay the answer buttons out
    button = next(b for b in player.scene.answer_buttons if b.label == "3")
    player.click(button.rect.center)
    assert rows(first_player(tmp_path / "data"))[0]["label"] == 3


def test_submitting_an_empty_canvas_gives_a_hint_and_no_penalty(player, tmp_path):
    player.start()
    player.key(pygame.K_SPACE)
    assert isinstance(player.scene, PlayScene) and player.scene.hint
    assert player.app.scene.game.score == 0 and player.scene.game.round_index == 0
    assert not (first_player(tmp_path / "data") / "feedback.db").exists() or rows(first_player(tmp_path / "data")) == []


def test_undo_and_clear(player):
    player.start()
    canvas = player.scene.canvas
    a, b = canvas.rect.center, (canvas.rect.centerx + 60, canvas.rect.centery)
    player.draw([[a, b], [b, (b[0], b[1] + 80)], [a, (a[0], a[1] - 80)]])
    assert len(canvas.strokes) == 3 and player.scene.reading is not None
    player.click(a, button=3)  # right click undoes
    assert len(canvas.strokes) == 2
    player.key(pygame.K_z, mod=pygame.KMOD_LCTRL)
    assert len(canvas.strokes) == 1
    player.key(pygame.K_c)
    assert canvas.empty
    player.frames()
    assert player.scene.reading is None  # nothing drawn: no prediction


def test_a_stroke_begun_just_outside_the_grid_is_clipped_to_it_not_lost(player):
    player.start()
    canvas = player.scene.canvas
    left, y = canvas.rect.left, canvas.rect.centery
    player.draw([[(left - 20, y), (left - 5, y + 2), (left + 40, y + 4), (canvas.rect.centerx, y + 6)]])
    [stroke] = canvas.strokes
    assert stroke[0] == (0.0, y + 2 - canvas.rect.y)  # on the edge, where it came in
    assert stroke[-1] == (canvas.rect.centerx - left, y + 6 - canvas.rect.y)
    player.draw([[(5, 5), (canvas.rect.centerx, y)]])  # a press far from the grid draws nothing
    assert len(canvas.strokes) == 1


def test_the_brush_is_thin_and_thinner_still_for_a_small_drawing(player):
    player.start()
    canvas = player.scene.canvas
    assert canvas.brush_width < 0.06 * canvas.rect.width  # not a marker: under 30 pixels on a 500-pixel canvas
    x, y = canvas.rect.center
    player.draw([[(x, y), (x + 10, y + 30)], [(x + 10, y + 30), (x + 20, y)]])  # a digit 30 pixels tall
    assert canvas.brush_width == pytest.approx(max(3.0, 30 * PEN_WIDTH / (BOX - PEN_WIDTH - 1)))
    player.key(pygame.K_c)
    assert canvas.brush_width > 0.04 * canvas.rect.width  # a fresh drawing starts with the player's brush


def test_escape_on_the_times_up_screen_pauses_and_any_other_key_goes_on(player):
    player.start()
    player.frames(round(60 * player.scene.game.round_time) + 2)
    result = player.scene
    assert isinstance(result, ResultScene) and result.record.reading is None
    player.key(pygame.K_ESCAPE)
    assert isinstance(player.scene, PauseScene)
    player.key(pygame.K_ESCAPE)
    assert player.scene is result
    player.key(pygame.K_a)
    assert isinstance(player.scene, PlayScene)


def test_a_stroke_begun_as_time_runs_out_does_not_skip_the_next_round(player):
    player.start()
    player.frames(round(60 * player.scene.game.round_time) + 2)
    result = player.scene
    assert isinstance(result, ResultScene) and result.record.reading is None
    player.click(result.play.canvas.rect.center)  # the pen comes down a moment too late
    assert player.scene is result
    player.click(result.answer_buttons[0].rect.center)  # "Next round", as a mouse or a finger goes on
    assert isinstance(player.scene, PlayScene) and player.scene.game.round_index == 1


def test_the_pen_rests_while_stepping_through_the_sums(player):
    player.start()
    player.key(pygame.K_x)
    player.draw_digit(7)
    player.frames(2)
    player.key(pygame.K_s)  # stepping: the clock stands still
    strokes = len(player.scene.canvas.strokes)
    player.draw_digit(1)
    assert len(player.scene.canvas.strokes) == strokes and "Esc" in player.scene.hint
    player.key(pygame.K_ESCAPE)  # stop stepping: the pen draws again
    player.draw_digit(1)
    assert len(player.scene.canvas.strokes) > strokes


def test_time_running_out_with_nothing_drawn_is_a_zero_round_and_stores_nothing(player, tmp_path):
    player.start()
    player.frames(round(60 * player.scene.game.round_time) + 2)
    assert isinstance(player.scene, ResultScene) and player.scene.record.reading is None
    player.key(pygame.K_SPACE)
    assert isinstance(player.scene, PlayScene) and player.scene.game.scores[0].points == 0
    assert not (first_player(tmp_path / "data") / "feedback.db").exists() or rows(first_player(tmp_path / "data")) == []


def test_pause_stops_the_clock(player):
    player.start()
    player.frames(30)
    left = player.scene.time_left
    player.key(pygame.K_ESCAPE)
    player.frames(300)
    player.key(pygame.K_ESCAPE)
    assert isinstance(player.scene, PlayScene) and player.scene.time_left == pytest.approx(left, abs=0.05)


def test_a_whole_game_ends_in_a_review_and_a_saved_high_score(player, tmp_path):
    player.start()
    for digit in (3, 7, 1):
        player.draw_digit(digit)
        player.key(pygame.K_SPACE)
        player.key(pygame.K_RETURN)
    review = player.scene
    assert isinstance(review, ReviewScene) and review.rank == 0
    assert [r.target for r in review.rounds] == [3, 7, 1]
    player.frames()
    saved = json.loads((first_player(tmp_path / "data") / "highscores.json").read_text())
    assert saved[0]["score"] == review.game.score > 0 and saved[0]["name"] == "Player 1"  # the player's, at first
    assert len(rows(first_player(tmp_path / "data"))) == 3
    for _ in range(8):
        player.key(pygame.K_BACKSPACE)
    player.type_text("Adé")
    player.key(pygame.K_RETURN)
    assert json.loads((first_player(tmp_path / "data") / "highscores.json").read_text())[0]["name"] == "Adé"
    player.key(pygame.K_RETURN)  # then Enter plays again
    assert isinstance(player.scene, PlayScene)


def test_a_broken_database_never_loses_a_correction(tmp_path):
    player = Player(unreadable_database(tmp_path / "data"))
    player.start()
    player.draw_digit(1)
    player.key(pygame.K_SPACE)
    player.key(pygame.K_5)  # a correction the database cannot take
    assert isinstance(player.scene, PlayScene)  # the game goes on
    assert len(player.app.profile.store.pending) == 1 and "Can't save" in player.app.toast_text()
    rescue = player.close()
    [line] = rescue.read_text().splitlines()
    assert json.loads(line)["label"] == 5 and json.loads(line)["corrected"] is True


def test_a_correction_survives_the_game_being_killed_right_after(tmp_path):
    data = tmp_path / "data"
    code = f"""
import os, signal, sys
from game.scenes import result
answer = result.ResultScene.answer
def answer_then_die(self, label):
    answer(self, label)
    os.kill(os.getpid(), signal.SIGKILL)  # the instant after the answer is stored
result.ResultScene.answer = answer_then_die
from game.__main__ import main
main(["--autoplay", {str(FIXTURE)!r}, "--rounds", "3", "--data-dir", {str(data)!r}, "--speed", "0"])
"""
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    process = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert process.returncode == -signal.SIGKILL
    [row] = rows(first_player(data))
    assert row["label"] == SAMPLES[0].label


@pytest.mark.slow
def test_autoplay_prints_a_json_summary_that_matches_the_database(tmp_path):
    data = tmp_path / "data"
    summary = autoplay(data, 12, "--xray")  # the X-ray on all game long: the rounds play the same
    stored = rows(first_player(data))
    assert summary["rounds"] == 12 == len(stored)
    assert summary["corrections"] == sum(r["corrected"] for r in stored)
    assert summary["correct"] == sum(r["predicted"] == r["target"] for r in stored) >= 10
    assert [r["label"] for r in stored] == [s.label for s in SAMPLES[:12]]
    assert not read_json(first_player(data) / "settings.json", {}).get("xray")  # --xray is for this run: not saved
    assert summary["score"] > 0 and summary["frame_ms_p99"] > 0 and summary["video_driver"] == "dummy"
    assert summary["frame_ms_max"] >= summary["frame_ms_p99"]
    # between games the game consolidated what it learned, as it does for a player
    assert summary["learned"]["promoted"] and summary["weights_version"] == summary["learned"]["version"] == "v1"
    assert all(r["learned_version"] == "v1" for r in rows(first_player(data)))


@pytest.mark.parametrize("xray", [False, True])
@pytest.mark.parametrize("size", [(800, 520), (1180, 760), (1920, 1080), (1000, 1000), (820, 860), (1600, 600)])
def test_the_play_screen_fits_any_window(size, xray):
    layout = play_layout(size, xray)
    window = pygame.Rect((0, 0), size)
    rects = [layout.hud, layout.target, layout.canvas, layout.buttons, layout.bars, layout.preview, layout.hint]
    assert all(window.contains(r) for r in rects + ([layout.xray] if xray else []))
    assert layout.canvas.width == layout.canvas.height >= 250
    pairs = [(layout.target, layout.canvas), (layout.canvas, layout.buttons), (layout.buttons, layout.hint)]
    pairs += (
        [(layout.canvas, layout.xray), (layout.target, layout.xray)]
        if xray
        else [
            (layout.canvas, layout.bars),
            (layout.canvas, layout.preview),
            (layout.bars, layout.preview),
        ]
    )
    for a, b in pairs:
        assert not a.colliderect(b)


@pytest.mark.parametrize("size", [(800, 520), (1600, 900)])
def test_every_screen_draws_after_a_resize(tmp_path, size):
    player = Player(tmp_path / "data")
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1]))
    player.frames()
    assert player.app.screen.get_size() == size
    for key in (pygame.K_h, pygame.K_s, pygame.K_F1, pygame.K_l):  # high scores, settings, help, the Lab, and back
        player.key(key)
        player.key(pygame.K_ESCAPE)
    player.start()
    player.draw_digit(3)
    assert player.scene.canvas.rect.right < size[0]
    player.key(pygame.K_x)  # the X-ray on, then off
    assert window_contains(size, player.scene.layout.xray) and player.app.xray.cells
    player.key(pygame.K_x)
    player.key(pygame.K_SPACE)
    player.key(pygame.K_ESCAPE)  # pause over the result
    player.key(pygame.K_ESCAPE)
    assert isinstance(player.scene, ResultScene)
    player.close()


def window_contains(size, rect):
    """Return True if rect lies inside a window of the given size."""
    return pygame.Rect((0, 0), size).contains(rect)


def test_settings_are_kept_between_sessions(tmp_path):
    player = Player(tmp_path / "data")
    player.key(pygame.K_s)
    player.key(pygame.K_DOWN)
    player.key(pygame.K_LEFT)  # volume 80 -> 60%
    player.key(pygame.K_DOWN)
    player.key(pygame.K_RIGHT)  # round time 10 -> 12 s
    for _ in range(4):
        player.key(pygame.K_DOWN)  # on to the colours
    player.key(pygame.K_RIGHT)
    assert COLORS["bad"] == PALETTES["colour-blind"]["bad"]  # from the next frame on
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1000, 700), w=1000, h=700))
    player.frames()
    player.close()
    again = App(Options(tmp_path / "data", rounds=3, virtual_time=True, speed=0))
    settings = again.profile.settings
    assert (settings.volume, settings.round_time, settings.palette) == (60, 12.0, "colour-blind")
    assert again.screen.get_size() == (1000, 700)  # the window remembers its size
    again.scene.finish("play")  # as the title's Play does
    again.step()
    assert again.scene.game.round_time == 12.0
    use_palette("standard")
    again.close()


def test_the_text_size_setting_scales_every_font(tmp_path):
    player = Player(tmp_path / "data")
    before = player.app.fonts.scale
    player.key(pygame.K_s)
    for _ in range(5):
        player.key(pygame.K_DOWN)  # on to the text size
    player.key(pygame.K_RIGHT)
    assert player.app.profile.settings.ui_scale == 1.15
    assert player.app.fonts.scale == pytest.approx(before * 1.15)
    player.close()


def play_game(player):
    """Play the three rounds of the player fixture's game (targets 3, 7, 1), each read right."""
    player.start()
    for digit in (3, 7, 1):
        player.draw_digit(digit)
        player.key(pygame.K_SPACE)
        player.key(pygame.K_RETURN)


@pytest.mark.slow
def test_a_game_ends_with_a_learning_session_in_the_background(player, tmp_path):
    play_game(player)
    assert isinstance(player.scene, ReviewScene)
    session = player.app.learning.session
    assert session is not None and session.automatic and "game.learning" in session.process.args
    assert str(first_player(tmp_path / "data")) in session.process.args  # the player's folder, named to it
    player.wait_for_learning()
    assert player.app.learning.last.promoted and player.app.learning.last.new == 3
    assert "Learned! Now playing with model v1" in player.app.toast_text()
    player.app.learning.consolidate_soon()  # nothing new since: no session
    assert player.app.learning.session is None


def test_learning_between_games_can_be_turned_off(tmp_path):
    player = Player(tmp_path / "data")
    player.key(pygame.K_s)
    for _ in range(player.scene.lines.index("auto_learn")):
        player.key(pygame.K_DOWN)
    player.key(pygame.K_RETURN)
    assert json.loads((first_player(tmp_path / "data") / "settings.json").read_text())["auto_learn"] is False
    player.key(pygame.K_ESCAPE)
    play_game(player)
    assert isinstance(player.scene, ReviewScene) and player.app.learning.session is None
    player.close()


def test_new_weights_are_picked_up_at_the_start_of_the_next_round(player, tmp_path):
    from game.model import load_network
    from game.paths import SHIPPED_WEIGHTS
    from game.weights_store import WeightsStore

    player.start()
    assert player.app.profile.recognizer.version == "shipped"
    weights = WeightsStore(first_player(tmp_path / "data") / "weights")
    weights.promote(load_network(SHIPPED_WEIGHTS), {})  # a retrain finished
    player.draw_digit(3)
    player.key(pygame.K_SPACE)
    player.key(pygame.K_RETURN)  # round 2 starts; the new weights load in the background
    wait_until(lambda: player.app.learning.loading.done, "the new weights to load in the background", 60)
    player.frames(5)
    assert player.app.profile.recognizer.version == "shipped"  # never mid-round
    player.draw_digit(3)
    player.key(pygame.K_SPACE)
    player.key(pygame.K_RETURN)
    assert player.app.profile.recognizer.version == "v1" and "model v1" in player.app.toast_text()


@pytest.mark.slow
def test_learn_now_retrains_in_the_background_and_switches_model(tmp_path):
    from training import feedback

    data = tmp_path / "data"
    assert feedback.main(["import", str(slanted_fixture(tmp_path)), "--data-dir", str(data)]) == 0
    player = Player(data)
    player.key(pygame.K_s)  # settings
    player.app.learning.learn_now()
    player.wait_for_learning()  # the window keeps running meanwhile
    assert player.app.learning.session is None
    assert player.app.toast_text().startswith("Learned! Now playing with model v1")
    assert player.app.profile.recognizer.version == "v1"  # between games: switched as soon as loaded
    player.close()


def test_a_half_drawing_when_time_runs_out_is_learned_only_if_the_player_names_it(player, tmp_path):
    player.start()
    player.draw(_fit(sample_of(3).strokes, player.scene.canvas.rect)[:1])
    player.frames(round(60 * player.scene.game.round_time) + 2)
    assert isinstance(player.scene, ResultScene) and player.scene.record.unsure == "time ran out"
    player.key(pygame.K_RETURN)  # just moving on: not a label
    assert isinstance(player.scene, PlayScene) and rows(first_player(tmp_path / "data")) == []
    player.draw(_fit(sample_of(7).strokes, player.scene.canvas.rect)[:1])
    player.frames(round(60 * player.scene.game.round_time) + 2)
    player.key(pygame.K_7)  # named on purpose: learned
    assert [row["label"] for row in rows(first_player(tmp_path / "data"))] == [7]


def test_a_dot_is_not_confirmed_as_a_digit(player, tmp_path):
    player.start()
    x, y = player.scene.canvas.rect.center
    player.draw([[(x, y), (x + 3, y + 2)]])
    player.key(pygame.K_SPACE)
    assert player.scene.record.unsure == "too small to be a digit"
    player.key(pygame.K_RETURN)
    assert rows(first_player(tmp_path / "data")) == []


def test_after_a_miss_no_digit_key_is_suggested(player):
    player.start()
    player.draw_digit(1)  # the target is 3
    player.key(pygame.K_SPACE)
    drawn = []
    for button in player.scene.answer_buttons:
        button.draw = lambda surface, fonts, size=30, selected=False, keys=None, fit=True, b=button: drawn.append(
            (b.label, selected)
        )
    player.scene.draw(player.app.screen)
    assert drawn and not any(selected for _, selected in drawn)


def test_the_title_shows_new_weights_made_from_the_command_line(player, tmp_path):
    from game.model import load_network
    from game.paths import SHIPPED_WEIGHTS
    from game.weights_store import WeightsStore

    assert "shipped" in player.app.profile.recognizer.description
    network = load_network(SHIPPED_WEIGHTS)
    network.metadata = {"corrections_learned": 12}
    weights = WeightsStore(first_player(tmp_path / "data") / "weights")
    weights.promote(network, {})  # what retrain.py does, from another process
    player.frames(3 * 60)
    assert player.app.profile.recognizer.description == "model v1, learned from 12 corrections"


@pytest.mark.slow
def test_your_handwriting_shows_each_game_each_digit_and_each_version_then_forgets_it_all(player, tmp_path):
    data = tmp_path / "data"
    play_game(player)
    player.wait_for_learning()
    player.key(pygame.K_RETURN)  # the player's name on the new high score
    player.key(pygame.K_ESCAPE)  # review -> title
    player.key(pygame.K_y)
    page = player.scene
    assert isinstance(page, HandwritingScene)
    [game] = page.games
    assert (game.rounds, game.read_right, game.version) == (3, 3, "shipped")
    drawn = {d.digit: d.drawn for d in page.digits}
    assert drawn == {**dict.fromkeys(range(10), 0), 3: 1, 7: 1, 1: 1}
    assert (
        [v["version"] for v in page.versions] == ["v1"] and page.versions[0]["active"] and page.versions[0]["new"] == 3
    )
    player.frames()  # drawn without error
    player.key(pygame.K_f)
    assert page.asking
    player.key(pygame.K_n)  # kept
    assert not page.asking and len(rows(first_player(data))) == 3
    player.key(pygame.K_f)
    player.key(pygame.K_y)
    folder = first_player(data)
    assert rows(folder) == [] and not (folder / "history.json").exists() and not (folder / "cache").exists()
    assert WeightsStore(folder / "weights").versions() == [] and player.app.profile.recognizer.version == "shipped"
    assert len(player.app.profile.recognizer.memory) == 0 and page.games == [] and page.versions == []
    assert "Forgotten" in player.app.toast_text()
    player.key(pygame.K_ESCAPE)
    assert isinstance(player.scene, TitleScene)


def test_a_damaged_game_history_reads_as_no_games(tmp_path):
    from game.history import GameHistory

    path = tmp_path / "history.json"
    path.write_text('[{"ended": 1e999, "rounds": 3, "read_right": 2, "version": "v1"}, {"rounds": "x"}, 5]')
    history = GameHistory(path)
    assert history.games == []
    assert history.add(10, 7, "v2") is None
    assert [(g.rounds, g.read_right, g.version) for g in GameHistory(path).games] == [(10, 7, "v2")]


def test_not_a_digit_is_kept_as_such_and_never_learned_as_a_digit(player, tmp_path):
    player.start()
    x, y = player.scene.canvas.rect.center
    player.draw([[(x - 80, y), (x - 40, y - 60), (x, y), (x + 40, y - 60), (x + 80, y)]])  # a zigzag
    player.key(pygame.K_SPACE)
    memory = len(player.app.profile.recognizer.memory)
    player.key(pygame.K_n)
    [row] = rows(first_player(tmp_path / "data"))
    assert row["label"] == NOT_A_DIGIT and row["corrected"] == 1 and row["target"] == 3
    assert len(player.app.profile.recognizer.memory) == memory  # the memory does not vote with it
    store = player.app.profile.store
    assert store.records()[0] == [] and len(store.records(not_digits=True)[0]) == 1
    assert store.counts()["not_digits"] == 1 and store.counts()["not_learned"] == 0
    assert store.labelled_images(100)[0].shape[0] == 0
    assert player.app.games.rounds[-1].not_digit and "not a digit" in player.app.toast_text()


def _finger(kind, finger, pos, size=(1180, 760)):
    """Post a finger event at screen position pos (SDL gives fingers in 0..1 of the window)."""
    x, y = pos[0] / size[0], pos[1] / size[1]
    pygame.event.post(pygame.event.Event(kind, finger_id=finger, touch_id=1, x=x, y=y, dx=0.0, dy=0.0, pressure=1.0))


def test_a_finger_draws_one_stroke_and_a_two_finger_tap_undoes(player):
    player.start()
    canvas = player.scene.canvas
    x, y = canvas.rect.center
    _finger(pygame.FINGERDOWN, 0, (x, y - 100))
    player.frames()
    for step in range(1, 11):
        _finger(pygame.FINGERMOTION, 0, (x, y - 100 + 20 * step))
        player.frames()
    _finger(pygame.FINGERUP, 0, (x, y + 100))
    player.frames()
    [stroke] = canvas.strokes  # one stroke, not two (no emulated mouse stroke beside it)
    assert stroke[0] == (x - canvas.rect.x, y - 100 - canvas.rect.y) and len(stroke) == 11
    _finger(pygame.FINGERDOWN, 0, (x - 50, y))
    player.frames()
    _finger(pygame.FINGERDOWN, 1, (x + 50, y))
    player.frames()
    _finger(pygame.FINGERUP, 0, (x - 50, y))
    _finger(pygame.FINGERUP, 1, (x + 50, y))
    player.frames(10)
    assert canvas.strokes == []  # the tap drew nothing and undid the stroke
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(x, y), button=1, touch=True))
    player.frames()
    assert canvas.strokes == []  # a mouse event SDL made up from a touch is not a second pen


def test_a_finger_whose_lifting_was_never_heard_does_not_stop_touch_drawing(player):
    player.start()
    canvas = player.scene.canvas
    x, y = canvas.rect.center
    _finger(pygame.FINGERDOWN, 0, (x, y))  # its FINGERUP never comes
    player.frames(3 * 60)  # three seconds
    canvas.clear()
    _finger(pygame.FINGERDOWN, 1, (x, y - 100))
    player.frames()
    for step in range(1, 6):
        _finger(pygame.FINGERMOTION, 1, (x, y - 100 + 20 * step))
        player.frames()
    _finger(pygame.FINGERUP, 1, (x, y))
    player.frames()
    assert len(canvas.strokes) == 1 and len(canvas.strokes[0]) == 6  # drawn, not taken for a two-finger tap


def test_a_finger_taps_buttons(player):
    player.look()  # the title screen lays its menu out, and is seen
    play = player.scene.menu.buttons[0].rect.center
    _finger(pygame.FINGERDOWN, 0, play)
    _finger(pygame.FINGERUP, 0, play)
    player.frames(3)
    assert isinstance(player.scene, PlayScene)


def test_quitting_from_the_title_asks_first(player):
    player.key(pygame.K_ESCAPE)
    assert player.scene.asking and player.app.running
    player.key(pygame.K_n)
    assert not player.scene.asking and player.app.running
    player.key(pygame.K_ESCAPE)
    player.key(pygame.K_y)
    assert not player.app.running


def test_a_round_starts_with_a_3_2_1_countdown_and_takes_no_ink_before_go(player):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="", scancode=0))
    player.frames()  # no settle(): look at the countdown itself
    play = player.scene
    assert isinstance(play, PlayScene) and play.countdown > 1.0
    full = play.time_left
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=play.canvas.rect.center, button=1))
    player.frames(30)
    assert play.canvas.empty and play.time_left == full  # no ink and no clock before "go"
    player.frames(60)
    assert play.countdown == 0 and play.time_left < full

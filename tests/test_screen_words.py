"""The words on the screens say what happened, in a player's words: no "+0 time" where there is
no clock, no "x1 streak" against the header's "x1.5", no count of drawings that counts an empty
round, no "you confirmed it" nobody said, no "ATTRACT MODE" nor "model" on the title."""

import pygame

from game import ui
from game.modes import MODES, TaskMaker
from game.scenes.result import ResultScene
from game.scenes.review import ReviewScene
from tests.helpers import Player


def words(player):
    """Return every text the screen shown draws, joined by " | "."""
    things = ui.recorded(player.scene.draw, player.app.screen.get_size())
    return " | ".join(label for kind, _, label in things if kind == "text")


def _hit(player):
    """Draw the round's target and submit it."""
    player.draw_digit(player.scene.target)
    player.key(pygame.K_SPACE)
    assert isinstance(player.scene, ResultScene) and player.scene.record.score.hit


def test_a_practice_hit_has_no_time_bonus_to_speak_of(tmp_path):
    for size in ((1180, 760), (800, 1000)):  # the verdict as a card, and as a strip
        player = Player(tmp_path / f"data{size[1]}", size=size)
        player.app.choose_mode("practice")
        player.key(pygame.K_RETURN)
        player.key(pygame.K_3)
        _hit(player)
        said = words(player)
        assert "time" not in said and "100% sure" in said, said
        player.close()


def test_the_header_and_the_verdict_agree_on_the_streak(player):
    player.start()
    _hit(player)
    said = words(player)
    assert "STREAK" not in said and "NEXT HIT x1.5" in said  # what the streak earns the next hit
    assert "x1 " not in said and "x1 |" not in said  # this hit earned no multiplier: none said


def test_a_round_with_nothing_drawn_is_not_counted_as_drawn(tmp_path):
    player = Player(tmp_path / "data")
    player.app.choose_mode("time")
    player.app.games.tasks = TaskMaker(MODES["time"], fixed=(3, 7, 1))
    player.start()
    player.scene.game.score_round(3, None, None, None)  # a round the clock ended with no ink
    assert "0 DRAWN" in words(player)
    player.close()


def test_the_verdict_of_nothing_drawn_says_so(player):
    player.start()
    player.scene.time_left = 0.02
    player.frames(3)
    assert isinstance(player.scene, ResultScene)
    said = words(player)
    assert "+0 time" not in said and "x1" not in said


def test_a_time_attack_card_says_the_network_was_sure_not_that_the_player_confirmed(tmp_path):
    player = Player(tmp_path / "data", rounds=1)
    player.app.choose_mode("time")
    player.app.games.tasks = TaskMaker(MODES["time"], fixed=(3, 7, 1))
    player.start()
    player.draw_digit(3)
    player.frames(60)  # sure, and the pen rested: on to the next target at once
    player.scene.game.clock = 0.0
    player.frames(2)
    player.key(pygame.K_RETURN)
    review = player.scene
    assert isinstance(review, ReviewScene) and review.rounds[0].sure
    said = words(player)
    assert "it was sure" in said and "you confirmed it" not in said


def test_the_title_speaks_a_players_words(player):
    player.frames()
    said = words(player)
    assert "ATTRACT MODE" not in said and "model" not in said and "shipped" not in said
    assert "It reads you as it came" in said


def test_settings_say_a_click_works_too(player):
    player.key(pygame.K_s)
    said = words(player)
    assert "press Enter" not in said.replace("click here or press Enter", "")

"""Promises of the benchmarks that play held-out writers as new players: games are played one
after the other in one data dir and their misreads counted, and a styled hand is consistent."""

import dataclasses
import json

import numpy as np

from game.datasets.strokes import read_strokes, write_strokes
from game.feedback import FeedbackStore
from game.model import load_network
from game.weights_store import WeightsStore
from tests.helpers import FIXTURE, first_player
from training import games_to_learn
from training.hands import styled_hand
from training.simulate_player import memory_effect


def test_a_writer_has_settled_from_the_first_game_that_no_later_game_outdoes_the_floor():
    assert games_to_learn.settled_at([5, 3, 1, 0, 1, 0]) == 3  # floor: ceil(mean(0, 1, 0)) = 1
    assert games_to_learn.settled_at([0, 0, 0, 0]) == 1
    assert games_to_learn.settled_at([4, 0, 0, 3]) == 5  # the last game outdoes the floor: not settled in 4
    assert games_to_learn.settled_at([2, 2, 2, 2]) == 1  # no better, but no worse: settled at once


def test_a_styled_hand_writes_each_styled_digit_one_way_and_leaves_the_others():
    samples = read_strokes(FIXTURE)
    styled = styled_hand(samples, np.random.default_rng(0))
    for before, after in zip(samples, styled):
        assert before.label == after.label
        assert (before == after) == (before.label not in (4, 7, 8, 9))
    for digit in (4, 7, 8):  # their two templates differ in points per stroke; a writer uses one
        shapes = {tuple(len(stroke) for stroke in s.strokes) for s in styled if s.label == digit}
        assert len(shapes) == 1, (digit, shapes)


def test_games_are_played_in_one_data_dir_and_their_misreads_counted(tmp_path, monkeypatch, capsys):
    samples = read_strokes(FIXTURE)
    half = len(samples) // 2
    path = tmp_path / "two-writers.jsonl"
    write_strokes(
        path,
        [dataclasses.replace(s, extra={"writer": "a" if i < half else "b"}) for i, s in enumerate(samples)],
    )  # b is the writer held out whole
    played = []
    real_game = games_to_learn.play_game

    def game(data_dir, drawings, speed=0):
        playing = load_network(WeightsStore(first_player(data_dir) / "weights").active()[1])
        summary, rounds = real_game(data_dir, drawings, speed)
        with FeedbackStore(first_player(data_dir) / "feedback.db") as store:
            played.append((data_dir, len(store.records()[0]), summary["learned"]))
        alone = playing.predict(np.stack([r.image.ravel() for r in rounds]))
        labels = [r.label for r in rounds]
        harms.append(sum(a == y != r.predicted for a, y, r in zip(alone, labels, rounds)))
        return summary, rounds

    harms = []
    monkeypatch.setattr(games_to_learn, "play_game", game)
    assert games_to_learn.main(["--strokes", str(path), "--games", "2", "--rounds", "3"]) == 0
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert figures["writers"] == 1 and list(figures["per_writer"]) == ["b"]
    misreads = figures["per_writer"]["b"]["misreads"]
    assert len(misreads) == 2 and all(0 <= m <= 3 for m in misreads)
    assert figures["misreads_per_game"] == misreads
    assert figures["settled_at_all"] == games_to_learn.settled_at(misreads)
    assert len(figures["per_writer"]["b"]["unlearned"]) == 2 and figures["unlearned_per_game"][0] <= 3
    assert [folder for folder, _, _ in played] == [played[0][0]] * 2  # the same player's folder
    assert [count for _, count, _ in played] == [3, 6]  # the second game adds to the first's drawings
    assert [learned["new"] for _, _, learned in played] == [3, 3]  # a session after each game, on its drawings
    assert figures["per_writer"]["b"]["memory_harm"] == figures["memory_harm_per_game"] == harms


def test_the_memorys_effect_counts_what_it_made_wrong_and_what_it_made_right():
    alone, read, labels = [1, 1, 7, 7, 3], [7, 1, 1, 7, 5], [1, 1, 1, 7, 3]
    assert memory_effect(alone, read, labels) == (2, 1)  # 1 -> 7 and 3 -> 5 made wrong; 7 -> 1 made right

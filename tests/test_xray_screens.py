"""Promises of the X-ray and the Lab, driven headless through posted events: the X-ray shows the
network's own numbers, a click opens what a unit looks for, S steps through the sums, a round
still plays and stores corrections with it on, the review says why a drawing was misread, and
the Lab draws the shipped confusion matrices."""

import json

import numpy as np
import pygame
import pytest

from game.app import App
from game.atomic import read_json
from game.autoplay import _fit
from game.model import Network, save_network
from game.model.xray import contrast, stages
from game.options import Options
from game.paths import SHIPPED_WEIGHTS
from game.scenes.charts import cell_color as _cell_color
from game.scenes.lab import LabScene
from game.scenes.neuron import NeuronScene
from game.scenes.pictures import ramp
from game.scenes.play import PlayScene
from game.scenes.result import ResultScene
from game.scenes.review import ReviewScene
from game.scenes.title import TitleScene
from game.theme import COLORS
from tests.helpers import Player, first_player, rows, sample_of, unreadable_database


@pytest.fixture
def player(tmp_path):
    p = Player(tmp_path / "data", targets=(1, 7, 4))
    p.start()
    p.key(pygame.K_x)
    yield p
    if pygame.get_init():
        p.close()


def _drawn(player, digit=7):
    """Draw a digit and return the X-ray's look at it, once the screen has been drawn."""
    player.draw_digit(digit)
    player.frames(2)
    return player.app.xray.inside


def test_x_turns_the_xray_on_and_off_and_the_choice_is_remembered(player, tmp_path):
    assert player.app.xray_on and player.scene.layout.xray is not None
    assert json.loads((first_player(tmp_path / "data") / "settings.json").read_text())["xray"] is True
    player.key(pygame.K_x)
    assert not player.app.xray_on and player.scene.layout.xray is None
    again = Player(tmp_path / "data")
    assert not again.app.xray_on
    again.close()


def test_the_cells_are_lit_by_the_networks_own_activations(player):
    inside = _drawn(player)
    network, image = player.app.profile.recognizer.network, player.scene.reading.image
    hidden = stages(network)[-2]  # the last hidden layer: one cell per unit
    expected = network.features(image.reshape(1, -1), hidden + 1)[0]  # the network's forward pass, not the X-ray's
    column = len(inside.stages) - 1
    cells = [c for c in player.app.xray.cells if c.column == column]
    assert len(cells) == len(expected)
    for unit in np.argsort(expected)[::-1][:5].tolist() + [int(np.argmin(expected))]:
        shown = np.array(player.app.screen.get_at(cells[unit].rect.center)[:3])
        np.testing.assert_allclose(shown, ramp(np.array([expected[unit] / expected.max()]))[0], atol=1)
    outputs = [c for c in player.app.xray.cells if c.column == column + 1]
    probabilities = network.predict_proba(image.reshape(1, -1))[0]
    for cell in outputs:
        assert tuple(player.app.screen.get_at(cell.rect.center)[:3]) == tuple(
            ramp(probabilities[cell.unit : cell.unit + 1])[0]
        )


def test_clicking_a_unit_shows_its_incoming_weights_and_the_round_waits(player):
    inside = _drawn(player)
    play, time_left = player.scene, player.scene.time_left
    column = len(inside.stages) - 1  # the dense units
    cell = [c for c in player.app.xray.cells if c.column == column][17]
    player.click(cell.rect.center)
    page = player.scene
    assert isinstance(page, NeuronScene) and page.unit == 17
    layer = player.app.profile.recognizer.network.layers[inside.stages[column - 1] - 1]
    assert layer.kind == "dense"
    np.testing.assert_array_equal(page.weights.reshape(len(page.weights), -1).T.reshape(-1)[:5], layer.W[:5, 17])
    assert page.favourites  # the sample drawings, as this player has stored none yet
    player.frames(30)
    player.key(pygame.K_SPACE)
    assert player.scene is play and play.time_left == pytest.approx(time_left)  # it counted down again, clock held


def test_s_steps_through_the_sums_with_the_clock_stopped(player):
    inside = _drawn(player)
    time_left = player.scene.time_left
    player.key(pygame.K_s)
    assert player.app.xray.step == 0
    steps = inside.path
    for _ in range(len(steps) + 3):  # past the end it stays on the last step
        player.key(pygame.K_s)
    assert player.app.xray.step == len(steps) - 1
    probability = player.app.profile.recognizer.network.predict_proba(player.scene.reading.image.reshape(1, -1))[0, 7]
    assert f"{probability:.4f}" in steps[-1].equation()
    player.key(pygame.K_LEFT)
    assert player.app.xray.step == len(steps) - 2
    player.frames(60)
    assert player.scene.time_left == time_left  # the round waits while the player studies it
    player.key(pygame.K_ESCAPE)  # stops stepping; it does not pause the game
    assert player.app.xray.step is None and isinstance(player.scene, PlayScene)
    player.frames(10)
    assert player.scene.time_left < time_left


def test_a_round_with_the_xray_on_still_takes_a_correction(player, tmp_path):
    _drawn(player, 7)  # the target is 1
    player.key(pygame.K_SPACE)
    assert isinstance(player.scene, ResultScene)
    player.frames()
    assert player.app.xray.inside is not None and player.app.xray.cells
    player.key(pygame.K_s)  # steps, on the result screen too
    assert player.app.xray.step == 0
    player.key(pygame.K_ESCAPE)
    player.key(pygame.K_4)
    [row] = rows(first_player(tmp_path / "data"))
    assert (row["label"], row["target"], row["corrected"]) == (4, 1, 1)


def test_the_review_shows_why_each_misread_drawing_was_misread(player):
    player.key(pygame.K_x)  # the review shows it with the X-ray off too
    player.draw_digit(7)  # asked 1: read 7, the player says it was a 1
    player.key(pygame.K_SPACE)
    player.key(pygame.K_1)
    player.draw_digit(7)  # asked 7: read right
    player.key(pygame.K_SPACE)
    player.key(pygame.K_RETURN)
    player.draw_digit(4)  # asked 4
    player.key(pygame.K_SPACE)
    player.key(pygame.K_RETURN)
    review = player.scene
    assert isinstance(review, ReviewScene)
    misread, right, _ = review.rounds
    assert set(review.why) == {id(misread)}
    why, needs = review.why[id(misread)]
    network, image = player.app.profile.recognizer.network, misread.reading.image
    evidence, gradient = contrast(network, image, 7, 1)
    np.testing.assert_allclose(why, evidence)
    np.testing.assert_allclose(needs, -gradient)
    # the maps tell the truth: ink along "why" favours the 7; adding ink where "needs" is
    # positive makes the network lean to the 1
    logits = lambda x: network._forward(network._check_inputs(x.reshape(1, -1)))[0]
    before = logits(image)
    nudged = logits(np.clip(image + 0.05 * (needs > 0), 0, 1))
    assert why.sum() > 0 and (nudged[1] - nudged[7]) > (before[1] - before[7])
    player.frames()


def test_the_lab_draws_the_shipped_confusions_and_the_players_games(tmp_path):
    player = Player(tmp_path / "data")
    player.app.profile.history.add(10, 7, "shipped")
    player.app.profile.history.add(10, 9, "v1")
    player.key(pygame.K_l)
    lab = player.scene
    assert isinstance(lab, LabScene) and len(lab.games) == 2 and lab.history
    player.frames(10)  # the title has faded out
    metrics = read_json(SHIPPED_WEIGHTS.with_suffix(".metrics.json"), {})
    for name in ("mnist_test", "pen_holdout"):
        matrix = np.array(metrics["confusion"][name]["matrix"])
        worst = (matrix - np.diag(np.diag(matrix))).max()
        for (true, guess), count in np.ndenumerate(matrix):
            shown = tuple(player.app.screen.get_at(lab.cells[(name, true, guess)].topleft)[:3])
            assert shown == _cell_color(count, true == guess, max(worst, 1))
        mistakes = [(t, g) for (t, g), c in np.ndenumerate(matrix) if c and t != g]
        assert mistakes and all(
            player.app.screen.get_at(lab.cells[(name, t, g)].topleft)[:3] != COLORS["background"] for t, g in mistakes
        )
    player.key(pygame.K_SPACE)
    assert isinstance(player.scene, TitleScene)
    player.close()


def test_an_output_cell_shows_the_weights_from_every_hidden_unit(player):
    inside = _drawn(player)
    cell = next(c for c in player.app.xray.cells if c.column == len(inside.stages) and c.unit == 7)
    player.click(cell.rect.center)
    page = player.scene
    assert isinstance(page, NeuronScene) and page.output and page.unit == 7
    output_layer = player.app.profile.recognizer.network.layers[-1]
    np.testing.assert_array_equal(page.weights.reshape(-1)[: output_layer.n_in], output_layer.W[:, 7])
    assert page.value == pytest.approx(float(inside.outputs[-1][7]))  # its logit


def test_the_xray_works_for_a_multilayer_perceptron_too(tmp_path):
    weights = tmp_path / "mlp.npz"
    save_network(Network((784, 32, 10), seed=2), weights)
    player = Player(tmp_path / "data", targets=(3,))
    player.app.close()
    player.app = App(Options(tmp_path / "data", weights=weights, rounds=1, virtual_time=True, speed=0, xray=True))
    player.start()
    inside = _drawn(player, 3)
    assert [len(inside.stage_values(c)) for c in range(1, 3)] == [32, 10]
    for _ in range(6):
        player.key(pygame.K_s)
    assert player.app.xray.step == len(inside.path) - 1 == 4  # pixel, dense, ReLU, dense, softmax
    cell = next(c for c in player.app.xray.cells if c.column == 1 and c.unit == 5)
    player.key(pygame.K_ESCAPE)
    player.click(cell.rect.center)
    np.testing.assert_array_equal(
        player.scene.weights[0].reshape(-1), player.app.profile.recognizer.network.layers[0].W[:, 5]
    )
    player.frames()
    player.close()


def test_the_xray_says_when_the_players_memory_overrules_the_network(player):
    _drawn(player, 7)  # asked 1; read 7
    player.key(pygame.K_SPACE)
    player.key(pygame.K_1)  # "that was my 1"
    inside = _drawn(player, 7)  # the same drawing again
    assert player.scene.reading.guess == 1 and inside.guess == 7
    assert player.app.xray.remembered == 1


def test_a_unit_opens_with_sample_drawings_when_the_players_database_is_unreadable(tmp_path):
    player = Player(unreadable_database(tmp_path / "data"))
    player.start()
    player.key(pygame.K_x)
    _drawn(player)
    cell = next(c for c in player.app.xray.cells if c.column == 1)
    player.click(cell.rect.center)
    assert isinstance(player.scene, NeuronScene) and player.scene.favourites and not player.scene.own
    player.frames()
    player.close()


def test_the_xray_of_a_sums_answer_read_as_one_digit_weighs_the_guess_against_the_runner_up(player):
    from game.scenes.xray import XRay

    reading = player.app.profile.recognizer.read(_fit(sample_of(4).strokes, pygame.Rect(0, 0, 280, 280)))
    xray = XRay(player.app)
    xray.refresh(reading, 12)  # the answer 12, the drawing read as one digit
    assert xray.inside.versus[0] == reading.guess and 0 <= xray.inside.versus[1] <= 9

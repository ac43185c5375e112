"""Promises of the player's slant: a hand that leans is stood upright before the network reads
it, by a slant a learning session measured on the player's own drawings and adopted only on
evidence; the slant goes with the weights it was learned with."""

import numpy as np
import pytest

from game.datasets.strokes import read_strokes
from game.ink import strokes_to_image
from game.learning import session
from game.model import load_network, save_network
from game.paths import SHIPPED_WEIGHTS
from game.recognizer import Recognizer
from game.slant import best_slant, slant_of, upright
from tests.helpers import FIXTURE, first_player, run, slanted_fixture
from training.hands import slanted

SAMPLES = read_strokes(FIXTURE)


@pytest.fixture(scope="module")
def network():
    return load_network(SHIPPED_WEIGHTS)


@pytest.mark.parametrize("slope", [1.0, -0.6, 0.3])
def test_a_drawing_leaned_and_stood_upright_by_the_same_slant_is_the_drawing_as_written(slope):
    for sample in SAMPLES[:10]:
        leaned = slanted(sample, slope).strokes
        np.testing.assert_allclose(
            strokes_to_image(upright(leaned, slope)), strokes_to_image(sample.strokes), atol=1e-5
        )


def test_a_huge_or_empty_drawing_stands_upright_without_overflowing():
    huge = [np.array([[0.0, -1e308], [1e308, 1e308]])]
    assert np.isfinite(np.concatenate(upright(huge, 1.5))).all()
    assert upright([], 1.0) == [] and upright([np.zeros((0, 2))], 1.0)[0].shape == (0, 2)


def test_a_hand_that_leans_is_measured_on_a_games_drawings(network):
    drawings = SAMPLES[:20]
    leaning = [slanted(s, 1.2).strokes for s in drawings]  # the network misreads a few of them
    labels = [s.label for s in drawings]
    assert abs(best_slant(network.predict_proba, leaning, labels) - 1.2) <= 0.3
    assert best_slant(network.predict_proba, [s.strokes for s in drawings], labels) == 0.0  # read right: no slant
    assert best_slant(network.predict_proba, [], [], current=0.4) == 0.4


def test_a_slant_is_adopted_only_if_it_reads_more_right_and_nothing_right_wrong(monkeypatch):
    from game import slant

    now = np.array([True, True, False, False])  # what the slant in use (0) reads right

    def score(read, drawings, labels, candidate):
        right = now if candidate == 0 else reads[round(candidate, 2)] if round(candidate, 2) in reads else now & False
        return int(right.sum()), float(right.sum()), right

    monkeypatch.setattr(slant, "_score", score)
    reads = {1.0: np.array([True, False, True, True])}  # more right, but one read right now made wrong
    assert best_slant(None, [[]] * 4, [1] * 4) == 0.0
    reads = {1.0: np.array([True, True, True, False])}  # more right, nothing right made wrong
    assert best_slant(None, [[]] * 4, [1] * 4) == 1.0
    now = np.array([False, False, False, False])  # labels no slant reads (each digit said to be the next)
    reads = {1.0: np.array([True, True, False, False])}  # not most of them: no hand's slant
    assert best_slant(None, [[]] * 4, [1] * 4) == 0.0
    now, tried = np.array([True, True, True, True]), []  # all read right: no other slant is tried
    monkeypatch.setattr(slant, "_score", lambda *given: tried.append(given[-1]) or score(*given))
    assert best_slant(None, [[]] * 4, [1] * 4) == 0.0 and tried == [0.0]


def test_a_slant_reading_as_many_right_is_adopted_only_if_it_reads_them_surer_by_a_margin(monkeypatch):
    from game import slant

    right = np.array([True, True, True, False])
    sure = {0.0: -0.5}  # mean log-probability of the labels under each slant; the others far less

    def score(read, drawings, labels, candidate):
        return int(right.sum()), sure.get(round(candidate, 2), -9.0), right

    monkeypatch.setattr(slant, "_score", score)
    sure[1.0] = -0.5 + slant.SURER / 2  # as many right, a little surer: a hunch
    assert best_slant(None, [[]] * 4, [1] * 4) == 0.0
    sure[1.0] = -0.5 + slant.SURER * 2  # as many right, surer by the margin: evidence
    assert best_slant(None, [[]] * 4, [1] * 4) == 1.0
    right, tried = np.array([True] * 4), []  # all read right and within the margin of certain: nothing tried
    sure[0.0] = -slant.SURER / 2
    monkeypatch.setattr(slant, "_score", lambda *given: tried.append(given[-1]) or score(*given))
    assert best_slant(None, [[]] * 4, [1] * 4) == 0.0 and tried == [0.0]
    sure[0.0], sure[1.0] = -slant.SURER * 2, -0.001  # all read right, but unsure: a slant that reads them surer
    assert best_slant(None, [[]] * 4, [1] * 4) == 1.0


def test_the_recognizer_reads_drawings_stood_upright_by_the_slant_its_weights_learned(tmp_path, network):
    network.metadata = {**network.metadata, "slant": 1.0}
    save_network(network, tmp_path / "leaning.npz")
    recognizer = Recognizer.load(tmp_path / "leaning.npz")
    sample = SAMPLES[0]
    assert recognizer.slant == 1.0
    np.testing.assert_allclose(recognizer.read(slanted(sample, 1.0).strokes).image, strokes_to_image(sample.strokes))


@pytest.mark.parametrize("odd", [float("nan"), float("inf"), 1e9, True, "1.0", None, [1.0]])
def test_an_odd_slant_in_a_weights_file_reads_as_none(odd):
    assert slant_of({"slant": odd}) == 0.0
    assert slant_of("not a dict") == 0.0 and slant_of({"slant": -0.7}) == -0.7


@pytest.mark.slow
def test_a_session_on_a_leaning_hand_learns_its_slant_with_the_weights(tmp_path):
    data = tmp_path / "data"
    run("feedback.py", "import", slanted_fixture(tmp_path, slope=1.3), "--data-dir", data)
    result = session.consolidate(first_player(data), session.SessionOptions(epochs=1))
    assert result.promoted and abs(result.slant - 1.3) <= 0.3
    learned = Recognizer.load(first_player(data) / "weights" / "v1.npz")
    assert learned.slant == result.slant
    X = np.stack([learned.read(slanted(s, 1.3).strokes).image.ravel() for s in SAMPLES])
    assert (learned.network.predict(X) == [s.label for s in SAMPLES]).mean() >= 0.95  # read as written

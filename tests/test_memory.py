"""Promises of the instant memory: a correction changes the reading of drawings like it at
once, never the reading of a drawing the player confirmed, and drawings unlike any the
player made are read as the network reads them."""

import numpy as np
import pytest

from game.datasets.strokes import read_strokes
from game.memory import CAPACITY, PersonalMemory
from game.model import load_network
from game.paths import SHIPPED_WEIGHTS
from tests.helpers import FIXTURE
from training.data import render_samples
from training.hands import slanted


@pytest.fixture(scope="module")
def network():
    return load_network(SHIPPED_WEIGHTS)


@pytest.fixture(scope="module")
def drawings():
    samples = read_strokes(FIXTURE)
    X, y, _ = render_samples(samples)
    Xs, _, _ = render_samples([slanted(s, 0.15) for s in samples])  # the same hand, a little slanted
    return X, y, Xs


def test_an_empty_memory_reads_as_the_network_does(network, drawings):
    X, _, _ = drawings
    np.testing.assert_array_equal(PersonalMemory(network).predict_proba(X), network.predict_proba(X))


def test_a_correction_carries_over_to_the_next_drawing_like_it(network, drawings):
    X, y, Xs = drawings
    memory = PersonalMemory(network)
    relabelled = (y + 1) % 10  # the player says every one is the next digit: an odd hand
    memory.remember(X, relabelled)
    moved = (memory.predict_proba(Xs).argmax(axis=1) == relabelled).mean()
    assert moved > 0.8  # the slanted copies now read as the player taught


def test_a_confirmed_drawing_keeps_its_label_whatever_its_neighbours_say(network, drawings):
    X, y, Xs = drawings
    memory = PersonalMemory(network)
    memory.remember(X, y)  # confirmed
    memory.remember(np.concatenate([Xs, Xs]), np.concatenate([(y + 3) % 10, (y + 3) % 10]))  # look-alikes, other labels
    np.testing.assert_array_equal(memory.predict_proba(X).argmax(axis=1), y)


def test_a_drawing_unlike_any_remembered_keeps_the_networks_reading(network, drawings):
    X, y, _ = drawings
    memory = PersonalMemory(network)
    memory.remember(X[y == 1], np.full((y == 1).sum(), 7))
    others = X[y == 0]
    np.testing.assert_allclose(memory.predict_proba(others), network.predict_proba(others), atol=1e-6)


def test_the_memory_is_bounded(network, drawings):
    X, y, _ = drawings
    memory = PersonalMemory(network, capacity=100)
    for _ in range(3):
        memory.remember(X, y)
    assert len(memory) == 100 and CAPACITY >= 5000


def test_a_drawing_answered_is_remembered_as_it_was_read_without_reading_it_again(monkeypatch):
    from game.recognizer import Recognizer

    recognizer, samples = Recognizer.load(), read_strokes(FIXTURE)[:3]
    readings = [recognizer.read(s.strokes) for s in samples]
    fresh = PersonalMemory(recognizer.network)
    fresh.remember(np.stack([r.image for r in readings]), [s.label for s in samples])
    calls = []
    monkeypatch.setattr(recognizer.network, "predict_proba_and_features", lambda *a: calls.append(a))
    recognizer.remember(readings, [s.label for s in samples])
    assert calls == [] and len(recognizer.memory) == 3
    np.testing.assert_allclose(recognizer.memory.features, fresh.features, rtol=1e-5, atol=1e-6)
    recognizer.remember(readings[:1], [10])  # not a digit: never remembered as one
    assert len(recognizer.memory) == 3


def test_a_drawing_labelled_again_gets_its_newest_label_back(network, drawings):
    X, _, _ = drawings
    memory, drawing = PersonalMemory(network), X[:1]
    memory.remember(np.repeat(drawing, 5, axis=0), [5] * 5)
    memory.remember(np.repeat(drawing, 5, axis=0), [3] * 5)
    assert memory.predict_proba(drawing)[0].argmax() == 3
    memory.remember(drawing, [5])
    assert memory.predict_proba(drawing)[0].argmax() == 5


def test_the_players_stored_drawings_are_remembered_in_the_background_when_the_game_opens(tmp_path):
    from game.app import App
    from game.options import Options
    from tests.helpers import run, wait_until

    assert run("feedback.py", "import", FIXTURE, "--data-dir", tmp_path).returncode == 0
    app = App(Options(tmp_path, virtual_time=True, speed=0))
    assert len(app.profile.recognizer.memory) == 0 and app.learning.loading is not None  # the window is up at once
    wait_until(lambda: app.learning.loading.done, "the memory to be made in the background", 60)
    app.step()  # the title is no round: the recognizer with the memory comes in
    assert len(app.profile.recognizer.memory) == 60 and app.learning.idle
    app.close()


def alike_pair(similarity, d=16):
    """Return two unit vectors (d,) whose cosine similarity is `similarity`."""
    a, b = np.zeros(d, np.float32), np.zeros(d, np.float32)
    a[0], b[0], b[1] = 1.0, similarity, np.sqrt(1 - similarity**2)
    return a, b


def reads_9(sure=0.8):
    """Return the network's probabilities (1, 10) of a drawing it reads as a 9."""
    p = np.full((1, 10), (1 - sure) / 9, np.float32)
    p[0, 9] = sure
    return p


def test_a_drawing_the_network_reads_right_never_votes_against_its_reading_of_another():
    remembered, new = alike_pair(0.97)
    memory = PersonalMemory(network=None)
    memory.remember_features(remembered[None], [3], read_as=[3])  # a 3 the network reads as a 3 (learned)
    assert memory.adjust(reads_9(), new[None]).argmax() == 9  # the player's other digit, read as the network reads it
    memory.remember_features(remembered[None], [9], read_as=[3])  # ... and a 9 just like it, misread: corrected
    assert memory.adjust(reads_9(0.3), new[None]).argmax() == 9


def test_a_correction_the_network_still_misreads_overrules_it_on_the_next_drawing_like_it():
    remembered, new = alike_pair(0.97)
    memory = PersonalMemory(network=None)
    memory.remember_features(remembered[None], [3], read_as=[9])  # the network read a 3 as a 9: corrected
    assert memory.adjust(reads_9(), new[None]).argmax() == 3
    far, _ = alike_pair(0.5)
    assert memory.adjust(reads_9(), np.roll(far, 1)[None]).argmax() == 9  # unlike it: the network's reading

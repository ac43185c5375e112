"""Promises of the look inside a prediction (game/model/xray.py, trace.py): the evidence map is
the true gradient x input, every number shown is the network's own, and looking changes nothing."""

import numpy as np
import pytest

from game.model import Network, cnn, mlp
from game.model.losses import softmax
from game.model.trace import strongest_path
from game.model.xray import connections, evidence, look, stages
from tests.gradients import numeric_gradient

TINY_CNN = cnn(filters=(3, 4), size=3, hidden=(6,), padding=1)  # 28x28 -> 14x14x3 -> 7x7x4 -> 6 -> 10
NETWORKS = {
    "mlp": mlp((784, 16, 12, 10)),
    "cnn": TINY_CNN,
    "sigmoid mlp": mlp((784, 16, 12, 10), activation="sigmoid"),
    "tanh cnn": cnn(filters=(3, 4), size=3, hidden=(6,), padding=1, activation="tanh"),
}


def _network(kind, biases=True):
    """Return a small float64 network; with biases, random ones (a fresh network has none)."""
    network = Network(NETWORKS[kind], seed=4, dtype=np.float64)
    if biases:
        rng = np.random.default_rng(5)
        for layer in network.parametrized():
            layer.b[...] = rng.normal(0, 0.1, layer.b.shape)
    return network


def _drawing():
    """Return a (28, 28) image like a zero: a ring of solid ink (many equal pixels, so
    max-pooling windows tie) on blank paper."""
    rows, columns = np.mgrid[:28, :28]
    return (np.abs(np.hypot(rows - 14, columns - 13) - 8) < 2.5).astype(float)


def _soft_drawing(seed=6):
    """Return a (28, 28) ring with soft edges and faint noise everywhere: no two pixels equal,
    so the score is differentiable there and finite differences are a fair reference."""
    rows, columns = np.mgrid[:28, :28]
    ring = 0.8 * np.exp(-((np.hypot(rows - 14, columns - 13) - 8) ** 2) / 6)
    return ring + np.random.default_rng(seed).uniform(0.01, 0.1, (28, 28))


@pytest.mark.parametrize("kind", list(NETWORKS))
def test_evidence_is_the_gradient_of_the_score_times_the_ink(kind):
    network, image = _network(kind), _soft_drawing()
    for digit in (0, 3):
        logit = lambda digit=digit: _logits(network, image)[digit]
        pixels = np.flatnonzero(image.reshape(-1) > 0.2)[::7]
        numeric = numeric_gradient(logit, image, eps=1e-6, only=pixels).reshape(-1)[pixels]
        shown = evidence(network, image, [digit])[0].reshape(-1)[pixels]
        np.testing.assert_allclose(shown, numeric * image.reshape(-1)[pixels], rtol=1e-5, atol=1e-9)


@pytest.mark.parametrize("kind", ["mlp", "cnn"])
def test_without_biases_the_evidence_adds_up_to_the_score(kind):
    network, image = _network(kind, biases=False), _drawing()
    maps = evidence(network, image, range(10))
    np.testing.assert_allclose(maps.sum(axis=(1, 2)), _logits(network, image), rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("kind", list(NETWORKS))
def test_looking_inside_shows_the_networks_own_numbers_and_changes_nothing(kind):
    network, image = _network(kind), _drawing()
    network.grads[...] = 7.0
    params = network.params.copy()
    outputs = look(network, image)
    evidence(network, image, [1, 2])
    strongest_path(network, image, 1)
    np.testing.assert_allclose(softmax(outputs[-1][None]), network.predict_proba(image.reshape(1, -1)))
    assert all(network.layers[i].is_activation for i in stages(network)[:-1])
    np.testing.assert_array_equal(network.params, params)
    assert (network.grads == 7.0).all()


@pytest.mark.parametrize("kind", list(NETWORKS))
def test_connections_add_up_to_each_units_sum(kind):
    network, image = _network(kind), _drawing()
    outputs = look(network, image)
    matrices = connections(network, image, outputs)
    parametrized = [i for i, layer in enumerate(network.layers) if layer.param_shapes]
    units = [outputs[i].shape[-1] for i in stages(network)]
    assert [m.shape for m in matrices] == list(zip([1, *units[:-1]], units))  # the drawing is one unit
    for matrix, i in zip(matrices, parametrized):
        sums = outputs[i].reshape(-1, outputs[i].shape[-1])  # each unit's sum, at every position
        positions = len(sums)
        np.testing.assert_allclose(matrix.sum(axis=0) + positions * network.layers[i].b, sums.sum(axis=0), atol=1e-9)


@pytest.mark.parametrize("kind", list(NETWORKS))
def test_the_strongest_path_is_one_chain_of_the_networks_numbers(kind):
    network, image = _network(kind), _drawing()
    outputs = look(network, image)
    digit = int(outputs[-1].argmax())
    steps = strongest_path(network, image, digit)
    assert [s.kind for s in steps] == ["input", *(layer.kind for layer in network.layers), "softmax"]
    assert steps[0].value == pytest.approx(image[steps[0].position])
    for before, step in zip(steps, steps[1:-1]):
        assert step.value == pytest.approx(float(outputs[step.layer][step.position]))
        if step.kind in ("conv", "dense"):
            assert step.term[0] == pytest.approx(before.value)  # the path's input is the step before
            assert step.value == pytest.approx(step.total + step.bias)
        elif step.kind == "relu":
            assert step.value == pytest.approx(max(before.value, 0.0))
        elif step.kind == "sigmoid":
            assert step.value == pytest.approx(1 / (1 + np.exp(-before.value)), rel=1e-5)
        elif step.kind == "tanh":
            assert step.value == pytest.approx(np.tanh(before.value), rel=1e-5)
        elif step.kind == "maxpool":
            assert before.value in step.window and step.value == pytest.approx(max(step.window))
    assert steps[-1].value == pytest.approx(network.predict_proba(image.reshape(1, -1))[0, digit])
    assert all(isinstance(step.equation(), str) and step.equation() for step in steps)


def test_a_drawing_that_is_not_28_by_28_is_refused_clearly():
    with pytest.raises(ValueError, match="28x28"):
        evidence(_network("mlp"), np.zeros((20, 20)), [0])


def _logits(network, image):
    """Return the logits (10,) for one image, from the network's own forward pass."""
    return network._forward(network._check_inputs(image.reshape(1, -1)))[0].copy()


def test_a_layer_kind_explains_its_own_step_and_never_borrows_another_kinds():
    from game.model.layer import Layer

    class Doubling(Layer):  # a kind the trace has never heard of, without an explanation of its own
        kind = "double"

    network = _network("mlp")
    steps = strongest_path(network, _drawing(), 3)
    step = steps[2]  # the first ReLU
    assert step.equation().startswith("ReLU")
    assert Doubling().explain(step) == f"double: {step.value:.2f}"

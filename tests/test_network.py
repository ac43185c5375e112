"""Promises of the from-scratch network: its gradients are right, it learns,
it keeps learning from where it was, and any layer stack is one argument away."""

import numpy as np
import pytest

from game.model import Network, cnn, mlp
from game.model.losses import cross_entropy, softmax, softmax_cross_entropy_grad
from game.model.optimizers import SGD, Adam, make_optimizer
from tests.gradients import numeric_gradient

TINY_CNN = cnn(filters=(3, 4), size=3, hidden=(6,), padding=1)  # 28x28 -> 14x14x3 -> 7x7x4 -> 6 -> 10


def test_softmax_cross_entropy_gradient_matches_finite_differences():
    rng = np.random.default_rng(2)
    logits, y = rng.normal(size=(6, 10)) * 3, rng.integers(0, 10, 6)
    loss = lambda: cross_entropy(softmax(logits.copy()), y)
    analytic = softmax_cross_entropy_grad(softmax(logits.copy()), y)
    np.testing.assert_allclose(analytic, numeric_gradient(loss, logits), rtol=1e-5, atol=1e-8)


def test_softmax_is_stable_for_huge_logits():
    probs = softmax(np.array([[1000.0, 0.0, -1000.0]]))
    assert np.isfinite(probs).all() and probs[0, 0] == pytest.approx(1.0)


@pytest.mark.parametrize("sizes", [(12, 7, 5, 4), (12, 9, 4)])
def test_whole_network_backprop_matches_finite_differences(sizes):
    network = Network(sizes, seed=3, dtype=np.float64)
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(5, sizes[0])), rng.integers(0, sizes[-1], 5)
    loss = lambda: cross_entropy(softmax(network._forward(X)), y)
    network._backward(softmax_cross_entropy_grad(softmax(network._forward(X)), y))
    analytic = network.grads.copy()
    np.testing.assert_allclose(analytic, numeric_gradient(loss, network.params), rtol=1e-5, atol=1e-8)


def test_whole_convolutional_network_backprop_matches_finite_differences():
    network = Network(TINY_CNN, seed=3, dtype=np.float64)
    rng = np.random.default_rng(3)
    X, y = network._check_inputs(rng.random((2, 784))), np.array([3, 8])
    loss = lambda: cross_entropy(softmax(network._forward(X)), y)
    network._backward(softmax_cross_entropy_grad(softmax(network._forward(X)), y))
    analytic = network.grads.copy()
    picked = rng.choice(len(network.params), 300, replace=False)  # every layer, not all 1,400 weights
    numeric = numeric_gradient(loss, network.params, only=picked)
    np.testing.assert_allclose(analytic[picked], numeric[picked], rtol=1e-4, atol=1e-7)


def test_backprop_from_the_last_convolution_block_matches_finite_differences_and_leaves_the_rest():
    network = Network(TINY_CNN, seed=5, dtype=np.float64)
    first = network.last_block_start()
    assert network.layers[first].kind == "conv" and first == 3  # conv, pool, relu, then this block
    rng = np.random.default_rng(5)
    A, y = network.features(rng.random((2, 784)), first), np.array([1, 6])  # what layers[first] read
    loss = lambda: cross_entropy(softmax(network._forward(A, first=first)), y)
    network.grads[...] = 0.0
    network._backward(softmax_cross_entropy_grad(softmax(network._forward(A, first=first)), y), first)
    start = network._offsets[first]
    assert not network.grads[:start].any()  # the first block is not trained
    picked = start + rng.choice(len(network.params) - start, 200, replace=False)
    numeric = numeric_gradient(loss, network.params, only=picked)
    np.testing.assert_allclose(network.grads[picked], numeric[picked], rtol=1e-4, atol=1e-7)


def test_a_multilayer_perceptrons_last_block_is_all_of_it():
    assert Network((12, 7, 4)).last_block_start() == 0


def test_a_convolutional_network_learns_a_tiny_batch_perfectly():
    rng = np.random.default_rng(4)
    X, y = rng.random((20, 784)).astype(np.float32), np.arange(20) % 10
    network = Network(cnn(filters=(8, 8), size=3, hidden=(32,), padding=1), seed=4)
    history = network.fit(X, y, epochs=60, batch_size=20, lr=0.01)
    assert network.evaluate(X, y)["accuracy"] == 1.0
    assert history[-1]["loss"] < history[0]["loss"] / 10


def test_a_convolutional_network_has_the_shapes_it_is_described_by():
    network = Network(cnn(filters=(32, 64), size=5, hidden=(128,)))
    shapes = [layer.output_shape for layer in network.layers]
    assert shapes == [
        (24, 24, 32),
        (12, 12, 32),
        (12, 12, 32),
        (8, 8, 64),
        (4, 4, 64),
        (4, 4, 64),
        (1024,),
        (128,),
        (128,),
        (10,),
    ]
    assert network.name == "conv5x32-pool-conv5x64-pool-128-10"
    assert len(network.params) == 5 * 5 * 32 + 32 + 5 * 5 * 32 * 64 + 64 + 1024 * 128 + 128 + 128 * 10 + 10
    assert network.predict_proba(np.zeros((3, 28, 28))).shape == (3, 10)


def test_hidden_layers_are_one_argument_away():
    assert [layer.W.shape for layer in Network((784, 128, 10)).parametrized()] == [(784, 128), (128, 10)]
    assert [layer.W.shape for layer in Network((784, 50, 20, 10)).parametrized()] == [(784, 50), (50, 20), (20, 10)]
    assert Network((784, 128, 10)).name == "784-128-10"
    assert Network((784, 128, 10)).params.dtype == np.float32


@pytest.mark.parametrize("architecture,fan_in", [((784, 400, 10), 784), (cnn(filters=(32, 64)), 5 * 5)])
def test_he_initialisation_has_the_right_scale(architecture, fan_in):
    first = Network(architecture, seed=0).parametrized()[0]
    assert first.W.std() == pytest.approx(np.sqrt(2 / fan_in), rel=0.05)
    assert not first.b.any()


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_sigmoid_and_tanh_layers_start_at_lecuns_scale(activation):
    first = Network(mlp((784, 400, 10), activation=activation), seed=0).parametrized()[0]
    assert first.W.std() == pytest.approx(np.sqrt(1 / 784), rel=0.05)
    assert Network(mlp((784, 50, 20, 10), activation=activation)).name == f"784-50-20-10 {activation}"


@pytest.mark.parametrize(
    "optimizer,lr,activation",
    [
        ("adam", 0.01, "relu"),
        ("sgd", 0.3, "relu"),
        ("momentum", 0.1, "relu"),
        ("adam", 0.01, "sigmoid"),
        ("adam", 0.01, "tanh"),
    ],
)
def test_a_tiny_batch_is_learned_perfectly(optimizer, lr, activation):
    rng = np.random.default_rng(4)
    X, y = rng.random((20, 30)).astype(np.float32), np.arange(20) % 10
    network = Network(mlp((30, 64, 10), activation=activation), seed=4)
    history = network.fit(X, y, epochs=200, batch_size=20, optimizer=optimizer, lr=lr)
    assert network.evaluate(X, y)["accuracy"] == 1.0
    assert history[-1]["loss"] < history[0]["loss"] / 10


def test_training_is_reproducible_with_a_seed():
    rng = np.random.default_rng(5)
    X, y = rng.random((64, 16)), rng.integers(0, 10, 64)
    first, second = Network((16, 8, 10), seed=7), Network((16, 8, 10), seed=7)
    first.fit(X, y, epochs=3, batch_size=16)
    second.fit(X, y, epochs=3, batch_size=16)
    np.testing.assert_array_equal(first.params, second.params)
    assert not np.array_equal(first.params, Network((16, 8, 10), seed=8).params)


def test_improve_train_continues_from_the_current_weights():
    rng = np.random.default_rng(6)
    X, y = rng.random((100, 16)).astype(np.float32), rng.integers(0, 10, 100)
    network = Network((16, 32, 10), seed=0)
    network.fit(X, y, epochs=30, batch_size=20, lr=0.01)
    trained = network.evaluate(X, y)["accuracy"]
    optimizer, steps = network.optimizer, network.optimizer.t
    X_new, y_new = rng.random((10, 16)).astype(np.float32), rng.integers(0, 10, 10)
    network.improve_train(X_new, y_new, epochs=1, batch_size=10)
    assert network.optimizer is optimizer and optimizer.t == steps + 1  # same Adam, one step on
    assert network.evaluate(X, y)["accuracy"] > trained - 0.1  # did not start over
    network.improve_train(X_new, y_new, epochs=100, batch_size=10)
    assert network.evaluate(X_new, y_new)["accuracy"] == 1.0


def test_head_only_training_changes_the_dense_layers_and_leaves_the_convolutions_alone():
    rng = np.random.default_rng(7)
    X, y = rng.random((40, 784)).astype(np.float32), np.arange(40) % 10
    network = Network(cnn(filters=(4, 4), size=3, hidden=(32,), padding=1), seed=1)
    convolutions = [layer.W.copy() for layer in network.parametrized()[:2]]
    dense_before = network.parametrized()[2].W.copy()
    assert network.head_start() == 7  # after conv, pool, relu, conv, pool, relu, flatten
    network.improve_train(X, y, epochs=150, batch_size=40, lr=0.01, head_only=True)
    assert network.evaluate(X, y)["accuracy"] == 1.0
    for layer, before in zip(network.parametrized(), convolutions):
        np.testing.assert_array_equal(layer.W, before)
    assert not np.array_equal(network.parametrized()[2].W, dense_before)
    network.improve_train(X, y, epochs=1, batch_size=40)  # whole network again: a fresh optimiser
    assert network.optimizer.t == 1 and not np.array_equal(network.parametrized()[0].W, convolutions[0])


def test_training_the_head_on_features_kept_from_before_is_head_only_training():
    rng = np.random.default_rng(3)
    X, y = rng.random((24, 784)).astype(np.float32), np.arange(24) % 10
    one, two = (Network(cnn(filters=(4, 4), size=3, hidden=(16,), padding=1), seed=2) for _ in range(2))
    first = one.head_start()
    features = one.features(X, first)  # computed once, e.g. kept in a cache
    one.improve_train(X, y, epochs=3, batch_size=8, lr=0.01, head_only=True)
    two.improve_train(features, y, first=first, epochs=3, batch_size=8, lr=0.01)
    np.testing.assert_array_equal(one.params, two.params)
    np.testing.assert_allclose(two.predict_proba_from(first, features), two.predict_proba(X), rtol=1e-5, atol=1e-6)
    assert len(two.parameters_before(first)) == sum(layer.W.size + layer.b.size for layer in two.parametrized()[:2])


def test_head_only_training_of_a_perceptron_trains_all_of_it():
    network = Network((16, 8, 10))
    assert network.head_start() == 0
    before = network.params.copy()
    network.improve_train(np.ones((4, 16)), [1, 2, 3, 4], head_only=True)
    assert (network.params != before).mean() > 0.5


def test_improve_train_on_a_loaded_network_starts_a_fresh_optimiser():
    network = Network((16, 8, 10))
    network.improve_train(np.zeros((4, 16)), [1, 2, 3, 4], epochs=1, optimizer="sgd", lr=0.05)
    assert isinstance(network.optimizer, SGD) and network.optimizer.lr == 0.05


def test_predict_proba_gives_a_distribution_per_sample():
    network = Network((784, 16, 10))
    probs = network.predict_proba(np.random.default_rng(0).random((7, 28, 28)))
    assert probs.shape == (7, 10)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(network.predict(np.zeros((3, 784))).shape, (3,))


def test_wrong_shapes_and_labels_are_refused_clearly():
    network = Network((784, 16, 10))
    with pytest.raises(ValueError, match=r"shape \(n, 784\)"):
        network.predict(np.zeros((2, 100)))
    with pytest.raises(ValueError, match="labels in 0..9"):
        network.evaluate(np.zeros((2, 784)), [3, 12])
    with pytest.raises(ValueError, match="unknown optimizer"):
        network.fit(np.zeros((2, 784)), [1, 2], optimizer="rmsprop")


def test_plain_sgd_steps_down_the_gradient_and_momentum_keeps_going():
    grads = np.array([1.0, -2.0], dtype=np.float32)
    plain, params = make_optimizer("sgd", 0.1), np.zeros(2, dtype=np.float32)
    plain.step(params, grads)
    plain.step(params, grads)
    np.testing.assert_allclose(params, [-0.2, 0.4])  # two steps of lr * gradient
    heavy, params = make_optimizer("momentum", 0.1), np.zeros(2, dtype=np.float32)
    heavy.step(params, grads)
    heavy.step(params, grads)
    np.testing.assert_allclose(params, [-0.29, 0.58], rtol=1e-6)  # the second step keeps 0.9 of the first
    assert (plain.name, heavy.name, make_optimizer("adam").lr) == ("sgd", "momentum", 1e-3)


def test_adam_takes_the_papers_steps():
    rng = np.random.default_rng(9)
    params, adam = rng.normal(size=50), Adam(lr=0.01)
    expected, m, v = params.copy(), 0.0, 0.0
    for t in range(1, 8):
        grads = rng.normal(size=50)
        adam.step(params, grads)
        m, v = 0.9 * m + 0.1 * grads, 0.999 * v + 0.001 * grads**2  # Kingma & Ba, algorithm 1
        expected -= 0.01 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    np.testing.assert_allclose(params, expected, rtol=1e-12)


def test_adam_moves_each_weight_by_about_the_learning_rate_at_first():
    params, grads = np.zeros(4, dtype=np.float32), np.array([1e-3, -5.0, 2.0, 1e4], dtype=np.float32)
    Adam(lr=0.01).step(params, grads)
    np.testing.assert_allclose(params, -0.01 * np.sign(grads), rtol=1e-3)

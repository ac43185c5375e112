"""Promises of the from-scratch network: its gradients are right, it learns,
it keeps learning from where it was, and any layer stack is one argument away."""
import numpy as np
import pytest

from game.model import Network
from game.model.layers import Dense, relu_backward, relu_forward
from game.model.losses import cross_entropy, softmax, softmax_cross_entropy_grad
from game.model.optimizers import SGD, Adam


def numeric_gradient(f, x, eps=1e-6):
    """Return the central finite-difference gradient of scalar f() w.r.t. array x (in place)."""
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        up = f()
        x[i] = old - eps
        down = f()
        x[i] = old
        grad[i] = (up - down) / (2 * eps)
    return grad


def test_dense_layer_gradients_match_finite_differences():
    rng = np.random.default_rng(0)
    W, b = rng.normal(size=(5, 3)), rng.normal(size=3)
    layer = Dense(W, b, np.zeros_like(W), np.zeros_like(b))
    X, upstream = rng.normal(size=(4, 5)), rng.normal(size=(4, 3))
    loss = lambda: float((layer.forward(X) * upstream).sum())
    layer.forward(X)
    dX = layer.backward(upstream)
    np.testing.assert_allclose(layer.dW, numeric_gradient(loss, W), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(layer.db, numeric_gradient(loss, b), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(dX, numeric_gradient(loss, X), rtol=1e-6, atol=1e-8)


def test_relu_gradient_matches_finite_differences():
    rng = np.random.default_rng(1)
    Z = rng.normal(size=(3, 4))
    Z[np.abs(Z) < 0.05] = 0.5  # keep away from the kink, where ReLU has no derivative
    upstream = rng.normal(size=(3, 4))
    loss = lambda: float((relu_forward(Z.copy()) * upstream).sum())
    analytic = relu_backward(upstream.copy(), relu_forward(Z.copy()))
    np.testing.assert_allclose(analytic, numeric_gradient(loss, Z), rtol=1e-6, atol=1e-8)


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


def test_hidden_layers_are_one_argument_away():
    assert [l.shape for l in Network((784, 128, 10)).layers] == [(784, 128), (128, 10)]
    assert [l.shape for l in Network((784, 50, 20, 10)).layers] == [(784, 50), (50, 20), (20, 10)]
    assert Network((784, 128, 10)).params.dtype == np.float32


def test_he_initialisation_has_the_right_scale():
    network = Network((784, 400, 10), seed=0)
    assert network.layers[0].W.std() == pytest.approx(np.sqrt(2 / 784), rel=0.05)
    assert not network.layers[0].b.any()


@pytest.mark.parametrize("optimizer,lr", [("adam", 0.01), ("sgd", 0.1)])
def test_a_tiny_batch_is_learned_perfectly(optimizer, lr):
    rng = np.random.default_rng(4)
    X, y = rng.random((20, 30)).astype(np.float32), np.arange(20) % 10
    network = Network((30, 64, 10), seed=4)
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


def test_adam_moves_each_weight_by_about_the_learning_rate_at_first():
    params, grads = np.zeros(4, dtype=np.float32), np.array([1e-3, -5.0, 2.0, 1e4], dtype=np.float32)
    Adam(lr=0.01).step(params, grads)
    np.testing.assert_allclose(params, -0.01 * np.sign(grads), rtol=1e-3)

"""Each layer kind's hand-written backward pass matches finite differences of its forward pass,
and the layers compute what their textbook definitions say."""

import numpy as np
import pytest

from game.model.activations import ReLU, Sigmoid, Tanh
from game.model.conv import Conv2D, im2col, input_gradient
from game.model.dense import Dense
from game.model.flatten import Flatten
from game.model.pool import MaxPool2D
from tests.gradients import numeric_gradient


def bound(layer, rng):
    """Return the layer with random float64 parameters and zero gradients bound to it."""
    if layer.param_shapes:
        layer.bind(
            {k: rng.normal(size=s) for k, s in layer.param_shapes.items()},
            {k: np.zeros(s) for k, s in layer.param_shapes.items()},
        )
    return layer


def check_gradients(layer, X, rng):
    """Assert that backward() gives the finite-difference gradients of sum(forward(X) * upstream)."""
    upstream = rng.normal(size=(len(X), *layer.output_shape))
    loss = lambda: float((layer.forward(X.copy()) * upstream).sum())
    layer.forward(X.copy())
    dX = layer.backward(upstream.copy())
    np.testing.assert_allclose(dX, numeric_gradient(loss, X), rtol=1e-6, atol=1e-8)
    if layer.param_shapes:
        np.testing.assert_allclose(layer.dW, numeric_gradient(loss, layer.W), rtol=1e-6, atol=1e-8)
        np.testing.assert_allclose(layer.db, numeric_gradient(loss, layer.b), rtol=1e-6, atol=1e-8)


def test_dense_gradients_match_finite_differences():
    rng = np.random.default_rng(0)
    check_gradients(bound(Dense((5,), 3), rng), rng.normal(size=(4, 5)), rng)


@pytest.mark.parametrize(
    "shape,filters,size,padding",
    [
        ((6, 5, 1), 2, 3, 0),  # one channel, not square
        ((5, 5, 3), 4, 3, 1),  # several channels, zero padding
        ((4, 4, 2), 3, 1, 0),  # 1x1 kernel: a dense layer per pixel
        ((7, 7, 2), 2, 5, 2),
    ],
)
def test_convolution_gradients_match_finite_differences(shape, filters, size, padding):
    rng = np.random.default_rng(1)
    check_gradients(bound(Conv2D(shape, filters, size, padding), rng), rng.normal(size=(2, *shape)), rng)


@pytest.mark.parametrize("shape,size", [((4, 6, 3), 2), ((5, 7, 2), 2), ((6, 6, 1), 3)])
def test_max_pool_gradients_match_finite_differences(shape, size):
    rng = np.random.default_rng(2)
    check_gradients(MaxPool2D(shape, size), rng.normal(size=(2, *shape)), rng)


def test_relu_gradients_match_finite_differences():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(3, 4, 4, 2))
    X[np.abs(X) < 0.05] = 0.5  # keep away from the kink, where ReLU has no derivative
    check_gradients(ReLU((4, 4, 2)), X, rng)


@pytest.mark.parametrize("kind", [Sigmoid, Tanh])
def test_sigmoid_and_tanh_gradients_match_finite_differences(kind):
    rng = np.random.default_rng(7)
    check_gradients(kind((3, 5)), 3 * rng.normal(size=(4, 3, 5)), rng)


@pytest.mark.parametrize(
    "kind,function",
    [(Sigmoid, lambda z: 1 / (1 + np.exp(-z))), (Tanh, np.tanh), (ReLU, lambda z: np.maximum(z, 0))],
)
def test_activations_compute_their_textbook_curves_even_far_out(kind, function):
    z = np.array([[-1000.0, -100.0, -3.0, -0.5, 0.0, 0.5, 3.0, 100.0, 1000.0]])
    with np.errstate(over="ignore"):
        expected = function(z)
    np.testing.assert_allclose(kind(z.shape[1:]).forward(z.copy()), expected, rtol=1e-12, atol=1e-300)


def test_flatten_gradients_match_finite_differences():
    rng = np.random.default_rng(4)
    check_gradients(Flatten((3, 2, 2)), rng.normal(size=(2, 3, 2, 2)), rng)


def test_convolution_is_the_sum_of_each_patch_times_its_filter():
    rng = np.random.default_rng(5)
    layer = bound(Conv2D((6, 7, 2), filters=3, size=3, padding=1), rng)
    X = rng.normal(size=(2, 6, 7, 2))
    padded = np.pad(X, ((0, 0), (1, 1), (1, 1), (0, 0)))
    expected = np.zeros((2, 6, 7, 3))
    for k, r, c, f in np.ndindex(expected.shape):
        expected[k, r, c, f] = (padded[k, r : r + 3, c : c + 3, :] * layer.W[..., f]).sum() + layer.b[f]
    np.testing.assert_allclose(layer.forward(X), expected, rtol=1e-10)


def test_the_input_gradient_is_the_transpose_of_the_convolution():
    # <im2col(X) @ W, D> = <X, input_gradient(D, W)> for all X, D: the adjoint of a linear map.
    rng = np.random.default_rng(6)
    X, W = rng.normal(size=(2, 5, 6, 3)), rng.normal(size=(3, 3, 3, 4))
    Y = im2col(X, 3, 1)[:, :-1] @ W.reshape(-1, 4)  # the patches, without the 1 the bias multiplies
    D = rng.normal(size=Y.shape)
    assert (Y * D).sum() == pytest.approx((X * input_gradient(D, W, X.shape, 1)).sum(), rel=1e-10)


@pytest.mark.parametrize("channels", [1, 3])  # one channel: stored column by column; several: row by row
def test_im2col_lays_every_patch_out_as_a_row_then_a_one(channels):
    X = np.random.default_rng(8).normal(size=(2, 5, 6, channels)).astype(np.float32)
    cols = im2col(X, 3, 1)
    padded = np.pad(X, ((0, 0), (1, 1), (1, 1), (0, 0)))
    expected = [np.append(padded[k, r : r + 3, c : c + 3].reshape(-1), 1.0) for k, r, c in np.ndindex(2, 5, 6)]
    np.testing.assert_array_equal(cols, expected)
    assert cols.dtype == np.float32


@pytest.mark.parametrize(
    "window,winner",
    [([[1, 3], [3, 2]], (0, 1)), ([[5, 5], [5, 5]], (0, 0)), ([[0, 1], [4, 4]], (1, 0)), ([[1, 2], [0, 7]], (1, 1))],
)
def test_a_pooling_window_sends_its_gradient_to_its_first_largest_value_once(window, winner):
    pool = MaxPool2D((2, 2, 1), 2)
    pool.forward(np.array(window, dtype=np.float32).reshape(1, 2, 2, 1))
    expected = np.zeros((2, 2))
    expected[winner] = 3.0
    np.testing.assert_array_equal(pool.backward(np.full((1, 1, 1, 1), 3.0, dtype=np.float32))[0, :, :, 0], expected)


def test_max_pool_keeps_the_largest_of_each_window_and_drops_leftovers():
    X = np.arange(2 * 5 * 4 * 1, dtype=float).reshape(2, 5, 4, 1)
    Y = MaxPool2D((5, 4, 1), 2).forward(X)
    assert Y.shape == (2, 2, 2, 1)
    np.testing.assert_array_equal(Y[0, :, :, 0], [[5, 7], [13, 15]])


@pytest.mark.parametrize(
    "make,message",
    [
        (lambda: Conv2D((4, 4), 2, 3), "height, width, channels"),
        (lambda: Conv2D((4, 4, 1), 2, 5), "does not fit"),
        (lambda: MaxPool2D((1, 4, 1), 2), "does not fit"),
        (lambda: Dense((4, 4, 1), 10), "flatten"),
    ],
)
def test_layers_that_cannot_fit_their_input_say_so(make, message):
    with pytest.raises(ValueError, match=message):
        make()

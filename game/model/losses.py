"""Softmax and the cross-entropy loss on top of it."""

import numpy as np


def softmax(logits):
    """Return softmax probabilities (n, k) for logits (n, k); numerically stable."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    np.exp(shifted, out=shifted)
    shifted /= shifted.sum(axis=1, keepdims=True)
    return shifted


def cross_entropy(probs, y):
    """Return the mean of -log p[y] for probs (n, k) and integer labels y (n,)."""
    picked = probs[np.arange(len(y)), y]
    return float(-np.log(np.maximum(picked, 1e-12)).mean())


def softmax_cross_entropy_grad(probs, y):
    """Return dLoss/dlogits = (probs - onehot(y)) / n, shape (n, k).

    This is the famous simplification of softmax followed by cross-entropy:
    the Jacobian of the softmax and the derivative of the log cancel out.
    """
    grad = probs.copy()
    grad[np.arange(len(y)), y] -= 1.0
    grad /= len(y)
    return grad

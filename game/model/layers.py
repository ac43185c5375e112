"""Dense layer and ReLU, the two building blocks of the network.

A layer does not own its numbers: its weights and gradients are views into the
network's two flat vectors (parameters and gradients), so that one optimiser
step updates every layer at once.
"""
import numpy as np


class Dense:
    """Fully connected layer, Y = X @ W + b.

    W : (n_in, n_out) and b : (n_out,), views into the flat parameter vector.
    dW, db : same shapes, views into the flat gradient vector.
    """

    def __init__(self, W, b, dW, db):
        self.W, self.b, self.dW, self.db = W, b, dW, db
        self._X = None

    @property
    def shape(self):
        """Return (n_in, n_out)."""
        return self.W.shape

    def forward(self, X, out=None):
        """Return Y = X @ W + b, shape (n, n_out), for X of shape (n, n_in).

        X is kept (not copied) for the backward pass; `out` is an optional
        preallocated (n, n_out) float32 buffer.
        """
        Y = np.matmul(X, self.W, out=out)
        Y += self.b
        self._X = X
        return Y

    def backward(self, dY, need_dX=True):
        """Fill dW and db from dY = dLoss/dY (n, n_out); return dX (n, n_in).

        The first layer passes need_dX=False: nobody needs the gradient with
        respect to the pixels, and skipping it saves a third of the work.
        """
        np.matmul(self._X.T, dY, out=self.dW)
        np.sum(dY, axis=0, out=self.db)
        return np.matmul(dY, self.W.T) if need_dX else None


def relu_forward(Z):
    """Return ReLU(Z), computed in place; Z of any shape."""
    return np.maximum(Z, 0, out=Z)


def relu_backward(dA, A):
    """Return dZ from dA = dLoss/dA and A = ReLU(Z), computed in place in dA."""
    dA *= A > 0
    return dA

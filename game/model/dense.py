"""Dense (fully connected) layer: Y = X @ W + b.

A layer does not own its numbers: its weights and gradients are views into
the network's two flat vectors (parameters and gradients), so that one
optimiser step updates every layer at once. `bind` hands it those views.
"""

import numpy as np


class Dense:
    """Fully connected layer from n_in to `units` outputs.

    W : (n_in, units) and b : (units,), views into the flat parameter vector;
    dW, db : the same shapes, views into the flat gradient vector.
    """

    kind = "dense"

    def __init__(self, input_shape, units):
        if len(input_shape) != 1:
            raise ValueError(f"a dense layer needs flat inputs, got shape {input_shape}: add a flatten layer")
        self.n_in, self.units = int(input_shape[0]), int(units)
        self.input_shape, self.output_shape = (self.n_in,), (self.units,)
        self.param_shapes = {"W": (self.n_in, self.units), "b": (self.units,)}
        self.fan_in = self.n_in
        self._X = None

    def bind(self, params, grads):
        """Take views {"W", "b"} into the parameters and their gradients."""
        self.W, self.b = params["W"], params["b"]
        self.dW, self.db = grads["W"], grads["b"]

    def forward(self, X):
        """Return Y = X @ W + b, shape (n, units), for X of shape (n, n_in).

        X is kept (not copied) for the backward pass.
        """
        Y = X @ self.W
        Y += self.b
        self._X = X
        return Y

    def backward(self, dY, need_dX=True):
        """Fill dW and db from dY = dLoss/dY (n, units); return dX (n, n_in).

        The first layer passes need_dX=False: nobody needs the gradient with
        respect to the pixels, and skipping it saves a third of the work.
        """
        np.matmul(self._X.T, dY, out=self.dW)
        np.sum(dY, axis=0, out=self.db)
        return dY @ self.W.T if need_dX else None

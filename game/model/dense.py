"""Dense (fully connected) layer: Y = X @ W + b.

A layer does not own its numbers: its weights and gradients are views into
the network's two flat vectors (parameters and gradients), so that one
optimiser step updates every layer at once. `bind` hands it those views.
"""

import numpy as np

from .layer import Layer, sum_rows, weighted_sum_equation


class Dense(Layer):
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
        sum_rows(dY, out=self.db)
        return dY @ self.W.T if need_dX else None

    # ------------------------------------------------- what a look inside asks
    def send_back(self, dY):
        """Return dY (n, units) sent back to the inputs (n, n_in), touching no gradient."""
        return dY @ self.W.T

    def shares(self, before, whole=False):
        """Return what each input added to each unit's sum for one input `before`: (n_in, units);
        (maps, units) summed per map when before is a stack of maps (h, w, maps) flattened
        into this layer; (1, units) for the whole input when `whole`."""
        if whole:
            return (before.reshape(-1) @ self.W)[None]
        if before.ndim == 3:
            maps = before.shape[-1]
            return np.einsum("pc,pcu->cu", before.reshape(-1, maps), self.W.reshape(-1, maps, self.units))
        return before[:, None] * self.W

    def incoming(self, unit, source_shape):
        """Return the weights into `unit` as images (tiles, h, w): one tile per map when its
        inputs are maps (source_shape (h, w, maps)), else a near-square grid of them."""
        column = self.W[:, unit]
        if len(source_shape) == 3:
            return np.moveaxis(column.reshape(source_shape), -1, 0)
        width = int(np.ceil(np.sqrt(len(column))))
        return np.pad(column, (0, width * width - len(column)), constant_values=np.nan).reshape(1, width, width)

    def trace_back(self, before, after, position):
        """Return (how unit `position` of the output `after` was summed: terms, the term (input,
        weight) that added most, total, bias; where that input is in `before`)."""
        products = before.reshape(-1) * self.W[:, position[0]]
        k = int(products.argmax())
        term = (float(before.reshape(-1)[k]), float(self.W[k, position[0]]))
        summed = {"terms": len(products), "term": term, "total": float(products.sum())}
        return {**summed, "bias": float(self.b[position[0]])}, np.unravel_index(k, before.shape)

    def explain(self, step):
        """Return the step's sum as one line; the output layer's units are the digits' scores."""
        where = f"Digit {step.position[0]}'s score" if step.logits else f"Unit {step.position[0]}"
        return weighted_sum_equation(step, where)

"""Flatten: the bridge from image-shaped feature maps to dense layers."""

import numpy as np

from .layer import Layer


class Flatten(Layer):
    """Reshape (n, height, width, channels) to (n, height * width * channels); no parameters."""

    kind = "flatten"

    def __init__(self, input_shape):
        self.input_shape = tuple(input_shape)
        size = 1
        for dimension in self.input_shape:
            size *= dimension
        self.output_shape = (size,)

    def forward(self, X):
        """Return X as (n, size): a view, no copy."""
        return X.reshape(len(X), -1)

    def backward(self, dY, need_dX=True):
        """Return dY reshaped back to the input's (n, height, width, channels)."""
        return dY.reshape(len(dY), *self.input_shape)

    def send_back(self, dY):
        """Return dY reshaped back (as backward)."""
        return self.backward(dY)

    def trace_back(self, before, after, position):
        """Return (nothing more to show, where input `position` of the list was in the maps)."""
        return {}, tuple(int(i) for i in np.unravel_index(position[0], before.shape))

    def explain(self, step):
        """Return the line saying where the cell goes."""
        return f"Flatten: the cell becomes input {step.position[0]} of the dense layer"

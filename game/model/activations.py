"""ReLU, the non-linearity between layers: max(z, 0), element by element."""

import numpy as np


class ReLU:
    """Rectified linear unit on inputs of any shape; it has no parameters."""

    kind = "relu"
    is_activation = True  # the end of a stage of units, as the X-ray draws them
    param_shapes = {}

    def __init__(self, input_shape):
        self.input_shape = self.output_shape = tuple(input_shape)
        self._A = None

    def forward(self, Z):
        """Return A = max(Z, 0), computed in place in Z (the caller's Z is not needed again)."""
        self._A = np.maximum(Z, 0, out=Z)
        return self._A

    def backward(self, dA, need_dX=True):
        """Return dZ = dA where the unit was active (A > 0), else 0; computed in place in dA."""
        dA *= self._A > 0
        return dA

    def send_back(self, dA):
        """Return dA sent back through the last forward pass (as backward)."""
        return self.backward(dA)

    def trace_back(self, before, after, position):
        """Return (nothing more to show, the same position in `before`): max(z, 0) keeps its place."""
        return {}, position

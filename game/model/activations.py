"""The non-linearities between layers, element by element: ReLU, sigmoid and tanh.

    ReLU     a = max(z, 0)             da/dz = 1 where a > 0, else 0
    sigmoid  a = 1 / (1 + e^-z)        da/dz = a (1 - a)
    tanh     a = tanh(z)               da/dz = 1 - a^2

Each derivative is written with the output a, which the forward pass keeps:
backward then needs no copy of z. Without them a stack of layers would be one
matrix product, however deep.
"""

import numpy as np

from .layer import Layer


class Activation(Layer):
    """An element-wise function on inputs of any shape; it has no parameters.

    Subclasses give activate(Z) (in place) and slope(A), da/dz written with the output A.
    init_gain : the variance gain, times 1/fan_in, of the weights feeding it (He's 2 for
    ReLU, which silences half its inputs; LeCun's 1 for the curves that do not).
    """

    is_activation = True  # the end of a stage of units, as the X-ray draws them
    init_gain = 1.0

    def __init__(self, input_shape):
        self.input_shape = self.output_shape = tuple(input_shape)
        self._A = None

    def forward(self, Z):
        """Return A = f(Z), computed in place in Z (the caller's Z is not needed again)."""
        self._A = self.activate(Z)
        return self._A

    def backward(self, dA, need_dX=True):
        """Return dZ = dA * f'(z), computed in place in dA."""
        dA *= self.slope(self._A)
        return dA

    def send_back(self, dA):
        """Return dA sent back through the last forward pass (as backward)."""
        return self.backward(dA)

    def trace_back(self, before, after, position):
        """Return (the input z it was given, the same position in `before`): f keeps its place."""
        return {"total": float(before[tuple(position)])}, position

    def activate(self, Z):
        """Return f(Z), overwriting Z."""
        raise NotImplementedError

    def slope(self, A):
        """Return f'(z) for the outputs A = f(z)."""
        raise NotImplementedError


class ReLU(Activation):
    """Rectified linear unit: a = max(z, 0)."""

    kind = "relu"
    init_gain = 2.0

    def activate(self, Z):
        return np.maximum(Z, 0, out=Z)

    def slope(self, A):
        return A > 0  # a mask: multiplying by it keeps dA where the unit was active

    def explain(self, step):
        v = f"{step.value:.2f}"
        return f"ReLU: max({v}, 0) = {v}" if step.value > 0 else "ReLU: negative, so 0"


class Sigmoid(Activation):
    """The logistic curve: a = 1 / (1 + e^-z), between 0 and 1."""

    kind = "sigmoid"

    def activate(self, Z):
        np.negative(Z, out=Z)
        with np.errstate(over="ignore"):  # e^z overflows for z < -88: 1 / inf is the right 0
            np.exp(Z, out=Z)
        Z += 1.0
        return np.reciprocal(Z, out=Z)

    def slope(self, A):
        return A * (1.0 - A)

    def explain(self, step):
        return f"Sigmoid: 1 / (1 + e^-({step.total:.2f})) = {step.value:.2f}"


class Tanh(Activation):
    """The hyperbolic tangent: a = tanh(z), between -1 and 1."""

    kind = "tanh"

    def activate(self, Z):
        return np.tanh(Z, out=Z)

    def slope(self, A):
        return 1.0 - A * A

    def explain(self, step):
        return f"Tanh: tanh({step.total:.2f}) = {step.value:.2f}"

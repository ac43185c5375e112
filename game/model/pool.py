"""Max-pooling: keep the strongest response in each small window.

Pooling halves the size of the feature maps (for 2x2 windows), so later
layers see a wider part of the digit, and a stroke that moves by a pixel
still lights up the same pooled cell.
"""

import numpy as np

from .layer import Layer


class MaxPool2D(Layer):
    """Max over non-overlapping size x size windows of (n, H, W, C) inputs; no parameters.

    Output: (n, H // size, W // size, C); rows or columns left over at the
    bottom or right edge (when H or W is not a multiple of size) are dropped.
    """

    kind = "maxpool"

    def __init__(self, input_shape, size=2):
        if len(input_shape) != 3:
            raise ValueError(f"max-pooling needs (height, width, channels) inputs, got {input_shape}")
        height, width, channels = (int(d) for d in input_shape)
        self.size = int(size)
        if not 1 <= self.size <= min(height, width):
            raise ValueError(f"a {size}x{size} pool does not fit a {height}x{width} input")
        self.input_shape = (height, width, channels)
        self.output_shape = (height // self.size, width // self.size, channels)
        self._beaten = None

    def forward(self, X):
        """Return the window maxima (n, H // size, W // size, C) of X (n, H, W, C).

        The windows' members are laid out one contiguous array each (one copy),
        then a running maximum goes over them in reading order, keeping where a
        member was strictly larger than the maximum so far (_beaten) for
        backward: the last member that beat it is the window's winner. NumPy
        runs these steps several times faster on contiguous arrays than on the
        strided windows.
        """
        s, n, shape = self.size, len(X), self.output_shape
        members = self._buffer("members", (s, s, n, *shape), X.dtype)  # members[i, j]: row i, column j
        members[...] = self._windows(X).transpose(2, 4, 0, 1, 3, 5)  # (size, size, n, H', W', C)
        Y = self._buffer("Y", (n, *shape), X.dtype)
        self._beaten = self._buffer("beaten", (s * s - 1, n, *shape), bool)
        running_maximum(members.reshape(s * s, n, *shape), Y, self._beaten)
        return Y

    def backward(self, dY, need_dX=True):
        """Return dX (n, H, W, C): each window's gradient goes to the input that won it.

        When several tie (a stroke of solid ink or a blank patch gives equal
        values), only the first in reading order wins: routing the gradient to
        all of them would count it several times over. Going through the members
        from the last, each takes what is left where it beat the ones before it.
        """
        (out_h, out_w, _), s, n = self.output_shape, self.size, len(dY)
        sent = self._buffer("sent", (s * s, *dY.shape), dY.dtype)  # each member's share
        dX = self._buffer("dX", (n, *self.input_shape), dY.dtype)
        dX[:, out_h * s :] = 0  # rows and columns left over at the edges, if any: no gradient
        dX[:, :, out_w * s :] = 0
        sent[0] = dY  # what no member after the first has taken (all of it, so far)
        for k in range(s * s - 1, 0, -1):
            np.multiply(sent[0], self._beaten[k - 1], out=sent[k])
            sent[0] -= sent[k]
        self._windows(dX).transpose(2, 4, 0, 1, 3, 5)[...] = sent.reshape(s, s, *dY.shape)
        return dX

    def send_back(self, dY):
        """Return dY sent back to the winners of the last forward pass (as backward)."""
        return self.backward(dY)

    def trace_back(self, before, after, position):
        """Return (the window whose largest value cell `position` (row, column, map) is, where
        that winner is in `before`)."""
        row, column, channel = position
        s = self.size
        window = before[row * s : (row + 1) * s, column * s : (column + 1) * s, channel]
        r, c = np.unravel_index(int(window.argmax()), window.shape)
        return {"window": tuple(float(a) for a in window.reshape(-1))}, (row * s + int(r), column * s + int(c), channel)

    def explain(self, step):
        """Return "Max-pool: the largest of a, b, c, d = v"."""
        return f"Max-pool: the largest of {', '.join(f'{a:.2f}' for a in step.window)} = {step.value:.2f}"

    def _windows(self, X):
        """Return X cropped to whole windows and viewed as (n, H', size, W', size, C)."""
        out_h, out_w, channels = self.output_shape
        cropped = X[:, : out_h * self.size, : out_w * self.size]
        return cropped.reshape(len(X), out_h, self.size, out_w, self.size, channels)


def running_maximum(members, Y, beaten):
    """Fill Y (n, ...) with the largest of members (m, n, ...), and beaten (m - 1, n, ...) with
    where members[k] is strictly larger than every member before it (so a tie keeps the first)."""
    Y[...] = members[0]
    for k in range(1, len(members)):
        np.greater(members[k], Y, out=beaten[k - 1])
        np.maximum(Y, members[k], out=Y)

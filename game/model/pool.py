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
        self._winners = None

    def forward(self, X):
        """Return the window maxima (n, H // size, W // size, C) of X (n, H, W, C)."""
        windows = self._windows(X)  # (n, H', size, W', size, C), a view
        # A running maximum over the size * size offsets: 3x faster than
        # windows.max(axis=(2, 4)), which reduces over two strided axes.
        Y = windows[:, :, 0, :, 0].copy()
        for i in range(self.size):
            for j in range(self.size):
                np.maximum(Y, windows[:, :, i, :, j], out=Y)
        self._winners = self._first_winners(windows, Y)
        return Y

    def _first_winners(self, windows, Y):
        """Return a mask (n, H', size, W', size, C) of the one input that won each window.

        When several tie (a stroke of solid ink or a blank patch gives equal
        values), only the first one counts: routing the gradient to all of them
        would count it several times over.
        """
        winners = np.zeros(windows.shape, dtype=bool)
        taken = np.zeros(Y.shape, dtype=bool)
        for i in range(self.size):
            for j in range(self.size):
                won = (windows[:, :, i, :, j] == Y) & ~taken
                winners[:, :, i, :, j] = won
                taken |= won
        return winners

    def backward(self, dY, need_dX=True):
        """Return dX (n, H, W, C): each window's gradient goes to the input that won it."""
        n, (out_h, out_w, channels) = len(dY), self.output_shape
        routed = self._winners * dY[:, :, None, :, None, :]
        routed = routed.reshape(n, out_h * self.size, out_w * self.size, channels)
        if routed.shape[1:] == self.input_shape:
            return routed
        dX = np.zeros((n, *self.input_shape), dtype=dY.dtype)
        dX[:, : out_h * self.size, : out_w * self.size] = routed
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

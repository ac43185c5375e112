"""2-D convolution, the layer that looks at small patches of an image.

Each of the layer's `filters` is a small (size x size x channels) stencil of
weights slid over the image; at every position its output is the weighted
sum of the patch under it plus a bias. Images are in (n, height, width,
channels) layout, stride 1, with optional zero padding around the border.

The sliding is done the classic way, "im2col": every patch is copied into a
row of one big matrix (one row per output pixel), so the whole convolution
becomes a single matrix product with the weights, which BLAS does fast. Each
row ends with a 1, the input the bias multiplies: the product adds the bias
too (the bias is the weight of an input that is always 1). The weight
gradient is the same matrix product turned around, and gives the bias
gradient in its last row. The input gradient goes back offset by offset: the
kernel's weights at offset (i, j) saw the input shifted by (i, j), so they
send the output's gradient back to exactly those pixels.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .layer import Layer, weighted_sum_equation
from .parts import ONE

ALIGN = 16  # numbers: a patch row stored row by row starts on a 64-byte boundary, which BLAS reads faster


class Conv2D(Layer):
    """Convolution of (n, H, W, C) inputs with `filters` kernels of size x size x C.

    W : (size, size, C, filters), b : (filters,), views into the flat
    parameter vector; W[i, j, c, f] is filter f's weight on channel c at
    offset (row i, column j) of the patch. Output: (n, H', W', filters) with
    H' = H + 2 * padding - size + 1 (and the same for W').
    """

    kind = "conv"

    def __init__(self, input_shape, filters, size, padding=0):
        if len(input_shape) != 3:
            raise ValueError(f"a conv layer needs (height, width, channels) inputs, got {input_shape}")
        height, width, channels = (int(d) for d in input_shape)
        self.filters, self.size, self.padding = int(filters), int(size), int(padding)
        out_h, out_w = height + 2 * self.padding - self.size + 1, width + 2 * self.padding - self.size + 1
        if out_h < 1 or out_w < 1:
            raise ValueError(f"a {size}x{size} kernel does not fit a {height}x{width} input")
        self.input_shape, self.output_shape = (height, width, channels), (out_h, out_w, self.filters)
        self.param_shapes = {"W": (self.size, self.size, channels, self.filters), "b": (self.filters,)}
        self.fan_in = self.size * self.size * channels
        self._cols = None

    def bind(self, params, grads):
        """Take views {"W", "b"} into the parameters and their gradients."""
        self.W, self.b = params["W"], params["b"]
        self.dW, self.db = grads["W"], grads["b"]

    def forward(self, X):
        """Return the feature maps (n, H', W', filters) of images X (n, H, W, C)."""
        self._cols = im2col(X, self.size, self.padding, self._buffer, self.parts)  # (n * H' * W', size * size * C + 1)
        weights_and_bias = np.concatenate((self.W.reshape(-1, self.filters), self.b[None]))
        Y = self._buffer("Y", (len(self._cols), self.filters), X.dtype)
        return np.matmul(self._cols, weights_and_bias, out=Y).reshape(len(X), *self.output_shape)

    def backward(self, dY, need_dX=True):
        """Fill dW, db from dY = dLoss/dY (n, H', W', filters); return dX (n, H, W, C)."""
        dY = dY.reshape(-1, self.filters)
        gradients = self._cols.T @ dY  # (size * size * C + 1, filters): dW's rows, then db
        self.dW[...] = gradients[:-1].reshape(self.dW.shape)
        self.db[...] = gradients[-1]
        if not need_dX:
            return None
        n = len(dY) // (self.output_shape[0] * self.output_shape[1])
        return input_gradient(dY, self.W, (n, *self.input_shape), self.padding, self._buffer, self.parts)

    # ------------------------------------------------- what a look inside asks
    def send_back(self, dY):
        """Return dY (n, H', W', filters) sent back to the inputs (n, H, W, C), touching no gradient."""
        return input_gradient(dY.reshape(-1, self.filters), self.W, (len(dY), *self.input_shape), self.padding)

    def shares(self, before, whole=False):
        """Return what each input channel added to each map for one input `before` (H, W, C),
        summed over positions: (C, filters); (1, filters) for the whole input when `whole`."""
        cols = im2col(before[None], self.size, self.padding)[:, :-1]  # (positions, size * size * C)
        k, channels = self.size * self.size, before.shape[-1]
        shares = np.einsum("pkc,kcf->cf", cols.reshape(-1, k, channels), self.W.reshape(k, channels, -1))
        return shares.sum(axis=0, keepdims=True) if whole else shares

    def incoming(self, unit, source_shape):
        """Return the weights into map `unit` as images (C, size, size): one kernel per input map."""
        return np.moveaxis(self.W[..., unit], -1, 0)

    def trace_back(self, before, after, position):
        """Return (how cell `position` (row, column, map) was summed: terms, the term (input,
        weight) that added most, total, bias; where that input is in `before` (H, W, C)).
        The path never enters the zero padding."""
        row, column, channel = position
        p, size = self.padding, self.size
        padded = np.pad(before, ((p, p), (p, p), (0, 0)))
        patch = padded[row : row + size, column : column + size, :]
        products = patch * self.W[..., channel]
        inside = np.zeros(padded.shape[:2], bool)
        inside[p : p + before.shape[0], p : p + before.shape[1]] = True
        candidates = np.where(inside[row : row + size, column : column + size, None], products, -np.inf)
        di, dj, c = np.unravel_index(int(candidates.argmax()), products.shape)
        term = (float(patch[di, dj, c]), float(self.W[di, dj, c, channel]))
        summed = {"terms": products.size, "term": term, "total": float(products.sum()), "bias": float(self.b[channel])}
        return summed, (row + int(di) - p, column + int(dj) - p, int(c))

    def explain(self, step):
        """Return the step's sum as one line, naming the map and the cell."""
        row, column, channel = step.position
        return weighted_sum_equation(step, f"Map {channel} at ({row}, {column})")


def im2col(X, size, padding, buffer=None, parts=ONE):
    """Return the patches of X (n, H, W, C) as rows, each with a 1 after it:
    (n * H' * W', size * size * C + 1).

    Row (image k, output pixel r, c) holds the patch whose top-left corner is
    input pixel (r, c) of the padded image, ordered (row offset, column
    offset, channel), to match W.reshape(-1, filters), then 1 (for the bias).
    A strided view shows every patch without copying; one copy lays them out.
    The matrix is stored so that the copy moves long runs of numbers: row by
    row (each row holds runs of size * C numbers of the image), or column by
    column when the image has a single channel (each column is then one
    shifted copy of the images, where a row would hold runs of only `size`):
    measured, 4 times faster for the first layer. The products read either.
    buffer(name, shape, dtype) gives the storage (a layer's kept array, see
    Layer._buffer), by default a new one; parts copies slices of the batch at once.
    """
    if padding:
        X = np.pad(X, ((0, 0), (padding, padding), (padding, padding), (0, 0)))
    patches = sliding_window_view(X, (size, size), axis=(1, 2))  # (n, H', W', C, size, size)
    n, out_h, out_w, channels = patches.shape[:4]
    rows, k = n * out_h * out_w, size * size * channels
    buffer = buffer or new_zeros
    if channels == 1:
        cols = buffer("cols", (k + 1, rows), X.dtype).T  # stored column by column
        target = cols[:, :k].T.reshape(size, size, n, out_h, out_w).transpose(2, 0, 1, 3, 4)
        source = patches[:, :, :, 0].transpose(0, 3, 4, 1, 2)  # both (n, size, size, H', W')
    else:
        cols = buffer("cols", (rows, -(-(k + 1) // ALIGN) * ALIGN), X.dtype)[:, : k + 1]  # row by row
        target = cols[:, :k].reshape(n, out_h, out_w, size, size, channels)
        source = patches.transpose(0, 1, 2, 4, 5, 3)  # both (n, H', W', size, size, C)

    def copy(a, b):  # images a to b
        target[a:b] = source[a:b]

    parts.run(copy, n, 2 * rows * k)
    cols[:, k] = 1.0
    return cols


def new_zeros(name, shape, dtype):
    """Return a new array of zeros (shape, dtype): the working arrays of im2col and
    input_gradient when no layer keeps them."""
    return np.zeros(shape, dtype=dtype)


def input_gradient(dY, W, input_shape, padding, buffer=new_zeros, parts=ONE):
    """Return dX (n, H, W, C) from dY (n * H' * W', filters) and the weights W (size, size, C, filters).

    For each kernel offset (i, j), dX[:, i + r, j + c] += dY[:, r, c] @ W[i, j].T:
    the offset's weights saw the input shifted by (i, j), so they send the
    gradient back there. One batched product gives every offset's share;
    add_offsets adds them up, each at its offset. buffer(name, shape, dtype)
    gives the working arrays: new zeros, or a layer's kept ones (Layer._buffer);
    parts adds up slices of the batch at once.
    """
    n, height, width, channels = input_shape
    size = W.shape[0]
    out_h, out_w = height + 2 * padding - size + 1, width + 2 * padding - size + 1
    by_offset = W.reshape(size * size, channels, -1).transpose(0, 2, 1)  # (size * size, filters, C)
    sent = np.matmul(dY, by_offset, out=buffer("sent", (size * size, len(dY), channels), dY.dtype))
    grid = buffer("grid", (n, height + 2 * padding, width + 2 * padding, channels), dY.dtype)
    padded = buffer("dX", grid.shape, dY.dtype)
    add_offsets(sent.reshape(size, size, n, out_h, out_w, channels), grid, padded, parts)
    return padded[:, padding : padding + height, padding : padding + width, :]


def add_offsets(sent, grid, total, parts=ONE):
    """Fill total (n, H, W, C) with the sum of every kernel offset's share sent[i, j]
    (n, H', W', C), each placed at its offset (i, j): the classic "col2im".

    Each share is placed in the top-left corner of `grid`, zero elsewhere and
    the size of the result; shifting that grid by (i, j) is then shifting the
    flat array by (i * W + j) * C numbers (the zeros that wrap around add
    nothing), so every offset is one contiguous addition. NumPy adds
    contiguous arrays several times faster than the strided windows
    dX[:, i:i + H', j:j + W'] (measured: 2.6 ms a batch instead of 4.3 for the
    shipped network's second convolution). Only the grid's corner is ever
    written: a grid kept for the next batch keeps its zeros.
    """
    size, _, n, out_h, out_w, channels = sent.shape

    def add_up(a, b):  # images a to b: the zeros at the end of image a - 1's grid are all that shifts in
        corner, grid_flat, flat = grid[a:b, :out_h, :out_w], grid[a:b].reshape(-1), total[a:b].reshape(-1)
        for i, j in np.ndindex(size, size):
            corner[...] = sent[i, j, a:b]
            shift = (i * grid.shape[2] + j) * channels
            if shift == 0:
                flat[...] = grid_flat  # offset (0, 0) is not shifted: it starts the sum
            else:
                flat[shift:] += grid_flat[: flat.size - shift]

    parts.run(add_up, n, 2 * size * size * grid.size)

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
        self._cols = im2col(X, self.size, self.padding, self._buffer)  # (n * H' * W', size * size * C + 1)
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
        return input_gradient(dY, self.W, (n, *self.input_shape), self.padding, self._buffer)

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


def im2col(X, size, padding, buffer=None):
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
    Layer._buffer); by default a new one.
    """
    if padding:
        X = np.pad(X, ((0, 0), (padding, padding), (padding, padding), (0, 0)))
    patches = sliding_window_view(X, (size, size), axis=(1, 2))  # (n, H', W', C, size, size)
    n, out_h, out_w, channels = patches.shape[:4]
    rows, k = n * out_h * out_w, size * size * channels
    buffer = buffer or new_zeros
    if channels == 1:
        cols = buffer("cols", (k + 1, rows), X.dtype).T  # stored column by column
        cols[:, :k].T.reshape(size, size, n, out_h, out_w)[...] = patches[:, :, :, 0].transpose(3, 4, 0, 1, 2)
    else:
        cols = buffer("cols", (rows, -(-(k + 1) // ALIGN) * ALIGN), X.dtype)[:, : k + 1]  # row by row
        cols[:, :k].reshape(n, out_h, out_w, size, size, channels)[...] = patches.transpose(0, 1, 2, 4, 5, 3)
    cols[:, k] = 1.0
    return cols


def new_zeros(name, shape, dtype):
    """Return a new array of zeros (shape, dtype): the working arrays of im2col and
    input_gradient when no layer keeps them."""
    return np.zeros(shape, dtype=dtype)


def input_gradient(dY, W, input_shape, padding, buffer=new_zeros):
    """Return dX (n, H, W, C) from dY (n * H' * W', filters) and the weights W (size, size, C, filters).

    For each kernel offset (i, j), dX[:, i + r, j + c] += dY[:, r, c] @ W[i, j].T:
    the offset's weights saw the input shifted by (i, j), so they send the
    gradient back there (add_shifted). buffer(name, shape, dtype) gives the
    working arrays: new zeros, or a layer's kept ones (Layer._buffer).
    """
    n, height, width, channels = input_shape
    size = W.shape[0]
    out_h, out_w = height + 2 * padding - size + 1, width + 2 * padding - size + 1
    by_offset = W.reshape(size * size, channels, -1).transpose(0, 2, 1)  # (size * size, filters, C)
    sent = buffer("sent", (len(dY), channels), dY.dtype)  # one offset's share, (n * H' * W', C)
    grid = buffer("grid", (n, height + 2 * padding, width + 2 * padding, channels), dY.dtype)
    padded = buffer("dX", grid.shape, dY.dtype)
    for k, offset in enumerate(np.ndindex(size, size)):
        np.matmul(dY, by_offset[k], out=sent)
        add_shifted(padded, sent.reshape(n, out_h, out_w, channels), offset, grid, first=k == 0)
    return padded[:, padding : padding + height, padding : padding + width, :]


def add_shifted(total, share, offset, grid, first=False):
    """Add share (n, H', W', C) into total (n, H, W, C) at offset (i, j): total[:, i:i + H',
    j:j + W'] += share (or set it, where nothing was added yet, if first): col2im, one offset.

    The share is placed in the top-left corner of `grid`, zero elsewhere and the
    size of total; shifting that grid by (i, j) is then shifting the flat array
    by (i * W + j) * C numbers (the zeros that wrap around add nothing), so the
    addition runs over contiguous arrays, which NumPy does several times faster
    than over the strided window (measured: 2.6 ms a batch instead of 4.3 for
    the shipped network's second convolution). Only the grid's corner is ever
    written: a grid kept for the next call keeps its zeros.
    """
    n, out_h, out_w, channels = share.shape
    grid[:, :out_h, :out_w] = share
    flat, grid_flat = total.reshape(-1), grid.reshape(-1)
    shift = (offset[0] * grid.shape[2] + offset[1]) * channels
    if first:
        flat[:shift] = 0
        flat[shift:] = grid_flat[: flat.size - shift]
    else:
        flat[shift:] += grid_flat[: flat.size - shift]

"""What every layer kind offers: the one interface the network, the X-ray and the trace use.

A new kind of layer is one file with a subclass of Layer, plus its entry in
architecture.LAYER_KINDS. Shapes leave out the batch axis: a layer reading
28x28 drawings has input_shape (28, 28, 1) and is given X of shape
(n, 28, 28, 1).
"""

import numpy as np


class Layer:
    """A layer of the network. Subclasses set `kind`, the shapes, and override what they do.

    kind : the name in an architecture's JSON ("dense", "relu", ...).
    is_activation : True for an element-wise non-linearity, the end of a stage of
        units as the X-ray draws them.
    input_shape, output_shape : tuples, without the batch axis.
    param_shapes : {"W": shape, "b": shape} for a layer with weights, {} otherwise.
    fan_in : the number of inputs each output sums (layers with weights): initialisation
        draws weights of variance gain / fan_in.
    """

    kind = "layer"
    is_activation = False
    param_shapes = {}

    def bind(self, params, grads):
        """Take views {name: array of param_shapes[name]} into the network's flat parameter and
        gradient vectors (layers with weights only)."""

    def forward(self, X):
        """Return the output (n, *output_shape) for X (n, *input_shape); keep what backward needs.

        X may be overwritten: the network never reads a layer's input again. The output may be
        an array the layer keeps and fills again at its next forward (so that batches of one
        size reuse their memory): a caller that keeps it longer copies it.
        """
        raise NotImplementedError

    def backward(self, dY, need_dX=True):
        """Fill the gradients of the parameters (if any) from dY = dLoss/dY (n, *output_shape);
        return dX = dLoss/dX (n, *input_shape), or None when need_dX is False (the first layer).
        dY may be overwritten; dX may be an array the layer fills again at its next backward."""
        raise NotImplementedError

    def send_back(self, dY):
        """Return dY (n, *output_shape) sent back to the inputs (n, *input_shape) through the
        last forward pass, touching no parameter gradient (the X-ray's evidence)."""
        raise NotImplementedError

    def trace_back(self, before, after, position):
        """Return (how, below) for one drawing: how the number at `position` of this layer's
        output `after` was made from its input `before` (a dict of trace.Step fields), and the
        position in `before` that the strongest path goes back to."""
        raise NotImplementedError

    def explain(self, step):
        """Return one line of arithmetic for a trace.Step of this layer, e.g. "ReLU: max(1.93, 0) = 1.93"."""
        return f"{self.kind}: {step.value:.2f}"

    def _buffer(self, name, shape, dtype):
        """Return this layer's working array `name` (shape, dtype): the one from the last call
        when it fits, else a new one of zeros. Batches of one size then reuse their memory
        instead of asking the system for it anew, page by page (measured: 1,000 page faults and
        4 ms of system time a batch of 128 through the shipped network's convolutions)."""
        buffers = self.__dict__.setdefault("_buffers", {})
        array = buffers.get(name)
        if array is None or array.shape != tuple(shape) or array.dtype != dtype:
            array = buffers[name] = np.zeros(shape, dtype=dtype)
        return array

    # layers with weights only: what the X-ray's diagram of connections asks
    def shares(self, before, whole=False):
        """Return what each input unit (or map) of one input `before` added to each output unit:
        (inputs, units); (1, units) for the whole input when `whole`."""
        raise NotImplementedError

    def incoming(self, unit, source_shape):
        """Return the weights into one output unit as images (tiles, h, w)."""
        raise NotImplementedError


def sum_rows(A, out):
    """Fill out (k,) with the sum of the rows of A (m, k), a bias's gradient: the product 1^T A.

    A product with a vector of ones, which BLAS does in one pass over A (measured: 10 times
    faster than np.sum(A, axis=0) for the 73,728 rows of a batch through a convolution).
    """
    np.matmul(np.ones(len(A), dtype=A.dtype), A, out=out)


def weighted_sum_equation(step, where):
    """Return the line of a dense or conv step: its sum of inputs x weights, the term on the
    path, the bias and the result; `where` names the unit (e.g. "Map 5 at (10, 7)")."""
    x, w = step.term
    return (
        f"{where}: the sum of {step.terms} inputs x weights (on the path {x:.2f} x {w:.2f}"
        f" = {x * w:.2f}) is {step.total:.2f}; + bias {step.bias:.2f} = {step.value:.2f}"
    )

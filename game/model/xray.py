"""A look inside one prediction, for screens that show the network thinking.

    look(network, image)          every layer's output for one drawing
    evidence(network, image, d)   how much each pixel pushed the score of digit d
    connections(network, image, outputs)
                                  how much each unit fed each unit of the next stage

All of it is read-only: no weight and no gradient of the network changes,
so a screen may call it between training steps.

Evidence is "gradient x input". A ReLU network (with max-pooling) is
piecewise linear: around one drawing, logit_d = sum_i g_i * x_i + c, where
g is the gradient of logit_d with respect to the pixels x and c gathers the
biases. So g_i * x_i is exactly pixel i's share of the score, and one
backward pass gives all 784 of them.
"""

import math

import numpy as np

from .architecture import IMAGE
from .losses import softmax

PICTURE = IMAGE[:2]  # the drawing, as a picture (SIDE, SIDE), whatever shape the first layer reads


def look(network, image):
    """Return the output of every layer for one image (28, 28) or (784,), without the batch axis.

    outputs[i] is layers[i]'s output (a copy: ReLU works in place), e.g. for
    the shipped CNN (24, 24, 32) after the first convolution; outputs[-1] are
    the logits (10,).
    """
    A = _batch(network, image, 1)
    outputs = []
    for layer in network.layers:
        A = layer.forward(A)
        outputs.append(A[0].copy())
    return outputs


def probabilities(outputs):
    """Return the softmax (10,) of the logits in outputs (from look)."""
    return softmax(outputs[-1][None].astype(np.float64))[0]


def gradients(network, image, layer, units):
    """Return d output[layer][unit] / d pixels, shape (len(units), SIDE, SIDE), one row per unit.

    layer : index in network.layers; units : flat indices into that layer's output.
    """
    X = _batch(network, image, len(units))
    A = X
    for spec in network.layers[: layer + 1]:
        A = spec.forward(A)
    delta = np.zeros_like(A).reshape(len(units), -1)
    delta[np.arange(len(units)), units] = 1.0
    delta = delta.reshape(A.shape)
    for spec in reversed(network.layers[: layer + 1]):
        delta = spec.send_back(delta)  # the pixels' gradient: no parameter gradient is touched
    return delta.reshape(len(units), *PICTURE)


def evidence(network, image, digits, layer=None):
    """Return each pixel's contribution to the score of each digit: (len(digits), SIDE, SIDE).

    Gradient x input of the logits (or, with layer, of that layer's units
    `digits`). Positive: the pixel's ink pushed towards it; negative: away.
    """
    layer = len(network.layers) - 1 if layer is None else layer
    return gradients(network, image, layer, list(digits)) * _batch(network, image, 1).reshape(PICTURE)


def contrast(network, image, a, b):
    """Return (evidence, gradient), each (SIDE, SIDE), of "digit a rather than digit b": the
    score difference logit_a - logit_b.

    evidence : each pixel's share of the difference (gradient x input);
    positive pixels pushed towards a, negative ones towards b.
    gradient : how the difference changes with more ink on each pixel;
    positive where added ink would make it more an a, negative where less would.
    """
    rows = gradients(network, image, len(network.layers) - 1, [a, b])
    gradient = rows[0] - rows[1]
    return gradient * _batch(network, image, 1).reshape(PICTURE), gradient


def stages(network):
    """Return the indices of the layers a diagram shows: every ReLU, then the logits.

    Each is a stage of units: a feature map (all its cells) for image-shaped
    outputs, a single number for flat ones.
    """
    last = len(network.layers) - 1
    return [i for i, layer in enumerate(network.layers) if layer.is_activation and i < last] + [last]


def units_of(output):
    """Return a stage's output as (cells, units): a map per column for (h, w, c), else one row."""
    return output.reshape(-1, output.shape[-1]) if output.ndim == 3 else output.reshape(1, -1)


def connections(network, image, outputs):
    """Return, for each pair of consecutive stages (the drawing first), the matrix (units
    before, units after) of how much each unit's activation added to each next unit's sum.

    outputs : look(network, image). For a dense layer that is a_i * W_ij; for a
    convolution, the map's patches times the kernel slice, summed over every
    position; a flattened stack of maps counts per map. The drawing itself is
    one unit. Biases are left out.
    """
    matrices = []
    for i, layer in enumerate(network.layers):
        if layer.param_shapes:
            before = _batch(network, image, 1)[0] if i == 0 else outputs[i - 1]
            matrices.append(layer.shares(before.reshape(_source_shape(network, i)), whole=i == 0))
    return matrices


def _source_shape(network, index):
    """Return the shape of what feeds layers[index], as maps where it can be: the picture for
    the first layer, the maps a flatten just before made into a list, else its input shape."""
    if index == 0:
        return IMAGE
    before = network.layers[index - 1]
    return before.input_shape if len(before.input_shape) == 3 else network.layers[index].input_shape


def trail(matrices, unit, widths=(6, 3)):
    """Return, stage by stage from the drawing to the output, the units that fed `unit`
    (an output digit) most: a list of (list of unit indices) per stage, the drawing first.

    matrices : connections(). widths : how many feeders to keep per kept unit, last
    stage first (the last width repeats); at most 8 units are kept per stage.
    """
    kept = [[int(unit)]]
    for depth, matrix in enumerate(reversed(matrices)):
        width = widths[min(depth, len(widths) - 1)]
        feeders = []
        for receiver in kept[0]:
            ranked = np.argsort(matrix[:, receiver])[::-1][:width]
            feeders += [int(k) for k in ranked if matrix[k, receiver] > 0 and int(k) not in feeders]
        kept.insert(0, feeders[:8] or [0])
    return kept


def feeding_layer(network, stage):
    """Return the index of the layer with weights (dense or conv) whose sums a stage shows."""
    return max(i for i, layer in enumerate(network.layers[: stage + 1]) if layer.param_shapes)


def strongest_cell(network, outputs, stage, unit):
    """Return the flat index, in the output of feeding_layer(stage), of the unit's largest sum:
    the unit itself for a dense layer, its map's strongest position for a convolution."""
    sums = outputs[feeding_layer(network, stage)]
    if sums.ndim == 1:
        return int(unit)
    position = int(sums[..., unit].argmax())
    return position * sums.shape[-1] + int(unit)


def incoming_weights(network, stage, unit):
    """Return the weights into one unit of a stage (a layer index from stages()) as images,
    (tiles, height, width): one 5x5 kernel per map before for a conv map, a SIDE x SIDE
    picture for a unit that reads the drawing, one (h, w) tile per map for a unit after a
    flatten, and a near-square grid for a unit after dense units."""
    index = feeding_layer(network, stage)
    return network.layers[index].incoming(unit, _source_shape(network, index))


def _batch(network, image, copies):
    """Return `copies` copies of image as a batch (copies, *input_shape) in the network's dtype."""
    flat = np.asarray(image, dtype=network.params.dtype).reshape(1, -1)
    if flat.shape[1] != math.prod(network.input_shape):
        raise ValueError(f"expected a {PICTURE[0]}x{PICTURE[1]} image, got {np.shape(image)}")
    return np.repeat(flat, copies, axis=0).reshape(copies, *network.input_shape)

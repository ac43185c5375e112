"""Architectures: which layers, in which order, as plain JSON-ready data.

    {"input": [28, 28, 1],
     "layers": [{"kind": "conv", "filters": 32, "size": 5}, {"kind": "relu"},
                {"kind": "maxpool", "size": 2}, ..., {"kind": "flatten"},
                {"kind": "dense", "units": 10}]}

The same description builds the network, is saved in the weights file (so
loading rebuilds exactly what was trained) and is shown to the player.
"""

import math

from .activations import ReLU, Sigmoid, Tanh
from .conv import Conv2D
from .dense import Dense
from .flatten import Flatten
from .pool import MaxPool2D

LAYER_KINDS = {
    "dense": Dense,
    "relu": ReLU,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "conv": Conv2D,
    "maxpool": MaxPool2D,
    "flatten": Flatten,
}
ACTIVATIONS = ("relu", "sigmoid", "tanh")  # the kinds that may follow a dense or conv layer
SIDE = 28  # the network reads a SIDE x SIDE image (the ink pipeline draws that, MNIST has that)
IMAGE = (SIDE, SIDE, 1)  # ... with one channel
CLASSES = 10  # and scores ten classes, the digits
MAX_PARAMETERS = 20_000_000  # 80 MB of float32; the shipped network has about 1 million


def mlp(sizes, activation="relu"):
    """Return the architecture of a multilayer perceptron, e.g. sizes (784, 128, 10), with
    `activation` (see ACTIVATIONS) after every hidden layer."""
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"sizes must be at least two positive widths, got {tuple(sizes)}")
    _check_activation(activation)
    layers = []
    for units in sizes[1:]:
        layers += [{"kind": "dense", "units": units}, {"kind": activation}]
    return {"input": sizes[:1], "layers": layers[:-1]}


def cnn(filters=(32, 64), size=5, hidden=(256,), padding=0, classes=CLASSES, activation="relu"):
    """Return the architecture of a convolutional network on 28x28 images.

    Each entry of `filters` is a block conv (size x size) -> 2x2 max-pool -> ReLU;
    then the feature maps are flattened into dense ReLU layers of `hidden`
    widths and a dense output layer of `classes` units. (Pooling before the
    ReLU gives the same result as after, since both keep the larger value,
    and the ReLU then has 4 times fewer numbers to touch; the same holds for any activation
    that only grows with z, as sigmoid and tanh do.) `activation` replaces every ReLU.
    """
    _check_activation(activation)
    layers = []
    for count in filters:
        layers += [
            {"kind": "conv", "filters": int(count), "size": int(size), "padding": int(padding)},
            {"kind": "maxpool", "size": 2},
            {"kind": activation},
        ]
    layers.append({"kind": "flatten"})
    for units in hidden:
        layers += [{"kind": "dense", "units": int(units)}, {"kind": activation}]
    layers.append({"kind": "dense", "units": int(classes)})
    return {"input": list(IMAGE), "layers": layers}


def _check_activation(activation):
    """Raise ValueError unless activation is one of ACTIVATIONS."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}: choose {', '.join(ACTIVATIONS)}")


def build_layers(architecture):
    """Return the layer objects of an architecture, each sized from the one before.

    Raise ValueError saying what is wrong if the description is not one we
    can build (unknown kind, missing or bad option, shapes that do not fit).
    """
    if not isinstance(architecture, dict) or not isinstance(architecture.get("layers"), list):
        raise ValueError("an architecture is a dict with 'input' and a list of 'layers'")
    shape = _input_shape(architecture.get("input"))
    layers = []
    for index, spec in enumerate(architecture["layers"]):
        layer = _build_layer(spec, shape, index)
        layers.append(layer)
        shape = layer.output_shape
    if not layers or len(shape) != 1:
        raise ValueError(f"the last layer must give one score per class, not shape {shape}")
    count = parameter_count(layers)
    if count > MAX_PARAMETERS:
        raise ValueError(f"{count:,} parameters is more than the {MAX_PARAMETERS:,} this program accepts")
    return layers


def parameter_count(layers):
    """Return the number of weights and biases of built layers."""
    return sum(math.prod(shape) for layer in layers for shape in layer.param_shapes.values())


def describe(architecture):
    """Return a short name such as "784-128-10" or "conv5x32-pool-conv5x64-pool-128-10"; an
    activation other than ReLU is named after it: "784-50-20-10 sigmoid"."""
    parts = [] if len(architecture["input"]) > 1 else [str(architecture["input"][0])]
    for spec in architecture["layers"]:
        if spec["kind"] == "dense":
            parts.append(str(spec["units"]))
        elif spec["kind"] == "conv":
            parts.append(f"conv{spec['size']}x{spec['filters']}")
        elif spec["kind"] == "maxpool":
            parts.append("pool")
    others = sorted({spec["kind"] for spec in architecture["layers"]} & set(ACTIVATIONS) - {"relu"})
    return " ".join(["-".join(parts), *others])


def _input_shape(value):
    """Return the input shape as a tuple of positive ints, or raise ValueError."""
    if (
        not isinstance(value, list)
        or len(value) not in (1, 3)
        or not all(isinstance(d, int) and 0 < d <= 100_000 for d in value)
    ):
        raise ValueError(f"'input' must be [size] or [height, width, channels], got {value!r}")
    return tuple(value)


def _build_layer(spec, shape, index):
    """Return one layer built from its spec for inputs of `shape`, or raise ValueError."""
    if not isinstance(spec, dict) or spec.get("kind") not in LAYER_KINDS:
        raise ValueError(f"layer {index}: unknown kind in {spec!r}; known: {', '.join(LAYER_KINDS)}")
    options = {key: value for key, value in spec.items() if key != "kind"}
    if not all(isinstance(v, int) and 0 <= v <= 100_000 for v in options.values()):
        raise ValueError(f"layer {index}: options must be small non-negative integers, got {options}")
    try:
        layer = LAYER_KINDS[spec["kind"]](shape, **options)
    except TypeError:
        raise ValueError(f"layer {index}: wrong options {options} for a {spec['kind']} layer") from None
    if min(layer.output_shape) < 1 or math.prod(layer.output_shape) > 10_000_000:
        raise ValueError(f"layer {index}: output shape {layer.output_shape} is out of range")
    return layer

"""A blueprint: the network a player builds in the Playground and how it is trained, as plain data.

    Blueprint(arch="mlp", hidden=(128,), activation="relu", optimizer="adam", lr=1e-3,
              batch_size=64, epochs=5, images=55_000, pen=False, mine=False, augment=False)

It turns into an architecture (model/architecture.py) and into JSON (saved with
the network), and says what it would cost before anything starts: parameters
and memory. Anything out of bounds is refused with one sentence (problems()).
"""

import math
import unicodedata
from dataclasses import asdict, dataclass, fields, replace

from ..model.architecture import (
    ACTIVATIONS,
    CLASSES,
    IMAGE,
    MAX_PARAMETERS,
    build_layers,
    cnn,
    describe,
    mlp,
    parameter_count,
)
from ..model.network import PREDICT_CHUNK
from ..model.optimizers import OPTIMIZERS

ARCHS = ("mlp", "cnn")
WIDTHS = (8, 1024)  # a dense layer's units
FILTERS = (4, 64)  # a convolution's filters
KERNELS = (3, 5)
HIDDEN_LAYERS = {"mlp": (0, 3), "cnn": (0, 2)}
CONV_BLOCKS = (1, 2)
LEARNING_RATES = (1e-5, 1.0)
BATCH_SIZES = (1, 1024)
EPOCHS = (1, 100)
MNIST_IMAGES = (1_000, 55_000)  # the training part: the last 5,000 are validation
MAX_MEMORY = 2 * 1024**3  # bytes of estimated training memory
MAX_NAME = 24
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
VALIDATION, TEST_IMAGES, PEN_IMAGES = 5_000, 10_000, 7_494  # what a run also holds in memory
BASE_MEMORY = 120 * 1024**2  # Python, NumPy and the game's modules


class BlueprintError(ValueError):
    """A blueprint out of bounds: the message says which value and what is allowed."""


@dataclass(frozen=True)
class Blueprint:
    """A network to build and how to train it (see the module docstring for an example)."""

    arch: str = "mlp"
    hidden: tuple = (128,)  # dense widths after the input (mlp) or after the convolutions (cnn)
    filters: tuple = (8, 16)  # cnn: the filters of each conv -> pool -> activation block
    kernel: int = 5  # cnn: the convolutions' size x size
    activation: str = "relu"
    optimizer: str = "adam"
    lr: float = 1e-3
    batch_size: int = 64
    epochs: int = 5
    images: int = 55_000  # MNIST training images
    pen: bool = False  # the pen drawings of the writers not held out
    mine: bool = False  # the player's own labelled drawings
    augment: bool = False  # fresh random distortions every epoch

    def architecture(self):
        """Return the architecture dict (model/architecture.py) the blueprint describes."""
        if self.arch == "cnn":
            return cnn(self.filters, self.kernel, self.hidden, activation=self.activation)
        return mlp((math.prod(IMAGE), *self.hidden, CLASSES), activation=self.activation)

    def describe(self):
        """Return a short name of the layers, e.g. "784-128-10" or "conv5x8-pool-conv5x16-pool-64-10"."""
        return describe(self.architecture())

    def problems(self):
        """Return what is out of bounds, one sentence each (empty when the blueprint can be trained)."""
        found = [_choice("arch", self.arch, ARCHS), _choice("activation", self.activation, ACTIVATIONS)]
        found += [_choice("optimizer", self.optimizer, tuple(OPTIMIZERS))]
        low, high = HIDDEN_LAYERS.get(self.arch, (0, 3))
        found += [_count("hidden layers", self.hidden, low, high), *(_within("width", w, *WIDTHS) for w in self.hidden)]
        if self.arch == "cnn":
            found += [_count("conv blocks", self.filters, *CONV_BLOCKS)]
            found += [_within("filters", f, *FILTERS) for f in self.filters]
            found += [_choice("kernel", self.kernel, KERNELS)]
        found += [
            _within("lr", self.lr, *LEARNING_RATES, whole=False),
            _within("batch size", self.batch_size, *BATCH_SIZES),
        ]
        found += [_within("epochs", self.epochs, *EPOCHS), _within("images", self.images, *MNIST_IMAGES)]
        found = [p for p in found if p]
        return found or self._cost_problems()

    def _cost_problems(self):
        """Return why the network is too large to train here (parameters, memory), or []."""
        try:
            layers = build_layers(self.architecture())
        except ValueError as error:
            return [str(error)]
        if parameter_count(layers) > MAX_PARAMETERS:
            return [f"{parameter_count(layers):,} parameters is more than the {MAX_PARAMETERS:,} allowed"]
        memory = training_memory(self, layers)
        if memory > MAX_MEMORY:
            allowed = f"{MAX_MEMORY / 1024**3:.0f} GB"
            return [
                f"training it would need about {memory / 1024**3:.1f} GB of memory, more than the {allowed} allowed"
            ]
        return []

    def check(self):
        """Return the blueprint, or raise BlueprintError with its first problem."""
        found = self.problems()
        if found:
            raise BlueprintError(found[0])
        return self

    def parameters(self):
        """Return the number of weights and biases of the network."""
        return parameter_count(build_layers(self.architecture()))

    def to_dict(self):
        """Return the blueprint as JSON-ready data."""
        return {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(self).items()}

    @classmethod
    def from_dict(cls, data):
        """Return the Blueprint of JSON data (as to_dict writes); raise BlueprintError if it is
        not one: a missing field takes its default, an unknown one or a wrong type is refused."""
        if not isinstance(data, dict):
            raise BlueprintError("a blueprint is a JSON object")
        known = {f.name: f.default for f in fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise BlueprintError(f"unknown blueprint field {unknown[0]!r}")
        return cls(**{key: _typed(key, value, known[key]) for key, value in data.items()})

    def with_changes(self, **changes):
        """Return a copy with some fields changed (tuples for the widths)."""
        return replace(self, **{k: tuple(v) if isinstance(v, list) else v for k, v in changes.items()})


def _typed(key, value, default):
    """Return value as the type of the field's default, or raise BlueprintError."""
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            raise BlueprintError(f"blueprint field {key!r} must be a list of whole numbers")
        return tuple(value)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise BlueprintError(f"blueprint field {key!r} must be true or false")
        return value
    if isinstance(default, (int, float)):
        wanted = int if isinstance(default, int) else (int, float)
        if isinstance(value, bool) or not isinstance(value, wanted) or not math.isfinite(value):
            raise BlueprintError(f"blueprint field {key!r} must be a number")
        return value
    if not isinstance(value, str) or len(value) > 20:
        raise BlueprintError(f"blueprint field {key!r} must be a short text")
    return value


def _choice(name, value, allowed):
    """Return a sentence if value is not one of allowed, else None."""
    return None if value in allowed else f"{name} must be one of {', '.join(map(str, allowed))}, not {value!r}"


def _count(name, values, low, high):
    """Return a sentence if there are not low..high values, else None."""
    return None if low <= len(values) <= high else f"{name}: {low} to {high}, not {len(values)}"


def _within(name, value, low, high, whole=True):
    """Return a sentence if value is not a number from low to high (a whole one if whole), else None."""
    kind = int if whole else (int, float)
    if isinstance(value, bool) or not isinstance(value, kind) or not low <= value <= high:
        return f"{name} must be {'a whole number' if whole else 'a number'} from {low:,} to {high:,}, not {value!r}"
    return None


def training_memory(blueprint, layers=None):
    """Return the bytes a training run of the blueprint needs, estimated: the data in float32
    (the augmented copy of an epoch too), five float32 copies of the parameters (weights,
    gradients, the optimiser's), and the activations of a batch (or a prediction chunk)."""
    layers = layers or build_layers(blueprint.architecture())
    pixels = math.prod(IMAGE)
    images = blueprint.images + (PEN_IMAGES if blueprint.pen else 0)
    data = (images * (2 if blueprint.augment else 1) + VALIDATION + TEST_IMAGES) * pixels * 4
    weights = 5 * parameter_count(layers) * 4
    batch = max(blueprint.batch_size, PREDICT_CHUNK)
    return BASE_MEMORY + data + weights + batch * _activation_floats(layers) * 4


def _activation_floats(layers):
    """Return the floats one image needs on the way forward and back: each layer's output and
    its gradient, and a convolution's patches (im2col) and the gradient sent back to them."""
    total = 0
    for layer in layers:
        total += 2 * math.prod(layer.output_shape)
        if layer.kind == "conv":
            total += 2 * layer.size * layer.size * layer.input_shape[-1] * math.prod(layer.output_shape[:2])
    return total


def plain_name(name):
    """Return a network's name as typed, checked: 1 to MAX_NAME letters, digits, spaces, '-' or
    '_', as a file name on any computer allows; raise BlueprintError saying what is wrong."""
    name = " ".join(unicodedata.normalize("NFC", str(name)).split())
    if not name:
        raise BlueprintError("a network needs a name: letters, digits, spaces, '-' or '_'")
    if len(name) > MAX_NAME:
        raise BlueprintError(f"a network's name has at most {MAX_NAME} characters, not {len(name)}")
    odd = next((c for c in name if not (c.isalnum() or c in " -_")), None)
    if odd is not None:
        raise BlueprintError(f"a network's name takes letters, digits, spaces, '-' and '_', not {odd!r}")
    if name.casefold() in RESERVED:
        raise BlueprintError(f"{name!r} is a name some computers keep for themselves: choose another")
    return name


PRESETS = {
    "MLP 784-128-10": Blueprint(),
    "MLP 784-50-20-10, plain SGD": Blueprint(hidden=(50, 20), optimizer="sgd", lr=0.005, batch_size=40, epochs=10),
    "Small CNN": Blueprint(arch="cnn", hidden=(64,), filters=(8, 16), epochs=3),
    "The shipped CNN": Blueprint(
        arch="cnn", hidden=(256,), filters=(32, 64), batch_size=128, epochs=5, pen=True, augment=True
    ),
}

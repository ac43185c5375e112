"""One path through a prediction, number by number, the way a teacher shows it on a board.

    pixel 0.83 x weight 0.31 -> sum of 25 terms + bias -> max-pool -> ReLU -> ...
    -> logit of the guess -> softmax -> 0.98

From the digit's output, the path goes back through each layer along the
input that added most to the unit's sum (for a pool: the window's winner),
down to one pixel. strongest_path returns the steps in forward order.
"""

from dataclasses import dataclass, replace

import numpy as np

from .xray import PICTURE, look, probabilities


@dataclass(frozen=True)
class Step:
    """One layer on the path: where it is, the number it makes and how.

    layer : index in network.layers; -1 for the input pixel, len(layers) for the softmax.
    position : where in that layer's output ((row, column) for the pixel; the digit for the softmax).
    value : the number there.
    For conv and dense: terms (how many input x weight products the sum has),
    term (input, weight) of the one on the path, total (the sum of all the
    products) and bias, so that value = total + bias. For max-pool: window (the
    values it took the largest of). For an activation: total, its input z.
    For the softmax: logits (10,).
    """

    layer: int
    kind: str
    position: tuple
    value: float
    terms: int = 0
    term: tuple = ()
    total: float = 0.0
    bias: float = 0.0
    window: tuple = ()
    logits: tuple = ()
    text: str = ""  # the layer's explanation of the step (Layer.explain)

    @property
    def channel(self):
        """Return the unit of its stage the step lights: the map (last index) or the unit."""
        return self.position[-1] if self.position else 0

    def equation(self):
        """Return the step as one line of arithmetic, e.g. "ReLU: max(1.93, 0) = 1.93": the
        layer's own explanation (layer.explain), or the input's or the softmax's."""
        if self.kind == "input":
            return f"Pixel at row {self.position[0]}, column {self.position[1]}: ink {self.value:.2f}"
        if self.kind == "softmax":
            digit, z = self.position[0], self.logits[self.position[0]]
            share = f"{self.value:.4f}: {100 * self.value:.1f}% a {digit}"
            return f"Softmax: e^{z:.2f} / (sum of e^logit over all 10 digits) = {share}"
        return self.text


def strongest_path(network, image, digit):
    """Return the Steps (forward order) of the path that fed digit's score most, for one image."""
    outputs = look(network, image)
    pixels = np.asarray(image, dtype=network.params.dtype).reshape(network.input_shape)
    last = len(network.layers) - 1
    position, logits = (int(digit),), tuple(float(z) for z in outputs[-1])
    steps = []
    for i in range(last, -1, -1):
        before = outputs[i - 1] if i else pixels
        layer = network.layers[i]
        how, below = layer.trace_back(before, outputs[i], position)
        step = Step(i, layer.kind, tuple(position), float(outputs[i][tuple(position)]), **how)
        step = replace(step, logits=logits) if i == last else step
        steps.append(replace(step, text=layer.explain(step)))
        position = below
    pixel = np.unravel_index(np.ravel_multi_index(position, pixels.shape), PICTURE)
    steps.append(Step(-1, "input", tuple(int(p) for p in pixel), float(pixels[position])))
    p = probabilities(outputs)
    steps.reverse()
    return [*steps, Step(last + 1, "softmax", (int(digit),), float(p[digit]), logits=logits)]

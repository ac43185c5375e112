"""The digit network: a stack of layers written from scratch in NumPy.

    x (28x28) -> layer -> layer -> ... -> logits (10) -> softmax -> p (10)

The layers are described by an architecture (see architecture.py): a
multilayer perceptron (dense + ReLU) or a convolutional network (conv +
ReLU + max-pool, then dense). Every weight and bias lives in one flat
float32 vector `params` (and every gradient in `grads`); the layers hold
views into them. That keeps the optimiser step to a few vectorised passes
and makes saving trivial.
"""

import math
from dataclasses import dataclass

import numpy as np

from .architecture import build_layers, describe, mlp, parameter_count
from .losses import cross_entropy, softmax, softmax_cross_entropy_grad
from .optimizers import make_optimizer

PREDICT_CHUNK = 512  # samples per forward pass when predicting: bounds memory on big sets


@dataclass(frozen=True)
class Plan:
    """How a training run goes: train layers[first:] (the ones before stay as they are) for
    `epochs` shuffled passes in batches, with this optimiser (a fresh one, or the one kept)."""

    first: int = 0
    epochs: int = 1
    batch_size: int = 64
    optimizer: str = "adam"
    lr: float | None = None  # None: the kept optimiser's, or the default of a fresh one
    weight_decay: float = 0.0
    fresh_optimizer: bool = False


class Network:
    """A feed-forward classifier with a softmax output, trained by backpropagation.

    architecture : an architecture dict (architecture.mlp / architecture.cnn)
    or, for a multilayer perceptron, its widths, e.g. (784, 128, 10).
    seed : makes initialisation and shuffling reproducible.
    dtype : float32 for speed; float64 lets tests check gradients precisely.
    """

    def __init__(self, architecture=(784, 128, 10), seed=0, dtype=np.float32):
        if not isinstance(architecture, dict):
            architecture = mlp(architecture)
        self.architecture, self.seed = architecture, seed
        self.layers = build_layers(architecture)
        self.input_shape = tuple(architecture["input"])
        self.classes = self.layers[-1].output_shape[0]
        self.params, self.grads = self._bind_parameters(dtype)
        self.optimizer = None
        self._trained_from = 0  # the first layer the optimiser's state belongs to
        self.metadata = {}
        self.initialize(seed)

    @property
    def name(self):
        """Return a short description of the layers, e.g. "784-128-10"."""
        return describe(self.architecture)

    def parametrized(self):
        """Return the layers that have weights (dense and conv), input to output."""
        return [layer for layer in self.layers if layer.param_shapes]

    def _bind_parameters(self, dtype):
        """Return flat (params, grads) vectors and give each layer its views into them; keep where
        each layer's parameters start (_offsets[i], and _offsets[-1] = their number)."""
        self._offsets = np.cumsum([0] + [parameter_count([layer]) for layer in self.layers]).tolist()
        params, grads = np.zeros(self._offsets[-1], dtype=dtype), np.zeros(self._offsets[-1], dtype=dtype)
        offset = 0
        for layer in self.parametrized():
            views = ({}, {})
            for name, shape in layer.param_shapes.items():
                size = math.prod(shape)
                for flat, view in zip((params, grads), views):
                    view[name] = flat[offset : offset + size].reshape(shape)
                offset += size
            layer.bind(*views)
        return params, grads

    def initialize(self, seed):
        """Draw the weights from N(0, gain/fan_in), the gain of the activation that follows
        each layer (He's 2 for ReLU and for the output; 1 for sigmoid and tanh), zero the
        biases, reset the optimiser."""
        self.rng = np.random.default_rng(seed)
        for i, layer in enumerate(self.layers):
            if layer.param_shapes:
                gain = next((later.init_gain for later in self.layers[i + 1 :] if later.is_activation), 2.0)
                layer.W[...] = self.rng.normal(0.0, np.sqrt(gain / layer.fan_in), layer.W.shape)
                layer.b[...] = 0.0
        self.optimizer, self._trained_from = None, 0

    # ----------------------------------------------------------- inference
    def predict_proba(self, X):
        """Return class probabilities (n, 10) for inputs X (n, 784) or (n, 28, 28) in 0..1."""
        X = self._check_inputs(X)
        out = np.empty((len(X), self.classes), dtype=self.params.dtype)
        for start in range(0, len(X), PREDICT_CHUNK):
            out[start : start + PREDICT_CHUNK] = softmax(self._forward(X[start : start + PREDICT_CHUNK]))
        return out

    def predict_proba_and_features(self, X):
        """Return (probabilities (n, 10), features (n, d)) for inputs X (n, 784): the features are
        the last hidden layer's activations, the network's own description of each drawing."""
        X = self._check_inputs(X)
        last = len(self.layers) - 1
        features = self.features(X, last)
        return self.predict_proba_from(last, features), features.reshape(len(X), -1)

    def predict(self, X):
        """Return the most likely digit (n,) for inputs X (n, 784)."""
        return self.predict_proba(X).argmax(axis=1)

    def evaluate(self, X, y):
        """Return {"loss", "accuracy"} on inputs X (n, 784) and labels y (n,)."""
        y = self._check_labels(y, len(X))
        probs = self.predict_proba(X)
        return {
            "loss": cross_entropy(probs, y),
            "accuracy": float((probs.argmax(axis=1) == y).mean()) if len(y) else 0.0,
        }

    # ------------------------------------------------------------ training
    def fit(
        self,
        X,
        y,
        epochs=10,
        batch_size=128,
        optimizer="adam",
        lr=1e-3,
        weight_decay=0.0,
        validation=None,
        on_batch=None,
    ):
        """Train from a fresh start (re-initialised weights and optimiser).

        X (n, 784), y (n,). validation : optional (X_val, y_val) scored after
        each epoch. on_batch(done, total, loss, accuracy) reports progress.
        Return the history: one dict per epoch (loss, accuracy, val_*).
        """
        self.initialize(self.seed)
        plan = Plan(0, epochs, batch_size, optimizer, lr, weight_decay, fresh_optimizer=True)
        return self._train(self._check_inputs(X), y, plan, validation, on_batch)

    def improve_train(
        self,
        X,
        y,
        epochs=1,
        batch_size=64,
        optimizer="adam",
        lr=None,
        weight_decay=0.0,
        validation=None,
        on_batch=None,
        head_only=False,
        first=None,
    ):
        """Continue training from the current weights on new samples X (n, 784), y (n,).

        The optimiser state is kept when there is one of the same kind for the
        same layers (lr may still be changed); otherwise a fresh one starts
        (default lr 1e-3 for Adam, 0.01 for SGD). head_only : train only the
        dense layers after the last convolution (the "head"), on features
        computed once; the convolutions keep what they learned. For a CNN that
        is many times faster. first : train layers[first:] only, X being their
        inputs already (features(images, first), computed once and kept, as a
        learning session does). Return the history as fit() does.
        """
        if first is None:
            first = self.head_start() if head_only else 0
            X = self.features(X, first)
        plan = Plan(first, epochs, batch_size, optimizer, lr, weight_decay)
        return self._train(X, y, plan, validation, on_batch)

    def predict_proba_from(self, first, A):
        """Return class probabilities (n, 10) for A (n, ...), the inputs of layers[first]."""
        out = np.empty((len(A), self.classes), dtype=self.params.dtype)
        for start in range(0, len(A), PREDICT_CHUNK):
            out[start : start + PREDICT_CHUNK] = softmax(self._forward(A[start : start + PREDICT_CHUNK], first=first))
        return out

    def parameters_before(self, first):
        """Return the parameters of layers[:first] (a view of params, in layer order)."""
        return self.params[: self._offsets[first]]

    def head_start(self):
        """Return the index of the first layer of the dense head: the one after the last layer
        that reads image-shaped maps (0 for a multilayer perceptron)."""
        return max((i + 1 for i, layer in enumerate(self.layers) if len(layer.input_shape) == 3), default=0)

    def last_block_start(self):
        """Return the index of the last convolution: where the last convolution block (conv,
        pool, ReLU) and the head after it begin (head_start() for a multilayer perceptron)."""
        return max((i for i, layer in enumerate(self.layers) if layer.kind == "conv"), default=self.head_start())

    def features(self, X, upto):
        """Return the outputs of layers[:upto] for inputs X (n, 784), computed in bounded chunks."""
        return self.features_between(self._check_inputs(X), 0, upto)

    def features_between(self, A, first, upto):
        """Return the outputs of layers[first:upto] for A (n, ...), the inputs of layers[first]
        (what features(X, first) gave), computed in bounded chunks."""
        if upto == first:
            return A
        out = np.empty((len(A), *self.layers[upto - 1].output_shape), dtype=self.params.dtype)
        for start in range(0, len(A), PREDICT_CHUNK):  # copied at once: a layer refills its output
            out[start : start + PREDICT_CHUNK] = self._forward(A[start : start + PREDICT_CHUNK], first, upto)
        return out

    def _train(self, A, y, plan, validation, on_batch):
        """Return the history of plan.epochs shuffled passes training layers[plan.first:] on A
        (n, ...), their inputs: the one training loop of fit and improve_train."""
        y = self._check_labels(y, len(A))
        self._prepare_optimizer(plan)
        history = []
        for _ in range(plan.epochs):
            order = self.rng.permutation(len(A))
            total_loss = total_correct = 0.0
            for start in range(0, len(A), plan.batch_size):
                batch = order[start : start + plan.batch_size]
                loss, correct = self._train_batch(*self._gather(A, y, batch), plan)
                total_loss, total_correct = total_loss + loss * len(batch), total_correct + correct
                done = start + len(batch)
                if on_batch is not None:
                    on_batch(done, len(A), total_loss / done, total_correct / done)
            record = {"loss": total_loss / max(len(A), 1), "accuracy": total_correct / max(len(A), 1)}
            if validation is not None:
                scores = self.evaluate(*validation)
                record.update(val_loss=scores["loss"], val_accuracy=scores["accuracy"])
            history.append(record)
        return history

    def _prepare_optimizer(self, plan):
        """Keep the optimiser if it is of the plan's kind and for the same layers (its lr set if
        the plan gives one); else start a fresh one (its default lr if the plan gives none)."""
        same = self.optimizer is not None and self.optimizer.name == plan.optimizer and self._trained_from == plan.first
        if plan.fresh_optimizer or not same:
            self.optimizer = make_optimizer(plan.optimizer, plan.lr)
        elif plan.lr is not None:
            self.optimizer.lr = plan.lr
        self._trained_from = plan.first

    def _gather(self, A, y, batch):
        """Return the inputs (k, ...) and labels (k,) of the samples whose indices are `batch` (k,)."""
        return A[batch], y[batch]

    def _train_batch(self, X, y, plan):
        """Take one optimiser step on layers[plan.first:] for a batch; return (mean loss, number correct)."""
        probs = softmax(self._forward(X, first=plan.first))
        loss = cross_entropy(probs, y)
        correct = int((probs.argmax(axis=1) == y).sum())
        self._backward(softmax_cross_entropy_grad(probs, y), plan.first)
        if plan.weight_decay:
            for layer in self.layers[plan.first :]:
                if layer.param_shapes:
                    layer.dW += plan.weight_decay * layer.W
        offset = self._offsets[plan.first]
        self.optimizer.step(self.params[offset:], self.grads[offset:])
        return loss, correct

    # ------------------------------------------------------------- maths
    def _forward(self, X, first=0, last=None):
        """Return the output of layers[first:last] for X, the input of layers[first] (logits
        (n, 10) by default); layers keep what backward needs."""
        A = X
        for layer in self.layers[first:last]:
            A = layer.forward(A)
        return A

    def _backward(self, dlogits, first=0):
        """Fill the gradients of layers[first:] from dLoss/dlogits (n, 10) by backpropagation."""
        delta = dlogits
        for i in range(len(self.layers) - 1, first - 1, -1):
            delta = self.layers[i].backward(delta, need_dX=i > first)

    def _check_inputs(self, X):
        """Return X as (n, *input_shape) in the network's dtype, or raise ValueError naming the shape."""
        X = np.asarray(X, dtype=self.params.dtype)
        size = math.prod(self.input_shape)
        if X.ndim >= 2:
            X = X.reshape(len(X), -1)
        if X.ndim != 2 or X.shape[1] != size:
            raise ValueError(f"expected inputs of shape (n, {size}), got {np.shape(X)}")
        return X.reshape(len(X), *self.input_shape)

    def _check_labels(self, y, n):
        """Return y as int64 (n,), or raise ValueError if it does not fit."""
        y = np.asarray(y)
        if y.shape != (n,) or (n and (y.min() < 0 or y.max() >= self.classes)):
            raise ValueError(f"expected {n} labels in 0..{self.classes - 1}, got shape {y.shape}")
        return y.astype(np.int64)

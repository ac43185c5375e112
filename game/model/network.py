"""The digit network: a multilayer perceptron written from scratch in NumPy.

    x (784) -> Dense -> ReLU -> ... -> Dense -> softmax -> p (10)

Every weight and bias lives in one flat float32 vector `params` (and every
gradient in `grads`); the layers hold views into them. That keeps the
optimiser step to a few vectorised passes and makes saving trivial.
"""
import numpy as np

from .layers import Dense, relu_backward, relu_forward
from .losses import cross_entropy, softmax, softmax_cross_entropy_grad
from .optimizers import make_optimizer


class Network:
    """Multilayer perceptron with ReLU hidden layers and a softmax output.

    sizes : layer widths from input to output, e.g. (784, 128, 10) or
    (784, 50, 20, 10). seed : makes initialisation and shuffling reproducible.
    dtype : float32 for speed; float64 lets tests check gradients precisely.
    """

    def __init__(self, sizes=(784, 128, 10), seed=0, dtype=np.float32):
        sizes = tuple(int(s) for s in sizes)
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"sizes must be at least two positive widths, got {sizes}")
        self.sizes, self.seed = sizes, seed
        count = sum(n_in * n_out + n_out for n_in, n_out in zip(sizes, sizes[1:]))
        self.params = np.zeros(count, dtype=dtype)
        self.grads = np.zeros(count, dtype=dtype)
        self.layers = self._make_layers()
        self.optimizer = None
        self.metadata = {}
        self.initialize(seed)

    def _make_layers(self):
        """Return the Dense layers, each a set of views into params and grads."""
        layers, offset = [], 0
        for n_in, n_out in zip(self.sizes, self.sizes[1:]):
            views = []
            for flat in (self.params, self.grads):
                W = flat[offset : offset + n_in * n_out].reshape(n_in, n_out)
                b = flat[offset + n_in * n_out : offset + n_in * n_out + n_out]
                views += [W, b]
            layers.append(Dense(views[0], views[1], views[2], views[3]))
            offset += n_in * n_out + n_out
        return layers

    def initialize(self, seed):
        """He-initialise the weights (N(0, 2/n_in)), zero the biases, reset the optimiser."""
        self.rng = np.random.default_rng(seed)
        for layer in self.layers:
            n_in = layer.shape[0]
            layer.W[...] = self.rng.normal(0.0, np.sqrt(2.0 / n_in), layer.shape)
            layer.b[...] = 0.0
        self.optimizer = None

    # ----------------------------------------------------------- inference
    def predict_proba(self, X):
        """Return class probabilities (n, 10) for inputs X (n, 784) in 0..1."""
        X = self._check_inputs(X)
        out = np.empty((len(X), self.sizes[-1]), dtype=self.params.dtype)
        for start in range(0, len(X), 4096):  # bounded memory on big sets
            out[start : start + 4096] = softmax(self._forward(X[start : start + 4096]))
        return out

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
    def fit(self, X, y, epochs=10, batch_size=128, optimizer="adam", lr=1e-3,
            weight_decay=0.0, validation=None, on_batch=None):
        """Train from a fresh start (re-initialised weights and optimiser).

        X (n, 784), y (n,). validation : optional (X_val, y_val) scored after
        each epoch. on_batch(done, total, loss, accuracy) reports progress.
        Return the history: one dict per epoch (loss, accuracy, val_*).
        """
        self.initialize(self.seed)
        self.optimizer = make_optimizer(optimizer, lr)
        return self._train(X, y, epochs, batch_size, weight_decay, validation, on_batch)

    def improve_train(self, X, y, epochs=1, batch_size=64, optimizer="adam", lr=None,
                      weight_decay=0.0, validation=None, on_batch=None):
        """Continue training from the current weights on new samples X (n, 784), y (n,).

        The optimiser state is kept when there is one of the same kind (lr
        may still be changed); otherwise a fresh one starts (default lr 1e-3
        for Adam, 0.01 for SGD). Return the history as fit() does.
        """
        if self.optimizer is None or self.optimizer.name != optimizer:
            default_lr = 1e-3 if optimizer == "adam" else 0.01
            self.optimizer = make_optimizer(optimizer, lr or default_lr)
        elif lr is not None:
            self.optimizer.lr = lr
        return self._train(X, y, epochs, batch_size, weight_decay, validation, on_batch)

    def _train(self, X, y, epochs, batch_size, weight_decay, validation, on_batch):
        """Return the history of `epochs` passes of train_epoch."""
        history = []
        for _ in range(epochs):
            record = self.train_epoch(X, y, batch_size, weight_decay, on_batch)
            if validation is not None:
                scores = self.evaluate(*validation)
                record.update(val_loss=scores["loss"], val_accuracy=scores["accuracy"])
            history.append(record)
        return history

    def train_epoch(self, X, y, batch_size=128, weight_decay=0.0, on_batch=None):
        """Run one shuffled pass of mini-batch training; return {"loss", "accuracy"}.

        X (n, 784) float32 in 0..1, y (n,) integer labels. The optimiser must
        exist (fit and improve_train create it).
        """
        X, y = self._check_inputs(X), self._check_labels(y, len(X))
        if self.optimizer is None:
            raise RuntimeError("call fit() or improve_train() first: no optimiser yet")
        order = self.rng.permutation(len(X))
        total_loss = total_correct = 0.0
        for start in range(0, len(X), batch_size):
            batch = order[start : start + batch_size]
            loss, correct = self._train_batch(X[batch], y[batch], weight_decay)
            total_loss += loss * len(batch)
            total_correct += correct
            done = start + len(batch)
            if on_batch is not None:
                on_batch(done, len(X), total_loss / done, total_correct / done)
        n = max(len(X), 1)
        return {"loss": total_loss / n, "accuracy": total_correct / n}

    def _train_batch(self, X, y, weight_decay):
        """Take one optimiser step on a batch; return (mean loss, number correct)."""
        probs = softmax(self._forward(X))
        loss = cross_entropy(probs, y)
        correct = int((probs.argmax(axis=1) == y).sum())
        self._backward(softmax_cross_entropy_grad(probs, y))
        if weight_decay:
            for layer in self.layers:
                layer.dW += weight_decay * layer.W
        self.optimizer.step(self.params, self.grads)
        return loss, correct

    # ------------------------------------------------------------- maths
    def _forward(self, X):
        """Return logits (n, 10) for X (n, 784), keeping activations for backward."""
        self._activations = []
        A = X
        for layer in self.layers[:-1]:
            A = relu_forward(layer.forward(A))
            self._activations.append(A)
        return self.layers[-1].forward(A)

    def _backward(self, dlogits):
        """Fill self.grads from dLoss/dlogits (n, 10) by backpropagation."""
        delta = dlogits
        for i in range(len(self.layers) - 1, -1, -1):
            delta = self.layers[i].backward(delta, need_dX=i > 0)
            if i > 0:
                delta = relu_backward(delta, self._activations[i - 1])

    def _check_inputs(self, X):
        """Return X as (n, n_in) in the network's dtype, or raise ValueError naming the shape."""
        X = np.asarray(X, dtype=self.params.dtype)
        if X.ndim >= 2:
            X = X.reshape(len(X), -1)
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(
                f"expected inputs of shape (n, {self.sizes[0]}), got {np.shape(X)}"
            )
        return X

    def _check_labels(self, y, n):
        """Return y as int64 (n,), or raise ValueError if it does not fit."""
        y = np.asarray(y)
        if y.shape != (n,) or (n and (y.min() < 0 or y.max() >= self.sizes[-1])):
            raise ValueError(
                f"expected {n} labels in 0..{self.sizes[-1] - 1}, got shape {y.shape}"
            )
        return y.astype(np.int64)

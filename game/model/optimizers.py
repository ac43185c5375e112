"""Optimisers: plain SGD, SGD with momentum, and Adam.

Both update one flat float32 parameter vector in place from one flat gradient
vector of the same shape (the network keeps every layer's numbers in these two
vectors), so a step is a handful of vectorised passes, whatever the depth.
"""

import math

import numpy as np


class SGD:
    """Stochastic gradient descent: p -= lr * g; with (heavy-ball) momentum, the step is a
    velocity that keeps `momentum` of the one before: v = momentum * v - lr * g; p += v."""

    def __init__(self, lr=0.05, momentum=0.9):
        self.lr, self.momentum = lr, momentum
        self.name = "momentum" if momentum else "sgd"
        self.velocity = None

    def step(self, params, grads):
        """Update params (p,) in place from grads (p,)."""
        if self.velocity is None:
            self.velocity = np.zeros_like(params)
        self.velocity *= self.momentum  # with no momentum: 0, so the velocity is -lr * g alone
        self.velocity -= float(self.lr) * grads
        params += self.velocity


class Adam:
    """Adam (Kingma & Ba, 2015) with bias correction.

    The paper keeps averages, m = beta1 m + (1 - beta1) g and v = beta2 v + (1 - beta2) g^2,
    and steps by lr * m_hat / (sqrt(v_hat) + eps), m_hat = m / (1 - beta1^t) and
    v_hat = v / (1 - beta2^t). This keeps sums instead, m = beta1 m + g and v = beta2 v + g^2
    (the averages divided by 1 - beta): the same step, the factors folded into the step size
    and epsilon, and 10 passes over the parameters instead of 12.
    """

    name = "adam"

    def __init__(self, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m = self.v = self._scratch = None
        self.t = 0

    def step(self, params, grads):
        """Update params (p,) in place from grads (p,)."""
        if self.m is None:
            self.m, self.v, self._scratch = (np.zeros_like(params) for _ in range(3))
        self.t += 1
        # sqrt(v_hat) = root * sqrt(v), m_hat = (1 - beta1) m / (1 - beta1^t). Python floats, not
        # NumPy float64 scalars: those would make every pass compute in float64, 1.5x slower.
        root = math.sqrt((1 - self.beta2) / (1 - self.beta2**self.t))
        step_size = self.lr * (1 - self.beta1) / (1 - self.beta1**self.t) / root
        m, v, tmp = self.m, self.v, self._scratch
        m *= self.beta1
        m += grads
        v *= self.beta2
        np.multiply(grads, grads, out=tmp)
        v += tmp
        np.sqrt(v, out=tmp)
        tmp += self.eps / root
        np.divide(m, tmp, out=tmp)
        tmp *= step_size
        params -= tmp


OPTIMIZERS = {"sgd": 0.01, "momentum": 0.01, "adam": 1e-3}  # name: its default learning rate
MOMENTUM = 0.9


def make_optimizer(name, lr=None):
    """Return a new optimiser by name ("sgd", "momentum" or "adam") with learning rate lr
    (None: its default, OPTIMIZERS[name])."""
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}: choose {', '.join(map(repr, OPTIMIZERS))}")
    lr = OPTIMIZERS[name] if lr is None else lr
    if name == "adam":
        return Adam(lr=lr)
    return SGD(lr=lr, momentum=MOMENTUM if name == "momentum" else 0.0)

"""Finite differences: the independent reference that hand-written gradients are checked against."""

import numpy as np


def numeric_gradient(f, x, eps=1e-6, only=None):
    """Return the central finite-difference gradient of scalar f() w.r.t. array x (changed in place, restored).

    only : flat indices to compute (the others stay 0), for big arrays.
    """
    grad = np.zeros_like(x)
    flat_x, flat_grad = x.reshape(-1), grad.reshape(-1)
    for i in range(x.size) if only is None else only:
        old = flat_x[i]
        flat_x[i] = old + eps
        up = f()
        flat_x[i] = old - eps
        down = f()
        flat_x[i] = old
        flat_grad[i] = (up - down) / (2 * eps)
    return grad

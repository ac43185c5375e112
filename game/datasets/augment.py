"""Data augmentation for MNIST images, pure NumPy: random affine warps (rotation,
shear, scale, shift), a gentle elastic distortion, and thicker or thinner strokes.

Drawings kept as strokes (pen data, the player's own) are distorted before
they are drawn instead, with the same random_affines: see game/learning/variants.py.
"""

import numpy as np

from ..ink import CENTRE
from ..model import SIDE


def augment_images(images, rng, rotation=12.0, shear=0.2, scale=0.1, shift=1.5, elastic=1.0, thickness=0.5):
    """Return randomly distorted copies (n, 28, 28) float32 of images (n, 28, 28).

    rotation in degrees, shear as a slope, scale as a relative change of each
    axis, shift in pixels, elastic as the typical displacement in pixels,
    thickness as the strength of random dilation or erosion: each drawn
    uniformly in [-value, +value] per image.
    """
    n = len(images)
    matrices = random_affines(n, rng, rotation, shear, scale)
    offsets = rng.uniform(-shift, shift, (n, 2, 1, 1)).astype(np.float32)
    y, x = np.indices((SIDE, SIDE), dtype=np.float32) - CENTRE  # (28, 28) each
    m = matrices[:, :, :, None, None]  # (n, 2, 2, 1, 1)
    source = m[:, :, 0] * x + m[:, :, 1] * y + (CENTRE + offsets)  # (n, 2, 28, 28)
    if elastic:
        source += _smooth_noise(n, rng, elastic)
    warped = resample(images, source[:, 0], source[:, 1])
    if thickness:
        warped = _change_thickness(warped, rng.uniform(-thickness, thickness, n))
    return warped


def random_affines(n, rng, rotation, shear, scale):
    """Return n random 2x2 matrices (n, 2, 2) float32 = rotation @ shear @ scaling."""
    angle = np.radians(rng.uniform(-rotation, rotation, n))
    cos, sin = np.cos(angle), np.sin(angle)
    rotate = np.stack([np.stack([cos, -sin], -1), np.stack([sin, cos], -1)], -2)
    slope = rng.uniform(-shear, shear, n)
    shears = np.zeros((n, 2, 2))
    shears[:, 0, 0] = shears[:, 1, 1] = 1.0
    shears[:, 0, 1] = slope
    factors = 1.0 + rng.uniform(-scale, scale, (n, 2))
    scales = np.zeros((n, 2, 2))
    scales[:, 0, 0], scales[:, 1, 1] = factors[:, 0], factors[:, 1]
    return (rotate @ shears @ scales).astype(np.float32)


def _smooth_noise(n, rng, amplitude, sigma=4.0):
    """Return smooth random displacement fields (n, 2, 28, 28) of typical size amplitude."""
    noise = rng.uniform(-1.0, 1.0, (n, 2, SIDE, SIDE)).astype(np.float32)
    offsets = np.arange(SIDE, dtype=np.float32)
    kernel = np.exp(-((offsets[:, None] - offsets[None, :]) ** 2) / (2 * sigma**2))
    kernel /= kernel.sum(axis=1, keepdims=True)
    smooth = kernel @ noise @ kernel.T  # separable Gaussian blur as two matmuls
    return smooth * np.float32(amplitude / (smooth.std() + 1e-12))


def resample(images, x, y):
    """Return images (n, 28, 28) sampled bilinearly at source points x, y (n, 28, 28); outside is 0."""
    n, side = len(images), SIDE + 2
    padded = np.zeros((n, side, side), dtype=np.float32)
    padded[:, 1:-1, 1:-1] = images
    x = np.clip(x + 1, 0, SIDE + 0.999)  # +1: coordinates in the padded image
    y = np.clip(y + 1, 0, SIDE + 0.999)
    x0, y0 = np.floor(x), np.floor(y)
    wx, wy = x - x0, y - y0
    base = np.arange(n, dtype=np.int32)[:, None, None] * (side * side)
    index = base + y0.astype(np.int32) * side + x0.astype(np.int32)
    flat = padded.ravel()
    top = flat[index] * (1 - wx) + flat[index + 1] * wx
    bottom = flat[index + side] * (1 - wx) + flat[index + side + 1] * wx
    return top * (1 - wy) + bottom * wy


def _change_thickness(images, amounts):
    """Return images (n, 28, 28) blended towards their dilation (amount > 0)
    or erosion (amount < 0) by |amount| (n,)."""
    padded = np.pad(images, ((0, 0), (1, 1), (1, 1)))
    neighbours = np.stack(
        [padded[:, 1:-1, 1:-1], padded[:, :-2, 1:-1], padded[:, 2:, 1:-1], padded[:, 1:-1, :-2], padded[:, 1:-1, 2:]]
    )
    target = np.where((amounts > 0)[:, None, None], neighbours.max(axis=0), neighbours.min(axis=0))
    weight = np.abs(amounts)[:, None, None].astype(np.float32)
    return images + weight * (target - images)

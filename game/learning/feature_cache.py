"""The convolutions' output for the replay pool and the gate slice, kept between sessions.

A learning session mostly trains the network's dense head and leaves its
convolutions as they are, so what the convolutions make of the same 7,000
replay and gate images is the same in every such session: computing it takes
longer than the whole rest of a short session. It is kept in
DATA_DIR/cache/, one file per set, named by a hash of the layer it feeds, the
weights before it and the images. A file is trusted only if it proves itself:
the key, the shape, a checksum of its features saved with them, values that are
all numbers, and a few rows the network computes again alike. The gate judges on
these figures: wrong ones (zeros, NaN) would let any weights through. A missing
or damaged file is simply computed again. (A session that trains a convolution
block does not use the cache.)
"""

import hashlib
import zipfile

import numpy as np

from ..atomic import atomic_write, open_regular

KEEP = 4  # cache files kept (a few sets, a few convolution versions)
SPOT_CHECKS = 8  # rows computed again to prove that a file holds what this network makes of the images


def head_inputs(network, first, X, cache_dir=None, below=None):
    """Return network.features(X, first): the inputs (n, ...) of layers[first] for images X (n, 784).

    With cache_dir, the result is read from there if it was computed before
    for these images and these weights of layers[:first], and saved otherwise. A cache_dir
    that is a link to another place is not used: its pruning would delete files there.
    below : (start, A), A being features(X, start) already computed (start <= first): what is
    computed is then computed from there.
    """
    start, A = below or (0, X)
    compute = lambda: network.features_between(A, start, first) if start else network.features(X, first)
    if first == 0 or cache_dir is None or cache_dir.is_symlink():
        return compute()
    key = _key(first, network.parameters_before(first), X)
    path = cache_dir / f"features-{key[:20]}.npz"
    features = _proven(path, key, network, first, X)
    if features is not None:
        path.touch()  # recently used: pruned last
        return features
    features = compute()
    try:
        with atomic_write(path) as f:
            np.savez(f, key=np.array(key), checksum=np.array(_checksum(features)), features=features)
        _prune(cache_dir)
    except OSError:
        pass  # a full disk costs time next session, nothing else
    return features


def _proven(path, key, network, first, X):
    """Return the features saved at path if the file proves it holds network.features(X, first):
    its key, shape and type, the checksum of its features, values that are all numbers, and
    SPOT_CHECKS rows computed again alike; else None (not there yet, damaged, or not these)."""
    shape = (len(X), *network.layers[first - 1].output_shape)
    try:
        with open_regular(path) as stream, np.load(stream, allow_pickle=False) as saved:
            if str(saved["key"]) != key:
                return None
            checksum, features = str(saved["checksum"]), saved["features"]
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return None
    if features.shape != shape or checksum != _checksum(features) or not np.isfinite(features).all():
        return None
    rows = np.unique(np.linspace(0, len(X) - 1, SPOT_CHECKS).astype(int))
    computed = network.features(X[rows], first)
    if features.dtype != computed.dtype or not np.allclose(features[rows], computed, rtol=1e-4, atol=1e-5):
        return None
    return features


def _checksum(features):
    """Return a hex digest of the features' bytes (n, ...)."""
    return hashlib.sha256(np.ascontiguousarray(features)).hexdigest()


def _key(first, weights, X):
    """Return a hex digest of the layer fed (first), the weights before it (m,) and the images X (n, 784)."""
    digest = hashlib.sha256(f"layer {first}".encode())
    digest.update(np.ascontiguousarray(weights).tobytes())
    digest.update(str(X.shape).encode())
    digest.update(np.ascontiguousarray(X).tobytes())
    return digest.hexdigest()


def _prune(cache_dir):
    """Remove all but the KEEP newest cache files."""
    files = [p for p in cache_dir.glob("features-*.npz") if p.is_file() and not p.is_symlink()]
    files.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)

"""The convolutions' output for the replay pool and the gate slice, kept between sessions.

A learning session mostly trains the network's dense head and leaves its
convolutions as they are, so what the convolutions make of the same 7,000
replay and gate images is the same in every such session: computing it takes
longer than the whole rest of a short session. It is kept in
DATA_DIR/cache/, one file per set, named by a hash of the layer it feeds, the
weights before it and the images; a missing or damaged file is simply computed
again. (A session that trains a convolution block does not use the cache.)
"""

import hashlib
import zipfile

import numpy as np

from ..atomic import atomic_write

KEEP = 4  # cache files kept (a few sets, a few convolution versions)


def head_inputs(network, first, X, cache_dir=None):
    """Return network.features(X, first): the inputs (n, ...) of layers[first] for images X (n, 784).

    With cache_dir, the result is read from there if it was computed before
    for these images and these weights of layers[:first], and saved otherwise. A cache_dir
    that is a link to another place is not used: its pruning would delete files there.
    """
    if first == 0 or cache_dir is None or cache_dir.is_symlink():
        return network.features(X, first)
    key = _key(first, network.parameters_before(first), X)
    path = cache_dir / f"features-{key[:20]}.npz"
    shape = (len(X), *network.layers[first - 1].output_shape)
    try:
        with np.load(path, allow_pickle=False) as saved:
            if str(saved["key"]) == key and saved["features"].shape == shape and saved["features"].dtype.kind == "f":
                features = saved["features"]
                path.touch()  # recently used: pruned last
                return features
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        pass  # not there yet, or damaged, or not what it should be: compute it
    features = network.features(X, first)
    try:
        with atomic_write(path) as f:
            np.savez(f, key=np.array(key), features=features)
        _prune(cache_dir)
    except OSError:
        pass  # a full disk costs time next session, nothing else
    return features


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

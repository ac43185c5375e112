"""Save and load a Network as an .npz of plain numbers, never a pickle.

File layout (format version 1):
    W0, b0, W1, b1, ...  float32 weights (n_in, n_out) and biases (n_out,)
    metadata             uint8 bytes of a UTF-8 JSON object:
                         {"format": "digit-dash-mlp", "format_version": 1,
                          "sizes": [784, ..., 10], "info": {...free-form...}}

The file is read with allow_pickle=False, so loading it can never run code.
"""
import json
import zipfile
from pathlib import Path

import numpy as np

from ..atomic import atomic_write
from .network import Network

FORMAT = "digit-dash-mlp"
FORMAT_VERSION = 1


class ModelFileError(ValueError):
    """A weights file is missing, damaged or not one of ours."""

    def __init__(self, path, problem):
        super().__init__(f"cannot load weights from {path}: {problem}")
        self.path, self.problem = Path(path), problem


def save_network(network, path):
    """Write network (weights, sizes, network.metadata as "info") to path atomically.

    The data goes to a temporary file beside `path`, is flushed to disk, then
    renamed over `path`: a crash leaves either the old file or the new one.
    """
    header = {"format": FORMAT, "format_version": FORMAT_VERSION,
              "sizes": list(network.sizes), "info": network.metadata}
    arrays = {"metadata": np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)}
    for i, layer in enumerate(network.layers):
        arrays[f"W{i}"], arrays[f"b{i}"] = layer.W, layer.b
    with atomic_write(path) as f:
        np.savez(f, **arrays)


def load_network(path):
    """Return the Network stored at path, or raise ModelFileError saying why not."""
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(path, "no such file")
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except ValueError as error:
        if "pickle" in str(error):
            raise ModelFileError(path, "it holds pickled objects, which are refused "
                                 "because loading them could run code") from None
        raise ModelFileError(path, f"not a valid .npz file ({error})") from None
    except (OSError, EOFError, zipfile.BadZipFile, KeyError) as error:
        raise ModelFileError(path, f"damaged or truncated file ({error})") from None
    header = _read_header(path, arrays)
    network = Network(header["sizes"])
    for i, layer in enumerate(network.layers):
        layer.W[...] = _checked_array(path, arrays, f"W{i}", layer.W.shape)
        layer.b[...] = _checked_array(path, arrays, f"b{i}", layer.b.shape)
    network.metadata = header.get("info") or {}
    return network


def _read_header(path, arrays):
    """Return the decoded metadata dict after checking format and version."""
    if "metadata" not in arrays:
        raise ModelFileError(path, "no metadata: not a digit-dash weights file")
    try:
        header = json.loads(arrays["metadata"].astype(np.uint8).tobytes().decode())
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ModelFileError(path, "its metadata is not valid JSON") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ModelFileError(path, "not a digit-dash weights file")
    if header.get("format_version") != FORMAT_VERSION:
        raise ModelFileError(path, f"format version {header.get('format_version')!r} "
                             f"is not supported (this program reads {FORMAT_VERSION})")
    sizes = header.get("sizes")
    if (not isinstance(sizes, list) or len(sizes) < 2
            or not all(isinstance(s, int) and s > 0 for s in sizes)):
        raise ModelFileError(path, f"invalid layer sizes {sizes!r}")
    return header


def _checked_array(path, arrays, name, shape):
    """Return arrays[name] after checking it exists, has `shape` and is finite."""
    if name not in arrays:
        raise ModelFileError(path, f"array {name} is missing")
    array = arrays[name]
    if array.shape != shape or array.dtype.kind != "f":
        raise ModelFileError(path, f"array {name} has shape {array.shape} and type "
                             f"{array.dtype}, expected float {shape}")
    if not np.isfinite(array).all():
        raise ModelFileError(path, f"array {name} holds NaN or infinite values")
    return array

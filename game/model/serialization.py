"""Save and load a Network as an .npz of plain numbers, never a pickle.

File layout (format version 2):
    W0, b0, W1, b1, ...  float32 weights and biases of the dense and conv
                         layers, input to output, in their layers' shapes
    metadata             uint8 bytes of a UTF-8 JSON object:
                         {"format": "digit-dash-network", "format_version": 2,
                          "architecture": {...see architecture.py...},
                          "info": {...free-form...}}

Version 1 files (multilayer perceptrons, {"format": "digit-dash-mlp",
"sizes": [784, ..., 10]}) still load. Every file is read with
allow_pickle=False, so loading it can never run code.
"""
import json
import zipfile
from pathlib import Path

import numpy as np

from ..atomic import atomic_write
from .architecture import CLASSES, mlp
from .network import Network

FORMAT, FORMAT_VERSION = "digit-dash-network", 2
MLP_FORMAT, MLP_FORMAT_VERSION = "digit-dash-mlp", 1  # still read, no longer written
INPUT_SIZE = 784  # the ink pipeline's 28x28 pixels


class ModelFileError(ValueError):
    """A weights file is missing, damaged or not one of ours."""

    def __init__(self, path, problem):
        super().__init__(f"cannot load weights from {path}: {problem}")
        self.path, self.problem = Path(path), problem


def save_network(network, path):
    """Write network (weights, architecture, network.metadata as "info") to path atomically.

    The data goes to a temporary file beside `path`, is flushed to disk, then
    renamed over `path`: a crash leaves either the old file or the new one.
    """
    header = {"format": FORMAT, "format_version": FORMAT_VERSION,
              "architecture": network.architecture, "info": network.metadata}
    arrays = {"metadata": np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)}
    for i, layer in enumerate(network.parametrized()):
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
    network = _build(path, header)
    for i, layer in enumerate(network.parametrized()):
        layer.W[...] = _checked_array(path, arrays, f"W{i}", layer.W.shape)
        layer.b[...] = _checked_array(path, arrays, f"b{i}", layer.b.shape)
    info = header.get("info")
    network.metadata = info if isinstance(info, dict) else {}
    return network


def _read_header(path, arrays):
    """Return the decoded metadata dict after checking format and version."""
    if "metadata" not in arrays:
        raise ModelFileError(path, "no metadata: not a digit-dash weights file")
    try:
        header = json.loads(arrays["metadata"].astype(np.uint8).tobytes().decode())
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ModelFileError(path, "its metadata is not valid JSON") from None
    if not isinstance(header, dict) or header.get("format") not in (FORMAT, MLP_FORMAT):
        raise ModelFileError(path, "not a digit-dash weights file")
    expected = FORMAT_VERSION if header["format"] == FORMAT else MLP_FORMAT_VERSION
    if header.get("format_version") != expected:
        raise ModelFileError(path, f"format version {header.get('format_version')!r} "
                             f"is not supported (this program reads {expected})")
    return header


def _build(path, header):
    """Return an untrained Network of the header's architecture, or raise ModelFileError."""
    if header["format"] == MLP_FORMAT:
        sizes = header.get("sizes")
        if (not isinstance(sizes, list) or len(sizes) < 2
                or not all(isinstance(s, int) and s > 0 for s in sizes)):
            raise ModelFileError(path, f"invalid layer sizes {sizes!r}")
        architecture = mlp(sizes)
    else:
        architecture = header.get("architecture")
        if not isinstance(architecture, dict):
            raise ModelFileError(path, f"invalid architecture {str(architecture)[:60]!r}")
    try:
        network = Network(architecture)
    except ValueError as error:
        raise ModelFileError(path, f"invalid architecture: {error}") from None
    inputs = int(np.prod(network.input_shape))
    if inputs != INPUT_SIZE or network.classes != CLASSES:
        raise ModelFileError(path, f"the network takes {inputs} inputs and gives {network.classes} "
                             f"scores; the game needs {INPUT_SIZE} (28x28) and {CLASSES}")
    return network


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

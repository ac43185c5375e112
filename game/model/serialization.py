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
allow_pickle=False, so loading it can never run code, and nothing is
decompressed before its declared size and shape are checked: the metadata
first (at most MAX_METADATA bytes), then each array the architecture expects
(and no other member).
"""

import json
import zipfile
from pathlib import Path

import numpy as np

from ..atomic import atomic_write, parse_json
from .architecture import CLASSES, SIDE, mlp
from .network import Network

FORMAT, FORMAT_VERSION = "digit-dash-network", 2
MLP_FORMAT, MLP_FORMAT_VERSION = "digit-dash-mlp", 1  # still read, no longer written
MAX_METADATA = 1_000_000  # bytes of JSON; the shipped network's is under 2,000
MAX_WEIGHT = 1e4  # a trained weight is a few units at most; 3e38 would overflow float32 products


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
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "architecture": network.architecture,
        "info": network.metadata,
    }
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
    if not zipfile.is_zipfile(path):
        with open(path, "rb") as stream:
            pickled = stream.read(1) == b"\x80"  # the first byte of every pickle since protocol 2
        raise ModelFileError(
            path,
            "it is a pickle, which is refused because loading it could run code"
            if pickled
            else "not an .npz file (damaged or truncated?)",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            header = _read_header(path, _read_member(path, archive, "metadata", None))
            network = _build(path, header)
            expected = {
                f"{name}{i}": view
                for i, layer in enumerate(network.parametrized())
                for name, view in (("W", layer.W), ("b", layer.b))
            }
            _check_members(path, archive, ["metadata", *expected])
            for name, view in expected.items():
                view[...] = _read_member(path, archive, name, view.shape)
    except (OSError, EOFError, zipfile.BadZipFile, KeyError, ValueError) as error:
        if isinstance(error, ModelFileError):
            raise
        raise ModelFileError(path, f"damaged or truncated file ({error})") from None
    info = header.get("info")
    network.metadata = info if isinstance(info, dict) else {}
    return network


def read_info(path):
    """Return the "info" dict saved with the network at path, reading no weights (a listing of
    many files stays fast); raise ModelFileError if it is not a weights file of ours."""
    path = Path(path)
    if not path.is_file() or not zipfile.is_zipfile(path):
        raise ModelFileError(path, "no such file" if not path.is_file() else "not an .npz file (damaged or truncated?)")
    try:
        with zipfile.ZipFile(path) as archive:
            header = _read_header(path, _read_member(path, archive, "metadata", None))
    except (OSError, EOFError, zipfile.BadZipFile, KeyError, ValueError) as error:
        if isinstance(error, ModelFileError):
            raise
        raise ModelFileError(path, f"damaged or truncated file ({error})") from None
    info = header.get("info")
    return info if isinstance(info, dict) else {}


def _check_members(path, archive, expected):
    """Raise ModelFileError if the archive holds anything but the expected .npy members."""
    extra = sorted(set(archive.namelist()) - {f"{name}.npy" for name in expected})
    if extra:
        raise ModelFileError(path, f"unexpected member {extra[0]!r}: not a digit-dash weights file")


def _read_member(path, archive, name, shape):
    """Return the array `name` of the archive after checking its declared size (and shape,
    if given; else at most MAX_METADATA bytes of uint8) before reading any of its data."""
    try:
        info = archive.getinfo(f"{name}.npy")
    except KeyError:
        raise ModelFileError(
            path, "no metadata: not a digit-dash weights file" if name == "metadata" else f"array {name} is missing"
        ) from None
    limit = MAX_METADATA if shape is None else 8 * max(1, int(np.prod(shape)))
    if info.file_size > limit + 4096:  # 4 KiB: room for the .npy header
        raise ModelFileError(path, f"array {name} declares {info.file_size:,} bytes, more than it can need")
    with archive.open(info) as stream:
        version = np.lib.format.read_magic(stream)
        if version not in ((1, 0), (2, 0)):
            raise ModelFileError(path, f"array {name} is in .npy format {version}, which this program does not read")
        read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        declared, _, dtype = read_header(stream)
        if dtype.hasobject:
            raise ModelFileError(
                path, "it holds pickled objects, which are refused because loading them could run code"
            )
        if (shape is not None and (declared != shape or dtype.kind != "f")) or (shape is None and len(declared) != 1):
            raise ModelFileError(
                path,
                f"array {name} has shape {declared} and type {dtype}, expected "
                f"{'float ' + str(shape) if shape else 'a vector of bytes'}",
            )
    with archive.open(info) as stream:
        array = np.lib.format.read_array(stream, allow_pickle=False)
    if shape is not None and not (np.isfinite(array).all() and np.abs(array).max(initial=0) <= MAX_WEIGHT):
        raise ModelFileError(path, f"array {name} holds NaN, infinite or absurdly large values")
    return array


def _read_header(path, metadata):
    """Return the decoded metadata dict (from its uint8 bytes) after checking format and version."""
    try:
        header = parse_json(metadata.astype(np.uint8).tobytes())
    except ValueError:  # not UTF-8, not JSON, or nested too deeply to be ours
        raise ModelFileError(path, "its metadata is not valid JSON") from None
    if not isinstance(header, dict) or header.get("format") not in (FORMAT, MLP_FORMAT):
        raise ModelFileError(path, "not a digit-dash weights file")
    expected = FORMAT_VERSION if header["format"] == FORMAT else MLP_FORMAT_VERSION
    if header.get("format_version") != expected:
        raise ModelFileError(
            path, f"format version {header.get('format_version')!r} is not supported (this program reads {expected})"
        )
    return header


def _build(path, header):
    """Return an untrained Network of the header's architecture, or raise ModelFileError."""
    if header["format"] == MLP_FORMAT:
        sizes = header.get("sizes")
        if not isinstance(sizes, list) or len(sizes) < 2 or not all(isinstance(s, int) and s > 0 for s in sizes):
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
    if inputs != SIDE * SIDE or network.classes != CLASSES:
        raise ModelFileError(
            path,
            f"the network takes {inputs} inputs and gives {network.classes} "
            f"scores; the game needs {SIDE * SIDE} ({SIDE}x{SIDE}) and {CLASSES}",
        )
    return network

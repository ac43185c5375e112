"""MNIST as the four standard IDX files: read, validate, find and download them.

IDX layout: two zero bytes, a type code (0x08 = unsigned byte), the number of
dimensions, one big-endian uint32 per dimension, then the payload in C order.
"""

import gzip
import hashlib
import http.client
import io
import math
import os
import sys
import urllib.request
from pathlib import Path
from types import MappingProxyType

import numpy as np

from ..atomic import atomic_write, open_regular
from ..model import SIDE

IMAGES_MAGIC = 0x00000803
LABELS_MAGIC = 0x00000801
VALIDATION_SIZE = 5000  # the last training images: the validation part, trained on by no network here

SPLITS = MappingProxyType(
    {
        "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
        "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
    }
)
FILE_NAMES = SPLITS["train"] + SPLITS["test"]

# Of the decompressed bytes: mirrors re-compress, so .gz bytes differ between them.
SHA256 = MappingProxyType(
    {
        "train-images-idx3-ubyte.gz": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        "train-labels-idx1-ubyte.gz": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        "t10k-images-idx3-ubyte.gz": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        "t10k-labels-idx1-ubyte.gz": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    }
)

DEFAULT_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)
DOWNLOAD_TIMEOUT = 60  # seconds without data before a mirror counts as failed
MAX_DOWNLOAD = 64 * 1024 * 1024  # bytes; the largest MNIST file is 9.9 MB

_REDOWNLOAD = "delete it and download it again"
_MANUAL = "download the four MNIST files (" + ", ".join(FILE_NAMES) + ") by hand into a folder and pass --mnist DIR"


class MnistError(ValueError):
    """An MNIST file is missing, damaged or could not be downloaded."""


def read_idx(path):
    """Return the uint8 array stored in one IDX file, with the header's shape.

    path : str or Path, gzip-compressed if its name ends in ".gz"
    Returns ndarray of shape (n, rows, cols) for images or (n,) for labels.
    """
    path = Path(path)
    data = _read_bytes(path)
    dims = _parse_header(path, data)
    offset = 4 + 4 * len(dims)
    expected = math.prod(dims)
    if len(data) - offset != expected:
        _fail(
            path,
            f"payload is {len(data) - offset} bytes but the header {'x'.join(map(str, dims))} needs {expected}",
            _REDOWNLOAD,
        )
    return np.frombuffer(data, np.uint8, offset=offset).reshape(dims).copy()


def load_mnist(directory, split):
    """Return (images, labels) of one split: "train" or "test".

    images : ndarray of uint8, shape (n, 28, 28), 0 = background, 255 = ink
    labels : ndarray of uint8, shape (n,), values 0..9
    """
    if split not in SPLITS:
        raise MnistError(f"unknown MNIST split {split!r}: use 'train' or 'test'")
    image_path, label_path = (Path(directory) / name for name in SPLITS[split])
    images, labels = read_idx(image_path), read_idx(label_path)
    if images.ndim != 3 or images.shape[1:] != (SIDE, SIDE):
        _fail(image_path, f"holds shape {images.shape}, not (n, 28, 28) images", _REDOWNLOAD)
    if labels.ndim != 1:
        _fail(label_path, f"holds shape {labels.shape}, not (n,) labels", _REDOWNLOAD)
    if len(images) != len(labels):
        _fail(
            label_path,
            f"has {len(labels)} labels but {image_path.name} has {len(images)} images",
            "download both files again",
        )
    if labels.size and labels.max() > 9:
        _fail(label_path, f"contains label {labels.max()}, outside 0..9", _REDOWNLOAD)
    return images, labels


def locate_mnist(mnist_dir=None, download=True):
    """Return the Path of the folder holding the four MNIST files.

    Looks at mnist_dir, then $MNIST_DIR, then the per-user cache folder; only the
    cache folder is downloaded into, and only if download is true.
    """
    explicit = mnist_dir or os.environ.get("MNIST_DIR")
    if explicit:
        directory = Path(explicit).expanduser()
        missing = _missing_files(directory)
        if missing:
            raise MnistError(
                f"{directory} lacks MNIST file(s) {', '.join(missing)}: "
                "put all four there, or leave out --mnist and "
                "MNIST_DIR to download them to the cache"
            )
        return directory
    directory = cache_dir()
    if _missing_files(directory):
        if not download:
            raise MnistError(f"MNIST is not in {directory} and downloading is off: " + _MANUAL)
        download_mnist(directory)
    return directory


def cache_dir():
    """Return the per-user folder MNIST is downloaded to (it may not exist yet)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "digit-dash" / "mnist"


def download_mnist(directory, mirrors=DEFAULT_MIRRORS, opener=urllib.request.urlopen, checksums=SHA256):
    """Download each MNIST file missing from directory; return None.

    Each file is tried from the mirrors in order, checked against checksums
    (SHA-256 of its decompressed bytes) and only then moved to its final name.
    opener is called like urllib.request.urlopen(url, timeout=seconds).
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name in _missing_files(directory, tuple(checksums)):
        print(f"Downloading MNIST file {name} into {directory} ...", file=sys.stderr)
        failures = []
        for mirror in mirrors:
            url = mirror.rstrip("/") + "/" + name
            try:
                _fetch(url, directory / name, checksums[name], opener)
                break
            except (OSError, EOFError, http.client.HTTPException, MnistError) as error:
                failures.append(f"{url} ({error})")
        else:
            tried = "; ".join(failures) or "no mirrors given"
            raise MnistError(f"could not download {name}; tried {tried}. To fix: " + _MANUAL)


def _fetch(url, target, sha256, opener):
    """Return None after saving url at target, verified, or raise leaving nothing.

    The file (10 MB at most) is checked in memory, then written atomically.
    """
    with opener(url, timeout=DOWNLOAD_TIMEOUT) as response:
        data = response.read(MAX_DOWNLOAD + 1)
    if len(data) > MAX_DOWNLOAD:
        raise MnistError(f"more than {MAX_DOWNLOAD:,} bytes: not an MNIST file")
    actual = _gunzip_sha256(data)
    if actual != sha256:
        raise MnistError(f"checksum mismatch: got SHA-256 {actual[:12]}..., expected {sha256[:12]}...")
    with atomic_write(target) as file:
        file.write(data)


def _gunzip_sha256(data):
    """Return the hex SHA-256 of the decompressed content of gzip bytes."""
    digest = hashlib.sha256()
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _missing_files(directory, names=FILE_NAMES):
    """Return the names among names that are not files in directory, as a list."""
    return [name for name in names if not (directory / name).is_file()]


def _read_bytes(path):
    """Return the whole (decompressed if .gz) content of path as bytes."""
    try:
        with open_regular(path) as raw:  # a FIFO or a device is refused, never waited on
            if not path.name.endswith(".gz"):
                return raw.read()
            with gzip.GzipFile(fileobj=raw) as stream:
                return stream.read()
    except FileNotFoundError:
        _fail(path, "does not exist", "check the folder, or download MNIST again")
    except (OSError, EOFError) as error:
        _fail(path, f"cannot be read ({error})", _REDOWNLOAD)


def _parse_header(path, data):
    """Return the dimensions in an IDX header as a tuple of ints, after checking it."""
    if len(data) < 4:
        _fail(path, f"is {len(data)} bytes, too short for an IDX header", _REDOWNLOAD)
    magic = int.from_bytes(data[:4], "big")
    if magic not in (IMAGES_MAGIC, LABELS_MAGIC):
        _fail(
            path,
            f"has magic number 0x{magic:08x}, expected 0x{IMAGES_MAGIC:08x} (images) or 0x{LABELS_MAGIC:08x} (labels)",
            _REDOWNLOAD,
        )
    ndim = data[3]
    if len(data) < 4 + 4 * ndim:
        _fail(path, "ends inside its header", _REDOWNLOAD)
    return tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))


def _fail(path, problem, advice):
    """Raise MnistError saying which file has which problem and what to do."""
    raise MnistError(f"{path}: {problem}; {advice}")

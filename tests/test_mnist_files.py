"""Promises of game.datasets.mnist: IDX files are read exactly or refused clearly,
MNIST is found where the user said, and downloads are verified and atomic."""

import gzip
import hashlib

import numpy as np
import pytest

from game.datasets import mnist
from game.datasets.mnist import FILE_NAMES, MnistError, download_mnist, load_mnist, locate_mnist, read_idx
from tests.helpers import REAL_MNIST, fake_split, idx_bytes, write_file


def fake_mnist(directory):
    """Write all four tiny MNIST files into directory; return directory."""
    directory.mkdir(parents=True, exist_ok=True)
    fake_split(directory, "train", n=6)
    fake_split(directory, "test", n=4, seed=1)
    return directory


# Reading IDX files -----------------------------------------------------------


@pytest.mark.parametrize("name", ["images.gz", "images.idx"])
def test_images_read_back_exactly_compressed_or_not(tmp_path, name):
    images = np.arange(3 * 28 * 28, dtype=np.uint32).astype(np.uint8).reshape(3, 28, 28)
    path = write_file(tmp_path / name, idx_bytes(images))
    result = read_idx(path)
    assert result.dtype == np.uint8 and result.shape == (3, 28, 28)
    np.testing.assert_array_equal(result, images)


def test_labels_read_back_exactly(tmp_path):
    labels = np.array([7, 2, 1, 0, 4], dtype=np.uint8)
    path = write_file(tmp_path / "labels.gz", idx_bytes(labels))
    np.testing.assert_array_equal(read_idx(path), labels)


def test_a_split_loads_as_images_and_labels(tmp_path):
    images, labels = fake_split(tmp_path, "test")
    got_images, got_labels = load_mnist(tmp_path, "test")
    np.testing.assert_array_equal(got_images, images)
    np.testing.assert_array_equal(got_labels, labels)


def refusal(path, loader=read_idx):
    """Return the MnistError message raised by loader(path); fail if none."""
    with pytest.raises(MnistError) as caught:
        loader(path)
    assert path.name in str(caught.value)
    return str(caught.value)


def test_a_missing_file_is_refused_by_name(tmp_path):
    assert "does not exist" in refusal(tmp_path / "nothing.gz")


def test_a_bad_magic_number_is_refused(tmp_path):
    data = b"\x00\x00\x08\x04" + idx_bytes(np.zeros((1, 1, 1), np.uint8))[4:] + b"\0"
    assert "magic" in refusal(write_file(tmp_path / "four-d.gz", data))


def test_a_non_byte_type_code_is_refused(tmp_path):
    data = idx_bytes(np.zeros(4, np.uint8), type_code=0x0D)
    assert "0x00000d01" in refusal(write_file(tmp_path / "floats.gz", data))


def test_a_truncated_payload_is_refused(tmp_path):
    data = idx_bytes(np.zeros((2, 28, 28), np.uint8))[:-1]
    assert "needs 1568" in refusal(write_file(tmp_path / "short.gz", data))


def test_trailing_bytes_are_refused(tmp_path):
    data = idx_bytes(np.zeros(10, np.uint8)) + b"\x01"
    assert "payload is 11 bytes" in refusal(write_file(tmp_path / "long.gz", data))


def test_a_file_ending_inside_its_header_is_refused(tmp_path):
    data = idx_bytes(np.zeros((2, 28, 28), np.uint8))[:9]
    assert "header" in refusal(write_file(tmp_path / "stub.idx", data))


def test_a_corrupt_gzip_stream_is_refused(tmp_path):
    data = gzip.compress(idx_bytes(np.zeros((2, 28, 28), np.uint8)))
    path = tmp_path / "cut.gz"
    path.write_bytes(data[: len(data) // 2])
    assert "cannot be read" in refusal(path)


def test_a_file_that_is_not_gzip_at_all_is_refused(tmp_path):
    path = tmp_path / "plain.gz"
    path.write_bytes(idx_bytes(np.zeros(3, np.uint8)))
    refusal(path)


def test_images_that_are_not_28_by_28_are_refused(tmp_path):
    image_name, label_name = mnist.SPLITS["test"]
    write_file(tmp_path / image_name, idx_bytes(np.zeros((2, 27, 28), np.uint8)))
    write_file(tmp_path / label_name, idx_bytes(np.zeros(2, np.uint8)))
    refusal(tmp_path / image_name, lambda _: load_mnist(tmp_path, "test"))


def test_labels_and_images_swapped_are_refused(tmp_path):
    image_name, label_name = mnist.SPLITS["test"]
    write_file(tmp_path / image_name, idx_bytes(np.zeros(2, np.uint8)))
    write_file(tmp_path / label_name, idx_bytes(np.zeros((2, 28, 28), np.uint8)))
    refusal(tmp_path / image_name, lambda _: load_mnist(tmp_path, "test"))


def test_a_label_count_that_differs_from_the_image_count_is_refused(tmp_path):
    image_name, label_name = mnist.SPLITS["train"]
    write_file(tmp_path / image_name, idx_bytes(np.zeros((3, 28, 28), np.uint8)))
    write_file(tmp_path / label_name, idx_bytes(np.zeros(2, np.uint8)))
    message = refusal(tmp_path / label_name, lambda _: load_mnist(tmp_path, "train"))
    assert "2 labels" in message and "3 images" in message


def test_a_label_above_nine_is_refused(tmp_path):
    image_name, label_name = mnist.SPLITS["test"]
    write_file(tmp_path / image_name, idx_bytes(np.zeros((2, 28, 28), np.uint8)))
    write_file(tmp_path / label_name, idx_bytes(np.array([3, 10], np.uint8)))
    assert "10" in refusal(tmp_path / label_name, lambda _: load_mnist(tmp_path, "test"))


def test_an_unknown_split_is_refused(tmp_path):
    with pytest.raises(MnistError, match="'train' or 'test'"):
        load_mnist(tmp_path, "validation")


def test_the_real_test_split_has_ten_thousand_digits_of_every_kind():
    if not (REAL_MNIST / "t10k-images-idx3-ubyte.gz").is_file():
        pytest.skip(f"real MNIST not found at {REAL_MNIST}")
    images, labels = load_mnist(REAL_MNIST, "test")
    assert images.shape == (10000, 28, 28) and images.dtype == np.uint8
    assert labels.shape == (10000,)
    counts = np.bincount(labels, minlength=10)
    assert counts.tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


# Downloading -----------------------------------------------------------------


def mirror_of(directory, contents):
    """Write gzip files {name: raw bytes} into directory; return (url, checksums)."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in contents.items():
        write_file(directory / name, data)
    checksums = {name: hashlib.sha256(data).hexdigest() for name, data in contents.items()}
    return directory.as_uri() + "/", checksums


def small_files():
    """Return {MNIST file name: small valid IDX bytes} for all four files."""
    return {name: idx_bytes(np.full(i + 1, i, np.uint8)) for i, name in enumerate(FILE_NAMES)}


def test_download_fetches_every_file_and_verifies_it(tmp_path, capsys):
    url, checksums = mirror_of(tmp_path / "mirror", small_files())
    target = tmp_path / "cache" / "mnist"
    download_mnist(target, mirrors=[url], checksums=checksums)
    for i, name in enumerate(FILE_NAMES):
        np.testing.assert_array_equal(read_idx(target / name), np.full(i + 1, i))
    assert sorted(p.name for p in target.iterdir()) == sorted(FILE_NAMES)
    assert len(capsys.readouterr().err.strip().splitlines()) == 4


def test_download_falls_back_to_the_next_mirror(tmp_path):
    url, checksums = mirror_of(tmp_path / "mirror", small_files())
    dead = (tmp_path / "no-such-mirror").as_uri() + "/"
    download_mnist(tmp_path / "out", mirrors=[dead, url], checksums=checksums)
    assert all((tmp_path / "out" / name).is_file() for name in FILE_NAMES)


def test_download_only_fetches_missing_files(tmp_path):
    url, checksums = mirror_of(tmp_path / "mirror", small_files())
    target = tmp_path / "out"
    target.mkdir()
    (target / FILE_NAMES[0]).write_bytes(b"already here")
    download_mnist(target, mirrors=[url], checksums=checksums)
    assert (target / FILE_NAMES[0]).read_bytes() == b"already here"


def test_a_checksum_mismatch_is_refused_and_leaves_no_file(tmp_path):
    files = small_files()
    url, checksums = mirror_of(tmp_path / "mirror", files)
    checksums[FILE_NAMES[1]] = hashlib.sha256(b"something else").hexdigest()
    target = tmp_path / "out"
    with pytest.raises(MnistError, match="checksum mismatch") as caught:
        download_mnist(target, mirrors=[url], checksums=checksums)
    assert FILE_NAMES[1] in str(caught.value) and "--mnist DIR" in str(caught.value)
    assert sorted(p.name for p in target.iterdir()) == [FILE_NAMES[0]]


def test_a_download_with_every_mirror_down_says_what_was_tried(tmp_path):
    dead = [(tmp_path / f"dead{i}").as_uri() + "/" for i in range(2)]
    with pytest.raises(MnistError) as caught:
        download_mnist(tmp_path / "out", mirrors=dead)
    message = str(caught.value)
    assert all(url + FILE_NAMES[0] in message for url in dead)
    assert "--mnist DIR" in message
    assert list((tmp_path / "out").iterdir()) == []


def test_the_real_checksums_match_the_shared_copy():
    if not REAL_MNIST.is_dir():
        pytest.skip(f"real MNIST not found at {REAL_MNIST}")
    for name in ("t10k-labels-idx1-ubyte.gz", "train-labels-idx1-ubyte.gz"):
        data = gzip.decompress((REAL_MNIST / name).read_bytes())
        assert hashlib.sha256(data).hexdigest() == mnist.SHA256[name]


# Locating --------------------------------------------------------------------


@pytest.fixture
def no_download(monkeypatch):
    """Make any download attempt fail the test."""

    def refuse(*args, **kwargs):
        pytest.fail("locate_mnist tried to download")

    monkeypatch.setattr(mnist, "download_mnist", refuse)


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """Unset MNIST_DIR and point the cache at an empty folder in tmp_path."""
    monkeypatch.delenv("MNIST_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))


def test_an_explicit_folder_wins_over_the_environment(tmp_path, monkeypatch, clean_env, no_download):
    given = fake_mnist(tmp_path / "given")
    monkeypatch.setenv("MNIST_DIR", str(fake_mnist(tmp_path / "env")))
    assert locate_mnist(given) == given


def test_mnist_dir_wins_over_the_cache(tmp_path, monkeypatch, clean_env, no_download):
    fake_mnist(tmp_path / "xdg" / "digit-dash" / "mnist")
    monkeypatch.setenv("MNIST_DIR", str(fake_mnist(tmp_path / "env")))
    assert locate_mnist() == tmp_path / "env"


def test_the_cache_follows_xdg_cache_home(tmp_path, clean_env, no_download):
    cache = fake_mnist(tmp_path / "xdg" / "digit-dash" / "mnist")
    assert locate_mnist() == cache


def test_the_cache_defaults_to_dot_cache_in_home(tmp_path, monkeypatch, no_download):
    monkeypatch.delenv("MNIST_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    cache = fake_mnist(tmp_path / ".cache" / "digit-dash" / "mnist")
    assert locate_mnist() == cache


def test_an_explicit_folder_without_the_files_is_an_error_not_a_download(tmp_path, clean_env, no_download):
    (tmp_path / "empty").mkdir()
    with pytest.raises(MnistError, match="lacks MNIST"):
        locate_mnist(tmp_path / "empty")


def test_an_mnist_dir_without_the_files_is_an_error_not_a_download(tmp_path, monkeypatch, clean_env, no_download):
    monkeypatch.setenv("MNIST_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(MnistError, match="nowhere"):
        locate_mnist()


def test_an_empty_cache_without_download_permission_is_an_error(tmp_path, clean_env, no_download):
    with pytest.raises(MnistError, match="--mnist DIR"):
        locate_mnist(download=False)


def test_an_empty_cache_is_filled_by_downloading(tmp_path, monkeypatch, clean_env):
    calls = []
    monkeypatch.setattr(mnist, "download_mnist", lambda directory: calls.append(fake_mnist(directory)))
    cache = tmp_path / "xdg" / "digit-dash" / "mnist"
    assert locate_mnist() == cache
    assert calls == [cache]

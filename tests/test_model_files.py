"""Promises of the weights file: a round trip is exact, and anything that is not a
sound weights file of ours is refused with one clear error, never unpickled."""

import json
import pickle

import numpy as np
import pytest

from game.model import ModelFileError, Network, cnn, load_network, mlp, save_network

SMALL_CNN = cnn(filters=(4, 6), size=3, hidden=(16,), padding=1)


@pytest.fixture(params=["mlp", "cnn"])
def trained(tmp_path, request):
    architecture = (784, 20, 12, 10) if request.param == "mlp" else SMALL_CNN
    network = Network(architecture, seed=1)
    network.fit(np.random.default_rng(0).random((32, 784)), np.arange(32) % 10, epochs=2)
    network.metadata = {"version": 3, "note": "learned from 5 corrections"}
    path = tmp_path / "weights.npz"
    save_network(network, path)
    return network, path


def test_save_then_load_gives_back_exactly_the_same_network(trained):
    network, path = trained
    loaded = load_network(path)
    assert loaded.architecture == network.architecture and loaded.name == network.name
    np.testing.assert_array_equal(loaded.params, network.params)
    assert loaded.metadata == {"version": 3, "note": "learned from 5 corrections"}
    X = np.random.default_rng(1).random((5, 784))
    np.testing.assert_array_equal(loaded.predict_proba(X), network.predict_proba(X))


def test_saving_leaves_no_temporary_files_and_replaces_the_old_file(trained, tmp_path):
    network, path = trained
    network.parametrized()[0].b[:] = 1.5
    save_network(network, path)
    assert load_network(path).parametrized()[0].b[0] == 1.5
    assert [p.name for p in tmp_path.iterdir()] == ["weights.npz"]


def test_a_missing_file_is_named_in_the_error(tmp_path):
    with pytest.raises(ModelFileError, match=r"nowhere\.npz.*no such file"):
        load_network(tmp_path / "nowhere.npz")


@pytest.mark.parametrize("keep", [0.0, 0.5, 0.9])
def test_a_truncated_file_is_refused(trained, keep):
    _, path = trained
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(ModelFileError, match="weights.npz"):
        load_network(path)


def test_a_file_with_flipped_bytes_is_refused(trained):
    _, path = trained
    data = bytearray(path.read_bytes())
    data[100:400] = bytes(300)
    path.write_bytes(bytes(data))
    with pytest.raises(ModelFileError):
        load_network(path)


def test_a_pickle_is_refused_without_running_it(tmp_path):
    path = tmp_path / "weights.npz"
    path.write_bytes(pickle.dumps({"W0": np.zeros(3)}))
    with pytest.raises(ModelFileError, match="it is a pickle, which is refused"):
        load_network(path)


def test_an_npz_holding_object_arrays_is_refused(tmp_path):
    path = tmp_path / "weights.npz"
    np.savez(path, metadata=np.array([{"a": 1}], dtype=object))
    with pytest.raises(ModelFileError, match="holds pickled objects"):
        load_network(path)


def header(**changes):
    """Return a valid metadata header for a 784-4-10 network, with changes applied."""
    meta = {"format": "digit-dash-network", "format_version": 2, "architecture": mlp([784, 4, 10]), "info": {}}
    meta.update(changes)
    return np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)


def old_header(**changes):
    """Return the format-1 header of a 784-4-10 perceptron (what earlier versions wrote)."""
    meta = {"format": "digit-dash-mlp", "format_version": 1, "sizes": [784, 4, 10], "info": {}}
    meta.update(changes)
    return np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)


def arrays(**changes):
    """Return the arrays of a valid 784-4-10 weights file, with changes applied."""
    data = {
        "metadata": header(),
        "W0": np.zeros((784, 4), np.float32),
        "b0": np.zeros(4, np.float32),
        "W1": np.zeros((4, 10), np.float32),
        "b1": np.zeros(10, np.float32),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"metadata": None}, "no metadata"),
        ({"metadata": header(format="something-else")}, "not a digit-dash weights file"),
        ({"metadata": header(format_version=99)}, "format version 99"),
        ({"metadata": old_header(sizes=[784, -4, 10])}, "invalid layer sizes"),
        ({"metadata": old_header(format_version=2)}, "format version 2"),
        ({"metadata": header(architecture={"input": [784], "layers": [{"kind": "magic"}]})}, "unknown kind"),
        ({"metadata": header(architecture=mlp([784, 4, 7]))}, "gives 7 scores"),
        ({"metadata": header(architecture=mlp([100, 4, 10]))}, "takes 100 inputs"),
        ({"metadata": header(architecture=mlp([784, 30_000, 10]))}, "parameters is more than"),
        ({"metadata": header(architecture=[784, 4, 10])}, "invalid architecture"),
        ({"metadata": np.frombuffer(b"{not json", dtype=np.uint8)}, "not valid JSON"),
        ({"W1": None}, "W1 is missing"),
        ({"W0": np.zeros((784, 5), np.float32)}, "W0 has shape"),
        ({"b1": np.full(10, np.nan, np.float32)}, "NaN"),
    ],
)
def test_an_incompatible_file_is_refused_saying_what_is_wrong(tmp_path, changes, message):
    path = tmp_path / "odd.npz"
    np.savez(path, **arrays(**changes))
    with pytest.raises(ModelFileError, match=message):
        load_network(path)


def test_a_well_formed_hand_made_file_loads(tmp_path):
    path = tmp_path / "hand.npz"
    np.savez(path, **arrays())
    assert load_network(path).name == "784-4-10"


def test_a_weights_file_written_by_an_earlier_version_still_loads(tmp_path):
    path = tmp_path / "v1.npz"
    np.savez(path, **arrays(metadata=old_header(info={"version": "v2"})))
    network = load_network(path)
    assert network.name == "784-4-10" and network.metadata == {"version": "v2"}


def npy_header_only(shape):
    """Return the bytes of an .npy file that declares float32 `shape` but holds no data."""
    import io

    stream = io.BytesIO()
    np.lib.format.write_array_header_1_0(stream, {"descr": "<f4", "fortran_order": False, "shape": shape})
    return stream.getvalue()


def test_an_array_declaring_a_trillion_numbers_is_refused_before_reading_it(tmp_path):
    import zipfile

    path = tmp_path / "weights.npz"
    np.savez(path, **arrays())
    rewritten = tmp_path / "big.npz"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rewritten, "w") as target:
        for name in source.namelist():
            data = npy_header_only((10**6, 10**6)) if name == "W0.npy" else source.read(name)
            target.writestr(name, data)
    with pytest.raises(ModelFileError, match=r"W0 has shape \(1000000, 1000000\)"):
        load_network(rewritten)


def test_an_unexpected_member_is_refused_without_decompressing_it(tmp_path):
    path = tmp_path / "weights.npz"
    np.savez_compressed(path, **arrays(), bomb=np.zeros(50_000_000, np.uint8))  # 50 MB of zeros, tiny on disk
    assert path.stat().st_size < 200_000
    with pytest.raises(ModelFileError, match="unexpected member 'bomb.npy'"):
        load_network(path)


def test_a_member_declaring_more_bytes_than_its_shape_needs_is_refused(tmp_path):
    path = tmp_path / "weights.npz"
    np.savez_compressed(path, **arrays(metadata=np.zeros(5_000_000, np.uint8)))
    with pytest.raises(ModelFileError, match="metadata declares 5,000,128 bytes"):
        load_network(path)


def test_finite_but_absurd_weights_are_refused(tmp_path):
    path = tmp_path / "weights.npz"
    np.savez(path, **arrays(W0=np.full((784, 4), 3e38, np.float32)))
    with pytest.raises(ModelFileError, match="absurdly large"):
        load_network(path)


def test_metadata_whose_info_is_not_a_dict_loads_without_it(tmp_path):
    path = tmp_path / "weights.npz"
    np.savez(path, **arrays(metadata=header(info=["not", "a", "dict"])))
    assert load_network(path).metadata == {}

"""Promises of the command lines: evaluate prints a report whose last line is JSON,
train produces weights, metrics and a plot, and bad input ends in one clear line."""

import json
from pathlib import Path

import numpy as np
import pytest

from game.model import Network, load_network, save_network
from tests.helpers import FIXTURE, fake_split, last_json, run
from training.data import mnist_arrays


def test_evaluate_on_strokes_ends_with_a_json_line():
    result = run("evaluate.py", "--strokes", FIXTURE)
    assert result.returncode == 0, result.stderr
    summary = last_json(result.stdout)
    assert summary["n"] == 60 and 0.0 <= summary["accuracy"] <= 1.0
    assert "true\\guess" in result.stdout and "overall accuracy" in result.stdout
    # The shipped network reads real pen strokes (its figures are in the README).
    assert summary["accuracy"] >= 0.9


def test_evaluate_scores_the_given_weights_and_draws_a_confusion_png(tmp_path):
    network = Network((784, 8, 10), seed=0)  # untrained: about one guess in ten is right
    save_network(network, tmp_path / "w.npz")
    png = tmp_path / "confusion.png"
    result = run("evaluate.py", "--weights", tmp_path / "w.npz", "--strokes", FIXTURE, "--confusion-png", png)
    assert result.returncode == 0, result.stderr
    summary = last_json(result.stdout)
    expected = (network.predict(_render(FIXTURE)[0]) == _render(FIXTURE)[1]).mean()
    assert summary["accuracy"] == pytest.approx(expected)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _render(path):
    from training.data import read_stroke_split, render_samples

    X, y, _ = render_samples(read_stroke_split(path))
    return X, y


def test_evaluate_reports_a_damaged_weights_file_in_one_line(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"PK\x03\x04 definitely not a zip")
    result = run("evaluate.py", "--weights", bad, "--strokes", FIXTURE)
    assert result.returncode == 1
    assert result.stderr.startswith("error: cannot load weights from") and "Traceback" not in result.stderr


def test_evaluate_reports_a_bad_stroke_line_with_its_number(tmp_path):
    strokes = tmp_path / "s.jsonl"
    strokes.write_text('{"label": 1, "strokes": [[[0, 0], [1, 1]]]}\n{"label": "one"}\n')
    result = run("evaluate.py", "--strokes", strokes)
    assert result.returncode == 1 and "line 2" in result.stderr and "Traceback" not in result.stderr


def fake_mnist(folder, n):
    """Return folder, holding a random MNIST look-alike: n training and 10 test images."""
    folder.mkdir()
    fake_split(folder, "train", n=n)
    fake_split(folder, "test", n=10)
    return folder


def test_train_writes_weights_metrics_and_plot(tmp_path):
    mnist = fake_mnist(tmp_path / "mnist", 300)
    out = tmp_path / "model.npz"
    result = run(
        "train.py",
        "--arch",
        "mlp",
        "--mnist",
        mnist,
        "--strokes",
        FIXTURE,
        "--epochs",
        "2",
        "--hidden",
        "16",
        "8",
        "--val-size",
        "50",
        "--stroke-variants",
        "2",
        "--out",
        out,
    )
    assert result.returncode == 0, result.stderr
    network = load_network(out)
    assert network.name == "784-16-8-10" and "command" in network.metadata
    metrics = json.loads(out.with_suffix(".metrics.json").read_text())
    assert len(metrics["history"]) == 2 and "strokes_accuracy" in metrics["history"][0]
    assert out.with_suffix(".png").read_bytes()[:4] == b"\x89PNG"
    assert "epoch  2/2" in result.stderr
    for scored in metrics["confusion"].values():  # what the Lab page shows
        assert np.sum(scored["matrix"]) == scored["n"] > 0
        assert np.trace(scored["matrix"]) / scored["n"] == pytest.approx(scored["accuracy"])


def test_lab_adds_confusion_matrices_to_the_metrics_and_keeps_the_rest(tmp_path):
    mnist = fake_mnist(tmp_path / "mnist", 300)
    weights = tmp_path / "w.npz"
    network = Network((784, 8, 10), seed=1)
    save_network(network, weights)
    weights.with_suffix(".metrics.json").write_text(json.dumps({"history": [{"loss": 1.0}]}))
    result = run("lab.py", "--weights", weights, "--mnist", mnist, "--strokes", FIXTURE)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    metrics = json.loads(weights.with_suffix(".metrics.json").read_text())
    assert metrics["history"] == [{"loss": 1.0}]
    X, y = mnist_arrays(mnist, "test")
    expected = np.zeros((10, 10), dtype=int)
    np.add.at(expected, (y, network.predict(X)), 1)
    assert metrics["confusion"]["mnist_test"]["matrix"] == expected.tolist()
    assert summary["mnist_test"] == {"accuracy": float(np.trace(expected) / len(y)), "n": len(y)}
    assert summary["pen_holdout"]["n"] == metrics["confusion"]["pen_holdout"]["n"] > 0


def test_train_makes_a_convolutional_network_of_the_asked_shape(tmp_path):
    mnist = fake_mnist(tmp_path / "mnist", 200)
    out = tmp_path / "cnn.npz"
    result = run(
        "train.py",
        "--mnist",
        mnist,
        "--epochs",
        "1",
        "--filters",
        "4",
        "6",
        "--kernel",
        "3",
        "--hidden",
        "12",
        "--val-size",
        "50",
        "--out",
        out,
    )
    assert result.returncode == 0, result.stderr
    assert load_network(out).name == "conv3x4-pool-conv3x6-pool-12-10"
    assert "training conv3x4-pool-conv3x6-pool-12-10" in result.stderr


def test_train_shows_its_handwriting_augmentation_as_a_contact_sheet(tmp_path):
    sheet = tmp_path / "sheet.png"
    result = run("train.py", "--strokes", FIXTURE, "--show-augmentation", sheet)
    assert result.returncode == 0, result.stderr
    assert sheet.read_bytes()[:4] == b"\x89PNG" and sheet.stat().st_size > 10_000


@pytest.mark.parametrize(
    "args,message",
    [
        (["--epochs", "0"], "--epochs: must be a whole number from 1 to 1,000"),
        (["--hidden", "0"], "--hidden: must be a whole number from 1 to 4,096"),
        (["--batch-size", "0"], "--batch-size: must be a whole number from 1 to 10,000"),
        (["--lr", "nan"], "--lr must be a positive number"),
        (["--show-augmentation", "x.png"], "needs --strokes"),
    ],
)
def test_train_refuses_options_that_cannot_train(args, message):
    result = run("train.py", *args)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_train_without_mnist_says_what_to_do(tmp_path):
    result = run("train.py", "--mnist", tmp_path / "empty", "--epochs", "1")
    assert result.returncode == 1 and "--mnist" in result.stderr and "Traceback" not in result.stderr


def test_explain_draws_the_pictures_of_the_walk_through(tmp_path):
    mnist = fake_mnist(tmp_path / "mnist", 300)
    result = run("explain.py", "--mnist", mnist, "--out", tmp_path / "images")
    assert result.returncode == 0, result.stderr
    written = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(written) == {"forward", "evidence", "curves", "optimizers"}
    assert all(Path(path).read_bytes()[:4] == b"\x89PNG" for path in written.values())
    assert "Softmax: " in result.stderr  # the numbers of one path, as the X-ray's step-through shows them


def test_evaluate_scores_whole_numbers_composed_from_single_digits():
    result = run("evaluate.py", "--strokes", FIXTURE, "--numbers", "2", "--seed", "3")
    assert result.returncode == 0, result.stderr
    scored = json.loads(result.stdout.strip().splitlines()[-1])
    assert scored["n"] == 60 and scored["k"] == 2
    assert 0.9 <= scored["accuracy"] <= scored["segmented"] <= 1.0  # read right needs split right
    assert scored["accuracy"] >= scored["single_accuracy"] ** 2 - 0.05
    again = run("evaluate.py", "--strokes", FIXTURE, "--numbers", "2", "--seed", "3")
    assert json.loads(again.stdout.strip().splitlines()[-1]) == scored  # the seed makes it repeatable
    bad = run("evaluate.py", "--mnist", "x", "--numbers", "2")
    assert bad.returncode == 2 and "--strokes" in bad.stderr

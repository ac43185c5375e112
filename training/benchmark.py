"""Measure training speed, drawing-to-prediction latency and shipped accuracy.

    python training/benchmark.py [--mnist DIR] [--strokes FILE.jsonl]

Speed: epochs of the 784-128-10 network (batch 128, Adam) on MNIST's 60,000
training images, against the cost of its matrix multiplications alone.
Latency: ink pipeline + forward pass of the shipped network, per drawing.
Accuracy (shipped weights): MNIST test set, and with --strokes the samples
that train.py held out of training. The last line of stdout is one JSON object.
"""
import argparse
import json
import sys
import time

import numpy as np

from game.datasets.mnist import MnistError, locate_mnist
from game.datasets.strokes import read_strokes
from game.ink import strokes_to_input
from game.model import Network, load_network
from game.model.optimizers import Adam
from game.paths import ROOT, SHIPPED_WEIGHTS
from training.data import mnist_arrays, read_stroke_split, render_samples

FIXTURE = ROOT / "tests" / "fixtures" / "pendigits-60.jsonl"


def parse_args(argv=None):
    """Return the command-line options."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mnist", metavar="DIR")
    p.add_argument("--strokes", metavar="FILE", help="stroke file train.py used (held-out part is scored)")
    p.add_argument("--epochs", type=int, default=5, help="timed training epochs (median reported)")
    p.add_argument("--weights", default=SHIPPED_WEIGHTS, help="network for latency and accuracy")
    return p.parse_args(argv)


def main(argv=None):
    """Run the benchmarks, print the figures; return the exit status."""
    args = parse_args(argv)
    try:
        X, y = mnist_arrays(locate_mnist(args.mnist), "train")
        X_test, y_test = mnist_arrays(locate_mnist(args.mnist), "test")
    except MnistError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    network = load_network(args.weights)
    results = training_speed(X, y, args.epochs)
    results.update(prediction_latency(network, read_strokes(args.strokes or FIXTURE)))
    results["mnist_test_accuracy"] = network.evaluate(X_test, y_test)["accuracy"]
    if args.strokes:
        Xh, yh, _ = render_samples(read_stroke_split(args.strokes, "holdout"))
        results["strokes_holdout_accuracy"] = network.evaluate(Xh, yh)["accuracy"]
        results["strokes_holdout_n"] = len(yh)
    for name, value in results.items():
        print(f"{name:>28}: {value:.4g}" if isinstance(value, float) else f"{name:>28}: {value}")
    print(json.dumps(results))
    return 0


def training_speed(X, y, epochs, batch_size=128):
    """Return epoch time (median), samples/s and the matmul-only time per epoch."""
    network = Network((784, 128, 10), seed=0)
    network.optimizer = Adam(lr=1e-3)
    network.train_epoch(X, y, batch_size)  # warm-up: page in memory, start BLAS threads
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        network.train_epoch(X, y, batch_size)
        times.append(time.perf_counter() - start)
    epoch = float(np.median(times))
    matmul = matmul_seconds(network, len(X), batch_size)
    return {"epoch_seconds": epoch, "samples_per_second": len(X) / epoch,
            "matmul_seconds": matmul, "epoch_over_matmul": epoch / matmul}


def matmul_seconds(network, n, batch_size, repeats=3):
    """Return the time of one epoch's matrix products alone (forward, dW, dX), best of repeats."""
    rng = np.random.default_rng(0)
    shapes = []  # (a, b) operand shapes of every product in one training step
    for i, layer in enumerate(network.layers):
        n_in, n_out = layer.shape
        shapes += [((batch_size, n_in), (n_in, n_out)), ((n_in, batch_size), (batch_size, n_out))]
        if i > 0:
            shapes.append(((batch_size, n_out), (n_out, n_in)))
    operands = [(rng.random(a, dtype=np.float32), rng.random(b, dtype=np.float32)) for a, b in shapes]
    steps = -(-n // batch_size)
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(steps):
            for a, b in operands:
                a @ b
        best = min(best, time.perf_counter() - start)
    return float(best)


def prediction_latency(network, samples, repeats=3):
    """Return p50/p99 milliseconds from strokes to probabilities (ink + forward)."""
    times = []
    for _ in range(repeats):
        for sample in samples:
            start = time.perf_counter()
            network.predict_proba(strokes_to_input(sample.strokes))
            times.append(time.perf_counter() - start)
    ms = np.array(times) * 1000
    return {"predict_ms_p50": float(np.percentile(ms, 50)), "predict_ms_p99": float(np.percentile(ms, 99)),
            "predict_samples": len(ms)}


if __name__ == "__main__":
    sys.exit(main())

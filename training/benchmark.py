"""Measure training speed, the game's speed and the shipped network's accuracy.

    python training/benchmark.py [--mnist DIR] [--strokes FILE.jsonl]
    python training/benchmark.py --profile [--mnist DIR]    # where an epoch's time goes

Training speed, for both architectures, on MNIST's 60,000 training images
(batch 128, Adam): the 784-128-10 MLP's epoch (median of --epochs) and the
CNN's (conv5x32-pool-conv5x64-pool-128-10, one epoch), each against the time
of the same epoch's matrix products alone (for the CNN, its im2col products).
With --profile, only the two epochs, step by step (training/epoch_profile.py).
The game's speed (training/game_speed.py, one BLAS thread as in the game):
drawing-to-probabilities latency and idle CPU on the title screen.
Accuracy of --weights: MNIST test set and, with --strokes, the held-out part
of the stroke file (whole writers if it has a writer field). The last line of
stdout is one JSON object.
"""

import argparse
import json
import math
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from game.datasets.mnist import MnistError, locate_mnist
from game.datasets.strokes import StrokeFileError, read_strokes
from game.model import ModelFileError, Network, cnn, load_network
from game.options import count, file_to_read, named
from game.paths import SHIPPED_WEIGHTS
from training.data import mnist_arrays, render_samples, split_strokes, validation_parts
from training.epoch_profile import print_profile, profile_epoch

GAME_SPEED = Path(__file__).with_name("game_speed.py")
MLP, CNN = (784, 128, 10), cnn(hidden=(128,))  # the two networks timed: 784-128-10, conv5x32-pool-conv5x64-pool-128-10


def parse_args(argv=None):
    """Return the command-line options."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mnist", type=named, metavar="DIR")
    p.add_argument(
        "--strokes", type=named, metavar="FILE", help="stroke file train.py used (its held-out part is scored)"
    )
    p.add_argument("--epochs", type=count(1, 100), default=5, help="timed MLP epochs, 1 to 100 (median reported)")
    p.add_argument("--weights", type=file_to_read, default=SHIPPED_WEIGHTS, help="network for latency and accuracy")
    p.add_argument("--profile", action="store_true", help="print where each epoch's time goes, step by step, and stop")
    return p.parse_args(argv)


def main(argv=None):
    """Run the benchmarks, print the figures; return the exit status."""
    args = parse_args(argv)
    try:
        X, y = mnist_arrays(locate_mnist(args.mnist), "train")
        X_test, y_test = mnist_arrays(locate_mnist(args.mnist), "test")
        network = load_network(args.weights)
        samples = read_strokes(args.strokes) if args.strokes else None
    except (MnistError, ModelFileError, StrokeFileError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.profile:
        return profile(X, y, args.epochs)
    results = training_speed(Network(MLP, seed=0), X, y, args.epochs)
    cnn_speed = training_speed(Network(CNN, seed=0), X, y, 1)
    results.update(
        cnn_epoch_seconds=cnn_speed["epoch_seconds"],
        cnn_samples_per_second=cnn_speed["samples_per_second"],
        cnn_matmul_seconds=cnn_speed["matmul_seconds"],
        cnn_epoch_over_matmul=cnn_speed["epoch_over_matmul"],
    )
    results.update(game_speed(args.weights))
    results["mnist_test_accuracy"] = network.evaluate(X_test, y_test)["accuracy"]
    if samples:
        part = validation_parts(samples)[1]
        Xh, yh, _ = render_samples(split_strokes(samples, part))
        results.update(strokes_part=part, strokes_accuracy=network.evaluate(Xh, yh)["accuracy"], strokes_n=len(yh))
    for name, value in results.items():
        print(f"{name:>28}: {value:.4g}" if isinstance(value, float) else f"{name:>28}: {value}")
    print(json.dumps(results))
    return 0


def profile(X, y, mlp_epochs, batch_size=128):
    """Print where an epoch's time goes for the MLP (mean of mlp_epochs) and the CNN; return 0."""
    for architecture, epochs in ((MLP, mlp_epochs), (CNN, 1)):
        network = Network(architecture, seed=0)
        rows, epoch, float64, faults = profile_epoch(network, X, y, batch_size, epochs)
        title = f"{network.name}, batch {batch_size}, Adam, {len(X):,} images"
        print_profile(title, rows, epoch, matmul_seconds(network, len(X), batch_size), float64, faults)
    return 0


def training_speed(network, X, y, epochs, batch_size=128):
    """Return epoch time (median of `epochs`), samples/s and the matmul-only time per epoch."""
    warm = 40 * batch_size  # whole batches: the layers keep working arrays of the batch size
    network.improve_train(X[:warm], y[:warm], batch_size=batch_size, lr=1e-3)  # warm-up: memory, BLAS threads
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        network.improve_train(X, y, batch_size=batch_size)
        times.append(time.perf_counter() - start)
    epoch = float(np.median(times))
    matmul = matmul_seconds(network, len(X), batch_size)
    return {
        "epoch_seconds": epoch,
        "samples_per_second": len(X) / epoch,
        "matmul_seconds": matmul,
        "epoch_over_matmul": epoch / matmul,
    }


def matmul_seconds(network, n, batch_size, repeats=3):
    """Return the time of one epoch's matrix products alone, best of repeats.

    Per layer with weights: the forward product, the weight gradient and
    (except for the first layer) the input gradient, with the shapes they
    have in training; a conv layer's rows are its im2col patches.
    """
    rng = np.random.default_rng(0)
    shapes = []  # (a, b) operand shapes of every product in one training step
    for i, layer in enumerate(network.parametrized()):
        rows = batch_size * math.prod(layer.output_shape[:-1])  # conv: one row per output pixel
        k, units = layer.fan_in, layer.output_shape[-1]
        shapes += [((rows, k), (k, units)), ((k, rows), (rows, units))]
        if i > 0:
            shapes.append(((rows, units), (units, k)))
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


def game_speed(weights):
    """Return training/game_speed.py's figures (latency, idle CPU), run in a process of its own."""
    result = subprocess.run(
        [sys.executable, str(GAME_SPEED), "--weights", str(weights)], capture_output=True, text=True, timeout=300
    )
    if result.returncode:
        print(f"warning: game_speed.py failed: {result.stderr.strip()[-300:]}", file=sys.stderr)
        return {}
    return json.loads(result.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    sys.exit(main())

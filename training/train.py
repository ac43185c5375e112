"""Train the digit network on MNIST (and, optionally, pen strokes); save the weights.

    python training/train.py                       # MNIST only
    python training/train.py --strokes ../shared/strokes/pendigits-train.jsonl

The shipped weights/digits.npz come from the second command. Every 5th stroke
sample is held out of training and scored after each epoch, so the figures
show how the network does on drawings it never saw.
"""
import argparse
import math
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from game.atomic import write_json
from game.datasets.mnist import MnistError, locate_mnist
from game.datasets.strokes import StrokeFileError
from game.model import Network, save_network
from game.model.optimizers import make_optimizer
from game.paths import SHIPPED_WEIGHTS
from training.augment import augment_images, augment_strokes
from training.data import mnist_arrays, read_stroke_split, render_samples
from training.progress import ProgressBar
from training.report import plot_history

STROKE_VARIANTS = 6  # distorted renderings prepared per training stroke sample


def parse_args(argv=None):
    """Return the command-line options."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--epochs", type=int, default=24)
    p.add_argument("--hidden", type=int, nargs="+", default=[800, 800],
                   help="hidden layer widths, e.g. --hidden 128 or --hidden 50 20")
    p.add_argument("--lr", type=float, default=1e-3, help="peak learning rate (cosine decay)")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--optimizer", choices=["adam", "sgd"], default="adam")
    p.add_argument("--weight-decay", type=float, default=0.0)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--mnist", metavar="DIR", help="folder with the four MNIST .gz files")
    p.add_argument("--strokes", metavar="FILE", help="extra stroke data (JSON Lines)")
    p.add_argument("--stroke-repeats", type=int, default=2,
                   help="how many times each training stroke sample is seen per epoch")
    p.add_argument("--no-augment", action="store_true", help="train on the plain images")
    p.add_argument("--val-size", type=int, default=5000,
                   help="MNIST training images kept aside for validation")
    p.add_argument("--out", type=Path, default=SHIPPED_WEIGHTS)
    return p.parse_args(argv)


def main(argv=None):
    """Train, save weights, metrics and plot; return the exit status."""
    args = parse_args(argv)
    try:
        data = load_data(args)
    except (MnistError, StrokeFileError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    network = Network((784, *args.hidden, 10), seed=args.seed)
    network.optimizer = make_optimizer(args.optimizer, args.lr)
    rng = np.random.default_rng(args.seed)
    history, started = [], time.perf_counter()
    for epoch in range(args.epochs):
        network.optimizer.lr = cosine_lr(args.lr, epoch, args.epochs)
        X, y = epoch_data(data, args, rng)
        bar = ProgressBar(f"epoch {epoch + 1:>2}/{args.epochs}")
        record = network.train_epoch(
            X, y, args.batch_size, args.weight_decay,
            on_batch=lambda done, total, loss, acc: bar.update(done, total, loss=loss, acc=acc))
        record.update(score(network, data))
        history.append(record)
        print(summary_line(epoch, record), file=sys.stderr)
    finish(network, args, history, time.perf_counter() - started)
    return 0


def load_data(args):
    """Return a dict of the arrays training needs (MNIST split, rendered strokes)."""
    X, y = mnist_arrays(locate_mnist(args.mnist), "train")
    cut = len(X) - args.val_size
    data = {"mnist": (X[:cut], y[:cut]), "val": (X[cut:], y[cut:])}
    if args.strokes:
        print(f"rendering {STROKE_VARIANTS} distorted copies of each stroke sample...",
              file=sys.stderr)
        train = read_stroke_split(args.strokes, "train")
        data["strokes_train"] = stroke_variants(train, np.random.default_rng(args.seed + 1))
        Xh, yh, _ = render_samples(read_stroke_split(args.strokes, "holdout"))
        data["strokes_holdout"] = (Xh, yh)
    return data


def stroke_variants(samples, rng):
    """Return (images (variants, n, 784), labels (n,)): distorted renderings of samples."""
    usable = [s for s in samples if any(len(stroke) for stroke in s.strokes)]
    images = np.zeros((STROKE_VARIANTS, len(usable), 784), dtype=np.float32)
    bar = ProgressBar("strokes")
    for v in range(STROKE_VARIANTS):
        for i, sample in enumerate(usable):
            images[v, i] = augment_strokes(sample.strokes, rng).ravel()
        bar.update(v + 1, STROKE_VARIANTS)
    return images, np.array([s.label for s in usable], dtype=np.int64)


def epoch_data(data, args, rng):
    """Return one epoch's training set (X (n, 784), y (n,)), freshly augmented."""
    X, y = data["mnist"]
    if not args.no_augment:
        X = np.concatenate([augment_images(X[i : i + 5000].reshape(-1, 28, 28), rng).reshape(-1, 784)
                            for i in range(0, len(X), 5000)])
    parts_X, parts_y = [X], [y]
    if "strokes_train" in data:
        variants, labels = data["strokes_train"]
        for _ in range(args.stroke_repeats):
            pick = rng.integers(0, len(variants), len(labels))
            parts_X.append(variants[pick, np.arange(len(labels))])
            parts_y.append(labels)
    return np.concatenate(parts_X), np.concatenate(parts_y)


def cosine_lr(peak, epoch, epochs):
    """Return the learning rate for an epoch: cosine decay from peak to peak/100."""
    progress = epoch / max(epochs - 1, 1)
    return peak * (0.01 + 0.99 * 0.5 * (1 + math.cos(math.pi * progress)))


def score(network, data):
    """Return validation figures: val_loss/val_accuracy and strokes_* if present."""
    figures = {}
    for key, prefix in (("val", "val_"), ("strokes_holdout", "strokes_")):
        if key in data and len(data[key][0]):
            result = network.evaluate(*data[key])
            figures[prefix + "loss"], figures[prefix + "accuracy"] = result["loss"], result["accuracy"]
    return figures


def summary_line(epoch, record):
    """Return a one-line summary of an epoch's figures."""
    parts = [f"epoch {epoch + 1:>2}: train acc {record['accuracy']:.2%}"]
    if "val_accuracy" in record:
        parts.append(f"MNIST val {record['val_accuracy']:.2%}")
    if "strokes_accuracy" in record:
        parts.append(f"strokes held out {record['strokes_accuracy']:.2%}")
    return "  ".join(parts)


def finish(network, args, history, seconds):
    """Save the weights, the metrics JSON and the plot beside them; print where."""
    network.metadata = {
        "trained": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": "python training/train.py " + " ".join(sys.argv[1:]),
        "final": history[-1] if history else {},
    }
    save_network(network, args.out)
    metrics = {"sizes": list(network.sizes), "seconds": round(seconds, 1),
               "options": {k: str(v) for k, v in vars(args).items()}, "history": history}
    metrics_path = args.out.with_suffix(".metrics.json")
    write_json(metrics_path, metrics)
    plot = plot_history(history, args.out.with_suffix(".png")) if history else None
    print(f"weights: {args.out}\nmetrics: {metrics_path}\nplot:    {plot or 'skipped (install matplotlib)'}"
          f"\ntook {seconds:.0f}s", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())

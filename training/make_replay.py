"""Write weights/replay.npz: a small class-balanced slice of MNIST shipped with the weights.

    python training/make_replay.py --mnist ../shared/mnist --strokes ../shared/strokes/pendigits-train.jsonl

retrain.py mixes "replay" images into every fine-tuning session so that the
network does not forget what it knew while it learns a player's handwriting:
MNIST images and, with --strokes, pen drawings of the part train.py trained on
(rendered by the ink pipeline; without them the network would unlearn pen
digits of the classes the player never corrected). It scores a held-out
"gate" slice of MNIST's validation part (never trained on, and not the test
set) to decide whether the new weights may replace the old. Shipping them makes retraining work offline.
"""

import argparse
import sys
from pathlib import Path

import numpy as np

from game.atomic import atomic_write
from game.datasets.mnist import MnistError, load_mnist, locate_mnist
from game.datasets.strokes import StrokeFileError, read_strokes
from game.options import file_to_write, named
from game.paths import REPLAY
from training.data import MNIST_VALIDATION, render_samples, split_strokes, validation_parts


def balanced_sample(labels, per_class, rng):
    """Return sorted indices (10 * per_class,) with per_class samples of each digit; raise
    ValueError if a digit has fewer."""
    pools = [np.flatnonzero(labels == d) for d in range(10)]
    fewest = min(len(pool) for pool in pools)
    if per_class > fewest:
        raise ValueError(f"a digit has only {fewest} images, fewer than the {per_class} per digit asked for")
    return np.sort(np.concatenate([rng.choice(pool, per_class, replace=False) for pool in pools]))


def parse_args(argv=None):
    """Return the command-line options."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mnist", type=named, metavar="DIR")
    p.add_argument("--replay-per-class", type=int, default=300, help="training images per digit")
    p.add_argument("--gate-per-class", type=int, default=200, help="MNIST validation images per digit for the gate")
    p.add_argument(
        "--strokes", type=named, metavar="FILE", help="pen strokes train.py used (its training part is replayed)"
    )
    p.add_argument("--strokes-per-class", type=int, default=200, help="pen drawings per digit")
    p.add_argument("--out", type=file_to_write, default=REPLAY)
    args = p.parse_args(argv)
    for name in ("replay_per_class", "gate_per_class", "strokes_per_class"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be at least 1: a gate or a replay needs every digit")
    return args


def main(argv=None):
    """Build the replay file; return the exit status."""
    args = parse_args(argv)
    try:
        return write_replay(args)
    except (MnistError, StrokeFileError, OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def write_replay(args):
    """Build the replay file the options ask for and write it; return 0."""
    if not Path(args.out).parent.is_dir():
        raise OSError(f"cannot write {args.out}: there is no folder {Path(args.out).parent}")
    train_images, train_labels = load_mnist(locate_mnist(args.mnist), "train")
    # The gate's images come from MNIST's validation part, which no network here
    # trains on; the test set stays a clean test.
    trained, held = slice(None, -MNIST_VALIDATION), slice(-MNIST_VALIDATION, None)
    rng = np.random.default_rng(0)
    replay = balanced_sample(train_labels[trained], args.replay_per_class, rng)
    gate = balanced_sample(train_labels[held], args.gate_per_class, rng)
    images, labels = train_images[trained][replay], train_labels[trained][replay]
    if args.strokes:
        pen_images, pen_labels = pen_replay(args.strokes, args.strokes_per_class, rng)
        images, labels = np.concatenate([images, pen_images]), np.concatenate([labels, pen_labels])
    with atomic_write(args.out) as f:
        np.savez_compressed(
            f,
            images=images,
            labels=labels,
            gate_images=train_images[held][gate],
            gate_labels=train_labels[held][gate],
        )
    print(
        f"wrote {args.out}: {len(labels)} replay images ({len(replay)} MNIST train, "
        f"{len(labels) - len(replay)} pen), {len(gate)} gate images (MNIST validation)"
    )
    return 0


def pen_replay(path, per_class, rng):
    """Return (images (n, 28, 28) uint8, labels (n,) uint8): rendered training-part pen drawings."""
    everything = read_strokes(path)
    samples = split_strokes(everything, validation_parts(everything)[0])
    X, y, drawn = render_samples(samples)
    pick = balanced_sample(np.where(drawn, y, -1), per_class, rng)
    return np.round(X[pick] * 255).astype(np.uint8).reshape(-1, 28, 28), y[pick].astype(np.uint8)


if __name__ == "__main__":
    sys.exit(main())

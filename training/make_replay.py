"""Write weights/replay.npz: a small class-balanced slice of MNIST shipped with the weights.

    python training/make_replay.py --mnist ../shared/mnist

retrain.py mixes "replay" images into every fine-tuning session so that the
network does not forget MNIST while it learns a player's handwriting, and
scores a held-out "gate" slice before and after to decide whether the new
weights may replace the old. Shipping both makes retraining work offline.
"""
import argparse
import sys

import numpy as np

from game.atomic import atomic_write
from game.datasets.mnist import MnistError, load_mnist, locate_mnist
from game.paths import ROOT

REPLAY_PATH = ROOT / "weights" / "replay.npz"


def balanced_sample(labels, per_class, rng):
    """Return sorted indices (10 * per_class,) with per_class samples of each digit."""
    return np.sort(np.concatenate([rng.choice(np.flatnonzero(labels == d), per_class, replace=False)
                                   for d in range(10)]))


def main(argv=None):
    """Build the replay file; return the exit status."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mnist", metavar="DIR")
    p.add_argument("--replay-per-class", type=int, default=300, help="training images per digit")
    p.add_argument("--gate-per-class", type=int, default=200, help="test images per digit for the gate")
    p.add_argument("--out", default=REPLAY_PATH)
    args = p.parse_args(argv)
    try:
        directory = locate_mnist(args.mnist)
        train_images, train_labels = load_mnist(directory, "train")
        test_images, test_labels = load_mnist(directory, "test")
    except MnistError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    rng = np.random.default_rng(0)
    replay = balanced_sample(train_labels, args.replay_per_class, rng)
    gate = balanced_sample(test_labels, args.gate_per_class, rng)
    with atomic_write(args.out) as f:
        np.savez_compressed(f, images=train_images[replay], labels=train_labels[replay],
                            gate_images=test_images[gate], gate_labels=test_labels[gate])
    print(f"wrote {args.out}: {len(replay)} replay images (MNIST train), "
          f"{len(gate)} gate images (MNIST test)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

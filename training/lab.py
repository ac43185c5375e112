"""Write the confusion matrices the game's Lab page shows into a weights file's metrics.

    python training/lab.py [--weights FILE] --mnist DIR --strokes FILE.jsonl

For the weights (default: the shipped ones) it scores MNIST's 10,000 test
images and the held-out part of the stroke file (writers held out whole when
the file says who wrote what, else every 5th drawing), and adds
{"confusion": {"mnist_test": {...}, "pen_holdout": {...}}} to FILE's
.metrics.json beside it (written atomically; one that cannot be read is kept
aside, not overwritten). train.py does the same at the
end of training. Last line of stdout: JSON with each set's "accuracy" and "n".
"""

import argparse
import sys

from game.atomic import read_json, rewrite_json
from game.datasets.mnist import MnistError
from game.datasets.strokes import StrokeFileError
from game.model import ModelFileError, load_network
from game.options import file_to_read, named
from game.paths import SHIPPED_WEIGHTS
from training.data import mnist_arrays, read_stroke_split, render_samples, validation_parts
from training.evaluate import confusion_matrix
from training.report import print_json


def parse_args(argv=None):
    """Return the command-line options."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument(
        "--weights", type=file_to_read, default=SHIPPED_WEIGHTS, help="weights file (default: the shipped ones)"
    )
    p.add_argument("--mnist", type=named, required=True, metavar="DIR", help="folder of the four MNIST .gz files")
    p.add_argument("--strokes", type=named, required=True, metavar="FILE", help="the pen stroke file train.py used")
    return p.parse_args(argv)


def confusions(network, mnist_dir, strokes_path):
    """Return {"mnist_test": ..., "pen_holdout": ...}, each {"matrix" (10 x 10 lists, row = true
    digit, column = guess), "accuracy", "n", "what"}."""
    X, y = mnist_arrays(mnist_dir, "test")
    samples = read_stroke_split(strokes_path, "all")
    held_out = read_stroke_split(strokes_path, validation_parts(samples)[1])
    P, q, drawn = render_samples(held_out)
    sets = {
        "mnist_test": (X, y, "MNIST test set (10,000 images)"),
        "pen_holdout": (P[drawn], q[drawn], f"pen strokes held out from training ({int(drawn.sum())} drawings)"),
    }
    result = {}
    for name, (images, labels, what) in sets.items():
        matrix = confusion_matrix(labels, network.predict(images))[:, :10]
        accuracy = float(matrix.trace() / max(matrix.sum(), 1))
        result[name] = {"matrix": matrix.tolist(), "accuracy": accuracy, "n": int(matrix.sum()), "what": what}
    return result


def main(argv=None):
    """Score the weights and add the confusion matrices to their metrics; return the exit status."""
    args = parse_args(argv)
    try:
        network = load_network(args.weights)
        found = confusions(network, args.mnist, args.strokes)
        path = args.weights.with_suffix(".metrics.json")
        kept_aside = rewrite_json(path, {**read_json(path, {}), "confusion": found})  # one unreadable: kept
    except (ModelFileError, MnistError, StrokeFileError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if kept_aside:
        print(f"warning: {kept_aside}", file=sys.stderr)
    print(f"confusion matrices added to {path}", file=sys.stderr)
    print_json({name: {"accuracy": v["accuracy"], "n": v["n"]} for name, v in found.items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Score a weights file on MNIST's test set or on a stroke file.

    python training/evaluate.py [--weights FILE | --data-dir DIR] (--mnist DIR | --strokes FILE.jsonl)
    python training/evaluate.py --strokes FILE.jsonl --numbers K [--seed S]

Prints per-class accuracy and a confusion matrix (and, for a stroke file
whose drawings say who wrote them, the accuracy per writer, worst first); the
last line of stdout is one JSON object with at least "accuracy" (0..1) and
"n" (samples scored), plus "per_writer" ({writer: [correct, total]}) when
the file has writers. With --numbers K it scores whole K-digit numbers composed
from the file's digits instead: "accuracy" is the share read right digit for digit.
"""

import argparse
import json
import random
import sqlite3
import sys

import numpy as np

from game.datasets.mnist import MnistError
from game.datasets.pen import writer_order
from game.datasets.strokes import StrokeFileError
from game.feedback import FeedbackStore
from game.ink import strokes_to_image
from game.memory import CAPACITY
from game.model import ModelFileError, load_network
from game.options import file_to_read, file_to_write, folder, named
from game.paths import SHIPPED_WEIGHTS, default_data_dir
from game.players import add_player_option, data_dir_of
from game.profile import PlayerFiles
from game.recognizer import Recognizer, remember_stored
from game.segment import MAX_DIGITS, compose_number, split_digits
from game.slant import slant_of, upright
from game.weights_store import WeightsStore
from training.data import PARTS, has_writers, mnist_arrays, read_stroke_split, render_samples
from training.report import pyplot, shown


def parse_args(argv=None):
    """Return the command-line options."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--weights", type=file_to_read, help=f"weights file (default: {SHIPPED_WEIGHTS})")
    p.add_argument("--data-dir", type=folder, help="evaluate the player's current weights in this data dir")
    add_player_option(p)
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--mnist", type=named, metavar="DIR", help="score MNIST's 10,000 test images")
    source.add_argument("--strokes", type=named, metavar="FILE", help="score a stroke JSON Lines file")
    p.add_argument(
        "--part",
        choices=PARTS,
        default="all",
        help="with --strokes: all samples; 'new-writers' / 'known-writers': the writers "
        "train.py held out whole / trained on (needs a 'writer' field); 'holdout' / "
        "'train': every 5th sample / the others (same writers on both sides)",
    )
    p.add_argument(
        "--numbers",
        type=int,
        metavar="K",
        help="with --strokes: score whole K-digit numbers composed from the file's single digits "
        "(side by side, random gaps and baseline), split into digits as the game does",
    )
    p.add_argument("--seed", type=int, default=0, help="with --numbers: which numbers are composed")
    p.add_argument(
        "--confusion-png", type=file_to_write, metavar="FILE", help="also save the confusion matrix as a PNG"
    )
    args = p.parse_args(argv)
    if args.numbers is not None and (not 1 <= args.numbers <= MAX_DIGITS or not args.strokes):
        p.error(f"--numbers needs a number of digits from 1 to {MAX_DIGITS}, and --strokes")
    if args.mnist and args.part != "all":
        p.error("--part chooses among stroke writers and samples: it goes with --strokes, not --mnist")
    if args.data_dir or args.player:
        args.data_dir = data_dir_of(p, args.data_dir or default_data_dir(), args.player)
    return args


def main(argv=None):
    """Evaluate and print the report; return the exit status."""
    args = parse_args(argv)
    if args.confusion_png and not args.confusion_png.parent.is_dir():
        print(f"error: cannot write {args.confusion_png}: no folder {args.confusion_png.parent}", file=sys.stderr)
        return 1
    files = PlayerFiles(args.data_dir) if args.data_dir else None
    weights = args.weights or (WeightsStore(files.weights).active()[1] if files else SHIPPED_WEIGHTS)
    try:
        network = load_network(weights)
        slant = slant_of(network.metadata)  # a player's weights read their drawings stood upright
        X, y, drawn, writers, dataset = load_inputs(args, slant)
        if not len(y):
            raise OSError(f"{args.strokes} has no drawings in part {args.part!r}: nothing to score")
        reader = player_reader(network, args.data_dir) if args.data_dir else network
    except (ModelFileError, MnistError, StrokeFileError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except sqlite3.Error as error:
        print(f"error: cannot read {files.feedback}: {error}", file=sys.stderr)
        return 1
    if args.numbers:
        samples = read_stroke_split(args.strokes, args.part)
        print(json.dumps(score_numbers(reader, samples, args.numbers, args.seed, slant)))
        return 0
    predicted = reader.predict_proba(X).argmax(axis=1) if len(X) else np.zeros(0, dtype=np.int64)
    predicted[~drawn] = -1  # an empty drawing is never right
    if (~drawn).any():
        print(f"warning: {(~drawn).sum()} samples have nothing drawn; counted as wrong", file=sys.stderr)
    confusion = confusion_matrix(y, predicted)
    print(report(confusion))
    if args.confusion_png:
        try:
            save_confusion_png(confusion, args.confusion_png)
        except OSError as error:
            print(f"warning: no confusion PNG: {error}", file=sys.stderr)
    result = {
        "accuracy": float((predicted == y).mean()) if len(y) else 0.0,
        "n": int(len(y)),
        "weights": str(weights),
        "dataset": dataset,
        "per_class": {str(d): per_class_accuracy(confusion, d) for d in range(10)},
    }
    if writers is not None:
        result["per_writer"] = per_writer(writers, predicted == y)
        print(writer_report(result["per_writer"]))
    print(json.dumps(result))
    return 0


def score_numbers(reader, samples, k, seed, slant=0.0):
    """Return {"accuracy", "n", "k", "segmented", "single_accuracy"}: how many of len(samples)
    numbers of k digits, each composed from k random samples (segment.compose_number), are split
    into k digits and read right digit for digit; and the digits' own accuracy, for comparison.
    Every digit is stood upright by slant, as the game reads the player's drawings."""
    rng = random.Random(seed)
    X, y, drawn = render_samples(samples, slant)
    if not drawn.all():  # as the game's import: a drawing of nothing is no digit to compose
        print(f"warning: {(~drawn).sum()} samples have nothing drawn; left out of the numbers", file=sys.stderr)
        samples, X, y = [s for s, d in zip(samples, drawn) if d], X[drawn], y[drawn]
    single = float((reader.predict_proba(X).argmax(axis=1) == y).mean()) if len(y) else 0.0
    right = split_right = 0
    for _ in range(len(samples)):
        picks = [rng.choice(samples) for _ in range(k)]
        parts = split_digits(compose_number([s.strokes for s in picks], rng))
        if len(parts) != k:
            continue
        split_right += 1
        images = np.stack([strokes_to_image(upright(part, slant)).reshape(-1) for part in parts])
        right += bool((reader.predict_proba(images).argmax(axis=1) == [s.label for s in picks]).all())
    n = len(samples)
    return {
        "accuracy": right / max(n, 1),
        "n": n,
        "k": k,
        "segmented": split_right / max(n, 1),
        "single_accuracy": single,
    }


def player_reader(network, data_dir):
    """Return what reads drawings as the game does for this player now: the network with the
    memory of the player's labelled drawings (instant adaptation), before any retrain. (Drawings
    go to it stood upright by the slant of the network's weights: training/data.render_samples.)"""
    recognizer, feedback = Recognizer(network, "memory"), PlayerFiles(data_dir).feedback
    with FeedbackStore(feedback) as store:
        images, labels = store.labelled_images(CAPACITY)
    remember_stored(recognizer, images, labels, feedback)
    return recognizer.memory


def load_inputs(args, slant=0.0):
    """Return (X (n, 784), labels (n,), drawn (n,) bool, writers (n,) or None, dataset description);
    pen drawings stood upright by slant."""
    if args.mnist:
        X, y = mnist_arrays(args.mnist, "test")
        return X, y, np.ones(len(y), dtype=bool), None, f"MNIST test ({args.mnist})"
    samples = read_stroke_split(args.strokes, args.part)
    X, y, drawn = render_samples(samples, slant)
    writers = [s.writer for s in samples] if has_writers(samples) else None
    return X, y, drawn, writers, f"strokes {args.strokes} ({args.part})"


def per_writer(writers, right):
    """Return {writer: [correct, total]}, worst accuracy first, for writers (n,) and right (n,) bool."""
    counts = {}
    for writer, ok in zip(writers, right):
        counts.setdefault(writer, [0, 0])
        counts[writer][0] += int(ok)
        counts[writer][1] += 1
    return dict(sorted(counts.items(), key=lambda item: (item[1][0] / item[1][1], writer_order(item[0]))))


def writer_report(counts):
    """Return the accuracy of each writer, worst first, as text lines."""
    lines = [f"accuracy per writer ({len(counts)} writers, worst first):"]
    for writer, (correct, total) in counts.items():
        lines.append(f"  {shown(writer):>12}  {correct / total:>8.2%}  ({correct}/{total})")
    return "\n".join(lines)


def confusion_matrix(y, predicted):
    """Return counts (10, 11): row = true digit, column = guess (column 10: nothing drawn)."""
    matrix = np.zeros((10, 11), dtype=np.int64)
    np.add.at(matrix, (y, np.where(predicted < 0, 10, predicted)), 1)
    return matrix


def per_class_accuracy(confusion, digit):
    """Return the fraction of the digit's samples guessed right, or None if it has none."""
    total = confusion[digit].sum()
    return float(confusion[digit, digit] / total) if total else None


def report(confusion):
    """Return the per-class accuracy and confusion matrix as a readable text table."""
    has_empty = confusion[:, 10].any()
    columns = 11 if has_empty else 10
    header = "true\\guess " + "".join(f"{d:>6}" for d in range(10)) + ("  none" if has_empty else "")
    lines = [header + "   accuracy"]
    for digit in range(10):
        accuracy = per_class_accuracy(confusion, digit)
        cells = "".join(f"{c:>6}" for c in confusion[digit, :columns])
        shown = "       -" if accuracy is None else f"{accuracy:>9.2%}"
        lines.append(f"{digit:>10} {cells}  {shown} of {confusion[digit].sum()}")
    total = confusion.sum()
    overall = np.trace(confusion[:, :10]) / total if total else 0.0
    lines.append(f"overall accuracy {overall:.2%} on {total} samples")
    return "\n".join(lines)


def save_confusion_png(confusion, path):
    """Save the confusion matrix (10 x 10 part) as a PNG heat map, if matplotlib exists."""
    plt = pyplot()
    if plt is None:
        print("warning: matplotlib is not installed; no PNG written", file=sys.stderr)
        return
    fig, ax = plt.subplots(figsize=(6, 5))
    image = ax.imshow(np.log1p(confusion[:, :10]), cmap="Blues")
    for (i, j), count in np.ndenumerate(confusion[:, :10]):
        if count:
            ax.text(j, i, count, ha="center", va="center", fontsize=7, color="white" if i == j else "black")
    ax.set(xlabel="network's guess", ylabel="true digit", xticks=range(10), yticks=range(10))
    fig.colorbar(image, ax=ax, label="log(1 + count)")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


if __name__ == "__main__":
    sys.exit(main())

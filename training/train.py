"""Train the digit network on MNIST (and, optionally, pen strokes); save the weights.

    python training/train.py                       # MNIST only
    python training/train.py --strokes ../shared/strokes/pendigits-train.jsonl
    python training/train.py --strokes FILE --show-augmentation sheet.png

The shipped weights/digits.npz come from the second command. Part of the
stroke file is held out of training and scored after each epoch: whole
writers when the file says who wrote each drawing, else every 5th drawing
(then the figure flatters: the same writers are on both sides).
"""

import argparse
import math
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from game.atomic import write_json
from game.datasets.augment import augment_images
from game.datasets.mnist import MnistError, locate_mnist
from game.datasets.strokes import StrokeFileError, read_strokes
from game.model import ModelFileError, Network, cnn, load_network, mlp, save_network
from game.options import count, file_to_write, named, seed
from game.paths import SHIPPED_WEIGHTS
from training.conventions import with_conventions
from training.data import (
    MNIST_VALIDATION,
    mnist_arrays,
    render_samples,
    split_strokes,
    validation_parts,
)
from training.handwriting import variant_image
from training.lab import confusions
from training.progress import ProgressBar
from training.report import contact_sheet, plot_history

EPOCHS = count(1, 1000)
WIDTHS = count(1, 4096)  # a dense layer's units
FILTERS = count(1, 512)  # a convolution's filters
KERNELS = count(1, 28)  # a convolution's side, at most the image's
BATCH_SIZES = count(1, 10_000)
VARIANTS = count(1, 100)  # renderings of a pen drawing, or times each is seen in an epoch
VAL_SIZES = count(1, 50_000)  # MNIST training images kept aside: 10,000 at least are left to train on


def parse_args(argv=None):
    """Return the command-line options."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch", choices=["cnn", "mlp"], default="cnn", help="network kind (default: cnn)")
    p.add_argument(
        "--hidden",
        type=WIDTHS,
        nargs="+",
        default=None,
        help="hidden dense widths: the MLP's layers (default 800 800), e.g. --hidden 128 "
        "or --hidden 50 20; the CNN's dense layers after its convolutions (default 256)",
    )
    p.add_argument(
        "--filters",
        type=FILTERS,
        nargs="+",
        default=[32, 64],
        help="cnn: filters of each conv -> pool -> ReLU block (default: 32 64)",
    )
    p.add_argument("--kernel", type=KERNELS, default=5, help="cnn: convolution kernel size (default: 5)")
    p.add_argument("--epochs", type=EPOCHS, default=30)
    p.add_argument("--lr", type=float, default=1e-3, help="peak learning rate (cosine decay)")
    p.add_argument("--batch-size", type=BATCH_SIZES, default=128)
    p.add_argument("--optimizer", choices=["adam", "momentum", "sgd"], default="adam")
    p.add_argument("--weight-decay", type=float, default=0.0)
    p.add_argument("--seed", type=seed, default=0)
    p.add_argument("--mnist", type=named, metavar="DIR", help="folder with the four MNIST .gz files")
    p.add_argument("--strokes", type=named, metavar="FILE", help="extra stroke data (JSON Lines)")
    p.add_argument(
        "--stroke-variants", type=VARIANTS, default=8, help="handwriting variants rendered per training stroke sample"
    )
    p.add_argument(
        "--stroke-repeats", type=VARIANTS, default=2, help="times each training stroke sample is seen per epoch"
    )
    p.add_argument("--no-augment", action="store_true", help="train on the plain images")
    p.add_argument(
        "--no-conventions",
        action="store_true",
        help="never add handwriting conventions (slashed zeros, flagged ones, ...)",
    )
    p.add_argument(
        "--styles",
        action="store_true",
        help="add the styles too (one-stroke 4s like a reversed S, open 9s, uncrossed 8s, long flags on "
        "1s and 7s): off by default, they scored no better on the pen writers held out whole",
    )
    p.add_argument(
        "--val-size", type=VAL_SIZES, default=MNIST_VALIDATION, help="MNIST training images kept aside for validation"
    )
    p.add_argument(
        "--show-augmentation",
        type=file_to_write,
        metavar="FILE.png",
        help="write a contact sheet of augmented samples and stop (needs --strokes)",
    )
    p.add_argument("--out", type=file_to_write, default=SHIPPED_WEIGHTS)
    p.add_argument(
        "--force",
        action="store_true",
        help="replace the shipped weights even if the new network does worse on validation",
    )
    args = p.parse_args(argv)
    if not args.lr > 0:
        p.error("--lr must be a positive number")
    if not 0 <= args.weight_decay < 1:  # also refuses nan
        p.error("--weight-decay must be a number from 0 to 1, e.g. 5e-4")
    if args.show_augmentation and not args.strokes:
        p.error("--show-augmentation needs --strokes FILE: it shows variants of pen drawings")
    return args


def architecture(args):
    """Return the architecture the options ask for."""
    if args.arch == "mlp":
        return mlp((784, *(args.hidden or [800, 800]), 10))
    return cnn(args.filters, args.kernel, args.hidden or [256])


def main(argv=None):
    """Train, save weights, metrics and plot (or only show the augmentation); return the exit status."""
    args = parse_args(argv)
    try:
        if args.show_augmentation:
            return show_augmentation(args)
        network = Network(architecture(args), seed=args.seed)
        check_writable(args.out)
        data = load_data(args)
    except (MnistError, StrokeFileError, OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"training {network.name} ({len(network.params):,} parameters)", file=sys.stderr)
    rng = np.random.default_rng(args.seed)
    history, started = [], time.perf_counter()
    for epoch in range(args.epochs):
        X, y = epoch_data(data, args, rng)
        bar = ProgressBar(f"epoch {epoch + 1:>2}/{args.epochs}")
        [record] = network.improve_train(  # one epoch at a time: each its own data and learning rate
            X,
            y,
            epochs=1,
            batch_size=args.batch_size,
            optimizer=args.optimizer,
            lr=cosine_lr(args.lr, epoch, args.epochs),
            weight_decay=args.weight_decay,
            on_batch=bar.batch_done,
        )
        record.update(score(network, data))
        history.append(record)
        print(summary_line(epoch, record, data.get("strokes_part")), file=sys.stderr)
    return finish(network, args, data, history, time.perf_counter() - started)


def check_writable(path):
    """Raise OSError if nothing can be written at path: better now than after the training."""
    folder = Path(path).parent
    if not folder.is_dir():
        raise OSError(f"cannot write {path}: there is no folder {folder}")
    try:
        tempfile.TemporaryFile(dir=folder).close()
    except OSError as error:
        raise OSError(f"cannot write {path}: {error.strerror or error}") from None


def load_data(args):
    """Return a dict of the arrays training needs (MNIST split, rendered strokes)."""
    X, y = mnist_arrays(locate_mnist(args.mnist), "train")
    cut = len(X) - args.val_size
    data = {"mnist": (X[:cut], y[:cut]), "val": (X[cut:], y[cut:])}
    if args.strokes:
        samples = read_strokes(args.strokes)
        train_part, held_part = validation_parts(samples)
        if held_part == "holdout":
            print(
                "note: the stroke file has no 'writer' field, so the held-out drawings come from the "
                "same writers as the training ones: their figure flatters",
                file=sys.stderr,
            )
        data["strokes_train"] = stroke_variants(
            split_strokes(samples, train_part),
            args.stroke_variants,
            np.random.default_rng(args.seed + 1),
            not args.no_conventions,
            args.styles,
        )
        Xh, yh, _ = render_samples(split_strokes(samples, held_part))
        data["strokes_holdout"], data["strokes_part"] = (Xh, yh), held_part
    return data


def stroke_variants(samples, count, rng, conventions=True, styles=False):
    """Return (images (count, n, 784), labels (n,)): each drawing as drawn, then count - 1 variants
    (with handwriting conventions added at random, unless conventions is False; styles too if
    styles)."""
    usable = [s for s in samples if any(len(stroke) for stroke in s.strokes)]
    images = np.zeros((count, len(usable), 784), dtype=np.float32)
    images[0] = render_samples(usable)[0]
    bar = ProgressBar(f"rendering {count - 1} handwriting variants of {len(usable)} pen drawings")
    for v in range(1, count):
        for i, sample in enumerate(usable):
            image = variant_image(sample.strokes, sample.label, rng, None if conventions else False, styles)
            images[v, i] = images[0, i] if image is None else image.ravel()
        bar.update(v, count - 1)
    return images, np.array([s.label for s in usable], dtype=np.int64)


def epoch_data(data, args, rng):
    """Return one epoch's training set (X (n, 784), y (n,)), freshly augmented."""
    X, y = data["mnist"]
    if not args.no_conventions:
        X = with_conventions(X, y, rng)
    if not args.no_augment:
        X = np.concatenate(
            [augment_images(X[i : i + 5000].reshape(-1, 28, 28), rng).reshape(-1, 784) for i in range(0, len(X), 5000)]
        )
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


def summary_line(epoch, record, strokes_part):
    """Return a one-line summary of an epoch's figures."""
    parts = [f"epoch {epoch + 1:>2}: train acc {record['accuracy']:.2%}"]
    if "val_accuracy" in record:
        parts.append(f"MNIST val {record['val_accuracy']:.2%}")
    if "strokes_accuracy" in record:
        parts.append(f"strokes {strokes_part} {record['strokes_accuracy']:.2%}")
    return "  ".join(parts)


def show_augmentation(args, per_digit=14):
    """Write a contact sheet: for each digit, pen drawings as drawn, then variants of them; return 0.

    For 0, 1, 4 and 7 (and 8 and 9 with --styles), the second half of the variants always shows a
    convention (or a style: conventions.py).
    """
    samples = read_strokes(args.strokes)
    rng = np.random.default_rng(args.seed)
    rows = []
    for digit in range(10):
        drawings = [s for s in samples if s.label == digit and any(len(t) for t in s.strokes)][:per_digit]
        originals = render_samples(drawings[:4])[0].reshape(-1, 28, 28)
        variants = [
            variant_image(s.strokes, digit, rng, convention=True if k >= per_digit // 2 else None, styles=args.styles)
            for k, s in enumerate(drawings)
        ]
        rows.append(list(originals) + [v for v in variants if v is not None])
    path = contact_sheet(
        rows,
        args.show_augmentation,
        split=4,
        title="Pen drawings as drawn (left), then handwriting variants the network trains on "
        + (
            "(right half of 0, 1, 4, 7, 8, 9: a convention or style added)"
            if args.styles
            else "(right half of 0, 1, 4, 7: a convention added)"
        ),
    )
    print(f"contact sheet: {path or 'not written (install matplotlib)'}", file=sys.stderr)
    return 0 if path else 1


def finish(network, args, data, history, seconds):
    """Save the weights, the metrics JSON and the plot beside them, print where; return the exit status.

    Weights that are not finite (a diverged run) are never saved, and the
    shipped weights are replaced only by a network at least as good on
    validation (or with --force): a worse one is saved beside them instead.
    """
    if not np.isfinite(network.params).all():
        print("error: training diverged (NaN or infinite weights); nothing saved. Try a smaller --lr.", file=sys.stderr)
        return 1
    worse = worse_than_shipped(network, data) if args.out.resolve() == SHIPPED_WEIGHTS.resolve() else None
    if worse and not args.force:
        args.out = args.out.with_name(args.out.stem + ".candidate.npz")
        print(
            f"warning: kept the shipped weights: the new network is worse ({worse}); it is saved as "
            f"{args.out} instead (--force replaces the shipped weights anyway)",
            file=sys.stderr,
        )
    network.metadata = {
        "trained": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": "python training/train.py " + " ".join(sys.argv[1:]),
        "final": history[-1] if history else {},
    }
    save_network(network, args.out)
    metrics = {
        "architecture": network.name,
        "seconds": round(seconds, 1),
        "options": {k: str(v) for k, v in vars(args).items()},
        "history": history,
    }
    if args.strokes:  # what the game's Lab page shows
        metrics["confusion"] = confusions(network, locate_mnist(args.mnist), args.strokes)
    metrics_path = args.out.with_suffix(".metrics.json")
    write_json(metrics_path, metrics)
    plot = plot_history(history, args.out.with_suffix(".png")) if history else None
    print(
        f"weights: {args.out}\nmetrics: {metrics_path}\nplot:    {plot or 'skipped (install matplotlib)'}"
        f"\ntook {seconds:.0f}s",
        file=sys.stderr,
    )
    return 1 if worse and not args.force else 0


def worse_than_shipped(network, data, tolerance=0.0005):
    """Return how the network does worse than the shipped one on validation, or None if it does not.

    Compared on MNIST validation and, if there are some, the held-out pen
    drawings; differences within `tolerance` (0.05 points) do not count.
    """
    try:
        shipped = load_network(SHIPPED_WEIGHTS)
    except ModelFileError:
        return None  # nothing usable to protect
    for key, name in (("val", "MNIST validation"), ("strokes_holdout", "held-out pen drawings")):
        if key in data and len(data[key][1]):
            new, old = network.evaluate(*data[key])["accuracy"], shipped.evaluate(*data[key])["accuracy"]
            if new < old - tolerance:
                return f"{name} {new:.2%} against {old:.2%}"
    return None


if __name__ == "__main__":
    sys.exit(main())

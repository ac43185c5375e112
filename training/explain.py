"""Draw the pictures of docs/how-it-works.md from the network itself.

    python training/explain.py [--mnist DIR] [--out docs/images]

forward.png     one drawing through the shipped network: input, feature maps, units, softmax
evidence.png    evidence maps: which pixels pushed the score of the guess up or down
curves.png      the shipped network's training curves (from its .metrics.json)
optimizers.png  SGD with momentum against Adam, the same small network and data
It prints the numbers of one path through the forward pass (the X-ray's step-through);
the last line of stdout is JSON with the pictures written. Needs matplotlib (the dev extra).
"""

import argparse
import sys
from pathlib import Path

import numpy as np

from game.atomic import read_json
from game.datasets.mnist import MnistError, locate_mnist
from game.model import Network, load_network
from game.model.trace import strongest_path
from game.model.xray import contrast, evidence, look, probabilities, stages
from game.options import folder, named
from game.paths import SHIPPED_WEIGHTS
from training.data import mnist_arrays
from training.report import plot_history, print_json, pyplot

ORANGE_BLUE = "PuOr_r"  # orange positive, purple-blue negative: readable for every kind of colour vision


def parse_args(argv=None):
    """Return the command-line options."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mnist", type=named, metavar="DIR", help="folder of the four MNIST .gz files (default: download)")
    p.add_argument("--out", type=folder, default=Path("docs/images"), help="folder for the PNGs (default: %(default)s)")
    p.add_argument("--seed", type=int, default=0, help="picks the example drawings")
    args = p.parse_args(argv)
    if args.seed < 0:
        p.error("--seed must be 0 or more")
    return args


def draw_forward(plt, network, image, path):
    """Save one drawing's trip through the network: input, every stage, the probabilities."""
    outputs = look(network, image)
    shown = stages(network)[:-1]
    fig, axes = plt.subplots(1, len(shown) + 2, figsize=(3 * (len(shown) + 2), 3.4))
    axes[0].imshow(image, cmap="gray")
    axes[0].set_title("input 28x28")
    for ax, i in zip(axes[1:], shown):
        ax.imshow(_mosaic(outputs[i]), cmap="magma")
        shape = outputs[i].shape
        ax.set_title(f"{shape[-1]} maps {shape[0]}x{shape[1]}" if len(shape) == 3 else f"{shape[0]} units")
    axes[-1].barh(range(10), probabilities(outputs), color="tab:orange")
    axes[-1].set(title="softmax", yticks=range(10), xlim=(0, 1))
    axes[-1].invert_yaxis()
    for ax in axes[:-1]:
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def draw_evidence(plt, network, images, labels, path):
    """Save evidence maps: for read-right drawings, the guess's; for a misread one, why and what it lacked."""
    fig, axes = plt.subplots(1, len(images) + 1, figsize=(2.6 * (len(images) + 1), 3))
    for ax, image, label in zip(axes, images[:-1], labels[:-1]):
        guess = int(probabilities(look(network, image)).argmax())
        _diverging(ax, evidence(network, image, [guess])[0], f"drawn {label}: evidence for {guess}")
    image, label = images[-1], labels[-1]
    guess = int(probabilities(look(network, image)).argmax())
    why, gradient = contrast(network, image, guess, label)
    _diverging(axes[-2], why, f"drawn {label}, read {guess}: why {guess}")
    _diverging(axes[-1], -gradient, f"what a {label} needed")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def draw_optimizers(plt, X, y, path, steps=300):
    """Save the loss of SGD with momentum and of Adam, step by step, training the same 784-64-10 network."""
    fig, ax = plt.subplots(figsize=(6, 3.6))
    for name, lr in (("momentum", 0.05), ("adam", 1e-3)):
        network = Network((784, 64, 10), seed=0)
        losses = []
        network.fit(
            X[: 64 * steps],
            y[: 64 * steps],
            epochs=1,
            batch_size=64,
            optimizer=name,
            lr=lr,
            on_batch=lambda done, total, loss, acc, losses=losses: losses.append(loss),
        )
        ax.plot(losses, label=f"{name} (lr {lr:g})")
    ax.set(
        xlabel="mini-batch (64 images)", ylabel="running mean loss", yscale="log", title="Same network, two optimisers"
    )
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def _mosaic(maps):
    """Return feature maps (h, w, c) as one image of tiles, or units (n,) as a near-square grid."""
    if maps.ndim == 1:
        side = int(np.ceil(np.sqrt(len(maps))))
        return np.pad(maps, (0, side * side - len(maps))).reshape(side, side)
    h, w, c = maps.shape
    columns = int(np.ceil(np.sqrt(c)))
    rows = -(-c // columns)
    tiles = np.zeros((rows * columns, h + 1, w + 1))
    tiles[:c, :h, :w] = np.moveaxis(maps, -1, 0)
    return tiles.reshape(rows, columns, h + 1, w + 1).transpose(0, 2, 1, 3).reshape(rows * (h + 1), -1)


def _diverging(ax, values, title):
    """Show values (28, 28) in orange (positive) and blue (negative), zero white."""
    peak = float(np.abs(values).max()) or 1.0
    ax.imshow(values, cmap=ORANGE_BLUE, vmin=-peak, vmax=peak)
    ax.set_title(title, fontsize=9)
    ax.axis("off")


def main(argv=None):
    """Draw the pictures and print one path's numbers; return the exit status."""
    args = parse_args(argv)
    plt = pyplot()
    if plt is None:
        print("error: matplotlib is not installed: pip install -e '.[dev]'", file=sys.stderr)
        return 1
    try:
        network = load_network(SHIPPED_WEIGHTS)
        X, y = mnist_arrays(locate_mnist(args.mnist), "train")
        args.out.mkdir(parents=True, exist_ok=True)
    except (MnistError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    picks = np.random.default_rng(args.seed).permutation(len(X))[:5000]  # misreads are rare: look at many
    predicted = network.predict(X[picks])
    right = [i for i, p in zip(picks, predicted) if p == y[i]][:3]
    wrong = [i for i, p in zip(picks, predicted) if p != y[i]][:1]
    chosen = right + (wrong or right[-1:])
    images = [X[i].reshape(28, 28) for i in chosen]
    written = {
        "forward": args.out / "forward.png",
        "evidence": args.out / "evidence.png",
        "curves": args.out / "curves.png",
        "optimizers": args.out / "optimizers.png",
    }
    draw_forward(plt, network, images[0], written["forward"])
    draw_evidence(plt, network, images, [int(y[i]) for i in chosen], written["evidence"])
    history = read_json(SHIPPED_WEIGHTS.with_suffix(".metrics.json"), {}).get("history", [])
    if history:
        plot_history(history, written["curves"])
    else:
        del written["curves"]
    draw_optimizers(plt, X, y, written["optimizers"])
    print(f"one path to the guess for the first drawing (a {y[chosen[0]]}):", file=sys.stderr)
    for step in strongest_path(network, images[0], int(predicted[list(picks).index(chosen[0])])):
        print("  " + step.equation(), file=sys.stderr)
    print_json({name: str(path) for name, path in written.items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())

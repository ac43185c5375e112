"""Benchmark the learning loop: a simulated new player teaches the network their hand.

    python training/simulate_player.py --strokes ../shared/strokes/pendigits-train.jsonl
        [--weights FILE] [--slant 0.5] [--only-wrong] [--mnist DIR]

The player's drawings are the pen strokes train.py held out (the shipped
network never saw them: whole writers if the file has a writer field),
optionally all slanted the same way to play a player with a distinctive hand.
The first 60% are "played": imported as the game would store them (wrong
guesses as corrections, right ones as confirmations, or --only-wrong). Then
retrain.py runs, and the last 40%, drawn by the same writers but never
imported, are scored: by the starting network (heldout_before); by it with
the memory of the played drawings, as the game reads them before any retrain
(heldout_instant); by the retrained network alone (heldout_after) and with
the memory, as the game reads them after the retrain
(heldout_after_with_memory). The last line of stdout is one JSON object.
"""

import argparse
import contextlib
import io
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

from game.datasets.strokes import StrokeFileError, StrokeSample, read_strokes, write_strokes
from game.model import ModelFileError, load_network
from game.weights_store import WeightsStore
from training import feedback, retrain
from training.data import render_samples, split_strokes, validation_parts
from training.evaluate import player_reader
from training.report import print_json

PLAYED = 0.6


def parse_args(argv=None):
    """Return the command-line options."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--strokes", required=True, help="the stroke file train.py used")
    p.add_argument("--weights", type=Path, help="starting network (default: the shipped one)")
    p.add_argument("--slant", type=float, default=0.0, help="shear every drawing by this slope")
    p.add_argument("--only-wrong", action="store_true", help="import only the drawings read wrong")
    p.add_argument("--mnist", metavar="DIR", help="full MNIST for replay and the gate")
    p.add_argument("--retrain-args", default="", help='extra retrain.py options, e.g. "--epochs 2"')
    return p.parse_args(argv)


def slanted(sample, slope):
    """Return the sample with every point sheared: x += slope * (distance above the baseline)."""
    bottom = max(float(np.max(s[:, 1])) for s in sample.strokes if len(s))
    strokes = tuple(np.column_stack([s[:, 0] + slope * (bottom - s[:, 1]), s[:, 1]]) for s in sample.strokes)
    return StrokeSample(sample.label, strokes, sample.width, sample.height)


def run_quietly(main, argv):
    """Return the JSON last line of a script's main(argv), its other output swallowed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = main(argv)
    if status:
        raise SystemExit(f"{main.__module__} failed with status {status}")
    return json.loads(out.getvalue().strip().splitlines()[-1])


def main(argv=None):
    """Simulate the player; print the figures; return the exit status."""
    args = parse_args(argv)
    try:
        everything = read_strokes(args.strokes)
        if args.weights:
            load_network(args.weights)  # a bad file is reported here, before any work
    except (StrokeFileError, ModelFileError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    held_out = split_strokes(everything, validation_parts(everything)[1])
    samples = [slanted(s, args.slant) if args.slant else s for s in held_out]
    cut = int(len(samples) * PLAYED)
    played, later = samples[:cut], samples[cut:]
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        weights = WeightsStore(data_dir)
        if args.weights:
            weights.promote(load_network(args.weights), {"note": "starting weights of the simulation"})
        network = load_network(weights.active()[1])
        if args.only_wrong:
            X, y, _ = render_samples(played)
            played = [s for s, guess, label in zip(played, network.predict(X), y) if guess != label]
        write_strokes(data_dir / "played.jsonl", played)
        imported = run_quietly(feedback.main, ["import", str(data_dir / "played.jsonl"), "--data-dir", tmp])
        X_later, y_later, _ = render_samples(later)
        accuracy = lambda reader: float((reader.predict_proba(X_later).argmax(axis=1) == y_later).mean())
        later_before, later_instant = accuracy(network), accuracy(player_reader(network, data_dir))
        extra = (["--mnist", args.mnist] if args.mnist else []) + args.retrain_args.split()
        result = run_quietly(retrain.main, ["--data-dir", tmp, *extra])
        retrained = load_network(weights.active()[1])
        later_after, later_game = accuracy(retrained), accuracy(player_reader(retrained, data_dir))
    figures = {
        "played": len(played),
        "corrections": imported["corrections"],
        "confirmations": imported["confirmations"],
        "promoted": result["promoted"],
        "fixed_before": result["fixed_before"],
        "fixed_after": result["fixed_after"],
        "heldout_n": len(later),
        "heldout_before": later_before,
        "heldout_instant": later_instant,
        "heldout_after": later_after,
        "heldout_after_with_memory": later_game,
        "mnist_before": result["mnist_before"],
        "mnist_after": result["mnist_after"],
        "retrain_seconds": result["seconds"],
        "reason": result.get("reason"),
    }
    for name, value in figures.items():
        print(f"{name:>25}: {value:.4f}" if isinstance(value, float) else f"{name:>25}: {value}")
    print_json(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())

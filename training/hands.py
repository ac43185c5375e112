"""The hands the benchmarks play: the drawings of the writers train.py held out whole,
as they wrote them, slanted (a distinctive hand), or with their 4s, 7s, 8s and 9s in styles
of training/conventions.py (a hand the network never saw). Pure NumPy."""

import zlib
from dataclasses import replace

import numpy as np

from game.datasets.strokes import read_strokes
from game.model import load_network
from training import conventions
from training.data import split_strokes, validation_parts


def slanted(sample, slope):
    """Return the sample with every point sheared: x += slope * (distance above the baseline)."""
    bottom = max(float(np.max(s[:, 1])) for s in sample.strokes if len(s))
    strokes = tuple(np.column_stack([s[:, 0] + slope * (bottom - s[:, 1]), s[:, 1]]) for s in sample.strokes)
    return replace(sample, strokes=strokes)


def read_held_out(args):
    """Return the drawings of the writers train.py held out of args.strokes, in file order, once
    args.weights (if any) is known to load; raise StrokeFileError, ModelFileError or OSError."""
    everything = read_strokes(args.strokes)
    if args.weights:
        load_network(args.weights)  # a bad file is reported here, before any work
    return split_strokes(everything, validation_parts(everything)[1])


def writers_hands(held_out, args, only=None):
    """Return {writer: their drawings in file order}, sorted by writer: with args.styled in
    styles (styled_hand), then slanted by args.slant; only: the writers kept (None: all)."""
    hands = {}
    for sample in held_out:
        if sample.writer and (only is None or sample.writer in only):
            hands.setdefault(sample.writer, []).append(sample)
    for writer, drawn in hands.items():
        if args.styled:  # each writer's styles their own, whoever else is played
            drawn = styled_hand(drawn, np.random.default_rng(zlib.crc32(writer.encode())))
        hands[writer] = [slanted(s, args.slant) for s in drawn] if args.slant else drawn
    return dict(sorted(hands.items()))


def styled_hand(samples, rng):
    """Return a writer's samples with their 4s, 7s, 8s and 9s drawn again in one style each
    (a template of training/conventions.py picked for this writer, its points jittered every time)."""
    styles = {4: conventions.STYLE_FOURS, 7: conventions.SEVENS, 8: conventions.EIGHTS, 9: conventions.NINES}
    picked = {}
    for label, ways in styles.items():
        name = rng.choice(list(ways))
        picked[label] = {name: ways[name]}
    redrawn = lambda s: tuple(conventions.from_template(picked[s.label], s.strokes, rng))
    return [replace(s, strokes=redrawn(s)) if s.label in picked else s for s in samples]

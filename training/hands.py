"""The hands the benchmarks play: the drawings of the writers train.py held out whole,
as they wrote them, slanted (a distinctive hand), or with their 4s, 7s, 8s and 9s in styles
of training/conventions.py (a hand the network never saw). Pure NumPy.

A drawing is played as the game's own import takes it: one with nothing drawn is left
out (the import stores nothing of it), and one of huge coordinates (1e308) is played as
the same drawing made smaller, so that slanting or styling it cannot overflow.
"""

import sys
import zlib
from dataclasses import replace

import numpy as np

from game import ink
from game.datasets.pen import writer_order
from game.datasets.strokes import read_strokes
from game.ink import bounding_box
from game.model import load_network
from game.slant import upright
from training import conventions
from training.data import split_strokes, validation_parts


def slanted(sample, slope):
    """Return the sample with every point sheared: x += slope * (distance above the baseline),
    the shear the game undoes (slant.upright by the same slope)."""
    return replace(sample, strokes=tuple(upright(sample.strokes, -slope)))


def drawn(samples):
    """Return the samples with something drawn (as the game's import takes them), each within
    ink.REACH (within_reach); say on stderr how many were left out."""
    kept = [within_reach(s) for s in samples if bounding_box(s.strokes) is not None]
    if len(kept) < len(samples):
        print(f"warning: {len(samples) - len(kept)} drawings have nothing drawn: left out", file=sys.stderr)
    return kept


def within_reach(sample):
    """Return a drawing (something drawn) with its coordinates within ink.REACH (ink.within_reach:
    scaled down exactly if they are not; the network sees the same drawing)."""
    strokes = ink.within_reach(sample.strokes)
    return sample if strokes is sample.strokes else replace(sample, strokes=tuple(strokes))


def hand(samples, slope):
    """Return the drawn samples (see drawn), slanted by slope."""
    return [slanted(s, slope) if slope else s for s in drawn(samples)]


def read_held_out(args):
    """Return the drawings of the writers train.py held out of args.strokes, in file order, once
    args.weights (if any) is known to load; raise StrokeFileError, ModelFileError or OSError."""
    everything = read_strokes(args.strokes)
    if args.weights:
        load_network(args.weights)  # a bad file is reported here, before any work
    return split_strokes(everything, validation_parts(everything)[1])


def writers_hands(held_out, args, only=None):
    """Return {writer: their drawings in file order} (drawn ones), in writer_order: with args.styled in
    styles (styled_hand), then slanted by args.slant; only: the writers kept (None: all)."""
    hands = {}
    for sample in drawn(held_out):
        if sample.writer is not None and (only is None or sample.writer in only):
            hands.setdefault(sample.writer, []).append(sample)
    for writer, samples in hands.items():
        if args.styled:  # each writer's styles their own, whoever else is played; any text is a name
            samples = styled_hand(samples, np.random.default_rng(zlib.crc32(writer.encode("utf-8", "surrogatepass"))))
        hands[writer] = [slanted(s, args.slant) for s in samples] if args.slant else samples
    return {writer: hands[writer] for writer in sorted(hands, key=writer_order)}


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

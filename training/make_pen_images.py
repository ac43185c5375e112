"""Write assets/pendigits.npz: every pen drawing of a stroke file, drawn by the ink pipeline.

    python training/make_pen_images.py --strokes ../shared/strokes/pendigits-train.jsonl

The Playground trains on them (the writers train.py trains on) and scores every
network on the writers held out whole (game/datasets/pen.py), on any computer,
without the stroke file. Drawings with nothing drawn are left out.
"""

import argparse
import sys
from pathlib import Path

import numpy as np

from game.atomic import atomic_write
from game.datasets.pen import PEN_IMAGES, held_out_writers
from game.datasets.strokes import StrokeFileError, read_strokes
from training.data import has_writers, render_samples


def main(argv=None):
    """Build the pen images file; return the exit status."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--strokes", metavar="FILE", required=True, help="a stroke file whose drawings name their writer")
    p.add_argument("--out", type=Path, default=PEN_IMAGES)
    args = p.parse_args(argv)
    try:
        return write_pen_images(args.strokes, args.out)
    except (StrokeFileError, OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def write_pen_images(strokes, out):
    """Render the stroke file's drawings and write them with their labels and writers; return 0."""
    samples = read_strokes(strokes)
    if not has_writers(samples):
        raise StrokeFileError(f"{strokes}: every drawing needs a 'writer' field, to hold writers out whole")
    X, y, drawn = render_samples(samples)
    writers = np.array([s.writer for s in samples])[drawn]
    images = np.round(X[drawn] * 255).astype(np.uint8).reshape(-1, 28, 28)
    with atomic_write(out) as f:
        np.savez_compressed(f, images=images, labels=y[drawn].astype(np.uint8), writers=writers)
    held = held_out_writers(writers)
    print(f"wrote {out}: {len(images)} drawings by {len(set(writers))} writers ({len(held)} held out whole)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

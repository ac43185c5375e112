"""The game's own speed, measured the way the game runs: one BLAS thread, on the screen given.

    python training/game_speed.py [--weights FILE] [--strokes FILE.jsonl] [--seconds 5]
    DISPLAY=:99 python training/game_speed.py    # on an X display (Xvfb :99 &, on a headless machine)

Prints the latency from a drawing's strokes to its probabilities (the ink
pipeline plus a forward pass, per drawing, p50 and p99 in ms), the slowest
reading of the heaviest drawings a canvas keeps (a scribble, 500 strokes), and the share
of one core the game uses while it sits on its title screen with the attract
demo running, on each page (help, high scores, settings, ...), and on a round
with nothing drawn and its clock running (real time, 60 frames a second at
most, a still page resting between events), and which video driver that was: the
real display when there is one (DISPLAY or WAYLAND_DISPLAY), else SDL's
dummy driver. The last line of stdout is one JSON object.
benchmark.py runs this in a process of its own, because the number of BLAS
threads is fixed when NumPy loads.
"""

import os
import sys

from game.threads import use_one_thread

use_one_thread()

import argparse  # noqa: E402  (the imports below load NumPy: one thread first)
import json  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from game.datasets.strokes import StrokeFileError, read_strokes  # noqa: E402
from game.ink import strokes_to_input  # noqa: E402
from game.model import ModelFileError, load_network  # noqa: E402
from game.options import file_to_read  # noqa: E402
from game.paths import ASSETS, SHIPPED_WEIGHTS  # noqa: E402

DRAWINGS = ASSETS / "attract.jsonl"  # ten pen digits that ship with the game
TIMED = 180  # drawings timed (the ten, over and over)


def parse_args(argv=None):
    """Return the command-line options."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--weights", type=file_to_read, default=SHIPPED_WEIGHTS)
    p.add_argument(
        "--strokes",
        type=file_to_read,
        default=DRAWINGS,
        help="drawings to time (default: the attract demo's ten pen digits)",
    )
    p.add_argument("--seconds", type=float, default=5.0, help="how long to watch the title screen")
    args = p.parse_args(argv)
    if not 0 < args.seconds <= 3600:  # also refuses nan
        p.error("--seconds must be a number of seconds from 0 to 3600, e.g. 5")
    return args


def prediction_latency(network, samples):
    """Return p50/p99 milliseconds from strokes to probabilities (ink + forward), one drawing at a time,
    over TIMED readings (the samples, over and over)."""
    times = []
    for _ in range(-(-TIMED // max(len(samples), 1))):
        for sample in samples:
            start = time.perf_counter()
            network.predict_proba(strokes_to_input(sample.strokes))
            times.append(time.perf_counter() - start)
    ms = np.array(times) * 1000
    return {
        "predict_ms_p50": float(np.percentile(ms, 50)),
        "predict_ms_p99": float(np.percentile(ms, 99)),
        "predict_samples": len(ms),
    }


def heavy_drawings(seed=0):
    """Return drawings no hand makes, the most ink a canvas keeps (ink.MAX_POINTS, MAX_STROKES):
    a 2,000-point scribble, 500 dashes, 500 long bars, 250 crossing lines (canvas pixels)."""
    rng = np.random.default_rng(seed)
    return {
        "scribble": [rng.uniform(0, 400, (2000, 2)).tolist()],
        "dashes": [[(x, y), (x + 3, y + 1), (x + 5, y + 2), (x + 6, y + 3)] for x, y in rng.uniform(0, 400, (500, 2))],
        "bars": [[(i * 0.8, 0), (i * 0.8, 100), (i * 0.8 + 0.1, 200), (i * 0.8, 300)] for i in range(500)],
        "crossing": [[(a, b), (c, d)] for a, b, c, d in rng.uniform(0, 400, (250, 4))],
    }


def heavy_read_ms(weights, repeats=5):
    """Return the slowest reading of a heavy drawing (as a digit, and as a number in math),
    in ms: what one frame may have to spend on reading, at worst."""
    from game.recognizer import Recognizer

    recognizer, slowest = Recognizer.load(weights), 0.0
    for strokes in heavy_drawings().values():
        for read in (recognizer.read, recognizer.read_number):
            for _ in range(repeats):
                start = time.perf_counter()
                read(strokes)
                slowest = max(slowest, (time.perf_counter() - start) * 1000)
    return {"heavy_read_ms_max": slowest}


def idle_cpu(weights, seconds):
    """Return the percent of one core the game uses, for `seconds` of real time each, on its
    title screen (the attract demo moving), on each page opened from it, and on a round of
    Time Attack with nothing drawn (its clock running), without the X-ray and with it, and the
    video driver SDL used."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")  # no screen: measure without one
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from game.app import App
    from game.options import Options
    from game.scenes.flow import PAGES

    with tempfile.TemporaryDirectory() as data_dir:
        app = App(Options(Path(data_dir), weights=weights, mode="time"))
        figures = {"title_idle_cpu_percent": _cpu_while(app, seconds, settle=30)}
        title = app.scene
        for page in PAGES:
            title.finish("page", page=page)
            app.step()  # the page opens
            figures[f"{page}_idle_cpu_percent"] = _cpu_while(app, seconds, settle=30)
            app.scene.finish("back")
            app.step()
        title.finish("play")
        figures["round_idle_cpu_percent"] = _cpu_while(app, seconds, settle=90)  # past the 3-2-1 countdown
        app.toggle_xray()
        figures["xray_round_idle_cpu_percent"] = _cpu_while(app, seconds, settle=30)
        figures["video_driver"] = app.video_driver
        app.close()
    return figures


def _cpu_while(app, seconds, settle):
    """Return the percent of one core the app uses running `seconds` of real time, after
    `settle` frames."""
    for _ in range(settle):
        app.step()
    wall, cpu = time.perf_counter(), time.process_time()
    while time.perf_counter() - wall < seconds:
        app.step()
    return 100 * (time.process_time() - cpu) / seconds


def main(argv=None):
    """Measure and print; return the exit status."""
    args = parse_args(argv)
    try:
        network, samples = load_network(args.weights), read_strokes(args.strokes)
    except (ModelFileError, StrokeFileError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if not samples:
        print(f"error: {args.strokes} holds no drawings to time", file=sys.stderr)
        return 1
    figures = prediction_latency(network, samples)
    figures.update(heavy_read_ms(args.weights))
    figures.update(idle_cpu(args.weights, args.seconds))
    for name, value in figures.items():
        print(f"{name:>24}: {value:.4g}" if isinstance(value, float) else f"{name:>24}: {value}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())

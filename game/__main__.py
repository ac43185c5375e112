"""Start Digit Dash: `python -m game` (or the `digit-dash` command)."""

import argparse
import json
import os
import sys

from .threads import use_one_thread

use_one_thread()  # before NumPy loads: the game's matrix products are small
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # for `digit-dash` too, not only `python -m game`

import numpy as np  # noqa: E402  (must come after use_one_thread)

from .modes import MODES, ROUNDS  # noqa: E402
from .options import count, file_to_read, folder, number, seed  # noqa: E402
from .paths import default_data_dir  # noqa: E402

MAX_ROUNDS = 1000  # rounds of a game: three hours of the classic one
SPEEDS = (0.1, 1000.0)  # autoplay's speeds: the clock ticks at 6 to 60,000 frames a second


def parse_args(argv=None):
    """Return the command-line options."""
    p = argparse.ArgumentParser(
        prog="digit-dash",
        description="Draw the digit; a from-scratch NumPy network judges it "
        "and learns your handwriting from your corrections.",
    )
    p.add_argument(
        "--data-dir",
        type=folder,
        default=default_data_dir(),
        help="where your corrections, scores, settings and weights live (default: %(default)s)",
    )
    p.add_argument("--player", help="play as this player (a new name makes a new player); default: who played last")
    p.add_argument("--weights", type=file_to_read, help="play with this weights file instead")
    p.add_argument("--network", metavar="NAME", help="play with this network kept from the Playground (see its list)")
    p.add_argument("--rounds", type=count(1, MAX_ROUNDS), default=ROUNDS, help="rounds per game (default: %(default)s)")
    p.add_argument("--size", help="window size WxH (default: the size it had last time, first 1180x760)")
    p.add_argument("--seed", type=seed, help="make the random targets repeatable")
    p.add_argument(
        "--autoplay",
        type=file_to_read,
        metavar="FILE.jsonl",
        help="play by replaying the drawings of a stroke file; print a JSON summary",
    )
    p.add_argument(
        "--speed",
        type=number(*SPEEDS, off=0.0),
        default=1.0,
        help="autoplay: game speed, 1 = real time, 4 = four times faster (0.1 to 1000), 0 = flat out",
    )
    p.add_argument(
        "--mode",
        choices=list(MODES),
        help="the game mode: "
        + ", ".join(f"{m.name} ({m.blurb[0].lower() + m.blurb[1:]})" for m in MODES.values())
        + "; default: the one last chosen",
    )
    p.add_argument("--xray", action="store_true", help="start with the X-ray on: watch the network think")
    args = p.parse_args(argv)
    if args.network is not None and args.weights is not None:
        p.error("--network and --weights each choose the network to play with: give one of them")
    if args.size is not None:
        args.size = parse_size(args.size)
        if args.size is None:
            p.error("--size must look like 1180x760 (two positive whole numbers)")
    return args


def parse_size(text):
    """Return (width, height) from "WxH", or None if text is not two positive whole numbers."""
    parts = text.lower().split("x")
    if len(parts) != 2 or not all(part.strip().isdigit() for part in parts):
        return None
    size = tuple(int(part) for part in parts)
    return size if min(size) > 0 else None


def main(argv=None):
    """Run the game; return the exit status."""
    args = parse_args(argv)
    from .app import App
    from .datasets.strokes import StrokeFileError, read_strokes
    from .model import ModelFileError
    from .options import Options
    from .players import PlayerError
    from .playground.saved import SavedNetworkError
    from .window import NoDisplayError

    autoplayer = None
    if args.autoplay:
        from .autoplay import Autoplayer

        try:
            samples = read_strokes(args.autoplay)
        except (OSError, StrokeFileError) as error:
            print(f"error: cannot autoplay: {error}", file=sys.stderr)
            return 2
        if len(samples) < args.rounds:
            print(
                f"error: {args.autoplay} has {len(samples)} drawings, fewer than --rounds {args.rounds}",
                file=sys.stderr,
            )
            return 2
        autoplayer = Autoplayer(samples)  # in order; math writes its answers with their digits
    options = Options(
        args.data_dir,
        args.weights,
        args.rounds,
        args.size,
        autoplayer,
        args.seed,
        virtual_time=autoplayer is not None,
        speed=args.speed,
        xray=args.xray,
        mode=args.mode,
        player=args.player,
        network=args.network,
    )
    try:
        app = App(options)
    except ModelFileError as error:
        hint = "" if args.network else "\nReinstall the game or pass --weights FILE."
        print(f"error: {error}{hint}", file=sys.stderr)
        return 1
    except (NoDisplayError, PlayerError, SavedNetworkError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    rescue = app.run()
    if rescue:
        print(f"warning: some drawings could not be saved to the database; they are in {rescue}", file=sys.stderr)
    if autoplayer:
        print(json.dumps(autoplay_summary(app)))
    if autoplayer and autoplayer.stopped:
        print(f"error: {args.autoplay}: {autoplayer.stopped}", file=sys.stderr)
        return 1
    return 0


def autoplay_summary(app):
    """Return the autoplay figures: rounds, score, network hits, stored feedback, timings."""
    rounds = app.games.rounds
    frame, predict = np.array(app.stats.frame_ms), np.array(app.stats.predict_ms)
    return {
        "mode": app.games.mode.name,
        "player": app.players.current,
        "rounds": len(rounds),
        "score": sum(r.score.points for r in rounds),
        "correct": sum(r.score.hit for r in rounds),
        "corrections": sum(r.corrected and r.saved for r in rounds),
        "confirmations": sum((not r.corrected) and r.saved for r in rounds),
        "unsaved": sum(r.label is not None and not r.saved for r in rounds),
        "frames": len(frame),
        "frame_ms_p50": float(np.percentile(frame, 50)) if len(frame) else None,
        "frame_ms_p99": float(np.percentile(frame, 99)) if len(frame) else None,
        "frame_ms_max": float(frame.max()) if len(frame) else None,
        "predictions": len(predict),
        "predict_ms_p50": float(np.percentile(predict, 50)) if len(predict) else None,
        "predict_ms_p99": float(np.percentile(predict, 99)) if len(predict) else None,
        "weights_version": app.profile.recognizer.version,
        "network": app.profile.network_name,
        "video_driver": app.video_driver,
        "learned": _learned(app.learning.last),
    }


def _learned(session):
    """Return what the learning session after the game did (a SessionResult; None if there was none)."""
    if session is None:
        return None
    keys = ("promoted", "version", "new", "fixed_before", "fixed_after", "mnist_after", "seconds", "reason", "error")
    figures = session.to_dict()
    return {key: figures[key] for key in keys if key in figures}


if __name__ == "__main__":
    sys.exit(main())

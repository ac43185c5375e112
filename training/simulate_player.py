"""Benchmark the learning loop: a simulated new player teaches the network their hand.

    python training/simulate_player.py --strokes ../shared/strokes/pendigits-train.jsonl
        [--weights FILE] [--slant 0.5] [--only-wrong] [--mnist DIR] [--each-writer [--styled]]

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
(heldout_after_with_memory).

Then the real game autoplays one 100-round game of the first played drawings
from a fresh data dir: game_second_half_as_played is the share of its second
half the game read right (its memory learning from the first half, as for a
player), game_second_half_starting_network what the network alone reads.
Last, two learning sessions are timed: consolidate_10_new_seconds (10 new
drawings on top of 1,000 learned) and consolidate_corrections_seconds (1,000
corrections at once). And the game's frames, played in real time: with
nothing to learn (game_frame_ms_p99_idle) and while it learns those 1,000
corrections in the background (game_frame_ms_p99_while_learning). The last
line of stdout is one JSON object.

With --each-writer, every held-out writer is a player of their own instead:
the first half of their drawings (or the first --played) is played and learned
in one session, from a fresh data dir, and the misreadings of the rest are
counted before, at once (the memory), after the session, and after it with the
memory. The JSON gives the totals, each writer's counts, the mean change of the
error of the HARD writers (those with the most corrections in what they
played), and memory_harm: the drawings the network alone read right that its
memory made wrong (before the session and after it).
With --styled, every writer writes 4, 7, 8 and 9 in one of the styles of
training/conventions.py (one per writer and digit, jittered each time): a hand
the network trained without --styles has never seen (--slant slants it too).
"""

import argparse
import contextlib
import io
import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from game.datasets.strokes import StrokeFileError, write_strokes
from game.feedback import FeedbackStore
from game.learning import __main__ as learning
from game.learning import session
from game.model import ModelFileError, load_network
from game.options import count, file_to_read, named, number
from game.paths import SHIPPED_WEIGHTS
from game.players import folder_of
from game.profile import PlayerFiles
from game.slant import slant_of
from game.weights_store import WeightsStore
from training import feedback, retrain
from training.data import render_samples
from training.evaluate import player_reader
from training.hands import hand, read_held_out, slanted, writers_hands
from training.report import print_json, shown

PLAYED = 0.6
HARD = 6  # --each-writer: the writers with the most corrections, whose error change is averaged
GAME_ROUNDS = 100  # the autoplayed game: the first played drawings
CORRECTIONS = 1000  # the big consolidation: this many corrections at once
FRAME_ROUNDS = 15  # rounds played in real time, with and without a session in the background
ROOT = Path(__file__).resolve().parents[1]
SIMULATION_CHOOSES = ("data_dir", "player", "player_dir", "network", "rollback", "reset")  # not --retrain-args'


def parse_args(argv=None):
    """Return the command-line options."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--strokes", type=named, required=True, help="the stroke file train.py used")
    p.add_argument("--weights", type=file_to_read, help="starting network (default: the shipped one)")
    p.add_argument("--slant", type=number(-3, 3), default=0.0, help="shear every drawing by this slope, -3 to 3")
    p.add_argument("--only-wrong", action="store_true", help="import only the drawings read wrong")
    p.add_argument("--mnist", type=named, metavar="DIR", help="full MNIST for replay and the gate")
    p.add_argument(
        "--retrain-args", default="", help='extra options of each learning session (retrain.py\'s), e.g. "--epochs 2"'
    )
    p.add_argument("--each-writer", action="store_true", help="one player per held-out writer (see above)")
    p.add_argument("--styled", action="store_true", help="with --each-writer: 4, 7, 8 and 9 in styles (see above)")
    p.add_argument(
        "--played",
        type=count(1, 100_000),
        metavar="N",
        help="with --each-writer: each writer's first N drawings are played (default: half of them; 25: a game's)",
    )
    args = p.parse_args(argv)
    if (args.styled or args.played is not None) and not args.each_writer:
        p.error(f"{'--styled' if args.styled else '--played'} is about each writer's hand: it goes with --each-writer")
    args.retrain_args = session_options(p, args.retrain_args)
    return args


def session_options(p, text):
    """Return the learning session options in text (a list), once a session takes them. End the
    command line p in one line (exit status 2) if it would not, or if they name what the
    simulation chooses (SIMULATION_CHOOSES: whose data, which line) or ask for no session."""
    try:
        options = shlex.split(text)
    except ValueError as error:  # an unclosed quote
        p.error(f"--retrain-args: {error}")
    session_parser = learning.parser(prog="--retrain-args")
    told = io.StringIO()
    try:
        with contextlib.redirect_stderr(told):
            given = session_parser.parse_args(options)
            learning.check_ranges(session_parser, given)
    except SystemExit:
        p.error(told.getvalue().strip().splitlines()[-1].replace("--retrain-args: error: ", "--retrain-args: "))
    for name in SIMULATION_CHOOSES:
        if getattr(given, name) not in (None, False):
            option = "--" + name.replace("_", "-")
            p.error(f"--retrain-args cannot hold {option}: the simulation chooses whose data, and runs sessions")
    return options


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
        held_out = read_held_out(args)
    except (StrokeFileError, ModelFileError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.each_writer:
        hands = writers_hands(held_out, args)
        if not hands:
            print("error: --each-writer needs a stroke file whose drawings say who wrote them", file=sys.stderr)
            return 1
        print_json(each_writer(hands, args))
        return 0
    samples = hand(held_out, args.slant)
    cut = int(len(samples) * PLAYED)
    played, later = samples[:cut], samples[cut:]
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        weights = start_from(data_dir, args.weights)
        network = load_network(weights.active()[1])
        if args.only_wrong:
            X, y, _ = render_samples(played)
            played = [s for s, guess, label in zip(played, network.predict(X), y) if guess != label]
        imported = store_as_feedback(data_dir, "played", played)
        y_later = np.array([s.label for s in later])
        accuracy = lambda network: [float((read == y_later).mean()) for read in as_the_game(network, later, data_dir)]
        later_before, later_instant = accuracy(network)
        extra = (["--mnist", args.mnist] if args.mnist else []) + args.retrain_args
        result = run_quietly(retrain.main, ["--data-dir", tmp, *extra])
        retrained = load_network(weights.active()[1])
        later_after, later_game = accuracy(retrained)
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
    figures.update(autoplayed_game(samples[:GAME_ROUNDS], args.weights))
    figures.update(consolidation_times(held_out, later, args))
    for name, value in figures.items():
        print(f"{name:>34}: {value:.4f}" if isinstance(value, float) else f"{name:>34}: {value}")
    print_json(figures)
    return 0


def each_writer(hands, args):
    """Return the figures of one learning session per held-out writer, hands {writer: drawings}
    (see --each-writer)."""
    rows = {writer: one_writer(samples, args) for writer, samples in hands.items()}
    for writer, row in rows.items():
        print(f"{shown(writer)}: " + ", ".join(f"{k} {v}" for k, v in row.items()))
    hard = sorted(rows, key=lambda w: rows[w]["corrections"], reverse=True)[:HARD]
    figures = {"writers": len(rows), "scored": sum(r["scored"] for r in rows.values())}
    for key in ("before", "instant", "after", "after_with_memory", "memory_harm"):
        figures[f"errors_{key}" if key != "memory_harm" else key] = sum(r[key] for r in rows.values())
    for key in ("instant", "after", "after_with_memory"):
        changes = [rows[w][key] / rows[w]["before"] - 1 for w in hard if rows[w]["before"]]
        figures[f"hard_error_change_{key}"] = float(np.mean(changes)) if changes else None
    figures.update(
        hard_writers=hard,
        deeper_sessions=sum(r["trained"] not in (None, session.TRAINED["head"]) for r in rows.values()),
        session_seconds_max=max(r["seconds"] for r in rows.values()),
        per_writer=rows,
    )
    return figures


def one_writer(samples, args):
    """Return one writer's figures: their first drawings (args.played, else half) played and
    learned in one session, the misreadings of the rest counted before and after, and what
    the memory did to them (see --each-writer)."""
    cut = args.played or len(samples) // 2
    played, later = samples[:cut], samples[cut:]
    y = np.array([s.label for s in later])
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        weights = start_from(tmp, args.weights)
        network = load_network(weights.active()[1])
        imported = store_as_feedback(tmp, "played", played)
        alone, instant = as_the_game(network, later, tmp)
        extra = (["--mnist", args.mnist] if args.mnist else []) + args.retrain_args
        result = run_quietly(retrain.main, ["--data-dir", folder, *extra])
        retrained = load_network(weights.active()[1])
        after, with_memory = as_the_game(retrained, later, tmp)
        return {
            "corrections": imported["corrections"],
            "scored": len(y),
            "before": int((alone != y).sum()),
            "instant": int((instant != y).sum()),
            "after": int((after != y).sum()),
            "after_with_memory": int((with_memory != y).sum()),
            "memory_harm": memory_effect(alone, instant, y)[0] + memory_effect(after, with_memory, y)[0],
            "promoted": result["promoted"],
            "trained": result.get("trained"),
            "seconds": result["seconds"],
        }


def as_the_game(network, samples, data_dir):
    """Return (alone (n,), with_memory (n,)): the digits the network reads samples as, as the game
    reads a player's drawings (stood upright by the slant of its weights), without and with the
    memory of the drawings stored in data_dir's player's folder."""
    X, _, _ = render_samples(samples, slant_of(network.metadata))
    memory = player_reader(network, folder_of(data_dir))
    return network.predict(X), memory.predict_proba(X).argmax(axis=1)


def memory_effect(alone, read, labels):
    """Return (harm, gain): of drawings the network alone read as `alone` (n,) and the game,
    its memory voting, as `read` (n,), how many the memory made wrong that the network read
    right, and how many it made right that the network read wrong; labels (n,)."""
    alone, read, labels = np.asarray(alone), np.asarray(read), np.asarray(labels)
    return int(((alone == labels) & (read != labels)).sum()), int(((alone != labels) & (read == labels)).sum())


def autoplayed_game(samples, weights=None):
    """Return how one autoplayed game of these drawings went, played by the real game in a
    child process from a fresh data dir: the second half's share read right by the game
    (its memory learning from the first half) and by the starting network alone."""
    summary, rounds = autoplay(samples, [], weights=weights)
    second = rounds[len(rounds) // 2 :]
    images = np.stack([r.image.reshape(-1) for r in second])
    starting = load_network(weights or SHIPPED_WEIGHTS).predict(images)
    labels = np.array([r.label for r in second])
    return {
        "game_rounds": len(rounds),
        "game_second_half_starting_network": float((starting == labels).mean()),
        "game_second_half_as_played": float(np.mean([r.predicted == r.label for r in second])),
        "game_frame_ms_p99": summary["frame_ms_p99"],
    }


def start_from(data_dir, weights=None):
    """Return the WeightsStore of data_dir's player, its active version the weights file given (if any)."""
    store = WeightsStore(PlayerFiles(folder_of(data_dir)).weights)
    if weights:
        store.promote(load_network(weights), {"note": "starting weights of the simulation"})
    return store


def store_as_feedback(data_dir, name, samples):
    """Import stroke samples into data_dir as the game would store them; return feedback.py's JSON."""
    path = Path(data_dir) / f"{name}.jsonl"
    write_strokes(path, samples)
    return run_quietly(feedback.main, ["import", str(path), "--data-dir", str(data_dir)])


def autoplay(samples, stored, speed=0, weights=None):
    """Return (the JSON summary, the stored records) of one game of `samples` autoplayed by the
    real game in a child process, from a fresh data dir where the drawings `stored` wait to be
    learned (so the game learns them in the background while it plays, as after a player's
    title screen). speed 1 is real time, 60 frames a second; 0 is flat out."""
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        start_from(data_dir, weights)
        if stored:
            store_as_feedback(data_dir, "stored", stored)
        return play_game(data_dir, samples, speed)


def play_game(data_dir, samples, speed=0):
    """Return (the JSON summary, the records of its rounds) of one game of `samples` autoplayed
    by the real game in a child process, in data_dir as it is (its weights, its memory); the
    game ends after the session it starts on what was played, as a player's does."""
    files = PlayerFiles(folder_of(data_dir))
    with FeedbackStore(files.feedback) as store:
        before = len(store.records()[0])
    write_strokes(data_dir / "game.jsonl", samples)
    command = [sys.executable, "-m", "game", "--autoplay", str(data_dir / "game.jsonl"), "--rounds"]
    command += [str(len(samples)), "--data-dir", str(data_dir), "--speed", str(speed)]
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=1800)
    if done.returncode:
        raise SystemExit(f"the autoplayed game failed: {done.stderr.strip().splitlines()[-1:]}")
    with FeedbackStore(files.feedback) as store:
        rounds = store.records()[0][before:]
    return json.loads(done.stdout.strip().splitlines()[-1]), rounds


def consolidation_times(held_out, later, args):
    """Return the seconds of two learning sessions: 10 new drawings on top of a player's
    stored ones (all learned), and 1,000 corrections at once. The corrections are real
    misreadings: held-out drawings slanted more and more until the network reads them wrong."""
    network = load_network(args.weights or SHIPPED_WEIGHTS)
    misread = []
    for slope in (1.2, -1.2, 1.6, -1.6, 2.0, -2.0, 2.4, -2.4):
        drawings = hand(held_out, slope)
        X, y, _ = render_samples(drawings)
        misread += [d for d, guess, label in zip(drawings, network.predict(X), y) if guess != label]
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        start_from(data_dir, args.weights)
        imported = store_as_feedback(data_dir, "misread", misread[:CORRECTIONS])
        result = run_quietly(retrain.main, ["--data-dir", tmp])
        times.update(consolidate_corrections=imported["corrections"], consolidate_corrections_seconds=result["seconds"])
        store_as_feedback(data_dir, "ten", [slanted(s, 0.3) for s in later[:10]])
        result = run_quietly(retrain.main, ["--data-dir", tmp])
        times.update(consolidate_10_new=result["new"], consolidate_10_new_seconds=result["seconds"])
    game = later[:FRAME_ROUNDS]
    times["game_frame_ms_p99_idle"] = autoplay(game, [], speed=1, weights=args.weights)[0]["frame_ms_p99"]
    summary, _ = autoplay(game, misread[:CORRECTIONS], speed=1, weights=args.weights)
    times.update(game_frame_ms_p99_while_learning=summary["frame_ms_p99"], game_learned=summary["learned"])
    return times


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: how many games until the game has learned a new player's hand.

    python training/games_to_learn.py --strokes ../shared/strokes/pendigits-train.jsonl
        [--weights FILE] [--games 8] [--rounds 10] [--slant 1.0 | --styled] [--writers pd02,pd19]

Each writer train.py held out whole is a new player: their drawings, in the
file's order, are played by the real game (autoplay, a child process per
game, every misreading corrected) in games of --rounds, one after the other
in the same data dir (each writer as many games as the fewest drawings
allow), so the game learns them as it would a player's: its memory at once,
and a learning session after every game. Misreads per game are counted for
each writer, and "settled" is the first game from which no game misreads more
than the writer's floor (the mean of their last half of games, rounded up).
--slant and --styled make the hands as simulate_player.py's do.

The last line of stdout is one JSON object: per writer the misreads of every
game, those of the starting network alone on the same drawings (unlearned),
and the game it settled at; over all writers, the misreads of each game
summed (and unlearned), the game that sum settles at, and the mean and worst
game of settling of the writers each (a few misreads a game make those noisy). And
what the instant memory did, game by game: memory_harm, the drawings the network the
game played with read right alone and the game (its memory voting) read wrong;
memory_gain, the other way round.
"""

import argparse
import math
import sys
import tempfile
from pathlib import Path

import numpy as np

from game.datasets.strokes import StrokeFileError
from game.model import ModelFileError, load_network
from game.options import count, file_to_read, named, number
from training.data import render_samples
from training.hands import read_held_out, writers_hands
from training.report import print_json, shown
from training.simulate_player import memory_effect, play_game, start_from


def parse_args(argv=None):
    """Return the command-line options."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument(
        "--strokes", type=named, required=True, help="the stroke file train.py used (its drawings say who wrote them)"
    )
    p.add_argument("--weights", type=file_to_read, help="starting network (default: the shipped one)")
    p.add_argument("--games", type=count(2, 1000), default=8, help="games each writer plays, 2 to 1,000 (default: 8)")
    p.add_argument("--rounds", type=count(1, 1000), default=10, help="rounds a game, 1 to 1,000 (default: 10)")
    p.add_argument("--slant", type=number(-3, 3), default=0.0, help="shear every drawing by this slope, -3 to 3")
    p.add_argument("--styled", action="store_true", help="4, 7, 8 and 9 in one style per writer (simulate_player)")
    p.add_argument("--writers", help="only these held-out writers, comma-separated")
    return p.parse_args(argv)


def settled_at(misreads):
    """Return the first game (1-based) from which no game of misreads (list, one count a game)
    misreads more than the floor, the mean of the last half of the games rounded up; one more
    than the games played if the last one still does."""
    floor = math.ceil(np.mean(misreads[len(misreads) // 2 :]) - 1e-9)
    above = [i for i, count in enumerate(misreads) if count > floor]
    return (above[-1] + 2) if above else 1


def play_writer(samples, games, args):
    """Return {"misreads", "unlearned", "memory_harm", "memory_gain"}: per game of one writer's
    `games`, from a fresh data dir, the drawings the game read wrong, those the starting network
    alone reads wrong, and those its memory turned from right to wrong and from wrong to right
    (memory_effect)."""
    figures = {"misreads": [], "unlearned": [], "memory_harm": [], "memory_gain": []}
    with tempfile.TemporaryDirectory() as folder:
        weights = start_from(Path(folder), args.weights)
        starting = load_network(weights.active()[1])
        for game in range(games):
            playing = load_network(weights.active()[1])  # the game switches weights between games only
            _, rounds = play_game(Path(folder), samples[game * args.rounds : (game + 1) * args.rounds])
            labels = np.array([r.label for r in rounds])
            images = np.stack([r.image.ravel() for r in rounds])
            figures["misreads"].append(sum(r.predicted != r.label for r in rounds))
            as_drawn = render_samples(rounds)[0]  # the game saw them stood upright by a slant it learned
            figures["unlearned"].append(int((starting.predict(as_drawn) != labels).sum()))
            harm, gain = memory_effect(playing.predict(images), [r.predicted for r in rounds], labels)
            figures["memory_harm"].append(harm)
            figures["memory_gain"].append(gain)
    return figures


def main(argv=None):
    """Play every held-out writer's games; print the figures; return the exit status."""
    args = parse_args(argv)
    try:
        hands = writers_hands(read_held_out(args), args, args.writers and args.writers.split(","))
    except (StrokeFileError, ModelFileError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if not hands:
        print(f"error: no writer to play: {args.writers or 'the file does not say who wrote what'}", file=sys.stderr)
        return 1
    games = min(args.games, *(len(drawn) // args.rounds for drawn in hands.values()))
    if games < 2:
        fewest = min(len(drawn) for drawn in hands.values())
        print(
            f"error: a held-out writer has {fewest} drawings: too few for 2 games; try fewer --rounds", file=sys.stderr
        )
        return 1
    writers = {}
    for writer, samples in hands.items():
        figures = play_writer(samples, games, args)
        writers[writer] = {**figures, "settled_at": settled_at(figures["misreads"])}
        print(
            f"{shown(writer)}: misreads per game {figures['misreads']} (unlearned {figures['unlearned']}), "
            f"settled at game {writers[writer]['settled_at']}; the memory made {sum(figures['memory_harm'])} "
            f"wrong that the network read right, {sum(figures['memory_gain'])} right that it read wrong"
        )
    summed = lambda key: np.sum([w[key] for w in writers.values()], axis=0).tolist()
    settled = [w["settled_at"] for w in writers.values()]
    print_json(
        {
            "writers": len(writers),
            "rounds_per_game": args.rounds,
            "misreads_per_game": summed("misreads"),
            "unlearned_per_game": summed("unlearned"),
            "settled_at_all": settled_at(summed("misreads")),
            "settled_at_mean": float(np.mean(settled)),
            "settled_at_max": max(settled),
            "memory_harm_per_game": summed("memory_harm"),
            "memory_gain_per_game": summed("memory_gain"),
            "per_writer": writers,
        }
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

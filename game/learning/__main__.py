"""Consolidate what the game learned into new weights: `python -m game.learning`.

    python -m game.learning [--data-dir DIR] [--mnist DIR] [--force]
    python -m game.learning --rollback        # back to the previous version
    python -m game.learning --reset           # back to the shipped weights

training/retrain.py is the same command with a progress bar; the game runs
it in the background (--background --player-dir DIR) between games. The last line of stdout
is one JSON object (see game/learning/result.py for what it means).
"""

import argparse
import json
import sqlite3
import sys

from ..datasets.mnist import MnistError
from ..model import ModelFileError
from ..options import count, folder, named, seed
from ..paths import default_data_dir
from ..players import add_player_option, data_dir_of
from ..profile import PlayerFiles, scratch
from ..threads import SESSION_NICENESS, lower_priority
from ..weights_store import WeightsLockedError
from .session import DEEPER_AFTER, DEEPER_FITS, DEEPER_NEW_AT_MOST, SessionOptions, consolidate, switch_version

DEEPER_HELP = (
    f"also fine-tune the last convolution block: auto (default) when a correction is among at most "
    f"{DEEPER_FITS} new drawings (a game's), or a digit is corrected again after {DEEPER_AFTER} "
    f"corrections of it were learned (among at most {DEEPER_NEW_AT_MOST}); the head alone if the gate "
    f"refuses that; always; never (the dense head alone)"
)

EPOCHS = (1, 100)  # a session's passes over its images (3 by default)
VARIANTS = (0, 100)  # distorted copies of each new correction (24 by default)


def parser(prog=None):
    """Return the command line's ArgumentParser (parse_args checks what it parsed)."""
    defaults = SessionOptions()
    p = argparse.ArgumentParser(prog=prog, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", type=folder, help=f"the game's data dir (default: {default_data_dir()})")
    add_player_option(p)
    p.add_argument(
        "--player-dir",
        type=folder,
        metavar="DIR",
        help="learn in exactly this player's folder, whoever plays now (the game passes it; "
        "instead of --data-dir and --player)",
    )
    p.add_argument(
        "--mnist", type=named, metavar="DIR", help="use full MNIST for replay and the gate (else the shipped slice)"
    )
    p.add_argument("--epochs", type=count(*EPOCHS), default=defaults.epochs, help="passes over the images (1 to 100)")
    p.add_argument("--lr", type=float, default=defaults.lr)
    p.add_argument(
        "--variants",
        type=count(*VARIANTS),
        default=defaults.variants,
        help="distorted copies of each new correction (0 to 100)",
    )
    p.add_argument(
        "--replay-ratio",
        type=float,
        default=defaults.replay_ratio,
        help="replayed MNIST images per feedback image (at least 6,000 in all; 2,000 when convolutions train)",
    )
    p.add_argument("--seed", type=seed, default=defaults.seed)
    p.add_argument(
        "--whole-network",
        action="store_true",
        help="fine-tune every layer, convolutions included (slower; --deeper is then moot); by default "
        "a convolutional network learns in its dense head, on features computed once (see --deeper)",
    )
    p.add_argument(
        "--deeper",
        choices=("auto", "always", "never"),
        default=defaults.deeper,
        help=DEEPER_HELP,
    )
    p.add_argument(
        "--network",
        metavar="NAME",
        help="learn into the line of this network kept from the Playground, by its exact name "
        "(python -m game.playground list names them); its gate's floor is its own MNIST accuracy",
    )
    p.add_argument("--force", action="store_true", help="promote even if the gate says no")
    p.add_argument("--background", action="store_true", help="run just under the game's priority (the game uses this)")
    action = p.add_mutually_exclusive_group()
    action.add_argument("--rollback", action="store_true", help="make the previous version active")
    action.add_argument("--reset", action="store_true", help="play with the shipped weights again")
    return p


def parse_args(argv=None, prog=None):
    """Return the command-line options, checked; args.data_dir is the player's folder."""
    p = parser(prog)
    args = p.parse_args(argv)
    check_ranges(p, args)
    if args.player_dir is not None:
        if args.data_dir is not None or args.player is not None:
            given = "--data-dir" if args.data_dir is not None else "--player"
            p.error(f"--player-dir names the player's folder itself: give it without {given}")
        if all(scratch(path) for path in PlayerFiles(args.player_dir).made()):  # a system folder, say
            p.error(f"--player-dir {args.player_dir} holds no player's files: nothing to learn there, nothing written")
    args.data_dir = args.player_dir or data_dir_of(p, args.data_dir or default_data_dir(), args.player)
    if args.network is not None and not PlayerFiles(args.data_dir).network(args.network).is_file():
        p.error(f"there is no network named {args.network!r} in {PlayerFiles(args.data_dir).networks}")
    return args


def check_ranges(p, args):
    """End the command line p in one line (exit status 2) if a rate of args is out of its range (counts are typed)."""
    if not (0 < args.lr < 1):  # also refuses nan
        p.error("--lr must be a number between 0 and 1, e.g. 2e-4")
    if not (0 <= args.replay_ratio < 1000):
        p.error("--replay-ratio must be a number from 0 to 1000")


def main(argv=None, progress=None, prog=None):
    """Run the requested action; return the exit status.

    progress : a ProgressBar-like object with update(done, total, **figures), or None.
    """
    args = parse_args(argv, prog)
    if args.background:
        lower_priority(SESSION_NICENESS)
    try:
        if args.rollback or args.reset:
            result = switch_version(args.data_dir, args.rollback, args.network)
            print(f"The game now plays with the {result['version']} weights.")
        else:
            session = consolidate(args.data_dir, _options(args), _reporter(progress), warn=_warn)
            print_summary(session)
            result = session.to_dict()
    except (WeightsLockedError, ModelFileError, MnistError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except sqlite3.Error as error:
        print(f"error: cannot read {PlayerFiles(args.data_dir).feedback}: {error}", file=sys.stderr)
        return 1
    print(json.dumps(result), flush=True)
    return 0


def _options(args):
    """Return the SessionOptions the command line asks for."""
    return SessionOptions(
        epochs=args.epochs,
        lr=args.lr,
        variants=args.variants,
        replay_ratio=args.replay_ratio,
        seed=args.seed,
        whole_network=args.whole_network,
        deeper=args.deeper,
        force=args.force,
        mnist=args.mnist,
        network=args.network,
    )


def _reporter(progress):
    """Return an on_batch callback drawing `progress`, or None."""
    if progress is None:
        return None
    return lambda done, total, loss, accuracy: progress.update(done, total, loss=loss, acc=accuracy)


def _warn(text):
    """Print a warning that did not stop the session."""
    print(f"warning: {text}", file=sys.stderr)


def print_summary(result):
    """Print a short human summary of a session (a SessionResult)."""
    print(
        f"{result.corrections} corrections and {result.confirmations} confirmations stored "
        f"({result.new} new, {result.skipped} unreadable rows skipped)."
    )
    if result.fixed_before is not None:
        print(f"Corrections read right: {result.fixed_before:.1%} before, {result.fixed_after:.1%} after.")
    if result.mnist_before is not None:
        print(f"MNIST held-out slice:   {result.mnist_before:.2%} before, {result.mnist_after:.2%} after.")
    verdict = f"New weights {result.version} promoted" if result.promoted else "No change"
    print(f"{verdict}: {result.reason}. ({result.seconds}s)")


if __name__ == "__main__":
    sys.exit(main())

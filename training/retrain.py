"""Fine-tune the network on the player's corrections, behind a validation gate.

    python training/retrain.py [--data-dir DIR] [--mnist DIR] [--force]
    python training/retrain.py --rollback        # back to the previous version
    python training/retrain.py --reset           # back to the shipped weights

Starts from the weights the game plays with and runs an incremental
improve_train session on the stored corrections and confirmations (each
drawn again with small distortions) mixed with replayed MNIST images, so the
network learns the player's hand without forgetting everyone else's. The new
weights replace the old only if their accuracy on held-out MNIST validation
images (never the test set) is at most 0.3 points under the shipped
network's, however many versions came before, and the corrections are now
mostly right. The last line of stdout is one JSON object.
"""

import argparse
import sqlite3
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from game.datasets.mnist import MnistError
from game.feedback import FeedbackStore
from game.model import ModelFileError, load_network
from game.paths import SHIPPED_WEIGHTS, default_data_dir
from game.weights_store import WeightsLockedError, WeightsStore
from training.feedback_data import feedback_training_set, load_replay, read_feedback, render_records
from training.progress import ProgressBar
from training.report import print_json

MAX_MNIST_DROP = 0.003  # 0.3 percentage points under the shipped network, however many versions
MIN_FIXED = 0.75  # "mostly right": at least this share of the corrections
MAX_CONFIRMED_DROP = 0.01  # the drawings the player confirmed must stay read right


def parse_args(argv=None):
    """Return the command-line options."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument(
        "--data-dir", type=Path, default=default_data_dir(), help="the game's data dir (default: %(default)s)"
    )
    p.add_argument("--mnist", metavar="DIR", help="use full MNIST for replay and the gate (else the shipped slice)")
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--lr", type=float, default=2e-4)
    p.add_argument("--variants", type=int, default=12, help="distorted copies of each correction")
    p.add_argument(
        "--replay-ratio",
        type=float,
        default=2.0,
        help="replayed MNIST images per feedback image (at least 6,000 in all)",
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--whole-network",
        action="store_true",
        help="fine-tune every layer, convolutions included (slower); by default a "
        "convolutional network learns in its dense head, on features computed once",
    )
    p.add_argument("--force", action="store_true", help="promote even if the gate says no")
    action = p.add_mutually_exclusive_group()
    action.add_argument("--rollback", action="store_true", help="make the previous version active")
    action.add_argument("--reset", action="store_true", help="play with the shipped weights again")
    args = p.parse_args(argv)
    if args.epochs < 1:
        p.error("--epochs must be at least 1: zero epochs would learn nothing")
    if not (0 < args.lr < 1):  # also refuses nan
        p.error("--lr must be a number between 0 and 1, e.g. 2e-4")
    if not (0 <= args.replay_ratio < 1000):
        p.error("--replay-ratio must be a number from 0 to 1000")
    if args.variants < 0 or args.seed < 0:
        p.error("--variants and --seed must be 0 or more")
    return args


def main(argv=None):
    """Run the requested action under the weights lock; return the exit status."""
    args = parse_args(argv)
    weights = WeightsStore(args.data_dir)
    try:
        with weights.lock():
            if args.rollback or args.reset:
                return switch_version(weights, args)
            return retrain(weights, args)
    except (WeightsLockedError, ModelFileError, MnistError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except sqlite3.Error as error:
        print(f"error: cannot read {args.data_dir / 'feedback.db'}: {error}", file=sys.stderr)
        return 1


def switch_version(weights, args):
    """Roll back one version or reset to the shipped weights; print the outcome."""
    number = weights.rollback() if args.rollback else weights.reset()
    version = f"v{number}" if number else "shipped"
    print(f"The game now plays with the {version} weights.")
    print_json({"promoted": False, "action": "rollback" if args.rollback else "reset", "version": version})
    return 0


def retrain(weights, args):
    """Fine-tune, gate, maybe promote; print a summary and the JSON line."""
    started = time.perf_counter()
    with FeedbackStore(args.data_dir / "feedback.db") as feedback:
        records, skipped = read_feedback(feedback)
        result = _retrain_records(weights, feedback, records, args)
    result.update(skipped=skipped, seconds=round(time.perf_counter() - started, 2))
    print_summary(result)
    print_json(result)
    return 0


def _retrain_records(weights, feedback, records, args):
    """Return the result dict of one retrain session on the stored records."""
    number, path = weights.active()
    version = f"v{number}" if number else "shipped"
    new = [r for r in records if r.learned_version is None]
    corrections = [r for r in records if r.corrected]
    result = {
        "promoted": False,
        "version": version,
        "corrections": len(corrections),
        "confirmations": len(records) - len(corrections),
        "new": len(new),
        "fixed_before": None,
        "fixed_after": None,
        "mnist_before": None,
        "mnist_after": None,
    }
    if not new:
        result["reason"] = "nothing new to learn: every stored drawing was learned already"
        return result
    network = load_network(path)
    replay, gate = load_replay(args.mnist)
    X_fixed, y_fixed = render_records(corrections)
    confirmed = render_records([r for r in records if not r.corrected])
    before = score(network, (X_fixed, y_fixed), confirmed, gate)
    before["shipped"] = before["mnist"] if number is None else load_network(SHIPPED_WEIGHTS).evaluate(*gate)["accuracy"]
    rng = np.random.default_rng(args.seed)
    X, y = feedback_training_set(records, replay, rng, args.variants, args.replay_ratio)
    bar, epochs_done = ProgressBar("learning"), [0]

    def report(done, total, loss, accuracy):
        """Show the progress of all epochs on one bar (improve_train reports each epoch's)."""
        bar.update(epochs_done[0] * total + done, args.epochs * total, loss=loss, acc=accuracy)
        epochs_done[0] += done == total

    network.improve_train(
        X, y, epochs=args.epochs, batch_size=64, lr=args.lr, head_only=not args.whole_network, on_batch=report
    )
    after = score(network, (X_fixed, y_fixed), confirmed, gate)
    result.update(
        fixed_before=before["fixed"],
        fixed_after=after["fixed"],
        mnist_before=before["mnist"],
        mnist_after=after["mnist"],
        mnist_n=len(gate[1]),
        mnist_shipped=before["shipped"],
        confirmed_before=before["confirmed"],
        confirmed_after=after["confirmed"],
    )
    if not np.isfinite(network.params).all():  # never promoted, not even with --force
        result["reason"] = f"kept the {version} weights: the training diverged (weights that are not numbers)"
        return result
    ok, reason = gate_decision(before, after)
    if not ok and not args.force:
        result["reason"] = f"kept the {version} weights: {reason}"
        return result
    if not ok:
        print(f"warning: --force: promoting although {reason}", file=sys.stderr)
    network.metadata = {
        "trained_from": version,
        "corrections_learned": len(corrections),
        "confirmations_learned": len(records) - len(corrections),
        "trained": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    number = weights.promote(network, {k: v for k, v in result.items() if k != "promoted"})
    result.update(promoted=True, version=f"v{number}", reason=reason if ok else f"forced: {reason}")
    try:
        feedback.mark_learned([r.id for r in new], f"v{number}")
    except (sqlite3.Error, OSError) as error:  # v{number} is active all the same; they are learned again next time
        result["warning"] = f"v{number} is in use, but the drawings it learned could not be marked ({error})"
        print(f"warning: {result['warning']}", file=sys.stderr)
    return result


def score(network, corrections, confirmations, gate):
    """Return the accuracy on the corrections, the confirmations (None if there are
    none) and the MNIST gate slice; each argument is (X (n, 784), y (n,))."""
    accuracy = lambda X, y: network.evaluate(X, y)["accuracy"] if len(y) else None
    return {"fixed": accuracy(*corrections), "confirmed": accuracy(*confirmations), "mnist": accuracy(*gate)}


def gate_decision(before, after):
    """Return (promote?, why). The floor does not move: MNIST validation may be at most 0.3
    points under the *shipped* network's (not the previous version's, which would let it
    drift down a little with every promotion); the drawings the player confirmed may drop
    1 point at most; the corrections must be mostly right."""
    floor = before["shipped"] - MAX_MNIST_DROP
    if after["mnist"] < floor:
        return False, (
            f"MNIST accuracy would be {100 * after['mnist']:.2f}%, more than 0.3 points under the "
            f"shipped network's {100 * before['shipped']:.2f}%"
        )
    if before["confirmed"] is not None and before["confirmed"] - after["confirmed"] > MAX_CONFIRMED_DROP:
        return False, (
            f"drawings you confirmed would be read right less often "
            f"({100 * before['confirmed']:.1f}% -> {100 * after['confirmed']:.1f}%)"
        )
    if after["fixed"] is not None and after["fixed"] < MIN_FIXED:
        return False, (
            f"only {100 * after['fixed']:.0f}% of the corrections would be read right "
            f"(at least {100 * MIN_FIXED:.0f}% needed)"
        )
    fixed = "" if after["fixed"] is None else f"corrections read right {100 * after['fixed']:.0f}%, "
    return True, f"{fixed}MNIST {100 * before['mnist']:.2f}% -> {100 * after['mnist']:.2f}%"


def print_summary(result):
    """Print a short human summary of the session."""
    print(
        f"{result['corrections']} corrections and {result['confirmations']} confirmations stored "
        f"({result['new']} new, {result['skipped']} unreadable rows skipped)."
    )
    if result["fixed_before"] is not None:
        print(f"Corrections read right: {result['fixed_before']:.1%} before, {result['fixed_after']:.1%} after.")
    if result["mnist_before"] is not None:
        print(f"MNIST held-out slice:   {result['mnist_before']:.2%} before, {result['mnist_after']:.2%} after.")
    verdict = f"New weights {result['version']} promoted" if result["promoted"] else "No change"
    print(f"{verdict}: {result['reason']}. ({result['seconds']}s)")


if __name__ == "__main__":
    sys.exit(main())

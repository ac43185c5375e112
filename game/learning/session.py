"""One learning session: consolidate the player's drawings into new weights, behind a gate.

Starts from the weights the game plays with and fine-tunes them (an
incremental improve_train session) on the drawings stored since the last
session, each drawn again with small distortions, plus a sample of the ones
learned before and replayed MNIST and pen images, so the network learns the
player's hand without forgetting everyone else's. A convolutional network
learns in its dense head, on convolution features computed once (and, for
the replay and gate images, kept in DATA_DIR/cache between sessions). A
session on a game's drawings (at most DEEPER_FITS) that holds a correction
goes deeper from the first session on: it trains the last convolution block
too, where a hand that differs learns more than in the head alone (and, if the
gate refuses that, the head alone). So does a bigger one (at most
DEEPER_NEW_AT_MOST) when the player still corrects a digit the network has
learned DEEPER_AFTER corrections of.

The new weights replace the old only if the gate agrees: accuracy on
held-out MNIST validation images (never the test set) at most 0.3 points
under the *shipped* network's however many versions came before, the
drawings the player confirmed still read right, and the corrections mostly
right. A gate that reads the shipped network under MIN_BASELINE is measuring
damaged files: it never promotes, not even with --force. A damaged version in
use is set aside first and the session learns from the one before it
(weights_store.load_active). `python -m game.learning` and training/retrain.py run it.
"""

import math
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from ..feedback import FeedbackStore
from ..lineage import MIN_BASELINE, Lineage
from ..model import load_network
from ..profile import PlayerFiles
from ..slant import best_slant, slant_of
from .examples import MIN_REPLAY, MIN_REPLAY_DEEPER, read_feedback, render_records, replay_picks, variants
from .feature_cache import head_inputs
from .replay import load_replay
from .result import SessionResult

MAX_MNIST_DROP = 0.003  # 0.3 percentage points under the shipped network, however many versions
MIN_FIXED = 0.75  # "mostly right": at least this share of the corrections
MAX_CONFIRMED_DROP = 0.01  # the drawings the player confirmed must stay read right
REVISITED = 400  # drawings learned in earlier sessions that each session studies again, at most
DEEPER_AFTER = 8  # corrections of a digit learned before, after which a new one makes a session train the last block
DEEPER_FITS = 40  # new drawings (a game's, with room) a session on which goes deeper in its time
DEEPER_NEW_AT_MOST = 200  # new drawings a session trains the last block on, at most
VARIANT_BUDGET = 6000  # distorted copies of new drawings a session makes, at most, if its corrections allow: _copies
SLANT_DRAWINGS = 40  # the newest drawings the player's slant is measured on (a few games')
TRAINED = {"head": "the dense head", "block": "the last convolution block and the head", "whole": "every layer"}


@dataclass
class SessionOptions:
    """How a session learns (see `python -m game.learning --help`)."""

    epochs: int = 3
    lr: float = 2e-4
    variants: int = 24  # distorted copies of each new correction (a third as many for a confirmation)
    replay_ratio: float = 2.0  # replayed images per feedback image
    seed: int = 0
    whole_network: bool = False  # also fine-tune the convolutions (slower)
    deeper: str = "auto"  # train the last conv block too: "auto" (see _depth), "always" or "never"
    force: bool = False  # promote even if the gate says no
    mnist: str | None = None  # full MNIST for replay and the gate, else the shipped slice
    network: str | None = None  # learn into the line of this network kept from the Playground (None: their own)


def consolidate(folder, options=None, on_batch=None, warn=None):
    """Run one session on the drawings stored in a player's folder; return its SessionResult.

    on_batch(done, total, loss, accuracy) reports training progress over all epochs;
    warn(text) hears what went wrong but did not stop the session. Raise
    WeightsLockedError if another session holds the lock, ModelFileError,
    MnistError, sqlite3.Error or OSError if something needed cannot be read.
    """
    started = time.perf_counter()
    options = options or SessionOptions()
    files = PlayerFiles(Path(folder))
    if not files.folder.is_dir():  # never played, or deleted meanwhile: nothing is made there
        return SessionResult(reason=f"nothing new to learn: there is no player folder {files.folder}")
    if not (files.feedback.exists() or files.feedback.is_symlink()):  # no database, no weights/ made for nothing
        return SessionResult(reason=f"nothing new to learn: no drawing is stored in {files.folder}")
    lineage = Lineage(files, options.network)
    weights = lineage.weights
    with weights.lock(), FeedbackStore(files.feedback) as feedback:
        records, skipped = read_feedback(feedback)
        records = lineage.with_learned(records)
        result = _session(lineage, feedback, records, options, files.cache, on_batch, warn or (lambda _: None))
    result.skipped, result.seconds = skipped, round(time.perf_counter() - started, 2)
    return result


def _session(lineage, feedback, records, options, cache_dir, on_batch, warn):
    """Return the SessionResult of one session on the stored records, in a line of weights."""
    weights = lineage.weights
    number, network, damaged = weights.load_active()  # damaged: a version set aside, told once
    if damaged:
        warn(damaged)
    path = weights.path(number) if number else weights.base
    version = f"v{number}" if number else lineage.base_name
    card = network.metadata.get("playground")  # a kept network's versions keep its card
    new = [r for r in records if r.learned_version is None]
    corrections = sum(r.corrected for r in records)
    result = SessionResult(
        version=version,
        corrections=corrections,
        confirmations=len(records) - corrections,
        new=len(new),
        warning=damaged,
    )
    if not new:
        result.reason = "nothing new to learn: every stored drawing was learned already"
        return result
    rng = np.random.default_rng(options.seed)
    learned = [r for r in records if r.learned_version is not None]
    revisited = [learned[i] for i in np.sort(rng.permutation(len(learned))[:REVISITED])]
    depth = _depth(options, records, network)
    slants = slant_of(network.metadata), _slant(network, records)
    train = lambda network, depth: _trained(
        network, depth, (number is None, lineage, slants), new, revisited, options, rng, cache_dir, on_batch
    )
    before, after = train(network, depth)
    ok, reason = _verdict(network, before, after)
    if not ok and depth == "block" and options.deeper == "auto":  # the head alone may pass where it did not
        network, depth = load_network(path), "head"
        before, after = train(network, depth)
        ok, reason = _verdict(network, before, after)
    result.fixed_before, result.fixed_after = before["fixed"], after["fixed"]
    result.mnist_before, result.mnist_after = before["mnist"], after["mnist"]
    result.mnist_n, result.mnist_shipped = before["mnist_n"], before["shipped"]
    result.confirmed_before, result.confirmed_after = before["confirmed"], after["confirmed"]
    result.revisited, result.trained, result.slant = len(revisited), TRAINED[depth], slants[1]
    if not ok and not (options.force and _forceable(network, before)):
        result.reason = f"kept the {version} weights: {reason}"
        return result
    if not ok:
        warn(f"--force: promoting although {reason}")
    network.metadata = {
        "trained_from": version,
        "corrections_learned": corrections,
        "confirmations_learned": len(records) - corrections,
        "trained": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "slant": slants[1],  # the player's drawings are read stood upright by it, with these weights
        **({"playground": card} if isinstance(card, dict) else {}),
    }
    number = weights.promote(network, result.metrics())
    result.promoted, result.version, result.reason = True, f"v{number}", reason if ok else f"forced: {reason}"
    try:
        lineage.mark_learned(feedback, new, f"v{number}")
    except (OSError, sqlite3.Error) as error:  # v{number} is active all the same; they are learned again next time
        unmarked = f"v{number} is in use, but the drawings it learned could not be marked ({error})"
        result.warning = " ".join(filter(None, (result.warning, unmarked)))
        warn(unmarked)
    return result


def _trained(network, depth, base, new, revisited, options, rng, cache_dir, on_batch):
    """Train the network (in place) at `depth` ("head", "block" or "whole") on the new and
    revisited drawings, with replayed images; return (scores before, scores after): _Studied.score's,
    plus before "shipped" (the base weights' gate reading, the floor's reference), "trusted_at",
    "base" (its name) and "mnist_n". base : (the network is the base weights, its Lineage, the
    player's slant (before, after): the drawings are stood upright by the first to score them
    before, by the second to train and score after)."""
    shipped, lineage, (slant_before, slant) = base
    first = {"head": network.head_start(), "block": network.last_block_start(), "whole": 0}[depth]
    replay, gate = load_replay(options.mnist)
    keep = depth == "head" and not options.mnist  # full MNIST, or the bigger maps of a deeper layer: too big to keep
    inputs = _Inputs(network, first, cache_dir if keep else None)
    studied = _Studied(new + revisited, inputs, slant_before)
    gate_cache = None if options.mnist else cache_dir  # what the convolutions make of the gate images, kept
    # what the layers the session leaves alone make of the shipped gate slice: computed once, for before
    # and after (full MNIST's gate is read through them twice: its maps would take hundreds of MB)
    once = 0 < first < network.head_start() and not options.mnist
    below = (first, network.features(gate[0], first)) if once else None
    before = studied.score(network, first, _gate_accuracy(network, gate, gate_cache, below))
    base_accuracy = lambda: _gate_accuracy(load_network(lineage.weights.base), gate, gate_cache)
    before["shipped"] = before["mnist"] if shipped else base_accuracy()
    before.update(mnist_n=len(gate[1]), trusted_at=lineage.trusted_at(), base=lineage.base_name)

    # an image costs 7 times more through a convolution block: such a session revisits and
    # replays fewer, to stay within about 3 s
    X, y = _training_set(new, revisited, options, rng, slant, revisited_share=4 if depth == "head" else 12)
    A = inputs.of(X)
    least = MIN_REPLAY if depth == "head" else MIN_REPLAY_DEEPER
    picks = replay_picks(len(y), len(replay[1]), options.replay_ratio, rng, least)
    A = np.concatenate([A, inputs.picked(replay[0], picks)])
    y = np.concatenate([y, replay[1][picks]])
    network.improve_train(
        A,
        y,
        first=first,  # A: the inputs of layers[first], what the layers before make of the images, computed once
        epochs=options.epochs,
        batch_size=64,
        lr=options.lr,
        on_batch=_over_epochs(on_batch, options.epochs),
    )
    # layers[:first] did not change, so neither did what they make of the drawings (stood upright
    # as before); the gate's images through the new convolutions are kept: if the gate promotes
    # them, the next session starts from them
    studied = studied if slant == slant_before else _Studied(new + revisited, inputs, slant)
    return before, studied.score(network, first, _gate_accuracy(network, gate, gate_cache, below))


def _verdict(network, before, after):
    """Return (promote?, why): never weights that are not numbers, else the gate's decision."""
    if not np.isfinite(network.params).all():
        return False, "the training diverged (weights that are not numbers)"
    return gate_decision(before, after)


def _forceable(network, before):
    """Return True if --force may promote weights the gate refused: never weights that are not
    numbers, nor after a gate that cannot be trusted (its figures, and the replayed images the
    session trained on, came from damaged files)."""
    return bool(np.isfinite(network.params).all()) and gate_trusted(before)


def _slant(network, records):
    """Return the player's slant (slant.best_slant) measured on their SLANT_DRAWINGS newest
    drawings, against the one the network's weights were learned with."""
    newest = records[-SLANT_DRAWINGS:]
    strokes, labels = [r.strokes for r in newest], [r.label for r in newest]
    return best_slant(network.predict_proba, strokes, labels, slant_of(network.metadata))


def _depth(options, records, network):
    """Return which layers a session trains: "head", "block" (the last convolution block
    and the head) or "whole". By default a session goes deeper when the player corrected a
    new drawing and the new drawings are few enough for the time (DEEPER_FITS: a game's),
    from the first session on, or when a digit keeps being corrected (digits_kept_correcting)
    among at most DEEPER_NEW_AT_MOST; a bulk import trains the head: through a convolution
    block it would take many times longer."""
    if options.whole_network:
        return "whole"
    new = [r for r in records if r.learned_version is None]
    game = len(new) <= DEEPER_FITS and any(r.corrected for r in new)
    kept_correcting = len(new) <= DEEPER_NEW_AT_MOST and digits_kept_correcting(records)
    deeper = options.deeper == "always" or (options.deeper == "auto" and (game or kept_correcting))
    return "block" if deeper and network.last_block_start() != network.head_start() else "head"


def digits_kept_correcting(records):
    """Return the digits (sorted list) the player corrects again although earlier sessions
    learned at least DEEPER_AFTER corrections of them: a way of writing the head alone did
    not learn. (A first session, however many corrections it holds, trains the head.)"""
    learned = Counter(r.label for r in records if r.corrected and r.learned_version is not None)
    new = {r.label for r in records if r.corrected and r.learned_version is None}
    return sorted(d for d in new if learned[d] >= DEEPER_AFTER)


class _Inputs:
    """What layers[first:] take for images X (n, 784): the images themselves, or what the
    layers before make of them (kept in the cache for fixed sets, for a head-only session)."""

    def __init__(self, network, first, cache_dir):
        self.network, self.first, self.cache_dir = network, first, cache_dir

    def of(self, X):
        """Return the inputs of layers[first] (n, ...) for images X (n, 784)."""
        return self.network.features(X, self.first)

    def fixed(self, X):
        """The same, for a set seen in every session (replay, gate): from the cache if it can be."""
        return head_inputs(self.network, self.first, X, self.cache_dir)

    def picked(self, X, picks):
        """Return the inputs of layers[first] for the images X[picks] of a fixed set: the whole
        set's from the cache if there is one, else only those picked are computed."""
        return self.fixed(X)[picks] if self.cache_dir else self.of(X[picks])


class _Studied:
    """The player's drawings a session studies and is judged on: the new ones and the revisited."""

    def __init__(self, records, inputs, slant):
        X, y = render_records(records, slant)
        corrected = np.array([r.corrected for r in records], dtype=bool)
        A = inputs.of(X)
        self.corrections = A[corrected], y[corrected]
        self.confirmations = A[~corrected], y[~corrected]

    def score(self, network, first, mnist):
        """Return the accuracy on the corrections, the confirmations (None where there are none),
        and mnist, the network's on the MNIST gate slice."""
        accuracy = lambda A, y: _accuracy(network, first, A, y) if len(y) else None
        return {"fixed": accuracy(*self.corrections), "confirmed": accuracy(*self.confirmations), "mnist": mnist}


def _training_set(new, revisited, options, rng, slant, revisited_share):
    """Return (X (m, 784), y (m,)): the new drawings as drawn and distorted (`variants`
    copies of a correction, a third as many of a confirmation: _copies), and the revisited ones
    distorted 1/revisited_share as often (at least once), so the session stays short however
    much is stored; every one stood upright by the player's slant."""
    new_X, new_y = render_records(new, slant)
    fresh = variants(new, rng, _copies(new, options.variants), slant)
    many = _copies(revisited, options.variants, budget=None)
    old = variants(revisited, rng, lambda r: math.ceil(many(r) / revisited_share), slant)
    return np.concatenate([new_X, fresh[0], old[0]]), np.concatenate([new_y, fresh[1], old[1]])


def _copies(records, per_correction, budget=VARIANT_BUDGET):
    """Return copies(record): how many distorted copies of each of the records a session makes:
    per_correction of a correction, and a third as many (at least one) of a confirmation, fewer
    (down to one each) where more would pass `budget` in all (None: no budget; an import of
    thousands: VARIANT_BUDGET, about 4 s of drawing). A correction's copies never give way:
    they teach what the network got wrong."""
    per_confirmation = max(1, per_correction // 3)
    if budget is not None:
        corrections = sum(r.corrected for r in records)
        confirmations = len(records) - corrections
        room = (budget - corrections * per_correction) // max(confirmations, 1)
        per_confirmation = max(1, min(per_confirmation, room))
    return lambda r: per_correction if r.corrected else per_confirmation


def _gate_accuracy(network, gate, cache_dir, below=None):
    """Return the network's accuracy on the gate slice (X (n, 784), y (n,)), what its convolutions
    make of the images read from the cache (or computed, and kept there; from below, (start,
    features(X, start)), when given)."""
    head = network.head_start()
    return _accuracy(network, head, head_inputs(network, head, gate[0], cache_dir, below), gate[1])


def _accuracy(network, first, A, y):
    """Return the share of y (n,) the network reads right from A (n, ...), the inputs of layers[first]."""
    return float((network.predict_proba_from(first, A).argmax(axis=1) == y).mean())


def _over_epochs(on_batch, epochs):
    """Return an on_batch callback that reports all epochs as one run (or None)."""
    if on_batch is None:
        return None
    done_epochs = [0]

    def report(done, total, loss, accuracy):
        on_batch(done_epochs[0] * total + done, epochs * total, loss, accuracy)
        done_epochs[0] += done == total

    return report


def gate_decision(before, after):
    """Return (promote?, why). The floor does not move: MNIST validation may be at most 0.3
    points under the *shipped* network's (not the previous version's, which would let it
    drift down a little with every promotion); the drawings the player confirmed may drop
    1 point at most; the corrections must be mostly right. A gate whose own baseline reads
    under MIN_BASELINE cannot be trusted: it never promotes."""
    base = _base_words(before)
    if not gate_trusted(before):
        trusted = before.get("trusted_at", MIN_BASELINE)
        return False, (
            f"the gate cannot be trusted: it reads {base} at {100 * before['shipped']:.2f}% "
            f"on MNIST, where a working one reads over {100 * trusted:.0f}% (damaged images or cache?)"
        )
    floor = before["shipped"] - MAX_MNIST_DROP
    if after["mnist"] < floor:
        return False, (
            f"MNIST accuracy would be {100 * after['mnist']:.2f}%, more than 0.3 points under "
            f"{base}'s {100 * before['shipped']:.2f}%"
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


def gate_trusted(before):
    """Return True if the gate's baseline is one a working network gives: the base weights read
    its MNIST images at before["trusted_at"] or more (MIN_BASELINE for the shipped network)."""
    return before["shipped"] >= before.get("trusted_at", MIN_BASELINE)


def _base_words(before):
    """Return how the gate's messages call the base weights: "the shipped network", "your network X"."""
    base = before.get("base", "shipped")
    return "the shipped network" if base == "shipped" else f"your network {base}"


def switch_version(folder, rollback, network=None):
    """Roll back one version (rollback=True) or reset to the base weights in a player's folder
    (in a kept network's line, with network); return {"promoted": False, "action": "rollback"
    or "reset", "version": the one now in use}."""
    weights = Lineage(PlayerFiles(Path(folder)), network).weights
    with weights.lock():
        number = weights.rollback() if rollback else weights.reset()
    return {
        "promoted": False,
        "action": "rollback" if rollback else "reset",
        "version": f"v{number}" if number else "shipped",
    }

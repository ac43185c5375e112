"""How the game was started: the command line's choices (see `python -m game --help`), and the
checks every command line of the game and its tools makes of the paths and counts a person types.

An empty path would mean the current folder without a word (`--data-dir "$UNSET"` would
write a player's weights, caches and scores wherever the command was run), and a file to
write given a folder would be written beside it, named after it. So each path option takes
one of these types, and a bad path ends the command in one line with exit status 2:

    named(text)          a path kept as typed (str): never empty
    file_to_read(text)   a file to read: never empty
    folder(text)         a folder to use or make: never empty, never a file
    file_to_write(text)  a file to write: never empty, never a folder

Every count a person can type has a range: a billion epochs would run, silently, until killed.
So each count takes one of these types, and a number out of range ends the command the same
way, in one line that says the range:

    count(low, high)         a whole number from low to high (epochs, rounds, variants)
    seed                     a whole number from 0 to 4,294,967,295 (what NumPy takes)
    number(low, high, off)   a number from low to high, or `off` (a speed: 0 for flat out)
"""

import argparse
import math
import os
from dataclasses import dataclass
from pathlib import Path

from .modes import ROUNDS


@dataclass
class Options:
    """How the game was started (see `python -m game --help`)."""

    data_dir: Path
    weights: Path | None = None
    rounds: int = ROUNDS
    size: tuple | None = None  # None: the size the window had last time, or DEFAULT_SIZE
    autoplayer: object = None  # game.autoplay.Autoplayer, or None for a human
    seed: int | None = None
    # Virtual time: every frame advances the game by exactly one step, and
    # frames come at `speed` times 60 a second (0: as fast as possible).
    # Autoplay and tests use it; a human plays in real time.
    virtual_time: bool = False
    speed: float = 1.0
    xray: bool = False  # start with the X-ray on
    mode: str | None = None  # play this mode (modes.MODES) instead of the one last chosen
    player: str | None = None  # play as this player (made if new) instead of the one who played last
    network: str | None = None  # play with this network kept from the Playground


def named(text):
    """Return text, a path as typed; raise argparse.ArgumentTypeError if it is empty."""
    if not text:
        raise argparse.ArgumentTypeError('an empty path names nothing: give one ("." for the current folder)')
    return text


def file_to_read(text):
    """Return the Path of a file to read; raise argparse.ArgumentTypeError if text is empty."""
    return Path(named(text))


def folder(text):
    """Return the Path of a folder to use (made if missing); raise argparse.ArgumentTypeError if
    text is empty or names a file."""
    path = Path(named(text))
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a file: give a folder")
    return path


def file_to_write(text):
    """Return the Path of a file to write; raise argparse.ArgumentTypeError if text is empty or
    names a folder, one that exists or one by its trailing separator (the file would go beside it)."""
    path = Path(named(text))
    if path.is_dir() or text.endswith(("/", os.sep)):
        raise argparse.ArgumentTypeError(f"{text} names a folder: name the file to write (in it, say)")
    return path


def count(low, high):
    """Return an argparse type: a whole number from low to high, or raise argparse.ArgumentTypeError
    saying the range."""

    def whole(text):
        """Return text as a whole number from low to high."""
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be a whole number from {low:,} to {high:,}, not {_shown(text)}")
        return value

    return whole


seed = count(0, 2**32 - 1)


def number(low, high, off=None):
    """Return an argparse type: a number from low to high, or `off` if given (None: no such
    value); nan and infinity never. Raise argparse.ArgumentTypeError saying the range."""

    def real(text):
        """Return text as a number from low to high, or off."""
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (low <= value <= high or value == off):
            also = "" if off is None else f"{off:g} or "
            raise argparse.ArgumentTypeError(f"must be {also}a number from {low:,g} to {high:,g}, not {_shown(text)}")
        return value

    return real


def _shown(text):
    """Return what a person typed, cut short if it is long (a number of 5,000 digits, say)."""
    return text if len(text) <= 24 else text[:20] + "..."


def check(parser, name, kind, text):
    """Return kind(text), kind one of the types above, for an argument whose kind is known only
    once the others are parsed; a bad path ends the command as a bad option does (exit 2)."""
    try:
        return kind(text)
    except argparse.ArgumentTypeError as error:
        parser.error(f"argument {name}: {error}")

"""A player's data: where each file of theirs lives, and the data of the one playing, open.

    FOLDER/feedback.db                    every drawing they confirmed or corrected
    FOLDER/feedback-unsaved-*.jsonl       drawings the database could not take (rescue files)
    FOLDER/settings.json                  their settings
    FOLDER/history.json                   how well each game read them
    FOLDER/highscores.json                the classic table; highscores-time.json, ... one per mode
    FOLDER/weights/                       the versions learned from their drawings (weights_store.py)
    FOLDER/cache/                         what learning sessions keep between them (feature_cache.py)
    FOLDER/.playing.lock                  held by every copy of the game playing as them

This is the only module that names those files: the game, the learning
session and the tools in training/ all find them through PlayerFiles, and
PlayerFiles.made() tells them from anything else a person put in the folder
(which no delete, move or forget touches). Which folder belongs to which
player is players.py's business.
"""

import os
import re
import sqlite3
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .feedback import FeedbackStore
from .highscores import HighScores
from .learning.history import GameHistory
from .model import SIDE
from .modes import MODES
from .recognizer import Recognizer
from .settings import Settings
from .weights_store import WeightsLockedError, WeightsStore

FEEDBACK = "feedback.db"
RESCUES = f"{Path(FEEDBACK).stem}-unsaved-*"  # FeedbackStore names them after the database
SCORES = "highscores"
SEAT = ".playing.lock"
DAYS_KEPT = 30  # a dated mode's tables (one a day) are kept for the newest this many days
_TABLES = "|".join(re.escape(m.table).replace(re.escape("{day}"), r"\d{8}") for m in MODES.values() if m.table)
_TOP = (  # the names of the files the game writes in a player's folder
    rf"{re.escape(FEEDBACK)}(-journal|-wal|-shm)?",  # SQLite's journal files beside the database
    rf"{re.escape(Path(FEEDBACK).stem)}-unsaved-\d{{8}}-\d{{6}}(-\d+)?\.jsonl",  # FeedbackStore's rescue files
    r"settings\.json",
    r"history\.json(\.lock)?",
    rf"{SCORES}(-({_TABLES}))?\.json(\.lock)?",
    re.escape(SEAT),
)
MADE = {  # ... there, and in its two subfolders
    "": re.compile("|".join(_TOP)),
    "weights": re.compile(r"v\d+\.(npz|json)|active\.json|\.lock"),  # weights_store.py's
    "cache": re.compile(r"features-[0-9a-f]{20}\.npz"),  # feature_cache.py's
}
_HALF_WRITTEN = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]+\.tmp")  # atomic_write's temporary files


@dataclass(frozen=True)
class PlayerFiles:
    """The paths of one player's files in their folder."""

    folder: Path

    @property
    def feedback(self):
        return self.folder / FEEDBACK

    @property
    def settings(self):
        return self.folder / "settings.json"

    @property
    def history(self):
        return self.folder / "history.json"

    @property
    def weights(self):
        return self.folder / "weights"

    @property
    def cache(self):
        return self.folder / "cache"

    def highscores(self, mode, today=None):
        """Return the file of a mode's high-score table (today's, for a dated mode)."""
        table = mode.table_name(today)
        return self.folder / (f"{SCORES}-{table}.json" if table else f"{SCORES}.json")

    @property
    def seat(self):
        return self.folder / SEAT

    def made(self, under=""):
        """Return the paths of the files the game wrote in the folder and its weights/ and cache/
        (under : in that subfolder alone), sorted: never a file a person put there, nor a
        subfolder that is a link to another place (nothing is written through one)."""
        found = []
        for sub, names in MADE.items():
            place = self.folder / sub
            if under in ("", sub) and place.is_dir() and not (sub and place.is_symlink()):
                found += [place / name for name in _names_in(place) if _made(name, names)]
        return sorted(found)

    def kept(self):
        """Return the paths of the files the game wrote that hold something of the player's:
        made() but its locks and half-written temporaries."""
        return [path for path in self.made() if not scratch(path)]

    def delete(self):
        """Delete the files the game wrote here, and cache/ if nothing is left in it, but the
        seat and the weights lock: those are held meanwhile, and go with leave(). Return the
        paths of the files that could not be deleted."""
        failed = []
        for path in self.made():
            try:
                if path not in self._held:
                    path.unlink(missing_ok=True)
            except OSError:
                failed.append(path)
        _remove_if_empty(self.cache)
        return failed

    def leave(self):
        """Delete the seat and the weights lock (once nobody can take them), then weights/ and the
        folder if nothing else is left in them."""
        for path in self._held:
            if not path.parent.is_symlink():  # nothing is deleted through a link
                with suppress(OSError):  # a lock file holds nothing: one left costs nothing
                    path.unlink(missing_ok=True)
        for folder in (self.weights, self.folder):
            _remove_if_empty(folder)

    @property
    def _held(self):
        """Return the lock files held while the player's files are deleted."""
        return (self.seat, self.weights / ".lock")

    def others(self):
        """Return how many files (or links) under the folder the game did not make."""
        made = set(self.made())
        return sum(path not in made for path in _files_under(self.folder))


class Profile:
    """The open data of the player who is playing: settings, drawings, weights, scores,
    history, and the network that reads them with its memory of their drawings.

    weights_file : play with this weights file (--weights) instead of the player's own.
    """

    def __init__(self, folder, weights_file=None):
        self.files = PlayerFiles(Path(folder))
        self.weights_file = weights_file
        self.settings = Settings.load(self.files.settings)
        self.store = FeedbackStore(self.files.feedback)
        self.weights = WeightsStore(self.files.weights)
        self.history = GameHistory(self.files.history)
        self._tables = {}
        self.recognizer, self.notice = self._open_recognizer()  # notice: why their weights were not usable

    @property
    def folder(self):
        """Return the player's folder."""
        return self.files.folder

    def _open_recognizer(self):
        """Return (Recognizer, notice) for the weights to play with, its memory empty (the
        learning coordinator fills it in the background); notice says why the player's own
        weights could not be used, or is None."""
        if self.weights_file:
            return Recognizer.load(self.weights_file), None
        number, path = self.weights.active()
        return Recognizer.load_best([path] if number else [])

    def highscores(self, mode):
        """Return the high-score table of a mode (a modes.Mode)."""
        path = self.files.highscores(mode)
        if path not in self._tables:
            self._tables[path] = HighScores(path)
            if mode.dated:
                self._prune_days(mode)
        return self._tables[path]

    def _prune_days(self, mode):
        """Delete a dated mode's tables (and their locks) older than the newest DAYS_KEPT."""
        pattern = f"{SCORES}-{mode.table.format(day='*')}.json"
        for old in sorted(self.folder.glob(pattern))[:-DAYS_KEPT]:
            for path in (old, old.with_name(old.name + ".lock")):
                path.unlink(missing_ok=True)

    def save_settings(self):
        """Save the settings; return an error message or None."""
        return self.settings.save(self.files.settings)

    def labelled_drawings(self, newest):
        """Return (images (n, 28, 28), labels (n,)) of the newest stored labelled drawings
        (none if the database cannot be read: the store says why when it is used)."""
        try:
            return self.store.labelled_images(max(newest, 0))
        except (sqlite3.Error, OSError):
            return np.zeros((0, SIDE, SIDE), np.float32), np.zeros(0, np.int64)

    def stored(self):
        """Return how many drawings are stored (0 if the database cannot be read)."""
        return self._count("total") or 0

    def waiting(self):
        """Return how many stored drawings no session has learned yet (None if unreadable)."""
        return self._count("not_learned")

    def _count(self, key):
        """Return one of the store's counts, or None if the database cannot be read."""
        try:
            return self.store.counts()[key]
        except (sqlite3.Error, OSError):
            return None

    def note_game(self, rounds):
        """Add a finished game's rounds (RoundRecords) to the history; return an error or None."""
        labelled = [r for r in rounds if r.label is not None and r.reading is not None]
        read_right = sum(r.reading.guess == r.label for r in labelled)
        return self.history.add(len(labelled), read_right, self.recognizer.version)

    def forget(self):
        """Delete the player's drawings (rescued ones too), learned versions, history and cache,
        and read them with the shipped network (or --weights) and an empty memory again.
        Return an error message, or None when done. Stop any learning session first."""
        try:
            with self.weights.lock():
                self.store.forget_all()
                self.weights.forget_all()
        except (WeightsLockedError, sqlite3.Error, OSError) as error:
            return f"Could not forget everything: {error}"
        self.history.forget()
        rescued = [p for p in self.files.made() if p.parent == self.folder and p.match(RESCUES)]
        half_written = [p for p in self.files.made() if _HALF_WRITTEN.fullmatch(p.name)]
        for leftover in self.files.made("cache") + rescued + half_written:  # the game's, never a person's
            leftover.unlink(missing_ok=True)
        _remove_if_empty(self.files.cache)
        if self.weights_file:  # weights chosen on the command line stay; only the memory goes
            self.recognizer.memory.forget()
        else:
            self.recognizer, _ = Recognizer.load_best([])
        return None

    def close(self):
        """Write out anything unsaved; return the path of a rescue file, or None."""
        return self.store.close()


def scratch(path):
    """Return True if path is a lock file or a half-written temporary: a file the game made
    that holds nothing of the player's."""
    return path.name.endswith(".lock") or bool(_HALF_WRITTEN.fullmatch(path.name))


def _made(name, names):
    """Return True if a file called name is one the game writes (names : a regex of MADE), or
    the temporary file of one half written."""
    half = _HALF_WRITTEN.fullmatch(name)
    return bool(names.fullmatch(half["name"] if half else name))


def _names_in(folder):
    """Return the names of the files and links (not folders) in folder."""
    try:
        return [e.name for e in os.scandir(folder) if e.is_symlink() or not e.is_dir()]
    except OSError:
        return []


def _files_under(folder):
    """Return the paths of every file and link under folder (links to folders not followed)."""
    found = []
    for top, folders, files in os.walk(folder):
        found += [Path(top) / name for name in files]
        found += [Path(top) / name for name in folders if (Path(top) / name).is_symlink()]
    return found


def _remove_if_empty(folder):
    """Remove folder if nothing is left in it (a folder a person keeps files in stays)."""
    try:
        folder.rmdir()
    except OSError:
        pass

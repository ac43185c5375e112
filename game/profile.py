"""A player's data: where each file of theirs lives, and the data of the one playing, open.

    FOLDER/feedback.db                    every drawing they confirmed or corrected
    FOLDER/feedback-unsaved-*.jsonl       drawings the database could not take (rescue files)
    FOLDER/settings.json                  their settings
    FOLDER/history.json                   how well each game read them
    FOLDER/highscores.json                the classic table; highscores-time.json, ... one per mode
    FOLDER/weights/                       the versions learned from their drawings (weights_store.py)
    FOLDER/cache/                         what learning sessions keep between them (feature_cache.py)
    FOLDER/networks/                      the networks they built in the Playground (playground/saved.py)
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
from .history import GameHistory
from .lineage import Lineage
from .model import SIDE, ModelFileError
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
_VERSIONS = r"v\d+\.(npz|json)|active\.json|\.lock"  # weights_store.py's
_NETWORK = r"[\w\- ]{1,24}"  # a network's name (playground/blueprint.plain_name)
MADE = {  # ... there, and in its subfolders (a pattern of the subfolder's path: the Playground's)
    "": re.compile("|".join(_TOP)),
    "weights": re.compile(_VERSIONS),
    "cache": re.compile(r"features-[0-9a-f]{20}\.npz"),  # feature_cache.py's
    "networks": re.compile(rf"{_NETWORK}\.npz"),  # playground/saved.py's
    rf"networks/{_NETWORK}\.learned": re.compile(rf"{_VERSIONS}|learned\.json"),  # lineage.py's
    rf"networks/\.runs/{_NETWORK}": re.compile(r"(validation|latest|best)\.npz"),  # playground/trainer.py's
}
_HALF_WRITTEN = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]+\.tmp")  # atomic_write's temporary files
_SET_ASIDE = re.compile(r"(?P<name>.+)\.damaged-\d{8}-\d{6}(-\d+)?")  # atomic.keep_aside's, weights_store's


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

    @property
    def networks(self):
        return self.folder / "networks"

    def network_versions(self, name):
        """Return the folder of what was learned from the player's drawings into a kept network."""
        return self.networks / f"{Path(self.network(name)).stem}.learned"

    def network(self, name):
        """Return the file of the kept network of that exact name (playground/saved.py checks
        names; one that is not a plain file name never leaves the folder)."""
        plain = name == Path(name).name and not name.startswith(".")
        return self.networks / (f"{name}.npz" if plain else ".not-a-network.npz")

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
        for sub, place in self._places():
            if under in ("", sub):
                found += [place / name for name in _names_in(place) if _made(name, MADE[sub])]
        return sorted(found)

    def _places(self):
        """Return (pattern of MADE, folder) of the folder and every subfolder the game writes in
        that is there (never one that is a link: nothing is written through one)."""
        places = []
        for sub in MADE:
            base, _, rest = sub.partition("/")
            folders = [self.folder / base] if not rest else _matching(self.folder / base, rest)
            places += [(sub, place) for place in folders if place.is_dir() and not (sub and place.is_symlink())]
        return places

    def kept(self):
        """Return the paths of the files the game wrote that hold something of the player's:
        made() but its locks and half-written temporaries, and but what is no regular file (a
        FIFO or a link to a device where a file of the game's belongs holds nothing of theirs)."""
        return [path for path in self.made() if not scratch(path) and path.is_file()]

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
        for sub, place in reversed(self._places()):  # the Playground's folders, deepest first
            if sub.startswith("networks"):
                _remove_if_empty(place)
        _remove_if_empty(self.networks / ".runs")
        _remove_if_empty(self.networks)
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

    def __init__(self, folder, weights_file=None, network=None):
        """network : play with this network the player kept from the Playground (None: the one
        their settings name, if any)."""
        self.files = PlayerFiles(Path(folder))
        self.weights_file = weights_file
        self.settings = Settings.load(self.files.settings)
        if network is not None:
            self.settings.network = network
        self.store = FeedbackStore(self.files.feedback)
        self.weights = WeightsStore(self.files.weights)
        self.history = GameHistory(self.files.history)
        self._tables = {}
        # notice: what happened to their weights; a network asked for by name must load
        self.recognizer, self.notice = self._open_recognizer(strict=network is not None)

    @property
    def folder(self):
        """Return the player's folder."""
        return self.files.folder

    @property
    def network_name(self):
        """Return the name of the kept network the player plays with, or None (their own weights)."""
        return self.settings.network or None

    def use_network(self, name):
        """Play with the kept network `name` (its exact name; None: the player's own weights) from
        now on, its memory empty; raise ModelFileError if it cannot be loaded (nothing changes)."""
        recognizer = self._kept_recognizer(name) if name else self._own_recognizer()[0]
        self.settings.network, self.recognizer, self.notice = name or "", recognizer, None

    def _open_recognizer(self, strict=False):
        """Return (Recognizer, notice) for the weights to play with, its memory empty (the
        learning coordinator fills it in the background); notice tells the player why their own
        weights (or their kept network) could not be used (a damaged version is set aside once,
        the one before it used), or is None. strict : a kept network that cannot be loaded
        raises ModelFileError instead."""
        if self.weights_file:
            return Recognizer.load(self.weights_file), None
        if self.network_name:
            try:
                return self._kept_recognizer(self.network_name), None
            except ModelFileError as error:
                if strict:
                    raise
                self.settings.network = ""
                recognizer, _ = self._own_recognizer()
                return recognizer, str(error)
        return self._own_recognizer()

    def _own_recognizer(self):
        """Return (Recognizer, notice) of the player's active weights version (a damaged one set
        aside first), or the shipped ones."""
        notice = self.weights.set_aside_damaged()
        number, path = self.weights.active()
        recognizer, problem = Recognizer.load_best([path] if number else [])
        return recognizer, notice or (problem and f"Using the shipped model: {problem}")

    @property
    def versions(self):
        """Return the WeightsStore of the line the player plays: their own, or their kept network's."""
        return Lineage(self.files, self.network_name).weights

    def _kept_recognizer(self, name):
        """Return a Recognizer for the kept network of that exact name, as learned from the
        player's drawings (its newest version); raise ModelFileError."""
        return Recognizer.load(Lineage(self.files, name).weights.active()[1])

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
        """Return how many stored drawings no session of the line played has learned yet (None
        if unreadable)."""
        try:
            return Lineage(self.files, self.network_name).waiting(self.store)
        except (sqlite3.Error, OSError):
            return None

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
        learned = [p for p in self.files.made() if p.parent.suffix == ".learned"]  # into kept networks
        for leftover in self.files.made("cache") + rescued + half_written + learned:  # the game's, never a person's
            leftover.unlink(missing_ok=True)
        for folder in [self.files.cache, *{p.parent for p in learned}]:
            _remove_if_empty(folder)
        if self.weights_file:  # weights chosen on the command line stay; only the memory goes
            self.recognizer.memory.forget()
        elif self.network_name:  # a kept network stays, as it was kept
            self.recognizer, self.notice = self._open_recognizer()
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
    """Return True if a file called name is one the game writes (names : a regex of MADE), the
    temporary file of one half written, or one set aside as damaged."""
    half, aside = _HALF_WRITTEN.fullmatch(name), _SET_ASIDE.fullmatch(name)
    return bool(names.fullmatch(half["name"] if half else aside["name"] if aside else name))


def _matching(folder, pattern):
    """Return the subfolders of folder whose path below it matches pattern ("a/b": two levels)."""
    places = [folder]
    for part in pattern.split("/"):
        places = [p / name for p in places for name in _folders_in(p) if re.fullmatch(part, name)]
    return places


def _folders_in(folder):
    """Return the names of the folders (not links) in folder."""
    try:
        return [e.name for e in os.scandir(folder) if e.is_dir() and not e.is_symlink()]
    except OSError:
        return []


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

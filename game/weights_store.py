"""The player's own weights: numbered versions in the data dir, one of them active.

    weights/v3.npz, v3.json   a version and the metrics that promoted it
    weights/active.json       {"active": 3, "last": 3}; active null = shipped

Every file is written atomically and the pointer is switched last, so a crash
at any moment leaves the previous weights active and loadable. A lock file
keeps two retrains (or a retrain and a rollback) from running at once. A version
damaged all the same (a disk, a person) is set aside, renamed v3.npz.damaged-DATE-TIME,
and the one before it made active (load_active).
"""

import re
from contextlib import contextmanager
from pathlib import Path

from .atomic import json_field, keep_aside, load_json, read_json, rewrite_json, write_json
from .filelock import LockedError, exclusive
from .model import ModelFileError, load_network, save_network
from .paths import SHIPPED_WEIGHTS
from .words import counted

KEEP = 5  # versions kept on disk (the active one is never deleted)
SHARES = ("fixed_before", "fixed_after", "mnist_before", "mnist_after")
MAX_VERSION = 10**9  # a version number past this is a damaged pointer, not a billion sessions


class WeightsLockedError(RuntimeError):
    """Another retrain (or rollback/reset) holds the lock."""


class WeightsStore:
    """Versions of the player's weights and which one the game plays with, in `folder`
    (profile.PlayerFiles.weights), learned from `base`: the shipped weights, or a network the
    player kept from the Playground (its versions in PlayerFiles.network_versions)."""

    def __init__(self, folder, base=SHIPPED_WEIGHTS):
        self.folder, self.base = Path(folder), Path(base)

    def active(self):
        """Return (version number or None for the base weights, path to load)."""
        number = self._pointer().get("active")
        if isinstance(number, int) and self.path(number).is_file():
            return number, self.path(number)
        return None, self.base

    def path(self, number):
        """Return the file of version `number`."""
        return self.folder / f"v{number}.npz"

    def versions(self):
        """Return the version numbers on disk, oldest first."""
        found = (re.fullmatch(r"v(\d+)\.npz", p.name) for p in self.folder.glob("v*.npz"))
        return sorted(int(m.group(1)) for m in found if m and int(m.group(1)) <= MAX_VERSION)

    def metrics(self, number):
        """Return the figures saved with a version: "new" (drawings learned), and the shares
        fixed_before, fixed_after, mnist_before, mnist_after (0..1); None where missing or odd."""
        saved = read_json(self.folder / f"v{number}.json", {})
        shares = {key: json_field(saved, key, float, 0.0, 1.0) for key in SHARES}
        return {"new": json_field(saved, "new", int, 0), **shares}

    def promote(self, network, metrics):
        """Save network as the next version, make it active, prune old ones; return its number.

        network.metadata gets "version" ("v7") so the game can show it.
        """
        pointer = self._pointer()
        number = max([pointer.get("last") or 0, *self.versions()]) + 1
        network.metadata = {**network.metadata, "version": f"v{number}"}
        save_network(network, self.path(number))
        write_json(self.folder / f"v{number}.json", metrics)
        self._set_pointer(number, last=number)
        self._prune(keep={number})
        return number

    def load_active(self):
        """Return (version number or None for the shipped weights, the Network loaded from it, note):
        the weights the game plays and a session learns with. Call it holding the lock.

        A version that cannot be loaded (truncated, NaN-filled, oversized, gone) is set aside,
        and so is each one before it that cannot either, until one loads (else the shipped
        weights): that one is made active. An active.json that cannot be read is kept aside and
        the newest version that loads made active. note tells the player what was done, or is
        None. Raise ModelFileError if even the shipped weights cannot be loaded.
        """
        number, notes = self._pointed()
        pointed, network, damaged = number, None, []
        while network is None:
            try:
                network = load_network(self.path(number) if number else self.base)
            except ModelFileError as error:
                if number is None:
                    raise
                damaged.append((number, self._set_aside(number), error.problem))
                number = max((v for v in self.versions() if v < number), default=None)
        if number != pointed or notes:
            self._set_pointer(number)
        if damaged:
            notes.append(_damaged_note(damaged))
        if notes:
            notes.append(f"Now playing with {f'model v{number}' if number else 'the shipped model'}.")
        return number, network, " ".join(notes) or None

    def set_aside_damaged(self):
        """Take the lock and load_active, so that a damaged version is set aside and the one before
        it made active before the game loads it; return load_active's note. Nothing is done (None)
        where no version was ever made, or while another process holds the lock (a learning
        session: it does the same)."""
        if not (self.folder / "active.json").is_file():
            return None
        try:
            with self.lock(create=False):
                return self.load_active()[2]
        except (WeightsLockedError, ModelFileError, OSError):
            return None

    def rollback(self):
        """Make the version before the active one active; return it (None = shipped)."""
        current, _ = self.active()
        older = [v for v in self.versions() if current is None or v < current]
        previous = older[-1] if current is not None and older else None
        self._set_pointer(previous)
        return previous

    def reset(self):
        """Play with the shipped weights again (the versions stay on disk)."""
        self._set_pointer(None)

    def forget_all(self):
        """Play with the shipped weights and delete every version, those set aside as damaged too
        (call it holding the lock)."""
        self._set_pointer(None, last=None)
        for number in self.versions():
            for suffix in (".npz", ".json"):
                (self.folder / f"v{number}{suffix}").unlink(missing_ok=True)
        for pattern in ("v*.npz.damaged-*", "v*.json.damaged-*", "active.json.damaged-*"):
            for damaged in self.folder.glob(pattern):
                damaged.unlink(missing_ok=True)

    @contextmanager
    def lock(self, create=True):
        """Hold the weights lock for the duration; raise WeightsLockedError if taken.

        create : make the weights folder if there is none (never the player's folder above it:
        a player deleted meanwhile raises OSError, and nothing of theirs comes back). Without
        create and without a folder, there is nothing to lock: no session ever ran there.
        """
        if self.folder.is_symlink():  # every write here happens under the lock: none goes elsewhere
            raise OSError(f"{self.folder} is a link to another place: weights are only written in the data dir")
        if not create and not self.folder.is_dir():
            yield
            return
        try:
            self.folder.mkdir(exist_ok=True)
        except FileNotFoundError:
            raise OSError(f"there is no player folder {self.folder.parent} (deleted?)") from None
        try:
            with exclusive(self.folder / ".lock"):
                yield
        except LockedError:
            raise WeightsLockedError(f"another retrain is running on {self.folder} (wait for it to finish)") from None

    def _pointer(self):
        """Return active.json's {"active", "last"}: version numbers, or None where missing or damaged."""
        pointer = read_json(self.folder / "active.json", {})
        return {key: json_field(pointer, key, int, 1, MAX_VERSION) for key in ("active", "last")}

    def _pointed(self):
        """Return (the version active.json points to, or None, [notes]): an active.json that cannot
        be read is kept aside (a note says so) and the newest version on disk pointed to."""
        path = self.folder / "active.json"
        if load_json(path, {})[1] is None:
            return self._pointer().get("active"), []
        note = rewrite_json(path, {"active": None, "last": None})
        return (self.versions() or [None])[-1], [f"Your weights: {note}."]

    def _set_aside(self, number):
        """Keep version `number` aside, its figures with it; return the name it is kept as (None if
        there is no such file, or it could not be moved)."""
        keep_aside(self.folder / f"v{number}.json")
        aside = keep_aside(self.path(number))
        return aside and aside.name

    def _set_pointer(self, number, last=None):
        """Atomically switch the active version (None = shipped)."""
        pointer = self._pointer()
        write_json(self.folder / "active.json", {"active": number, "last": last or pointer.get("last")})

    def _prune(self, keep):
        """Delete all but the newest KEEP versions, never one in `keep`."""
        for number in self.versions()[:-KEEP]:
            if number not in keep:
                for suffix in (".npz", ".json"):
                    (self.folder / f"v{number}{suffix}").unlink(missing_ok=True)


def _damaged_note(damaged):
    """Return what the player is told of the versions set aside: [(number, kept as, problem)]."""
    names = ", ".join(f"v{number}" for number, _, _ in damaged)
    kept = ", ".join(aside for _, aside, _ in damaged if aside)
    where = f": set aside as {kept} in the weights folder" if kept else ""
    plural = "s" if len(damaged) > 1 else ""
    return f"Your model{plural} {names} could not be loaded ({damaged[0][2]}){where}."


def describe(metadata):
    """Return "the shipped model" or "model v4, learned from 57 corrections" for weights metadata."""
    version = metadata.get("version")
    if not version:
        return "the shipped model"
    return f"model {version}, learned from {counted(metadata.get('corrections_learned', 0), 'correction')}"

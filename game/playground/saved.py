"""The networks a player keeps: one file each in their folder's networks/.

    networks/NAME.npz       the weights, the architecture and a card (model/serialization.py):
                            {"playground": {"name", "blueprint", "architecture", "parameters",
                             "created", "ended", "epochs", "seconds", "scores", "curves"}}
    networks/.runs/NAME/    a run in progress (trainer.py): validation.npz, latest.npz, best.npz
    networks/NAME.learned/  what the game learned into it from the player's drawings
                            (lineage.py: versions as in weights/, and learned.json)

A network is kept only once its run is over (stopped runs keep their best
checkpoint), each file written atomically: a run killed at any moment leaves
every kept network as it was. Exported files are the same .npz, read back with
allow_pickle=False and checked whole before they are kept.
"""

import math
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

from ..atomic import atomic_write, json_field, open_regular
from ..model import ModelFileError, load_network, read_info, save_network
from .blueprint import Blueprint, BlueprintError, plain_name

SUFFIX = ".npz"
RUNS = ".runs"
CURVE_POINTS = 400  # loss points kept on a card, at most


class SavedNetworkError(ValueError):
    """A kept network cannot be found, read, written or named so: the message says which."""


class SavedNetworks:
    """The networks kept in one player's folder (profile.PlayerFiles.networks)."""

    def __init__(self, folder):
        self.folder = Path(folder)

    def names(self):
        """Return the names of the kept networks, sorted without regard to case."""
        if not self.folder.is_dir():
            return []
        found = [p.stem for p in self.folder.glob(f"*{SUFFIX}") if p.is_file() and _is_plain(p.stem)]
        return sorted(found, key=str.casefold)

    def path(self, name):
        """Return the file of the network called name (which may not exist)."""
        return self.folder / f"{plain_name(name)}{SUFFIX}"

    def learned_folder(self, name):
        """Return the folder of the versions learned into the network called name."""
        return self.folder / f"{plain_name(name)}.learned"

    def run_folder(self, name):
        """Return the folder a run of that name trains in."""
        return self.folder / RUNS / plain_name(name)

    def find(self, name):
        """Return the exact name of the kept network called name, whatever its case; raise
        SavedNetworkError naming the kept ones if there is none."""
        try:
            wanted = plain_name(name).casefold()
        except BlueprintError as error:
            raise SavedNetworkError(str(error)) from None
        for known in self.names():
            if known.casefold() == wanted:
                return known
        kept = ", ".join(self.names()) or "none yet"
        raise SavedNetworkError(f"there is no network named {name!r} (kept: {kept})")

    def taken(self, name):
        """Return True if a kept network has that name, whatever its case."""
        return plain_name(name).casefold() in {known.casefold() for known in self.names()}

    def card(self, name):
        """Return the card of a kept network (its blueprint, scores and curves), read without its
        weights; the figures the pages show are checked (an odd one is None)."""
        path = self.path(self.find(name))
        try:
            card = read_info(path).get("playground")
        except ModelFileError as error:
            raise SavedNetworkError(str(error)) from None
        return {**_checked(card if isinstance(card, dict) else {}), "name": path.stem}

    def cards(self):
        """Return the cards of every kept network that can be read, in name order."""
        found = []
        for name in self.names():
            try:
                found.append(self.card(name))
            except SavedNetworkError:
                continue
        return found

    def load(self, name):
        """Return the kept Network called name (its card in metadata["playground"])."""
        try:
            return load_network(self.path(self.find(name)))
        except ModelFileError as error:
            raise SavedNetworkError(str(error)) from None

    def keep(self, network, name, card, replace=False):
        """Write network under name with its card (atomically); return the path. Refuse a name a
        kept network has (whatever its case) unless replace."""
        name = plain_name(name)
        if self.taken(name) and not replace:
            raise SavedNetworkError(f"a network named {self.find(name)!r} is kept already: choose another name")
        self.folder.mkdir(parents=True, exist_ok=True)
        card = {**card, "name": name, "created": card.get("created") or _now()}
        network.metadata = {**network.metadata, "playground": card}
        save_network(network, self.path(name))
        return self.path(name)

    def delete(self, name):
        """Delete a kept network (and what a run of its name left)."""
        name = self.find(name)
        self.path(name).unlink(missing_ok=True)
        for folder in (self.run_folder(name), self.learned_folder(name)):
            shutil.rmtree(folder, ignore_errors=True)

    def rename(self, old, new):
        """Give a kept network another name (its file is written anew under it, then the old goes)."""
        old, new = self.find(old), plain_name(new)
        if self.taken(new) and new.casefold() != old.casefold():
            raise SavedNetworkError(f"a network named {self.find(new)!r} is kept already: choose another name")
        network = self.load(old)
        card = network.metadata.get("playground", {})
        self.keep(network, new, card, replace=True)
        if new != old:
            self._move_learned(old, new)
            self.path(old).unlink(missing_ok=True)
        return new

    def _move_learned(self, old, new):
        """Give the versions learned into a renamed network its new name (their cards too)."""
        folder = self.learned_folder(old)
        if not folder.is_dir():
            return
        os.replace(folder, self.learned_folder(new))
        for path in sorted(self.learned_folder(new).glob("v*.npz")):
            try:
                network = load_network(path)
            except ModelFileError:
                continue  # a damaged version: the store sets it aside when it is next loaded
            card = network.metadata.get("playground")
            if isinstance(card, dict):
                network.metadata = {**network.metadata, "playground": {**card, "name": new}}
                save_network(network, path)

    def export(self, name, out):
        """Copy a kept network to the file out (atomically), to be imported elsewhere; return out."""
        out = Path(out)
        if out.is_dir():
            raise SavedNetworkError(f"{out} is a folder: give the file to write, e.g. {out / (name + SUFFIX)}")
        source = self.path(self.find(name))
        with open_regular(source) as original, atomic_write(out) as f:
            shutil.copyfileobj(original, f)
        return out

    def import_file(self, path, name=None):
        """Keep the network in an exported file under name (default: the name on its card);
        return the name. Raise SavedNetworkError in one line if the file is damaged, not a
        Playground network, or the name is taken."""
        try:
            network = load_network(path)
        except ModelFileError as error:
            raise SavedNetworkError(str(error)) from None
        card = network.metadata.get("playground")
        if not isinstance(card, dict):
            raise SavedNetworkError(f"{path} is a digit-dash network but not one from the Playground (no card)")
        try:
            Blueprint.from_dict(card.get("blueprint")).check()
            name = plain_name(name or card.get("name", ""))
        except BlueprintError as error:
            raise SavedNetworkError(f"{path}: {error}") from None
        self.keep(network, name, card)
        return name


def make_card(blueprint, result, scores):
    """Return the card of a finished run: blueprint, how it ended, scores and its curves."""
    step = max(1, len(result.points) // CURVE_POINTS)
    return {
        "blueprint": blueprint.to_dict(),
        "architecture": blueprint.describe(),
        "parameters": int(result.network.params.size),
        "ended": result.ended,
        "epochs": result.epochs,
        "seconds": result.seconds,
        "best_epoch": result.best_epoch,
        "scores": {"validation_accuracy": result.validation_accuracy, **scores},
        "curves": {"points": result.points[::step], "checkpoints": result.checkpoints},
    }


def _checked(card):
    """Return a card read from a file with its figures read as json_field reads any number of a
    file: its parameters a whole number, its scores numbers (accuracies from 0 to 1); an odd one
    (text, 1e999, 400 digits) None."""
    scores = card.get("scores") if isinstance(card.get("scores"), dict) else {}
    bound = lambda key: 1.0 if key.endswith("accuracy") else math.inf
    scores = {key: json_field(scores, key, float, 0.0, bound(key)) for key in scores}
    return {**card, "parameters": json_field(card, "parameters", int, 0), "scores": scores}


def _is_plain(name):
    """Return True if name is a plain network name (files of other names are not ours)."""
    try:
        return plain_name(name) == name
    except BlueprintError:
        return False


def _now():
    """Return the time now, as the cards write it."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")

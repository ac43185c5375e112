"""Players sharing one computer: each has a folder of their own under the data directory.

    DATA_DIR/players.json       [{"name": "Ada", "folder": ""}, {"name": "Sam", "folder": "players/sam"}]
                                and which one played last
    DATA_DIR/...                the first player's files, where they were before players existed:
                                an existing data directory becomes the first player, nothing moves
    DATA_DIR/players/sam/...    each other player's feedback.db, weights/, settings, high scores, history

Everything that reads or writes a player's data is given that player's folder
(`folder_of`); nothing else in the game knows there are several. What is in a
folder is profile.py's business.

Two copies of the game may share a data directory: every change is made to
players.json as it is on disk now, under its lock, never to a stale copy. A
players.json that cannot be read loses nobody: the list is found again from the
players' folders (and the damaged file is kept beside it).
"""

import json
import re
import shutil
import sys
from pathlib import Path

from .atomic import json_field, keep_aside, write_json
from .filelock import LockedError, exclusive
from .names import MAX_NAME, cleaned, normalized
from .profile import PlayerFiles
from .weights_store import WeightsLockedError, WeightsStore

FIRST = "Player 1"
MAX_PLAYERS = 40  # a class and its teacher
FOLDER = re.compile(r"players/[a-z0-9-]+")


class PlayerError(ValueError):
    """A player name that cannot be used, or a player that does not exist; the message says why."""


class Players:
    """The players of a data directory, in the order they were added, and the one this copy of
    the game plays as (`current`). `warning` says why players.json had to be found again."""

    def __init__(self, root):
        self.root = Path(root)
        self.warning = None
        self.entries, current = self._read()
        self.current = current or self.entries[0]["name"]

    def names(self):
        """Return the players' names, in the order they were added."""
        return [e["name"] for e in self.entries]

    def folder(self, name=None):
        """Return the folder of a player (default: the current one); raise PlayerError if unknown."""
        return self.root / self._entry(name)["folder"]

    def add(self, name):
        """Add a player (an empty folder of their own) and save; return their name, cleaned up."""
        name = _checked(name)
        added = {}

        def add_to(entries, current):
            if any(_key(e["name"]) == _key(name) for e in entries):
                raise PlayerError(f"there is already a player called {name}")
            if len(entries) >= MAX_PLAYERS:
                raise PlayerError(f"{MAX_PLAYERS} players is the most: delete one first")
            added.update(name=name, folder=self._free_folder(name, entries))
            (self.root / added["folder"]).mkdir(parents=True, exist_ok=True)
            entries.append(added)
            return current

        self._change(add_to)
        return name

    def rename(self, old, new):
        """Give a player another name (their folder stays) and save."""
        entry, new = self._entry(old), _checked(new)

        def rename_in(entries, current):
            mine = _by_folder(entries, entry["folder"])
            if any(_key(e["name"]) == _key(new) for e in entries if e is not mine):
                raise PlayerError(f"there is already a player called {new}")
            was, mine["name"] = mine["name"], new
            return new if current == was else current

        playing = self.current == entry["name"]
        self._change(rename_in)
        self.current = new if playing else self.current

    def delete(self, name):
        """Delete a player and every file of theirs, and save; the last player cannot go, nor one
        whose learning session is running. Return a note for the player, or None."""
        folder = self._entry(name)["folder"]
        if len(self.entries) == 1:
            raise PlayerError("the only player cannot be deleted: add another one first")
        path = self.root / folder
        try:
            with WeightsStore(PlayerFiles(path).weights).lock(create=False):
                note = _delete_files(path, whole=bool(folder))
        except WeightsLockedError:
            raise PlayerError(f"{name} is being learned from right now: try again in a moment") from None

        def remove_from(entries, current):
            entries.remove(_by_folder(entries, folder))
            return current if any(e["name"] == current for e in entries) else entries[0]["name"]

        self._change(remove_from)
        if self.current not in self.names():
            self.current = self.entries[0]["name"]
        return note

    def select(self, name=None, create=False):
        """Make name the current player (remembered) and return their folder; without a name,
        return the current player's. create : add a player of that name if there is none."""
        if name is None:
            return self.folder()
        try:
            entry = self._entry(name)
        except PlayerError:
            if not create:
                raise
            entry = self._entry(self.add(name))
        self.current = entry["name"]
        self._change(lambda entries, current: entry["name"])
        return self.root / entry["folder"]

    def _entry(self, name=None):
        """Return the entry of a player (default: the current one): the one of exactly that name,
        else the only one whose name differs in case or spacing alone; raise PlayerError if none."""
        name = self.current if name is None else name
        exact = [e for e in self.entries if e["name"] == name]
        alike = [e for e in self.entries if _key(e["name"]) == _key(name)]
        if exact or len(alike) == 1:
            return (exact or alike)[0]
        raise PlayerError(f"no player called {name!r}; the players are: {', '.join(self.names())}")

    def _change(self, change):
        """Under players.json's lock: read it as it is now, let change(entries, current) edit the
        entries and return the current player to save, write it, and keep the entries."""
        path = self.root / "players.json"
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with exclusive(path.with_name("players.json.lock"), wait=2.0):
                entries, current = self._read()
                current = change(entries, current or entries[0]["name"])
                write_json(path, {"players": entries, "current": current})
        except (LockedError, OSError) as error:
            raise PlayerError(f"the players could not be saved ({error})") from None
        self.entries = entries

    def _read(self):
        """Return (entries, the current player or None) from players.json, every player's folder
        listed; a file that cannot be read is kept aside and the list found again."""
        path = self.root / "players.json"
        try:
            saved = json.loads(path.read_text(encoding="utf-8-sig"))  # -sig: a BOM some editors add
            listed = saved["players"]
            if not isinstance(listed, list):
                raise TypeError("'players' is not a list")
        except FileNotFoundError:
            saved, listed = {}, []
        except (OSError, ValueError, TypeError, KeyError, RecursionError) as error:
            saved, listed = {}, []
            self.warning = f"{path} could not be read ({type(error).__name__}); the players were found again"
            keep_aside(path)
        entries = _valid_entries(listed[: MAX_PLAYERS * 10])
        for folder in self._folders_on_disk():  # a player whose entry was lost is found again
            if not any(e["folder"] == folder for e in entries) and len(entries) < MAX_PLAYERS:
                entries.append({"name": _unique(cleaned(folder.rpartition("/")[2]), entries), "folder": folder})
        if not any(e["folder"] == "" for e in entries):
            entries.insert(0, {"name": _unique(FIRST, entries), "folder": ""})
        current = saved.get("current") if isinstance(saved, dict) else None
        return entries, current if any(e["name"] == current for e in entries) else None

    def _folders_on_disk(self):
        """Return the players' folders that exist (real folders, not links), as "players/NAME"."""
        try:
            found = sorted(p for p in (self.root / "players").iterdir() if p.is_dir() and not p.is_symlink())
        except OSError:
            return []
        return [f"players/{p.name}" for p in found[:MAX_PLAYERS] if FOLDER.fullmatch(f"players/{p.name}")]

    def _free_folder(self, name, entries):
        """Return a new folder for a player called name: players/ and the name made safe."""
        slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "player"
        folder, n = f"players/{slug}", 2
        while (self.root / folder).exists() or (self.root / folder).is_symlink() or _taken(folder, entries):
            folder, n = f"players/{slug}-{n}", n + 1
        return folder


def _key(name):
    """Return what makes two names the same name: normalized, case left out."""
    return normalized(name).casefold()


def _checked(name):
    """Return a new name normalized, or raise PlayerError if it is empty, too long or unprintable."""
    name = normalized(name)
    if not name or len(name) > MAX_NAME or not name.isprintable():
        raise PlayerError(f"a player's name needs 1 to {MAX_NAME} printable characters")
    return name


def _valid_entries(listed):
    """Return the usable entries of a saved list: names cleaned and unique, folders inside the
    data directory and used once, at most MAX_PLAYERS."""
    entries = []
    for entry in listed:
        folder = json_field(entry, "folder", str)
        if folder is None or (folder and not FOLDER.fullmatch(folder)) or _taken(folder, entries):
            continue
        if len(entries) >= MAX_PLAYERS:
            break
        name = cleaned(json_field(entry, "name", str, default=""))
        name = name or cleaned(folder.rpartition("/")[2]) or FIRST
        entries.append({"name": _unique(name, entries), "folder": folder})
    return entries


def _taken(folder, entries):
    """Return True if an entry has that folder."""
    return any(e["folder"] == folder for e in entries)


def _by_folder(entries, folder):
    """Return the entry of a folder; raise PlayerError if another copy of the game removed it."""
    for entry in entries:
        if entry["folder"] == folder:
            return entry
    raise PlayerError("that player was deleted meanwhile (by another copy of the game)")


def _unique(name, entries):
    """Return name, or name with a number after it, unlike every name of entries."""
    taken, candidate, n = {_key(e["name"]) for e in entries}, name, 2
    while _key(candidate) in taken:
        candidate, n = f"{name[: MAX_NAME - 3]} {n}", n + 1
    return candidate


def _delete_files(folder, whole):
    """Delete a player's files: their whole folder, or for the first player only their files at
    the top of the data directory. A folder that is a link to another place loses the link
    alone: return a note saying so (else None). Raise PlayerError naming the first file that
    could not be deleted."""
    if whole and folder.is_symlink():
        target = folder.readlink()
        folder.unlink()
        return f"{folder.name}'s folder was a link: their files in {target} are left where they are"
    targets = [folder] if whole else [p for pattern in PlayerFiles.patterns() for p in folder.glob(pattern)]
    failed = []
    for path in targets:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, onerror=lambda _function, where, _info: failed.append(where))
        elif path.exists() or path.is_symlink():
            try:
                path.unlink()
            except OSError:
                failed.append(path)
    if failed:
        raise PlayerError(f"could not delete {failed[0]} (and {len(failed) - 1} more): check its permissions")
    return None


def folder_of(root, name=None, create=False):
    """Return the data folder of player `name` in data directory root (default: the current player).

    create : add the player if there is none of that name (the game's --player does).
    Raise PlayerError naming the players if there is none and create is False.
    """
    players = Players(root)
    if name is None:
        return players.folder()
    try:
        return players.folder(name)
    except PlayerError:
        if not create:
            raise
        return players.folder(players.add(name))


def add_player_option(parser):
    """Add --player to a command line that takes --data-dir."""
    parser.add_argument(
        "--player", help="whose data to use, of the players sharing --data-dir (default: who played last)"
    )


def data_dir_of(parser, data_dir, player):
    """Return the folder of `player` (default: the current one) in data_dir, for a command line;
    an unknown player ends it with a one-line error naming the players."""
    if Path(data_dir).exists() and not Path(data_dir).is_dir():
        parser.error(f"--data-dir {data_dir} is a file: give the game's data folder")
    players = Players(data_dir)
    if players.warning:
        print(f"warning: {players.warning}", file=sys.stderr)
    try:
        return players.folder(player) if player is not None else players.folder()
    except PlayerError as error:
        parser.error(str(error))

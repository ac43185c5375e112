"""Players sharing one computer: each has a folder of their own under the data directory.

    DATA_DIR/players.json       [{"name": "Ada", "folder": ""}, {"name": "Sam", "folder": "players/sam"}]
                                and which one played last
    DATA_DIR/...                the first player's files, where they were before players existed:
                                an existing data directory becomes the first player, nothing moves
    DATA_DIR/players/sam/...    each other player's feedback.db, weights/, settings, high scores, history

Everything that reads or writes a player's data is given that player's folder
(`folder_of`); nothing else in the game knows there are several. What is in a
folder is profile.py's business.
"""

import re
import shutil
from pathlib import Path

from .atomic import read_json, write_json
from .names import MAX_NAME
from .profile import PlayerFiles

FIRST = "Player 1"


class PlayerError(ValueError):
    """A player name that cannot be used, or a player that does not exist; the message says why."""


class Players:
    """The players of a data directory, in the order they were added, and the current one."""

    def __init__(self, root):
        self.root = Path(root)
        saved = read_json(self.root / "players.json", {})
        saved = saved if isinstance(saved, dict) else {}
        entries = [e for e in saved.get("players", []) if _valid_entry(e)]
        self.entries = entries or [{"name": FIRST, "folder": ""}]
        current = saved.get("current")
        self.current = current if current in self.names() else self.entries[0]["name"]

    def names(self):
        """Return the players' names, in the order they were added."""
        return [e["name"] for e in self.entries]

    def folder(self, name=None):
        """Return the folder of a player (default: the current one); raise PlayerError if unknown."""
        return self.root / self._entry(name)["folder"]

    def _entry(self, name=None):
        """Return the saved entry of a player (default: the current one): the one of exactly that
        name, else the only one whose name differs in case alone; raise PlayerError if none."""
        name = self.current if name is None else name
        exact = [e for e in self.entries if e["name"] == name]
        alike = [e for e in self.entries if e["name"].casefold() == name.casefold()]
        if exact or len(alike) == 1:
            return (exact or alike)[0]
        raise PlayerError(f"no player called {name!r}; the players are: {', '.join(self.names())}")

    def add(self, name):
        """Add a player (an empty folder of their own) and save; return their name, cleaned up."""
        name = self._check_new(name)
        slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "player"
        folder, n = f"players/{slug}", 2
        while (self.root / folder).exists() or any(e["folder"] == folder for e in self.entries):
            folder, n = f"players/{slug}-{n}", n + 1
        (self.root / folder).mkdir(parents=True, exist_ok=True)
        self.entries.append({"name": name, "folder": folder})
        self.save()
        return name

    def rename(self, old, new):
        """Give a player another name (their folder stays) and save."""
        entry = self._entry(old)
        if new.strip().casefold() != entry["name"].casefold():
            new = self._check_new(new)
        if self.current == entry["name"]:
            self.current = new.strip()
        entry["name"] = new.strip()
        self.save()

    def delete(self, name):
        """Delete a player and every file of theirs, and save; the last player cannot go."""
        entry = self._entry(name)
        folder = self.root / entry["folder"]
        if len(self.entries) == 1:
            raise PlayerError("the only player cannot be deleted: add another one first")
        if entry["folder"]:
            shutil.rmtree(folder, ignore_errors=True)
        else:  # the first player's files sit at the top, among the others' folders: only theirs go
            for pattern in PlayerFiles.patterns():
                for path in folder.glob(pattern):
                    shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
        self.entries.remove(entry)
        if self.current == entry["name"]:
            self.current = self.entries[0]["name"]
        self.save()

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
        self.save()
        return self.root / entry["folder"]

    def save(self):
        """Write players.json atomically."""
        self.root.mkdir(parents=True, exist_ok=True)
        write_json(self.root / "players.json", {"players": self.entries, "current": self.current})

    def _check_new(self, name):
        """Return name stripped, or raise PlayerError if it is empty, too long or taken."""
        name = " ".join(str(name).split())
        if not name or len(name) > MAX_NAME or not name.isprintable():
            raise PlayerError(f"a player's name needs 1 to {MAX_NAME} printable characters")
        if name.casefold() in (n.casefold() for n in self.names()):
            raise PlayerError(f"there is already a player called {name}")
        return name


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


def _valid_entry(entry):
    """Return True if a saved entry has a usable name and a folder inside the data directory."""
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
        return False
    folder = entry.get("folder")
    return isinstance(folder, str) and (folder == "" or re.fullmatch(r"players/[a-z0-9-]+", folder) is not None)


def add_player_option(parser):
    """Add --player to a command line that takes --data-dir."""
    parser.add_argument(
        "--player", help="whose data to use, of the players sharing --data-dir (default: who played last)"
    )


def data_dir_of(parser, data_dir, player):
    """Return the folder of `player` (default: the current one) in data_dir, for a command line;
    an unknown player ends it with a one-line error naming the players."""
    try:
        return folder_of(data_dir, player)
    except PlayerError as error:
        parser.error(str(error))

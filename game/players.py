"""Players sharing one computer: each has a folder of their own under the data directory.

    DATA_DIR/players.json       [{"name": "Ada", "folder": "players/ada", "id": "..."}, ...]
                                and which one played last
    DATA_DIR/players/ada/...    each player's feedback.db, weights/, settings, high scores, history

The top of the data directory holds only what all players share. A data directory from
before every player had a folder has its first player's files at its top: the first start
moves them into a folder of their own (migration.py). Everything that reads or writes a
player's data is given that player's folder (`folder_of`); nothing else in the game knows
there are several. What is in a folder is profile.py's business.

Several copies of the game may share a data directory. Every change is made to players.json
as it is on disk now, under its lock, never to a stale copy, and to the player this copy
showed (known by an id that no rename changes and no new player reuses), never to whoever
holds that name or folder now. Each copy holds a shared lock on the player it plays as
(profile.SEAT in their folder): a player is deleted or renamed only when no other copy plays
as them. A players.json that cannot be read loses nobody: the list is found again from the
players' folders (and the damaged file is kept beside it).
"""

import secrets
import sys
from contextlib import ExitStack, contextmanager, nullcontext
from pathlib import Path

from . import migration, player_list
from .filelock import LockedError, SharedLock, exclusive
from .player_list import FIRST, MAX_PLAYERS, PlayerError, checked, key
from .profile import PlayerFiles
from .weights_store import WeightsLockedError, WeightsStore

__all__ = ["FIRST", "MAX_PLAYERS", "ChangedMeanwhile", "PlayerError", "Players", "folder_of", "data_dir_of"]


class ChangedMeanwhile(PlayerError):
    """The player shown was deleted or renamed by another copy of the game since."""


class Players:
    """The players of a data directory, in the order they were added, and the one this copy of
    the game plays as (`current`, held by `select`). `warning` says why players.json had to be
    found again, or why the first player's files could not be moved."""

    def __init__(self, root):
        self.root = Path(root)
        self._seat = None  # (id, SharedLock) of the player this copy plays as
        self.entries, self._current, self.warning = player_list.read(self.root)
        if migration.waiting(self.root, self.entries):
            self._move_first_player()

    @property
    def current(self):
        """Return the name of the player this copy plays as (the first one if theirs is gone)."""
        return next((e for e in self.entries if e["id"] == self._current), self.entries[0])["name"]

    def names(self):
        """Return the players' names, in the order they were added."""
        return [e["name"] for e in self.entries]

    def folder(self, name=None):
        """Return the folder of a player (default: the current one); raise PlayerError if unknown."""
        return self.root / self._entry(name)["folder"]

    def refresh(self):
        """Read the players again as they are on disk now (another copy may have changed them)."""
        self.entries, _, self.warning = player_list.read(self.root)

    def add(self, name):
        """Add a player (an empty folder of their own) and save; return their name, cleaned up."""
        name = checked(name)

        def add_to(entries):
            if any(key(e["name"]) == key(name) for e in entries):
                raise PlayerError(f"there is already a player called {name}")
            if len(entries) >= MAX_PLAYERS:
                raise PlayerError(f"{MAX_PLAYERS} players is the most: delete one first")
            folder = player_list.free_folder(self.root, name, entries)
            (self.root / folder).mkdir(parents=True, exist_ok=True)
            entries.append({"name": name, "folder": folder, "id": secrets.token_hex(8)})

        self._change(add_to)
        return name

    def rename(self, old, new):
        """Give a player another name (their folder stays) and save; refused while another copy
        of the game plays as them."""
        seen, new = self._entry(old), checked(new)

        def rename_in(entries):
            entry = _seen(entries, seen)
            if any(key(e["name"]) == key(new) for e in entries if e is not entry):
                raise PlayerError(f"there is already a player called {new}")
            with self._alone(entry):
                entry["name"] = new

        self._change(rename_in)

    def delete(self, name):
        """Delete a player and the files the game wrote for them, and save. Refused for the
        last player, the one this copy plays as, one another copy plays as, and one whose
        learning session is running. Return a note for the player (what was left), or None."""
        seen = self._entry(name)

        def remove_from(entries):
            entry = _seen(entries, seen)
            if len(entries) == 1:
                raise PlayerError("the only player cannot be deleted: add another one first")
            if self._holds(entry):
                raise PlayerError(f"{entry['name']} is playing here: play as another player first")
            folder = self.root / entry["folder"]
            with self._alone(entry), _unlearned(folder, entry["name"]):
                note = _delete_files(folder, whole=bool(entry["folder"]))
            entries.remove(entry)
            if not folder.is_symlink():  # nobody can take their locks now: those go too
                PlayerFiles(folder).leave()
            return note

        return self._change(remove_from)

    def select(self, name=None, create=False):
        """Play as a player from now on (remembered as who played last), holding their seat until
        another is selected or close(); return their folder. name : default the current player.
        create : add a player of that name if there is none. Raise PlayerError if there is no
        such player (or none any more: deleted meanwhile)."""
        if name is not None and not any(key(e["name"]) == key(name) for e in self.entries):
            self.refresh()  # a name typed, not chosen from the list shown: another copy may have added it
            if create and not any(key(e["name"]) == key(name) for e in self.entries):
                self.add(name)
        seen, sat = self._entry(name), []  # sat: the seat taken, let go if the list cannot be saved

        def sit(entries):
            entry = _seen(entries, seen, renamed=True)
            folder = self.root / entry["folder"]
            folder.mkdir(parents=True, exist_ok=True)  # listed under the lock: not deleted meanwhile
            if not self._holds(entry):
                sat.append((entry["id"], _sit(folder, entry["name"])))
            return folder

        try:
            folder = self._change(sit, last=seen["id"])
        except PlayerError:
            for _, seat in sat:
                seat.close()
            raise
        if sat:
            self.close()  # the seat of the player before
            self._seat = sat[0]
        self._current = seen["id"]
        return folder

    def close(self):
        """Play as nobody: the seat held is left for others (a player now free to delete)."""
        if self._seat:
            self._seat[1].close()
            self._seat = None

    def _entry(self, name=None):
        """Return the entry of a player (default: the current one): the one of exactly that name,
        else the only one whose name differs in case or spacing alone; raise PlayerError if none."""
        name = self.current if name is None else name
        exact = [e for e in self.entries if e["name"] == name]
        alike = [e for e in self.entries if key(e["name"]) == key(name)]
        if exact or len(alike) == 1:
            return (exact or alike)[0]
        raise PlayerError(f"no player called {name!r}; the players are: {', '.join(self.names())}")

    def _holds(self, entry):
        """Return True if this copy plays as the player of entry."""
        return self._seat is not None and self._seat[0] == entry["id"]

    @contextmanager
    def _alone(self, entry):
        """Hold the seat of entry's player alone for the duration; raise PlayerError if another
        copy of the game plays as them. Call it under players.json's lock (nobody sits down)."""
        seat = PlayerFiles(self.root / entry["folder"]).seat
        with ExitStack() as held:
            try:
                if self._holds(entry):
                    held.enter_context(self._seat[1].alone())
                elif seat.is_file():  # made when the first copy sits down: none is, without it
                    held.enter_context(exclusive(seat))
            except LockedError:
                raise PlayerError(
                    f"{entry['name']} is playing in another copy of the game: try again once it plays as someone else"
                ) from None
            yield

    def _change(self, change, last=None):
        """Under players.json's lock: read it as it is now, let change(entries) edit the entries,
        write them (with `last`, an id, as who played last; default: as it was), keep them,
        and return what change returned. Raise PlayerError if the list cannot be saved; what
        change raises passes through, the list as it is now kept."""
        path = self.root / "players.json"
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with exclusive(path.with_name("players.json.lock"), wait=2.0):
                entries, was_last, warning = player_list.read(self.root)
                self.warning = warning or self.warning
                self.entries = [dict(e) for e in entries]
                result = change(entries)
                player_list.write(self.root, entries, last or was_last)
        except (LockedError, OSError) as error:
            raise PlayerError(f"the players could not be saved ({error})") from None
        self.entries = entries
        return result

    def _move_first_player(self):
        """Move the first player's files from the top of the data directory to a folder of their
        own (migration.py), or end a move cut short; if that cannot be done now, they play where
        they are and `warning` says why."""
        top = {"name": FIRST, "folder": "", "id": None}
        try:  # under players.json's lock, while no copy plays as them and no session learns from them
            with exclusive(self.root / "players.json.lock", wait=2.0), self._alone(top), _unlearned(self.root, FIRST):
                entries, last, _ = player_list.read(self.root)
                free = lambda entry: player_list.free_folder(self.root, entry["name"], entries)  # noqa: E731
                save = lambda: player_list.write(self.root, entries, last)  # noqa: E731
                migration.move_first_player(self.root, entries, free, save)
                self.entries = entries
        except (LockedError, PlayerError, OSError) as error:
            self.warning = f"The first player's files could not be moved to a folder of their own ({error})."


def _seen(entries, seen, renamed=False):
    """Return the entry of the player shown as `seen` (the same id); raise ChangedMeanwhile if
    another copy of the game deleted them, or renamed them (unless renamed is True)."""
    entry = next((e for e in entries if e["id"] == seen["id"]), None)
    if entry is None:
        raise ChangedMeanwhile(f"{seen['name']} was deleted meanwhile, by another copy of the game")
    if entry["name"] != seen["name"] and not renamed:
        raise ChangedMeanwhile(f"{seen['name']} was renamed {entry['name']} meanwhile, by another copy of the game")
    return entry


def _sit(folder, name):
    """Return the shared lock (filelock.SharedLock) on a player's seat; raise PlayerError if it
    cannot be taken."""
    try:
        return SharedLock(PlayerFiles(folder).seat)
    except (LockedError, OSError) as error:
        raise PlayerError(f"cannot play as {name} ({error})") from None


@contextmanager
def _unlearned(folder, name):
    """Hold the weights lock of the player in folder (never making their weights folder) for
    the duration; raise PlayerError if their learning session is running."""
    weights = PlayerFiles(folder).weights
    try:  # nothing is written through a link: no session runs there
        with nullcontext() if weights.is_symlink() else WeightsStore(weights).lock(create=False):
            yield
    except WeightsLockedError:
        raise PlayerError(f"{name} is being learned from right now: try again in a moment") from None


def _delete_files(folder, whole):
    """Delete the files the game wrote for a player (profile.PlayerFiles.delete), in their folder
    (whole) or at the top of the data directory. A folder that is a link to another place
    loses the link alone. Return a note saying what was left, or None; raise PlayerError
    naming the first file that could not be deleted."""
    if whole and folder.is_symlink():
        target = folder.readlink()
        folder.unlink()
        return f"{folder.name}'s folder was a link: their files in {target} are left where they are"
    files = PlayerFiles(folder)
    failed = files.delete()
    if failed:
        raise PlayerError(f"could not delete {failed[0]} (and {len(failed) - 1} more): check its permissions")
    left = files.others() if whole else 0
    if not left:
        return None
    files = f"{left} files the game did not make are" if left > 1 else "1 file the game did not make is"
    return f"{files} left in {folder}"


def folder_of(root, name=None, create=False):
    """Return the data folder of player `name` in data directory root (default: the current player).

    create : add the player if there is none of that name (the game's --player does).
    Raise PlayerError naming the players if there is none and create is False.
    """
    players = Players(root)
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
        return players.folder(player)
    except PlayerError as error:
        parser.error(str(error))

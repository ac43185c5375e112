"""players.json, the list of the players of a data directory: read as it is on disk, every
odd value cleaned, every player's folder listed even if their entry was lost; written
atomically. Who may change it, and how, is players.py's business.

    {"players": [{"name": "Ada", "folder": "players/ada", "id": "3f9c..."}, ...], "current": "Ada"}

A player's id never changes (a rename keeps it) and is never given to another (a new
player's is random), so that a change acts on the player a person saw. A list from before
ids were kept uses each player's folder as theirs.
"""

import re
from pathlib import Path

from .atomic import json_field, keep_aside, parse_json, read_regular, why_unreadable, write_json
from .names import MAX_NAME, cleaned, normalized
from .profile import PlayerFiles

FIRST = "Player 1"
MAX_PLAYERS = 40  # a class and its teacher
FOLDER = re.compile(r"players/[a-z0-9-]+")
TOP = "."  # the id of a player whose files are at the top of the data directory, from before


class PlayerError(ValueError):
    """A player name that cannot be used, or a player that does not exist; the message says why."""


def read(root):
    """Return (entries, the id of who played last or None, a warning or None) from root's
    players.json, every player's folder listed, at least one player (a new data directory's
    first is FIRST, in players/player-1); a file that cannot be read is kept aside and the
    list found again from the folders (the warning says so)."""
    path, warning = Path(root) / "players.json", None
    try:
        saved = parse_json(read_regular(path))
        listed = saved["players"]
        if not isinstance(listed, list):
            raise TypeError("'players' is not a list")
    except FileNotFoundError:
        saved, listed = {}, []
    except (OSError, ValueError, TypeError, KeyError) as error:
        saved, listed = {}, []
        warning = f"{path} could not be read ({why_unreadable(error)}); the players were found again"
        keep_aside(path)
    entries = _valid_entries(listed[: MAX_PLAYERS * 10])
    for folder in _folders_on_disk(Path(root)):  # a player whose entry was lost is found again
        if not taken(folder, entries) and len(entries) < MAX_PLAYERS:
            entries.append(_entry(_name_of(folder), folder, folder, entries))
    if not taken("", entries) and PlayerFiles(Path(root)).kept():  # from before every player had a folder
        entries.insert(0, _entry(FIRST, "", TOP, entries))
    if not entries:
        folder = free_folder(root, FIRST, entries)
        entries.append(_entry(FIRST, folder, folder, entries))
    current = saved.get("current") if isinstance(saved, dict) else None
    return entries, next((e["id"] for e in entries if e["name"] == current), None), warning


def write(root, entries, last):
    """Write root's players.json atomically: the entries, and the player of id `last` (else the
    first) as who played last."""
    current = next((e for e in entries if e["id"] == last), entries[0])["name"]
    write_json(Path(root) / "players.json", {"players": entries, "current": current})


def key(name):
    """Return what makes two names the same name: normalized, case left out."""
    return normalized(name).casefold()


def checked(name):
    """Return a new name normalized, or raise PlayerError if it is empty, too long or unprintable."""
    name = normalized(name)
    if not name or len(name) > MAX_NAME or not name.isprintable():
        raise PlayerError(f"a player's name needs 1 to {MAX_NAME} printable characters")
    return name


def taken(folder, entries):
    """Return True if an entry has that folder."""
    return any(e["folder"] == folder for e in entries)


def free_folder(root, name, entries):
    """Return a new folder for a player called name: players/ and the name made safe, neither
    on disk nor any entry's."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "player"
    folder, n = f"players/{slug}", 2
    while (Path(root) / folder).exists() or (Path(root) / folder).is_symlink() or taken(folder, entries):
        folder, n = f"players/{slug}-{n}", n + 1
    return folder


def _entry(name, folder, ident, entries):
    """Return a new entry, its name and id made unlike those of entries."""
    return {"name": _unique(name or FIRST, entries), "folder": folder, "id": _free_id(ident, entries)}


def _valid_entries(listed):
    """Return the usable entries of a saved list: names cleaned and unique, folders inside the
    data directory and used once, ids unique, at most MAX_PLAYERS."""
    entries = []
    for entry in listed:
        folder = json_field(entry, "folder", str)
        if folder is None or (folder and not FOLDER.fullmatch(folder)) or taken(folder, entries):
            continue
        if len(entries) >= MAX_PLAYERS:
            break
        name = cleaned(json_field(entry, "name", str, default="")) or _name_of(folder)
        ident = json_field(entry, "id", str)
        ident = ident if ident and len(ident) <= 64 and ident.isprintable() else folder or TOP
        entries.append(_entry(name, folder, ident, entries))
    return entries


def _folders_on_disk(root):
    """Return the players' folders that exist (real folders, not links), empty or holding a
    file the game wrote (a folder a delete left a person's files in is nobody's), as
    "players/NAME"."""
    try:
        found = sorted(p for p in (root / "players").iterdir() if p.is_dir() and not p.is_symlink())
        found = [p for p in found if FOLDER.fullmatch(f"players/{p.name}")][:MAX_PLAYERS]
        return [f"players/{p.name}" for p in found if PlayerFiles(p).made() or not any(p.iterdir())]
    except OSError:
        return []


def _name_of(folder):
    """Return a name for a player known by their folder alone: "players/sam-lee" is Sam Lee."""
    return cleaned(" ".join(word.capitalize() for word in folder.rpartition("/")[2].split("-")))


def _unique(name, entries):
    """Return name, or name with a number after it, unlike every name of entries."""
    names, candidate, n = {key(e["name"]) for e in entries}, name, 2
    while key(candidate) in names:
        candidate, n = f"{name[: MAX_NAME - 3]} {n}", n + 1
    return candidate


def _free_id(ident, entries):
    """Return ident, or ident with a number after it, unlike every id of entries."""
    candidate, n = ident, 2
    while any(e["id"] == candidate for e in entries):
        candidate, n = f"{ident}-{n}", n + 1
    return candidate

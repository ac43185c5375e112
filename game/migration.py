"""A data directory from before every player had a folder: the first player's files sit at its
top. On the first start they move to a folder of their own, players/NAME/, like the others'.

The move copies before it deletes, so that a start killed at any moment loses nothing:

    1. copy the files the game wrote at the top (profile.PlayerFiles.made) into players/.moving/,
       each file synced, and mark the copy complete (a file MARK in it);
    2. rename players/.moving/ to the player's folder: one step, the copy is theirs now;
    3. save players.json saying so;
    4. delete the files at the top, then the mark.

A start that finds players/.moving/ throws that half copy away (the files at the top are
whole) and copies again; one that finds a folder with the mark ends the move from step 3.
Files a person put beside the game's (a backup, a note, weights of their own) stay where
they are. The caller holds players.json's lock throughout.
"""

import os
import shutil
import sys
from contextlib import suppress
from pathlib import Path

from .atomic import json_field, open_regular, read_json, write_json
from .profile import PlayerFiles, scratch

STAGING = "players/.moving"  # no player's folder is named with a dot: never taken for a player
MARK = ".moved-from-the-top"


def waiting(root, entries):
    """Return True if a player's files wait at root's top (an entry with folder ""), or a move
    was cut short."""
    return any(e["folder"] == "" for e in entries) or (root / STAGING).exists() or _moved(root) is not None


def move_first_player(root, entries, new_folder, save):
    """Give the player at root's top (their entry's folder "") a folder of their own and move
    their files there; end a move cut short first.

    entries : the players as players.json has them now, changed in place.
    new_folder : a function returning a free folder ("players/NAME") for an entry.
    save : a function writing entries to players.json.
    Raise OSError if a file cannot be copied or deleted: nothing is lost, the next start tries again.
    """
    folder = _moved(root)
    if folder is None:
        top = next((e for e in entries if e["folder"] == ""), None)
        if top is None:
            return
        _throw_away(root / STAGING)
        folder = new_folder(top)
        _copy(root, root / STAGING, top["id"])
        _commit(root / STAGING, root / folder)
    ident = json_field(read_json(root / folder / MARK, {}), "id", str)
    mover = next((e for e in entries if e["id"] == ident), None)
    if mover is not None:  # not found again from their folder after a crash: theirs
        entries[:] = [e for e in entries if e is mover or e["folder"] != folder]
        mover["folder"] = folder
    entries[:] = [e for e in entries if e["folder"] != ""]  # files the move left at the top: not a player
    save()
    _clear_top(root, root / folder)
    (root / folder / MARK).unlink()


def _moved(root):
    """Return the folder ("players/NAME") a copy of the first player's files was completed in
    before a crash, or None."""
    try:
        marks = sorted((root / "players").glob(f"*/{MARK}"))
    except OSError:
        return None
    found = [m.parent for m in marks if not m.parent.is_symlink() and not m.parent.name.startswith(".")]
    return f"players/{found[0].name}" if found else None


def _throw_away(staging):
    """Delete a half copy a crash left (the files it copied are whole at the top)."""
    if staging.is_symlink() or staging.is_file():
        staging.unlink()
    elif staging.exists():
        shutil.rmtree(staging)


def _copy(root, staging, ident):
    """Copy the player's files at root's top into staging, keeping their places, and mark the
    copy complete, for the player of id ident; every file and folder synced to the disk."""
    for path in PlayerFiles(root).kept():  # locks and half-written temporaries hold nothing
        _copy_file(path, staging / path.relative_to(root))
    write_json(staging / MARK, {"id": ident})
    for folder in (staging / "weights", staging / "cache", staging):
        _sync_folder(folder)


def _copy_file(source, target):
    """Copy a regular file (its content, times and permissions) and sync the copy to the disk;
    raise atomic.UnreadableFile, copying nothing, if source is none (a link to /dev/zero
    would fill the disk)."""
    with open_regular(source) as original:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as copy:
            shutil.copyfileobj(original, copy)
            copy.flush()
            shutil.copystat(source, target)
            os.fsync(copy.fileno())


def _commit(staging, folder):
    """Make the complete copy the player's folder, in one rename."""
    os.rename(staging, folder)
    _sync_folder(folder.parent)


def _clear_top(root, folder):
    """Delete the player's files at root's top that their folder has (all but those an older game
    wrote there since), their locks and temporaries, and weights/ and cache/ if left empty."""
    for path in PlayerFiles(root).made():
        if (folder / path.relative_to(root)).exists():
            _remove_original(path)
        elif scratch(path):
            with suppress(OSError):  # a lock held meanwhile (Windows keeps it): it holds nothing
                path.unlink()
    for sub in ("weights", "cache"):
        if (root / sub).is_dir() and not (root / sub).is_symlink() and not any((root / sub).iterdir()):
            (root / sub).rmdir()


def _remove_original(path):
    """Delete a file at the top, now copied."""
    path.unlink(missing_ok=True)


def _sync_folder(folder):
    """Sync a folder's entries to the disk (a rename or a new file in it survives a power cut)."""
    if sys.platform == "win32" or not Path(folder).is_dir():
        return  # Windows cannot open a folder to sync it; its renames are durable as they are
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

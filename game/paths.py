"""Where files live: the project's own (resolved from this file, never the
working directory) and the player's (a per-user data directory)."""

import os
import sys
from pathlib import Path

APP_NAME = "digit-dash"
ROOT = Path(__file__).resolve().parent.parent  # the checkout (or, installed, site-packages)


def _shipped(folder):
    """Return the folder of shipped files: inside the package once installed (a wheel
    carries weights/ and assets/ as game/weights and game/assets), else the checkout's."""
    installed = Path(__file__).resolve().parent / folder
    return installed if installed.is_dir() else ROOT / folder


SHIPPED_WEIGHTS = _shipped("weights") / "digits.npz"
REPLAY = _shipped("weights") / "replay.npz"  # MNIST + pen images retraining replays
ASSETS = _shipped("assets")


def default_data_dir():
    """Return the platform's per-user data directory for the game (not created)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME

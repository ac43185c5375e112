"""Where files live: the project's own (resolved from this file, never the
working directory) and the player's (a per-user data directory)."""
import os
import sys
from pathlib import Path

APP_NAME = "digit-dash"
ROOT = Path(__file__).resolve().parent.parent
SHIPPED_WEIGHTS = ROOT / "weights" / "digits.npz"
REPLAY = ROOT / "weights" / "replay.npz"  # MNIST + pen images retraining replays
ASSETS = ROOT / "assets"


def default_data_dir():
    """Return the platform's per-user data directory for the game (not created)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME

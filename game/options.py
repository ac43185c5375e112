"""How the game was started: the command line's choices (see `python -m game --help`)."""

from dataclasses import dataclass
from pathlib import Path

from .modes import ROUNDS


@dataclass
class Options:
    """How the game was started (see `python -m game --help`)."""

    data_dir: Path
    weights: Path | None = None
    rounds: int = ROUNDS
    size: tuple | None = None  # None: the size the window had last time, or DEFAULT_SIZE
    autoplayer: object = None  # game.autoplay.Autoplayer, or None for a human
    seed: int | None = None
    # Virtual time: every frame advances the game by exactly one step, and
    # frames come at `speed` times 60 a second (0: as fast as possible).
    # Autoplay and tests use it; a human plays in real time.
    virtual_time: bool = False
    speed: float = 1.0
    xray: bool = False  # start with the X-ray on
    mode: str | None = None  # play this mode (modes.MODES) instead of the one last chosen
    player: str | None = None  # play as this player (made if new) instead of the one who played last
    network: str | None = None  # play with this network kept from the Playground

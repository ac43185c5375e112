"""Player settings (sound, volume, round time, brush, fullscreen, window size, text size, palette,
learning between games, X-ray, mode, the Playground network played with), kept in the data dir."""

from dataclasses import asdict, dataclass, field, fields

from .atomic import json_field, read_json, rewrite_json
from .modes import DEFAULT_MODE, MODES

ROUND_TIMES = (6.0, 8.0, 10.0, 12.0, 15.0)
VOLUMES = (0, 20, 40, 60, 80, 100)  # percent
UI_SCALES = (0.85, 1.0, 1.15, 1.3)  # text and buttons, times the size that fits the window
PALETTES = ("standard", "colour-blind")
BRUSHES = {"thin": 0.4, "medium": 0.6, "thick": 0.85}  # times the network's pen for a digit filling the canvas


@dataclass
class Settings:
    """What the player can change on the settings screen."""

    sound: bool = True
    round_time: float = 10.0
    brush: str = "medium"
    fullscreen: bool = False
    auto_learn: bool = True  # consolidate what the game learned between games, in the background
    xray: bool = False  # show the network thinking beside the canvas
    mode: str = DEFAULT_MODE  # the game mode last chosen (modes.MODES)
    volume: int = 80  # percent, one of VOLUMES
    ui_scale: float = 1.0  # one of UI_SCALES
    palette: str = "standard"  # one of PALETTES
    window: list = field(default_factory=list)  # [w, h] of the window when last resized, [] if never
    network: str = ""  # the network kept from the Playground to play with ("": their own weights)

    @classmethod
    def load(cls, path):
        """Return the settings saved at path; defaults for anything missing or invalid."""
        saved = read_json(path, {})
        settings = cls()
        for f in fields(cls):
            default = getattr(settings, f.name)
            setattr(settings, f.name, json_field(saved, f.name, type(default), default=default))
        if settings.round_time not in ROUND_TIMES:
            settings.round_time = 10.0
        if settings.brush not in BRUSHES:
            settings.brush = "medium"
        if settings.mode not in MODES:
            settings.mode = DEFAULT_MODE
        for name, allowed in (("volume", VOLUMES), ("ui_scale", UI_SCALES), ("palette", PALETTES)):
            if getattr(settings, name) not in allowed:
                setattr(settings, name, getattr(cls(), name))
        if not (len(settings.window) == 2 and all(isinstance(v, int) and 100 <= v <= 10000 for v in settings.window)):
            settings.window = []
        return settings

    def save(self, path):
        """Write the settings to path atomically; return a message for the player (not saved, or
        the file there could not be read and was kept aside) or None."""
        try:
            note = rewrite_json(path, asdict(self))
        except OSError as error:
            return f"settings not saved ({error.strerror or error})"
        return note and f"Your settings: {note}"

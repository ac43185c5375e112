"""Colours and fonts: the look of the game in one place."""

import pygame

COLORS = {
    "background": (18, 20, 44),
    "background_glow": (36, 30, 78),
    "panel": (30, 34, 70),
    "panel_edge": (70, 78, 140),
    "text": (236, 238, 255),
    "muted": (150, 156, 200),
    "accent": (0, 229, 255),  # cyan
    "accent2": (255, 64, 160),  # magenta
    "gold": (255, 206, 64),
    "good": (80, 230, 140),
    "bad": (255, 92, 92),
    "paper": (250, 248, 240),
    "grid": (214, 226, 240),
    "grid_major": (180, 200, 228),
    "canvas_edge": (0, 229, 255),
    "ink": (22, 24, 48),
    "bar": (88, 98, 170),
    "shade": (8, 10, 24, 190),
}


PALETTES = {
    "standard": {"good": (80, 230, 140), "bad": (255, 92, 92), "gold": (255, 206, 64)},
    # Okabe and Ito's colours, told apart with every common kind of colour blindness:
    # sky blue for right, reddish purple for wrong (not orange: the X-ray's evidence is
    # orange and blue), yellow for the target
    "colour-blind": {"good": (86, 180, 233), "bad": (204, 121, 167), "gold": (240, 228, 66)},
}
COLOR_WORDS = {  # what the screens call the palettes' colours
    "standard": {"good": "green", "bad": "red", "gold": "yellow"},
    "colour-blind": {"good": "blue", "bad": "purple", "gold": "yellow"},
}


def use_palette(name):
    """Switch the colours of right, wrong and the target to a palette of PALETTES.

    COLORS is the one module-level value the game changes: every screen reads its
    colours from it when it draws, so a new palette shows from the next frame on.
    """
    COLORS.update(PALETTES[name])


def color_word(role):
    """Return the word for the colour a role ("good", "bad", "gold") has in the palette in use,
    e.g. "red" for "bad" in the standard palette."""
    for name, colors in PALETTES.items():
        if COLORS[role] == colors[role]:
            return COLOR_WORDS[name][role]
    return role


DESIGN_SIZE = (1120, 720)  # the window the design sizes are for
MIN_PIXELS = 14  # the smallest font, 9 pixels from ascent to descent: smaller, "10 rounds" reads "10rounds"


class Fonts:
    """Font cache keyed by pixel size; sizes scale with the window, in both dimensions."""

    def __init__(self):
        self._cache = {}
        self.scale = 1.0

    def resize(self, size, ui_scale=1.0):
        """Scale every font to a window of size (w, h): by its height, or by its width if that is
        the narrower fit (a tall window), times the player's ui_scale."""
        w, h = size
        self.scale = max(0.5, min(h / DESIGN_SIZE[1], w / DESIGN_SIZE[0])) * ui_scale

    def size_for(self, size, height, bold=False):
        """Return `size`, or the smaller size at which a line of text is at most `height` pixels tall."""
        return size * min(1.0, max(height, 1) / self.get(size, bold).get_height())

    def fit(self, size, lines, width, height, bold=False):
        """Return the largest size, at most `size`, at which lines (strings), one under the
        other, fit in a box of width x height pixels."""
        size = self.size_for(size, height / len(lines), bold)
        widest = max(self.get(size, bold).size(line)[0] for line in lines)
        return size * min(1.0, width / max(widest, 1))

    def get(self, size, bold=False):
        """Return pygame's default font at `size` design pixels, scaled."""
        pixels = max(MIN_PIXELS, round(size * self.scale))
        key = (pixels, bold)
        if key not in self._cache:
            font = pygame.font.Font(None, pixels)
            font.set_bold(bold)
            self._cache[key] = font
        return self._cache[key]

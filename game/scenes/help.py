"""Help: the controls and the rules, on one screen."""

import pygame

from .. import ui
from ..modes import ROUNDS
from ..scoring import MAX_TIME_BONUS, MIN_ROUND_TIME, ROUNDS_PER_LEVEL, TIMER_STEP
from .base import PageScene

CONTROLS = [
    ("Left mouse", "draw"),
    ("Right click, Ctrl+Z", "undo the last stroke"),
    ("C, Backspace", "clear the canvas"),
    ("Space, Enter", "submit your drawing"),
    ("Enter, Y", "confirm the network's guess"),
    ("0 - 9", "correct it: what you drew (math: type it, Enter)"),
    ("N", "not a digit at all: kept, never learned as one"),
    ("Esc, P", "pause"),
    ("X, then S or a click", "X-ray: watch it think, step through its sums"),
    ("F11, Ctrl+M", "fullscreen on/off, sound on/off"),
    ("Title: M, P", "the game mode; who is playing"),
]

RULES = [
    f"A game is {ROUNDS} rounds. Draw the digit shown before the timer runs out.",
    "You score the network's confidence that your drawing is the target: 0 to 100.",
    f"If it reads the target, you also get a time bonus (up to {MAX_TIME_BONUS})",
    "and your streak multiplier: x1.5, x2, x2.5, up to x3 for hits in a row.",
    f"Every {ROUNDS_PER_LEVEL} rounds the level rises and the timer gets "
    f"{TIMER_STEP:g}s shorter (never under {MIN_ROUND_TIME:g}s).",
    "After each drawing, tell the game what you drew: it remembers at once, and between",
    "games it learns your handwriting (see Your handwriting; Settings turns it off).",
    "With a finger or a pen: one finger draws, a two-finger tap undoes.",
]


class HelpScene(PageScene):
    """The controls and the rules; any key or click goes back."""

    kind = "help"

    def draw(self, surface):
        """Draw the controls table and the rules."""
        ui.background(surface)
        w, h = surface.get_size()
        fonts = self.app.fonts
        ui.text(surface, fonts, "HOW TO PLAY", 80, (w // 2, h * 0.08), color="accent", anchor="center", bold=True)
        box = pygame.Rect(w * 0.06, h * 0.16, w * 0.88, h * 0.74)
        ui.panel(surface, box)
        y = box.y + h * 0.04
        for key, meaning in CONTROLS:
            ui.text(surface, fonts, key, 30, (box.x + box.width * 0.36, y), color="gold", anchor="topright", bold=True)
            room = box.right - 16 - (box.x + box.width * 0.39)
            ui.text(surface, fonts, meaning, 30, (box.x + box.width * 0.39, y), color="text", max_width=room)
            y += h * 0.037
        y += h * 0.02
        for line in RULES:
            ui.text(surface, fonts, line, 27, (box.centerx, y), color="muted", anchor="midtop")
            y += h * 0.033
        ui.text(surface, fonts, "Press any key to go back", 26, (w // 2, h * 0.95), color="muted", anchor="center")

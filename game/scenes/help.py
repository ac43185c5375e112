"""Help: every key, the rules and the modes, a page at a time; Left/Right or the buttons turn
the pages."""

import pygame

from .. import ui
from ..modes import MODES, ROUNDS
from ..scoring import MAX_TIME_BONUS, MIN_ROUND_TIME, ROUNDS_PER_LEVEL, TIMER_STEP
from .base import PageScene
from .layout import row_of

UNRANKED = " and ".join(mode.title for mode in MODES.values() if not mode.ranked)  # no high scores
PAGES = [  # (title, rows): a row is (keys, what they do), or ("", a sentence of its own)
    (
        "Playing a round",
        [
            ("Left mouse, a finger", "draw"),
            ("Right click, Ctrl+Z", "undo the last stroke (with fingers: a two-finger tap)"),
            ("C, Backspace, Delete", "clear the canvas"),
            ("Space, Enter", "submit your drawing"),
            ("Enter, Y", "yes, it read what you drew"),
            ("0 - 9", "no: this is what I drew (Math: type the number, then Enter)"),
            ("N", "not a digit at all: kept, never learned as one"),
            ("Esc, P", "pause (on a round's result: Esc)"),
            ("X", "the X-ray on or off: watch the network think"),
            ("S, Right / Left", "X-ray: step through its sums, or back; Esc stops (the clock too)"),
            ("Click an X-ray cell", "what that unit of the network looks for"),
        ],
    ),
    (
        "How you score",
        [
            ("", f"Classic, Daily and Math are {ROUNDS} rounds: draw what is asked before the timer runs out."),
            ("", "You score the network's confidence that your drawing is the target: 0 to 100."),
            (
                "",
                f"If it reads the target, you also get a time bonus (up to {MAX_TIME_BONUS}) and your "
                "streak multiplier: x1.5, x2, x2.5, up to x3 for hits in a row.",
            ),
            (
                "",
                f"Every {ROUNDS_PER_LEVEL} rounds the level rises and the timer gets {TIMER_STEP:g}s "
                f"shorter (never under {MIN_ROUND_TIME:g}s).",
            ),
            (
                "",
                "After each drawing, tell the game what you drew: it remembers at once, and between games "
                "it learns your handwriting (see Your handwriting; Settings turns it off).",
            ),
        ],
    ),
    (
        "The modes",
        [(mode.title, mode.blurb) for mode in MODES.values()]
        + [
            ("", "Choose the mode on the title screen (M, or a click on the mode)."),
            ("", f"Each mode but {UNRANKED} keeps its own high scores; Daily's start afresh every day."),
        ],
    ),
    (
        "On the title screen",
        [
            ("Enter, Space", "play, in the mode shown"),
            ("M", "the next game mode"),
            ("P", "who is playing: each player has their own drawings, scores and settings"),
            ("H", "high scores, a table for each mode"),
            ("Y", "Your handwriting: how well it reads you, and what it learned"),
            ("L", "the Lab: how the network learned, and which digits it confuses"),
            ("G", "the Playground: build a network of your own, watch it learn, play with it"),
            ("S", "settings"),
            ("F1, ?", "this help"),
            ("Esc, Q", "quit"),
        ],
    ),
    (
        "Pause, pages, anywhere",
        [
            ("Pause: Esc, P", "back to the game, as it was"),
            ("Pause: S, H", "settings; this help"),
            ("Pause: E", "end a game that has no end of its own (Time Attack, Practice)"),
            ("Pause: Q", "quit to the title"),
            ("Practice: 0 - 9, W", "the digit to practise; the ones it reads worst"),
            ("Game over: Enter, H", "play again; the high scores"),
            ("High scores: Left/Right", "the next mode's table"),
            ("Settings: arrow keys", "Up/Down choose a line, Left/Right change it"),
            ("Players: A, R, D", "add, rename, delete a player"),
            ("Your handwriting: F", "forget everything it learned of you"),
            ("Playground: 1-4, arrows, Enter", "a preset; choose and change a setting; train it"),
            ("Training: P, S, C, N", "pause or resume, stop (the best is kept), clear, your networks"),
            ("F11, Ctrl+M", "fullscreen on or off; sound on or off"),
        ],
    ),
]
KEYS_SHARE = 0.36  # of the page's width: the keys' column
LARGEST, SMALLEST = 30, 12  # design sizes tried for a page's text, largest first


class HelpScene(PageScene):
    """The pages of help: Left/Right (or the buttons, or the mouse wheel) turn them; any other
    key, or a click beside the buttons, goes back."""

    kind = "help"

    def __init__(self, app, back):
        super().__init__(app, back)
        self.page = 0
        self.buttons = [
            ui.Button("Previous", lambda: self.turn(-1), "Left"),
            ui.Button("Back", lambda: self.finish("back"), "Esc"),
            ui.Button("Next", lambda: self.turn(1), "Right"),
        ]

    def turn(self, step):
        """Show the page step pages on, staying within the first and the last."""
        self.page = max(0, min(len(PAGES) - 1, self.page + step))

    def handle_event(self, event):
        """Turn the pages with Left/Right or PageUp/PageDown too (PageScene: buttons, the wheel)."""
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RIGHT, pygame.K_PAGEDOWN):
            self.turn(1)
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_LEFT, pygame.K_PAGEUP):
            self.turn(-1)
        else:
            super().handle_event(event)

    def draw(self, surface):
        """Draw the title, the page, and the buttons that turn the pages."""
        ui.background(surface)
        w, h = surface.get_size()
        fonts, m = self.app.fonts, round(min(w, h) * 0.03)
        title = ui.text(surface, fonts, "HOW TO PLAY", 64, (w // 2, m), color="accent", anchor="midtop", bold=True)
        name, rows = PAGES[self.page]
        heading = f"{name}   ({self.page + 1} of {len(PAGES)})"
        where = (w // 2, title.bottom)
        top = ui.text(surface, fonts, heading, 32, where, color="gold", anchor="midtop", bold=True, max_width=w - 2 * m)
        button_h = max(36, round(h * 0.075))
        buttons = pygame.Rect(0, h - m - button_h, min(w - 2 * m, round(h * 1.1)), button_h)
        buttons.centerx = w // 2
        ui.draw_buttons(surface, fonts, self.buttons, 28, rects=row_of(buttons, len(self.buttons), gap=m))
        box = pygame.Rect(0, top.bottom + m // 2, min(w - 4 * m, round(h * 1.7)), buttons.y - m - top.bottom - m // 2)
        box.centerx = w // 2  # lines no longer than an eye follows
        ui.panel(surface, box)
        self._draw_rows(surface, rows, box.inflate(-2 * m, -m))

    def _draw_rows(self, surface, rows, area):
        """Draw a page's rows in area, at the largest size at which they all fit: the keys gold
        in a column of their own, what they do beside them, wrapped."""
        fonts = self.app.fonts
        size = _fitting_size(fonts, rows, area)
        font, y = fonts.get(size), area.y
        keys_right = area.x + round(area.width * KEYS_SHARE)
        for keys, meaning in rows:
            left = keys_right + font.size("  ")[0] if keys else area.x
            if keys:
                room = keys_right - area.x
                where = (keys_right, y)
                ui.text(surface, fonts, keys, size, where, color="gold", anchor="topright", bold=True, max_width=room)
            for line in ui.wrapped(font, meaning, area.right - left):
                ui.text(
                    surface,
                    fonts,
                    line,
                    size,
                    (left, y),
                    color="text" if keys else "muted",
                    max_width=area.right - left,
                )
                y += font.get_linesize()
            y += _gap(font)


def _fitting_size(fonts, rows, area):
    """Return the largest design size, LARGEST down to SMALLEST, at which rows fit in area."""
    size = LARGEST
    while size > SMALLEST and _height(fonts.get(size), rows, area.width) > area.height:
        size -= 1
    return size


def _height(font, rows, width):
    """Return the height rows take in font, in a column width pixels wide."""
    keys_right = round(width * KEYS_SHARE)
    lines = 0
    for keys, meaning in rows:
        room = width - (keys_right + font.size("  ")[0] if keys else 0)
        lines += len(ui.wrapped(font, meaning, room))
    return lines * font.get_linesize() + len(rows) * _gap(font)


def _gap(font):
    """Return the space between two rows: a third of a line."""
    return font.get_linesize() // 3

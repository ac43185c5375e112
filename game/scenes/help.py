"""Help: the keys of every screen, read from the screens' own tables of actions (actions.py,
gathered by flow.py), and the rules and the modes, a page at a time; Left/Right or the buttons
turn the pages."""

import pygame

from .. import ui
from ..modes import MODES, ROUNDS
from ..scoring import MAX_TIME_BONUS, MIN_ROUND_TIME, ROUNDS_PER_LEVEL, TIMER_STEP
from .actions import MODAL, Action, help_rows
from .base import PageScene
from .layout import row_of

UNRANKED = " and ".join(mode.title for mode in MODES.values() if not mode.ranked)  # no high scores
HEADING = "#"  # a row whose keys are this is a heading: the screen the rows under it are of
RULES = [  # (title, rows): a row is (keys, what they do), or ("", a sentence of its own)
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
            ("", "Choose the mode on the title screen (M, or the arrows beside it)."),
            ("", f"Each mode but {UNRANKED} keeps its own high scores; Daily's start afresh every day."),
        ],
    ),
]
ANYWHERE = [
    ("Up, Down, Tab", "choose a button or a line; Enter presses it"),
    ("F11, Ctrl+M", "fullscreen on or off; sound on or off"),
]


def keys_page(title, screens, before=(), after=()):
    """Return a help page (title, rows) of screens' keys: screens are (name, table of actions),
    each under a heading when there are several; before, after: rows of its own."""
    rows = list(before)
    for name, table in screens:
        shown = [action for action in table if action.shown != MODAL]  # a question's yes and no go without saying
        rows += ([(HEADING, name)] if len(screens) > 1 else []) + help_rows(shown)
    return title, rows + list(after)


KEYS_SHARE = 0.36  # of the page's width: the keys' column
LARGEST, SMALLEST = 30, 12  # design sizes tried for a page's text, largest first


class HelpScene(PageScene):
    """The pages of help: Left/Right (or the buttons, or the mouse wheel) turn them; any other
    key, or a click beside the buttons, goes back. pages : (title, rows) of the screens' keys
    (flow.help_pages()), shown before the rules."""

    kind = "help"
    ACTIONS = (
        Action(
            "Previous",
            "turn",
            keys=(pygame.K_LEFT, pygame.K_PAGEUP),
            shown="page",
            ready="has_previous",
            args=(-1,),
            about="the page before",
        ),
        Action("Back", "leave", keys=(pygame.K_ESCAPE,), hint="Esc", shown="page", about="back (any other key too)"),
        Action(
            "Next",
            "turn",
            keys=(pygame.K_RIGHT, pygame.K_PAGEDOWN),
            shown="page",
            ready="has_next",
            args=(1,),
            about="the next page",
        ),
    )

    def __init__(self, app, back, pages=()):
        super().__init__(app, back)
        self.pages = [*pages, *RULES]
        self.page = 0

    def has_previous(self):
        """Return True if there is a page before this one."""
        return self.page > 0

    def has_next(self):
        """Return True if there is a page after this one."""
        return self.page < len(self.pages) - 1

    def turn(self, step):
        """Show the page step pages on, staying within the first and the last."""
        self.page = max(0, min(len(self.pages) - 1, self.page + step))

    def draw(self, surface):
        """Draw the title, the page, and the buttons that turn the pages."""
        ui.background(surface)
        w, h = surface.get_size()
        fonts, m = self.app.fonts, round(min(w, h) * 0.03)
        title = ui.text(surface, fonts, "HOW TO PLAY", 64, (w // 2, m), color="accent", anchor="midtop", bold=True)
        name, rows = self.pages[self.page]
        heading = f"{name}   ({self.page + 1} of {len(self.pages)})"
        where = (w // 2, title.bottom)
        top = ui.text(surface, fonts, heading, 32, where, color="gold", anchor="midtop", bold=True, max_width=w - 2 * m)
        button_h = max(36, round(h * 0.075))
        buttons = pygame.Rect(0, h - m - button_h, min(w - 2 * m, round(h * 1.1)), button_h)
        buttons.centerx = w // 2
        self.actions.draw(surface, fonts, "page", row_of(buttons, len(self.buttons), gap=m), 28)
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
            heading, keyed = keys == HEADING, keys and keys != HEADING
            left = keys_right + font.size("  ")[0] if keyed else area.x
            if keyed:
                room = keys_right - area.x
                where = (keys_right, y)
                ui.text(surface, fonts, keys, size, where, color="gold", anchor="topright", bold=True, max_width=room)
            color = "accent" if heading else "text" if keys else "muted"
            for line in ui.wrapped(font, meaning, area.right - left):
                where, room = (left, y), area.right - left
                ui.text(surface, fonts, line, size, where, color=color, bold=heading, max_width=room)
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
        room = width - (keys_right + font.size("  ")[0] if keys and keys != HEADING else 0)
        lines += len(ui.wrapped(font, meaning, room))
    return lines * font.get_linesize() + len(rows) * _gap(font)


def _gap(font):
    """Return the space between two rows: a third of a line."""
    return font.get_linesize() // 3

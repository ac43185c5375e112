"""The high-score tables, one for each mode that ranks its games."""

import time

import pygame

from .. import ui
from ..modes import MODES
from ..theme import COLORS
from .actions import Action
from .base import PageScene

COLUMNS = [("#", 0.08), ("NAME", 0.34), ("SCORE", 0.13), ("HITS", 0.12), ("STREAK", 0.13), ("DATE", 0.2)]  # widths
ROWS = 10  # a table's lines


class HighScoresScene(PageScene):
    """A mode's best games, best first. Left/Right (or the arrow buttons) show another mode's
    table; any other key, or a click beside the arrows, goes back."""

    kind = "highscores"
    ACTIONS = (
        Action("<", "turn", keys=(pygame.K_LEFT,), shown="page", args=(-1,), about="the table of the mode before"),
        Action(">", "turn", keys=(pygame.K_RIGHT,), shown="page", args=(1,), about="the next mode's table"),
    )

    def __init__(self, app, back, highlight=None):
        super().__init__(app, back)
        self.names = [name for name, mode in MODES.items() if mode.ranked]
        playing = app.games.mode.name
        self.shown = self.first = self.names.index(playing) if playing in self.names else 0
        self.highlight = highlight  # the rank lit in the first table shown (the game just played)

    @property
    def mode(self):
        """Return the mode whose table is shown."""
        return MODES[self.names[self.shown]]

    def turn(self, step):
        """Show the table of the ranked mode step places on in MODES, going round."""
        self.shown = (self.shown + step) % len(self.names)

    def draw(self, surface):
        """Draw the table's title between its arrows, the table, and what the keys do."""
        ui.background(surface)
        w, h = surface.get_size()
        fonts, m = self.app.fonts, round(min(w, h) * 0.03)
        band = pygame.Rect(0, m, min(w - 2 * m, round(h * 2)), max(40, round(min(h * 0.12, w * 0.08))))
        band.centerx = w // 2  # the arrows beside the title, in a wide window too
        self._draw_title(surface, band)
        box = pygame.Rect(0, band.bottom + m, min(w * 0.84, h * 1.7), round(h * 0.9) - band.bottom - 2 * m)
        box.centerx = w // 2
        ui.panel(surface, box)
        self._draw_table(surface, box.inflate(-2 * m, -m))
        keys = "Left/Right: another mode's table   Any other key or a click: back"
        ui.text(surface, fonts, keys, 26, (w // 2, h * 0.95), color="muted", anchor="center", max_width=w - 2 * m)

    def _draw_title(self, surface, band):
        """Draw the mode's table title centred in band, an arrow button at each end of it."""
        side = pygame.Rect(0, 0, max(48, round(band.height * 1.2)), max(36, band.height))
        self.actions.shown("page", self.buttons)
        for arrow, pointing in zip(self.buttons, (-1, 1)):
            arrow.rect = side.copy()
            arrow.rect.center = (
                band.x + side.width // 2 if pointing < 0 else band.right - side.width // 2,
                band.centery,
            )
            _draw_arrow(surface, arrow, pointing)
        mode = self.mode
        title = f"HIGH SCORES: {mode.title.upper()}" + (", TODAY" if mode.dated else "")
        room = band.width - 2 * (side.width + 12)
        where = band.center
        ui.text(surface, self.app.fonts, title, 70, where, color="gold", anchor="center", bold=True, max_width=room)

    def _draw_table(self, surface, area):
        """Draw the column headings and the table's lines (or a word if it has none) in area."""
        fonts = self.app.fonts
        entries = self.app.profile.highscores(self.mode).entries
        columns = _columns(area)
        heading_h = fonts.get(26, True).get_linesize()
        for (name, _), column in zip(COLUMNS, columns):
            where = (column.centerx, area.y)
            ui.text(surface, fonts, name, 26, where, color="muted", anchor="midtop", bold=True, max_width=column.width)
        if not entries:
            message = "No scores yet: a game needs points to enter. Go and set the first record!"
            ui.text(surface, fonts, message, 32, area.center, anchor="center", max_width=area.width)
        row = (area.height - heading_h) / ROWS
        size = min(30, 0.8 * row / fonts.scale)
        lit = self.highlight if self.shown == self.first else None
        for i, entry in enumerate(entries[:ROWS]):
            y = area.y + heading_h + (i + 0.5) * row
            color = "accent2" if i == lit else "text"
            for cell, column in zip(_cells(i, entry), columns):
                where, room = (column.centerx, y), column.width
                ui.text(surface, fonts, cell, size, where, color=color, anchor="center", bold=i == lit, max_width=room)


def _columns(area):
    """Return the rects of the table's columns across area (COLUMNS' widths), a gap inside each."""
    columns, x = [], area.x
    for _, share in COLUMNS:
        width = area.width * share
        columns.append(pygame.Rect(round(x) + 4, area.y, round(width) - 8, area.height))
        x += width
    return columns


def _cells(rank, entry):
    """Return the words of a table line: rank (0 for the best), name, score, hits, streak, date."""
    day = time.strftime("%Y-%m-%d", time.localtime(entry.when))
    return [
        f"{rank + 1}",
        entry.name or "-",
        f"{entry.score}",
        f"{entry.hits}/{entry.rounds}",
        f"{entry.best_streak}",
        day,
    ]


def _draw_arrow(surface, button, pointing):
    """Draw an arrow button: its panel and a triangle pointing left (-1) or right (1), drawn
    rather than written (the game's font has no arrows)."""
    rect = button.rect
    ui.panel(surface, rect, "bar" if button.hot else "panel", "accent" if button.hot else "panel_edge", radius=10)
    ui.note(surface, "button", rect, button.label)
    half = min(rect.width, rect.height) * 0.28
    x, y = rect.center
    tip, back = (x + pointing * half, y), x - pointing * half
    pygame.draw.polygon(surface, COLORS["text"], [tip, (back, y - half), (back, y + half)])

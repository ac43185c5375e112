"""The high-score table."""

import time

import pygame

from .. import ui
from .base import PageScene


class HighScoresScene(PageScene):
    """The best games, best first; any key or click goes back."""

    kind = "highscores"

    def __init__(self, app, back, highlight=None):
        super().__init__(app, back)
        self.highlight = highlight

    def draw(self, surface):
        """Draw the table."""
        ui.background(surface)
        w, h = surface.get_size()
        fonts, entries = self.app.fonts, self.app.profile.highscores(self.app.games.mode).entries
        mode = self.app.games.mode
        title = "HIGH SCORES" + (f": {mode.title.upper()}" if mode.headline else "")
        ui.text(
            surface, fonts, title, 80, (w // 2, h * 0.1), color="gold", anchor="center", bold=True, max_width=w - 40
        )
        box = pygame.Rect(w * 0.12, h * 0.2, w * 0.76, h * 0.66)
        ui.panel(surface, box)
        columns = [(0.07, "#"), (0.24, "NAME"), (0.43, "SCORE"), (0.6, "READ RIGHT"), (0.76, "STREAK"), (0.91, "DATE")]
        for x, title in columns:
            ui.text(
                surface,
                fonts,
                title,
                26,
                (box.x + box.width * x, box.y + 24),
                color="muted",
                anchor="center",
                bold=True,
            )
        if not entries:
            ui.text(
                surface,
                fonts,
                "No games yet. Go and set the first record!",
                32,
                box.center,
                color="text",
                anchor="center",
            )
        row = (box.height - 70) / 10
        for i, e in enumerate(entries):
            y = box.y + 64 + i * row + row / 2
            color = "accent2" if i == self.highlight else "text"
            cells = [
                f"{i + 1}",
                e.name or "-",
                f"{e.score}",
                f"{e.hits}/{e.rounds}",
                f"{e.best_streak}",
                time.strftime("%Y-%m-%d", time.localtime(e.when)),
            ]
            for (x, _), cell in zip(columns, cells):
                ui.text(
                    surface,
                    fonts,
                    cell,
                    30,
                    (box.x + box.width * x, y),
                    color=color,
                    anchor="center",
                    bold=i == self.highlight,
                    max_width=round(box.width * 0.16),
                )
        ui.text(surface, fonts, "Press any key to go back", 26, (w // 2, h * 0.94), color="muted", anchor="center")

"""The Lab: how the shipped network learned, where it still confuses digits, and how the game
has learned the player's handwriting since.

    [training curves: loss, accuracy per epoch]   [confusions on MNIST test]
    [the player's games, read right, game by game] [confusions on held-out pen strokes]

The curves and matrices come from the weights' .metrics.json (train.py and
training/lab.py write them); nothing is computed here.
"""

import numpy as np
import pygame

from .. import ui
from ..atomic import read_json
from ..paths import SHIPPED_WEIGHTS
from . import charts
from .actions import Action
from .base import PageScene
from .layout import row_of

CURVES = [  # (metrics key, label, colour)
    ("", "training (augmented)", "muted"),
    ("val_", "MNIST validation", "accent"),
    ("strokes_", "pen strokes, held out", "gold"),
]
GAMES_SHOWN = 30


class LabScene(PageScene):
    """Four panels to read; G (or its button) opens the Playground; any other key or click goes back."""

    kind = "lab"
    ACTIONS = (
        Action(
            "Build your own: the Playground",
            "playground",
            keys=(pygame.K_g,),
            shown="page",
            about="the Playground: build and train a network of your own",
        ),
    )

    def __init__(self, app, back, metrics_path=None):
        super().__init__(app, back)
        metrics = read_json(metrics_path or SHIPPED_WEIGHTS.with_suffix(".metrics.json"), {})
        metrics = metrics if isinstance(metrics, dict) else {}
        self.history = [h for h in metrics.get("history", []) if isinstance(h, dict)]
        self.confusion = metrics.get("confusion", {}) if isinstance(metrics.get("confusion"), dict) else {}
        self.architecture = metrics.get("architecture", "")
        self.games = app.profile.history.games[-GAMES_SHOWN:]
        self.cells = {}  # (set name, true digit, guess) -> rect, as drawn

    def playground(self):
        """Open the Playground (coming back here)."""
        self.finish("page", page="playground")

    def draw(self, surface):
        """Draw the title and the four panels."""
        ui.background(surface)
        w, h = surface.get_size()
        fonts, m = self.app.fonts, round(min(w, h) * 0.03)
        title = ui.text(surface, fonts, "THE LAB", 64, (w // 2, m // 2), color="accent", anchor="midtop", bold=True)
        about = f"The shipped network ({self.architecture})" if self.architecture else "The shipped network"
        where = (w // 2, title.bottom)
        below = ui.text(surface, fonts, about, 24, where, color="muted", anchor="midtop", max_width=w - 2 * m).bottom
        area = pygame.Rect(m, below + m // 2, w - 2 * m, round(h * 0.93) - below - m // 2)
        top, bottom = [row_of(r, 2, gap=m) for r in _halves(area, m)]
        self._draw_curves(surface, top[0])
        self._draw_confusion(surface, top[1], "mnist_test", "Confusions: MNIST test")
        self._draw_games(surface, bottom[0])
        self._draw_confusion(surface, bottom[1], "pen_holdout", "Confusions: pen strokes held out")
        foot = pygame.Rect(m, area.bottom + m // 3, w - 2 * m, h - area.bottom - m // 3 - m // 4)
        button = pygame.Rect(0, foot.y, min(foot.width // 2, round(420 * fonts.scale)), max(32, foot.height))
        button.right = foot.right
        self.actions.draw(surface, fonts, "page", [button], 22)
        where = ((foot.x + button.x) // 2, button.centery)
        ui.text(
            surface,
            fonts,
            "Any other key or click: back",
            22,
            where,
            color="gold",
            anchor="center",
            max_width=button.x - foot.x - m,
        )

    def _panel(self, surface, rect, title, empty=None):
        """Draw a panel and its title (and a message if there is nothing to show); return the inside."""
        fonts = self.app.fonts
        ui.panel(surface, rect)
        ui.text(surface, fonts, title, 26, (rect.x + 12, rect.y + 8), bold=True, max_width=rect.width - 24)
        inner = rect.inflate(-24, -16)
        heading = round(30 * fonts.scale)
        inner = pygame.Rect(inner.x, inner.y + heading, inner.width, inner.height - heading)
        if empty:
            ui.paragraph(surface, fonts, empty, 22, inner, color="muted")
        return inner

    def _draw_curves(self, surface, rect):
        """Draw loss (log scale) and accuracy per epoch, one line per data set."""
        empty = None if self.history else "No training history shipped with these weights."
        inner = self._panel(surface, rect, "How it learned, epoch by epoch", empty)
        if not self.history:
            return
        legend_h = round(22 * self.app.fonts.scale)
        charts = row_of(pygame.Rect(inner.x, inner.y, inner.width, inner.height - legend_h), 2, gap=16)
        losses = [(np.log10(_series(self.history, p + "loss")), c) for p, _, c in CURVES]
        accuracies = [(100 * _series(self.history, p + "accuracy"), c) for p, _, c in CURVES]
        self._chart(surface, charts[0], losses, "loss (log10)")
        self._chart(surface, charts[1], accuracies, "accuracy %", floor=95.0)
        self._draw_legend(surface, inner)

    def _draw_legend(self, surface, inner):
        """Draw the curves' names in their colours along the bottom of inner, set smaller if
        they would not fit side by side."""
        fonts, gap, size, x = self.app.fonts, 14, 18, inner.x
        while size > 10 and _width(fonts.get(size), [label for _, label, _ in CURVES], gap) > inner.width:
            size -= 0.5
        for _, label, color in CURVES:
            where, room = (x, inner.bottom), inner.right - x
            drawn = ui.text(surface, fonts, label, size, where, color=color, anchor="bottomleft", max_width=room)
            x = drawn.right + gap

    def _chart(self, surface, rect, series, label, floor=None, xlabel="epoch", span=None):
        """Draw lines (values (epochs,), colour) in rect (charts.line_chart)."""
        charts.line_chart(surface, self.app.fonts, rect, series, label, floor, xlabel, span)

    def _draw_confusion(self, surface, rect, name, title):
        """Draw a 10 x 10 confusion matrix: rows the digit drawn, columns what the network read."""
        found = self.confusion.get(name)
        empty = None if found else "Not measured for these weights: run training/lab.py."
        inner = self._panel(surface, rect, title, empty)
        if not found:
            return
        matrix, fonts = np.array(found["matrix"]), self.app.fonts
        note = f"{100 * found['accuracy']:.2f}% right of {found['n']:,}. Rows: drawn; columns: read as."
        note_rect = ui.text(surface, fonts, note, 22, (inner.x, inner.y), color="muted", max_width=inner.width)
        found_cells = charts.confusion(surface, fonts, inner, matrix, note_rect.bottom + 4)
        self.cells.update({(name, true, guess): box for (true, guess), box in found_cells.items()})

    def _draw_games(self, surface, rect):
        """Draw the share of each recent game read right, oldest left."""
        empty = None if self.games else "Play a game: how often it reads you right shows up here."
        inner = self._panel(surface, rect, "Your games: read right", empty)
        if not self.games:
            return
        shares = np.array([100 * g.share for g in self.games])
        label = "% of your drawings read right"
        self._chart(surface, inner, [(shares, "accent")], label, xlabel="game", span=(0.0, 100.0))


def _halves(rect, gap):
    """Return the top and bottom halves of rect, a gap between them."""
    height = (rect.height - gap) // 2
    return pygame.Rect(rect.x, rect.y, rect.width, height), pygame.Rect(
        rect.x, rect.y + height + gap, rect.width, height
    )


def _width(font, labels, gap):
    """Return the width of labels set side by side in font, gap pixels apart."""
    return sum(font.size(label)[0] for label in labels) + gap * (len(labels) - 1)


def _series(history, key):
    """Return history[epoch][key] as an array, NaN where an epoch lacks it."""
    return np.array([float(h.get(key, np.nan)) if isinstance(h.get(key, 0), (int, float)) else np.nan for h in history])

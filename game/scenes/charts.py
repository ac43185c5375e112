"""Charts the pages share: lines of figures over epochs or games, and confusion matrices whose
cells can be clicked (the Lab, the Playground's training page)."""

import numpy as np
import pygame

from .. import ui
from ..theme import COLORS


def line_chart(surface, fonts, rect, series, label, floor=None, xlabel="epoch", span=None, xs=None):
    """Draw lines (values (n,), colour) in rect, the y axis fitted to them (from floor up) or
    spanning span (low, high); xs : each series' x positions (n,) on a shared axis from 0 (else
    0, 1, 2, ... stretched to the width). Return the plot's rect."""
    values = np.concatenate([v[np.isfinite(v)] for v, _ in series] or [np.zeros(1)]) if series else np.zeros(1)
    values = values if values.size else np.zeros(1)
    low = max(floor, float(values.min())) if floor is not None else float(values.min())
    high = max(float(values.max()), low + 1e-6)
    low, high = span or (low, high)
    plot = pygame.Rect(rect.x + round(52 * fonts.scale), rect.y + round(24 * fonts.scale), 0, 0)
    plot.size = (max(1, rect.right - plot.x), max(1, rect.bottom - plot.y - round(20 * fonts.scale)))
    ui.text(surface, fonts, label, 22, (rect.x, rect.y), color="muted", max_width=rect.width)
    pygame.draw.rect(surface, COLORS["panel_edge"], plot, width=1)
    percent = "%" in label
    for value, anchor in ((high, "topright"), (low, "bottomright")):
        where = (plot.x - 4, plot.y if anchor == "topright" else plot.bottom)
        shown = f"{value:.1f}" if percent else f"{value:.2f}"
        ui.text(surface, fonts, shown, 20, where, color="muted", anchor=anchor, max_width=plot.x - rect.x - 4)
    ui.text(surface, fonts, xlabel, 20, (plot.right, plot.bottom + 2), color="muted", anchor="topright")
    widest = max((float(np.max(x)) for x in xs or [] if len(x)), default=0.0)
    for k, (v, color) in enumerate(series):
        x = np.arange(len(v), dtype=float) if xs is None else np.asarray(xs[k], dtype=float)
        right = max(len(v) - 1, 1) if xs is None else max(widest, 1e-9)
        _line(surface, plot, x / right, v, (low, high), color)
    return plot


def _line(surface, plot, x, v, span, color):
    """Draw one series: x in 0..1 across the plot, v on the span (low, high) up it."""
    low, high = span
    keep = np.isfinite(v)
    px = plot.x + x[keep] * plot.width
    py = plot.bottom - (np.clip(v[keep], low, high) - low) / (high - low) * plot.height
    points = list(zip(px.tolist(), py.tolist()))
    if len(points) > 1:
        pygame.draw.lines(surface, COLORS[color], False, points, 2)
    elif points:
        pygame.draw.circle(surface, COLORS[color], points[0], 3)


def confusion(surface, fonts, area, matrix, top):
    """Draw a 10 x 10 confusion matrix (rows: the digit drawn; columns: what was read) in the
    largest square that fits in `area` below y=top; return {(true, guess): rect} of its cells."""
    side = min(area.width - round(20 * fonts.scale), area.bottom - top - 6)
    cell = side / 11
    left = area.centerx - side / 2
    worst = max(int((matrix - np.diag(np.diag(matrix))).max()), 1)
    for d in range(10):
        ui.text(surface, fonts, d, 20, (left + (d + 1.5) * cell, top + cell / 2), color="muted", anchor="center")
        ui.text(surface, fonts, d, 20, (left + cell / 2, top + (d + 1.5) * cell), color="muted", anchor="center")
    cells = {}
    for (true, guess), count in np.ndenumerate(matrix):
        box = pygame.Rect(
            round(left + (guess + 1) * cell), round(top + (true + 1) * cell), round(cell) - 1, round(cell) - 1
        )
        cells[(true, guess)] = box
        pygame.draw.rect(surface, cell_color(count, true == guess, worst), box)
        if count and true != guess:
            ui.text(surface, fonts, count, 20, box.center, color="text", anchor="center", max_width=box.width)
    return cells


def cell_color(count, right, worst):
    """Return a confusion cell's colour: green on the diagonal, red as mistakes grow, dark if none."""
    if right:
        return COLORS["good"] if count else COLORS["background"]
    if not count:
        return COLORS["background"]
    share = 0.25 + 0.75 * np.log1p(count) / np.log1p(worst)
    return tuple(round(a + (b - a) * share) for a, b in zip(COLORS["panel"], COLORS["bad"]))


def confusion_matrix(labels, guesses):
    """Return the 10 x 10 counts of (label, guess) pairs; guesses below 0 (not read yet) are left out."""
    known = guesses >= 0
    matrix = np.zeros((10, 10), np.int64)
    np.add.at(matrix, (labels[known], guesses[known]), 1)
    return matrix

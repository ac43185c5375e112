"""The parts of the round screen that the result screen shows too: the top bar
(score, round, level, streak) and the network's reading (bars and 28x28 preview)."""

import pygame

from .. import ui
from ..theme import COLORS


def draw_hud(surface, app, game, layout, round_number=None):
    """Draw the top bar: score, round, level, streak multiplier, best score.

    round_number : the round to show (default: the one being played).
    """
    rect, fonts = layout.hud, app.fonts
    ui.text(
        surface, fonts, f"SCORE {game.score}", 46, (rect.x, rect.centery), color="text", anchor="midleft", bold=True
    )
    shown = round_number or game.round_index + 1
    if game.rounds is None:  # Time Attack, practice: no round count, a tally
        middle = f"{game.mode.title.upper()}    {len(game.scores)} DRAWN"
    else:
        prefix = "" if game.mode.name == "classic" else f"{game.mode.title.upper()}   "
        middle = f"{prefix}ROUND {shown}/{game.rounds}    LEVEL {game.level}"
    ui.text(surface, fonts, middle, 34, rect.center, color="accent", anchor="center", bold=True)
    streak = f"x{game.multiplier:g} STREAK" if game.streak else ""
    right = f"{streak}    BEST {max(app.highscores.best, game.score)}"
    ui.text(surface, fonts, right, 34, (rect.right, rect.centery), color="gold", anchor="midright", bold=True)


def draw_reading(surface, app, layout, reading, target, highlight=None):
    """Draw the live probability bars and the network's-eye preview."""
    fonts = app.fonts
    ui.panel(surface, layout.bars.inflate(0, 0))
    inner = layout.bars.inflate(-16, -40).move(0, 12)
    ui.text(surface, fonts, "NETWORK'S GUESS", 24, (layout.bars.x + 14, layout.bars.y + 8), color="muted")
    probabilities = None if reading is None else reading.probabilities
    guess = None if reading is None else (reading.guess if highlight is None else highlight)
    ui.probability_bars(surface, fonts, inner, probabilities, target, guess)
    ui.panel(surface, layout.preview)
    title = pygame.Rect(layout.preview.x + 14, layout.preview.y + 8, layout.preview.width - 28, 0)
    ui.text(surface, fonts, "WHAT IT SEES (28x28)", 24, title.topleft, color="muted", max_width=title.width)
    top = layout.preview.y + round(30 * fonts.scale)
    side = max(28, min(layout.preview.bottom - top - 10, round(layout.preview.width * 0.5)))
    box = pygame.Rect(layout.preview.x + 14, top, side, side)
    if reading is None:
        pygame.draw.rect(surface, (0, 0, 0), box)
    else:
        surface.blit(ui.image_surface(reading.image, side), box)
    pygame.draw.rect(surface, COLORS["panel_edge"], box, width=1)
    if reading is not None:
        x, room = box.right + 12, layout.preview.right - box.right - 24
        ui.text(surface, fonts, "guess", 24, (x, box.y), color="muted")
        ui.text(surface, fonts, reading.guess, 90, (x, box.centery), color="accent", anchor="midleft", bold=True)
        ui.text(
            surface,
            fonts,
            f"{100 * reading.confidence:.0f}% sure",
            24,
            (x, box.bottom),
            color="text",
            anchor="bottomleft",
            max_width=room,
        )

"""The parts of the round screen that the result screen shows too: the top bar
(score, round, level, streak) and the network's reading (bars and 28x28 preview)."""

import pygame

from .. import ui
from ..theme import COLORS
from .layout import row_of


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
        prefix = f"{game.mode.title.upper()}   " if game.mode.headline else ""
        middle = f"{prefix}ROUND {shown}/{game.rounds}    LEVEL {game.level}"
    ui.text(surface, fonts, middle, 34, rect.center, color="accent", anchor="center", bold=True)
    streak = f"x{game.multiplier:g} STREAK" if game.streak else ""
    right = f"{streak}    BEST {max(app.profile.highscores(game.mode).best, game.score)}"
    ui.text(surface, fonts, right, 34, (rect.right, rect.centery), color="gold", anchor="midright", bold=True)


def draw_reading(surface, app, layout, reading, target, highlight=None):
    """Draw the live probability bars and the network's-eye preview: one column of bars and
    one 28x28 picture per digit of a whole number."""
    fonts = app.fonts
    ui.panel(surface, layout.bars)
    inner = layout.bars.inflate(-16, -40).move(0, 12)
    ui.text(surface, fonts, "NETWORK'S GUESS", 24, (layout.bars.x + 14, layout.bars.y + 8), color="muted")
    digits = (None,) if reading is None else reading.digits
    wanted = [int(c) for c in str(target)]
    wanted = wanted if len(wanted) == len(digits) else [None] * len(digits)
    columns = row_of(inner, len(digits), gap=8)
    for digit, want, column in zip(digits, wanted, columns):
        guess = None if digit is None else (digit.guess if highlight is None else highlight)
        probabilities = None if digit is None else digit.probabilities
        ui.probability_bars(surface, fonts, column, probabilities, want, guess, percents=len(digits) == 1)
    _draw_preview(surface, app, layout.preview, reading)


def _draw_preview(surface, app, rect, reading):
    """Draw what the network sees (each digit's 28x28 input) and its guess."""
    fonts = app.fonts
    ui.panel(surface, rect)
    title = pygame.Rect(rect.x + 14, rect.y + 8, rect.width - 28, 0)
    ui.text(surface, fonts, "WHAT IT SEES (28x28)", 24, title.topleft, color="muted", max_width=title.width)
    top = rect.y + round(30 * fonts.scale)
    digits = () if reading is None else reading.digits
    count = max(1, len(digits))
    side = max(20, min(rect.bottom - top - 10, round(rect.width * 0.5 / count)))
    boxes = [pygame.Rect(rect.x + 14 + i * (side + 4), top, side, side) for i in range(count)]
    for i, box in enumerate(boxes):
        if i < len(digits):
            surface.blit(ui.image_surface(digits[i].image, side), box)
        else:
            pygame.draw.rect(surface, (0, 0, 0), box)
        pygame.draw.rect(surface, COLORS["panel_edge"], box, width=1)
    if reading is None:
        return
    box = boxes[-1]
    x, room = box.right + 12, rect.right - box.right - 24
    ui.text(surface, fonts, "guess", 24, (x, box.y), color="muted")
    ui.text(
        surface, fonts, reading.guess, 90, (x, box.centery), color="accent", anchor="midleft", bold=True, max_width=room
    )
    sure = f"{100 * reading.confidence:.0f}% sure"
    ui.text(surface, fonts, sure, 24, (x, box.bottom), color="text", anchor="bottomleft", max_width=room)

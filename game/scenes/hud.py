"""The parts of the round screen that the result screen shows too: the top bar
(score, round, level, streak) and the network's reading (bars and 28x28 preview)."""

import pygame

from .. import ui
from ..theme import COLORS
from .layout import row_of


def draw_hud(surface, app, game, layout, round_number=None):
    """Draw the top bar: score on the left; round and level (or the tally) in the middle;
    streak multiplier and best score (of a ranked mode) on the right. Each text keeps to its
    share of the bar: at a large text size they shrink rather than overlap.

    round_number : the round to show (default: the one being played).
    """
    fonts, corner = app.fonts, layout.corner
    rect = pygame.Rect(layout.hud.x, layout.hud.y, corner.x - round(16 * fonts.scale) - layout.hud.x, layout.hud.height)
    shown = round_number or game.round_index + 1
    if game.rounds is None:  # Time Attack, practice: no round count, a tally
        drawn = sum(score.guess is not None for score in game.scores)  # a round with nothing drawn is none
        middle = f"{game.mode.title.upper()}    {drawn} DRAWN"
    else:
        prefix = f"{game.mode.title.upper()}   " if game.mode.headline else ""
        middle = f"{prefix}ROUND {shown}/{game.rounds}    LEVEL {game.level}"
    streak = f"NEXT HIT x{game.multiplier:g}" if game.streak else ""  # what the streak earns, not what it earned
    best = f"BEST {max(app.profile.highscores(game.mode).best, game.score)}" if game.mode.ranked else ""
    network = f"NET {app.profile.network_name.upper()}" if app.profile.network_name else ""  # a Playground one
    right = "    ".join(part for part in (network, streak, best) if part)
    texts = [(f"SCORE {game.score}", 46), (middle, 34), (right, 34)]
    gap = round(24 * fonts.scale)
    widths = [fonts.get(size, True).size(string)[0] if string else 0 for string, size in texts]
    left_w, middle_w, right_w = _shares(widths, rect.width - 2 * gap)
    y = rect.centery
    left = ui.text(surface, fonts, texts[0][0], 46, (rect.x, y), anchor="midleft", bold=True, max_width=left_w)
    right_end = ui.text(
        surface, fonts, right, 34, (rect.right, y), color="gold", anchor="midright", bold=True, max_width=right_w
    )
    free = pygame.Rect(left.right + gap, rect.y, (right_end.left if right else rect.right) - gap - left.right - gap, 1)
    width = min(middle_w, free.width)
    x = min(max(rect.centerx, free.x + width / 2), free.right - width / 2)  # centred on the bar if it has room there
    ui.text(surface, fonts, middle, 34, (x, y), color="accent", anchor="center", bold=True, max_width=width)


def _shares(widths, room):
    """Return the widths texts may take side by side in `room` pixels: their own if they fit,
    else the room shared in proportion to them."""
    total = sum(widths)
    return widths if total <= room else [room * width / total for width in widths]


def draw_reading(surface, app, layout, reading, target, highlight=None):
    """Draw the live probability bars and the network's-eye preview: one column of bars and
    one 28x28 picture per digit of a whole number. target : the number whose digits are marked
    in gold (None: none, as while a sum's answer is asked)."""
    fonts = app.fonts
    ui.panel(surface, layout.bars)
    where, room = (layout.bars.x + 14, layout.bars.y + 8), layout.bars.width - 28
    title = ui.text(surface, fonts, "NETWORK'S GUESS", 24, where, color="muted", max_width=room)
    bars = layout.bars
    inner = pygame.Rect(bars.x + 8, title.bottom + 2, bars.width - 16, bars.bottom - title.bottom - 10)
    digits = (None,) if reading is None else reading.digits
    wanted = [] if target is None else [int(c) for c in str(target)]  # None: no digit marked
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
    label = ui.text(surface, fonts, "guess", 24, (x, box.y), color="muted", max_width=room)
    sure = f"{100 * reading.confidence:.0f}% sure"
    bottom = max(box.bottom, rect.bottom - 10)  # under several small pictures: the panel's foot
    sure = ui.text(surface, fonts, sure, 24, (x, bottom), color="text", anchor="bottomleft", max_width=room)
    between = pygame.Rect(x, label.bottom, room, sure.top - label.bottom)  # the guess, as big as fits there
    size = fonts.size_for(90, between.height, bold=True)
    where = between.midleft
    ui.text(surface, fonts, reading.guess, size, where, color="accent", anchor="midleft", bold=True, max_width=room)

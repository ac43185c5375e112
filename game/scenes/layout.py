"""Screen layout computed from the window size, so every scene scales with it."""

from dataclasses import dataclass

import pygame


@dataclass(frozen=True)
class PlayLayout:
    """Rects of the play screen: HUD, timer, target card, canvas, buttons, bars, preview."""

    hud: pygame.Rect
    timer: pygame.Rect
    target: pygame.Rect
    canvas: pygame.Rect
    buttons: pygame.Rect
    bars: pygame.Rect
    preview: pygame.Rect
    hint: pygame.Rect
    xray: pygame.Rect | None = None  # the X-ray panel, when it is on (then bars and preview are empty)


def play_layout(size, xray=False):
    """Return the PlayLayout for a window of size (w, h), with the X-ray panel or without."""
    if xray:
        return _xray_layout(size)
    if size[1] > 0.85 * size[0]:
        return _tall_layout(size)
    w, h = size
    m = max(8, round(0.025 * h))
    hud_h = round(0.1 * h)
    button_h = round(0.07 * h)
    hint_h = round(0.045 * h)
    side = max(120, min(h - hud_h - button_h - hint_h - 4 * m, round(w * 0.44)))
    canvas = pygame.Rect(0, hud_h + 2 * m, side, side)
    canvas.centerx = w // 2
    hud = pygame.Rect(m, m // 2, w - 2 * m, hud_h)
    timer = pygame.Rect(m, hud.bottom + m // 3, w - 2 * m, max(6, round(0.012 * h)))
    left = pygame.Rect(m, canvas.top, canvas.left - 2 * m, side)
    right = pygame.Rect(canvas.right + m, canvas.top, w - canvas.right - 2 * m, side)
    bars_h = round(side * 0.6)
    bars = pygame.Rect(right.x, right.y, right.width, bars_h)
    preview = pygame.Rect(right.x, bars.bottom + m, right.width, right.bottom - bars.bottom - m)
    buttons = pygame.Rect(0, canvas.bottom + m, min(w - 2 * m, round(side * 1.4)), button_h)  # room for 11 keys
    buttons.centerx = canvas.centerx
    hint = pygame.Rect(m, buttons.bottom + m // 2, w - 2 * m, hint_h)
    return PlayLayout(hud, timer, left, canvas, buttons, bars, preview, hint)


def _tall_layout(size):
    """Return the PlayLayout for a tall window (a half-screen tile): the target as a strip on top,
    the canvas as wide as it can be, the bars and the preview in a column beside it."""
    w, h = size
    m = max(8, round(0.025 * h))
    hud_h, button_h, hint_h = round(0.09 * h), round(0.06 * h), round(0.04 * h)
    hud = pygame.Rect(m, m // 2, w - 2 * m, hud_h)
    timer = pygame.Rect(m, hud.bottom + m // 3, w - 2 * m, max(6, round(0.01 * h)))
    target = pygame.Rect(m, hud_h + 2 * m, w - 2 * m, round(0.08 * h))
    side = max(120, min(round(0.62 * w), h - target.bottom - button_h - hint_h - 4 * m))
    canvas = pygame.Rect(m, target.bottom + m, side, side)
    right = pygame.Rect(canvas.right + m, canvas.top, w - canvas.right - 2 * m, side)
    bars = pygame.Rect(right.x, right.y, right.width, round(side * 0.6))
    preview = pygame.Rect(right.x, bars.bottom + m, right.width, right.bottom - bars.bottom - m)
    buttons = pygame.Rect(m, canvas.bottom + m, w - 2 * m, button_h)
    hint = pygame.Rect(m, buttons.bottom + m // 2, w - 2 * m, hint_h)
    return PlayLayout(hud, timer, target, canvas, buttons, bars, preview, hint)


def _xray_layout(size):
    """Return the PlayLayout with the X-ray: the target as a strip over the canvas, the
    X-ray panel taking the rest of the width."""
    w, h = size
    m = max(8, round(0.025 * h))
    hud_h, button_h, hint_h = round(0.1 * h), round(0.07 * h), round(0.045 * h)
    hud = pygame.Rect(m, m // 2, w - 2 * m, hud_h)
    timer = pygame.Rect(m, hud.bottom + m // 3, w - 2 * m, max(6, round(0.012 * h)))
    top = hud_h + 2 * m
    target = pygame.Rect(m, top, 0, round(0.1 * h))
    side = max(120, min(h - target.bottom - button_h - hint_h - 3 * m, round(w * 0.4)))
    target.width = side
    bottom = h - hint_h - m  # a tall window: the target card grows to fill the column...
    target.height = max(target.height, bottom - m // 2 - button_h - m // 2 - side - top)
    canvas = pygame.Rect(m, target.bottom + m // 2, side, side)
    buttons = pygame.Rect(m, canvas.bottom + m // 2, side, button_h)
    panel = pygame.Rect(canvas.right + m, top, w - canvas.right - 2 * m, buttons.bottom - top)  # ... and the X-ray
    hint = pygame.Rect(m, buttons.bottom + m // 2, w - 2 * m, hint_h)
    nothing = pygame.Rect(panel.topleft, (0, 0))
    return PlayLayout(hud, timer, target, canvas, buttons, nothing, nothing, hint, panel)


def row_of(rect, count, gap=10):
    """Return `count` equal rects side by side filling rect, with gaps."""
    width = (rect.width - gap * (count - 1)) / count
    return [pygame.Rect(round(rect.x + i * (width + gap)), rect.y, round(width), rect.height) for i in range(count)]


def column_of(rect, count, height, gap=12):
    """Return `count` rects of the given height stacked and centred in rect."""
    total = count * height + (count - 1) * gap
    top = rect.centery - total // 2
    return [pygame.Rect(rect.x, top + i * (height + gap), rect.width, height) for i in range(count)]

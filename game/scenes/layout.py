"""Screen layout computed from the window size, so every scene scales with it."""

import math
from dataclasses import dataclass

import pygame

KEY = (44, 32)  # the smallest answer key, in pixels: a fingertip (the layout check asks 40x32)
GAP = 4  # pixels between two keys, and between two rows of buttons
WIDE_SHARE = 0.22  # of a row of answer buttons, for "Yes" and for "Not a digit" each
ROUND_BUTTONS = 4  # the round's row of buttons: Undo, Clear, X-ray and, last, Submit
CORNER_BUTTONS = 2  # the top bar's buttons, at its right end: Pause and (on the result) X-ray


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

    @property
    def corner(self):
        """Return the rect at the right end of the top bar for its buttons (Pause, X-ray): as
        tall as most of the bar and a fingertip at least, out of the drawing's way."""
        height = max(KEY[1], round(self.hud.height * 0.72))
        each = max(KEY[0] + 30, round(height * 2.3))
        width = CORNER_BUTTONS * each + (CORNER_BUTTONS - 1) * GAP * 2
        return pygame.Rect(self.hud.right - width, self.hud.centery - height // 2, width, height)

    def corner_rects(self, count):
        """Return the rects of the top bar's `count` buttons, the last at its right end."""
        slots = row_of(self.corner, CORNER_BUTTONS, gap=GAP * 2)
        return slots[CORNER_BUTTONS - count :]

    @property
    def submit(self):
        """Return where the round's Submit button is, the last of its row: the result's buttons
        keep clear of it, where the second click of a double click on Submit lands."""
        return row_of(self.buttons, ROUND_BUTTONS)[-1]


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


def answer_layout(layout, window_height, keys=10):
    """Return the rects of the result screen's answer buttons ("Yes", `keys` keys: the ten
    digits, and Math's Erase, "Not a digit") for a PlayLayout, and the rect of the prompt under
    them: one row under the canvas if the keys are at least KEY wide there, else two rows (see
    _two_rows). None of them sits where the round's Submit was (layout.submit): a double click
    on Submit answers nothing."""
    row = _widest_row(layout, keys)
    wide = _wide_width(row.width, keys)
    if wide >= 2 * KEY[0]:
        return _one_row(row, wide, keys), layout.hint
    return _two_rows(layout, window_height, keys)


def go_on_rect(layout):
    """Return the rect of the result's one button when nothing was drawn ("Next round"): under
    the canvas and as wide as it (the buttons' row at most), short of where Submit was."""
    rect = pygame.Rect(0, layout.buttons.y, min(layout.canvas.width, layout.buttons.width), layout.buttons.height)
    rect.centerx = layout.canvas.centerx
    rect.width = min(rect.width, _before_submit(layout) - rect.x)
    return rect


def _before_submit(layout):
    """Return the x where the result's buttons in the round's row end: a gap short of Submit."""
    return layout.submit.left - 2 * GAP


def _keys_width(keys):
    """Return the width a row of `keys` KEY-wide keys takes, with its gaps and margins (Math's
    Erase, after the ten digits, is two keys wide)."""
    slots = keys + (keys > 10)
    return slots * KEY[0] + (slots - 1) * GAP + 16


def _keys(rect, keys):
    """Return the rects of `keys` keys side by side in rect: the ten digits, and Math's Erase
    as wide as two of them (its word fits as large as a digit)."""
    if keys <= 10:
        return row_of(rect, keys, gap=GAP)
    slots = row_of(rect, keys + 1, gap=GAP)
    return slots[:-2] + [slots[-2].union(slots[-1])]


def _widest_row(layout, keys):
    """Return the row for one row of answers: in the buttons' row, ending short of where Submit
    was, and reaching left as far as one row of KEY-wide keys needs, up to the window's margin
    (the prompt's left). Beside the X-ray, which reaches down to the row's bottom, only the
    buttons' row."""
    right = _before_submit(layout)
    left = layout.buttons.x
    if layout.xray is None:
        need = math.ceil(_keys_width(keys) / (1 - 2 * WIDE_SHARE))
        left = max(layout.hint.x, min(left, right - need))
    return pygame.Rect(left, layout.buttons.y, right - left, layout.buttons.height)


def _wide_width(width, keys):
    """Return the width of "Yes" and of "Not a digit" in a row `width` wide: WIDE_SHARE of it
    each, less if the keys would be narrower than KEY."""
    return min(round(width * WIDE_SHARE), (width - _keys_width(keys)) // 2)


def _one_row(row, wide, keys):
    """Return the rects in row: "Yes" and "Not a digit" `wide` at the ends, the keys between."""
    yes, digits, nothing = row.copy(), row.copy(), row.copy()
    yes.width = nothing.width = wide
    nothing.right = row.right
    digits.x, digits.width = yes.right + 8, nothing.x - yes.right - 16
    return [yes, *_keys(digits, keys), nothing]


def _two_rows(layout, window_height, keys):
    """Return the rects and the prompt's: "Yes" and "Not a digit" side by side in the buttons'
    row, from the window's margin to short of where Submit was; under it (and under the X-ray,
    which ends with that row) the keys, as wide as KEY-wide keys need (and as the buttons' row,
    up to half the width), and the prompt beside them in the rest."""
    top, hint = layout.buttons, layout.hint
    y = top.bottom + GAP
    width = max(_keys_width(keys) - 16, min(top.width, hint.width // 2))
    row = pygame.Rect(hint.x, y, width, max(KEY[1], min(top.height, window_height - 2 * GAP - y)))
    prompt = pygame.Rect(row.right + 3 * GAP, y, hint.right - row.right - 3 * GAP, row.height)
    pair = pygame.Rect(hint.x, top.y, _before_submit(layout) - hint.x, top.height)
    yes, nothing = row_of(pair, 2, gap=8)
    return [yes, *_keys(row, keys), nothing], prompt


def row_of(rect, count, gap=10):
    """Return `count` equal rects side by side filling rect, with gaps."""
    width = (rect.width - gap * (count - 1)) / count
    return [pygame.Rect(round(rect.x + i * (width + gap)), rect.y, round(width), rect.height) for i in range(count)]


def column_of(rect, count, height, gap=12):
    """Return `count` rects of the given height stacked and centred in rect."""
    total = count * height + (count - 1) * gap
    top = rect.centery - total // 2
    return [pygame.Rect(rect.x, top + i * (height + gap), rect.width, height) for i in range(count)]

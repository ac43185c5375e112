"""The game's questions: one dialog for all of them (quit, forget everything, delete a player,
a new name), answered by a click, a finger or a key."""

import pygame

from .ui import button_at, draw_buttons, light, panel, shade, text, wrapped

DIALOG_SIZES = {"question": 44, "explanation": 24, "field": 34, "buttons": 28}  # design sizes of its parts


def dialog(surface, fonts, question, explanation, buttons, field=None):
    """Darken the screen and ask a question in a box in its middle: the question, its explanation
    (wrapped), the name being typed if `field` is given, and under them the answers side by side,
    buttons (yes, no) whose rects are set here for a click or a finger (see pressed()).
    Every question of the game looks like this."""
    shade(surface)
    w, h = surface.get_size()
    pad, gap = round(24 * fonts.scale), round(12 * fonts.scale)
    width = min(w - 40, round(780 * fonts.scale))
    explained = wrapped(fonts.get(DIALOG_SIZES["explanation"]), explanation, width - 2 * pad)
    heights = _dialog_heights(fonts, len(explained), field is not None)
    box = pygame.Rect(0, 0, width, min(h - 20, sum(heights) + gap * (len(heights) - 1) + 2 * pad))
    box.center = (w // 2, h // 2)
    panel(surface, box, edge="accent")
    y, inner = box.y + pad, box.width - 2 * pad
    lines = [(question, "question", "accent")] + [(line, "explanation", "muted") for line in explained]
    for line, part, color in lines:
        size, bold = DIALOG_SIZES[part], part == "question"
        text(surface, fonts, line, size, (box.centerx, y), color=color, anchor="midtop", bold=bold, max_width=inner)
        y += fonts.get(size, bold).get_linesize() + (gap if bold else 0)
    if field is not None:
        _draw_field(surface, fonts, field, pygame.Rect(box.x + pad, y + gap, box.width - 2 * pad, heights[2]))
    _draw_answers(surface, fonts, buttons, box.inflate(-2 * pad, -2 * pad), heights[-1])


def _dialog_heights(fonts, explained_lines, field):
    """Return the heights of a dialog's parts, top to bottom: question, explanation, the field if
    there is one, and the buttons (40 px at least: a fingertip)."""
    line = lambda part: fonts.get(DIALOG_SIZES[part], part == "question").get_linesize()
    heights = [line("question"), line("explanation") * explained_lines]
    if field:
        heights.append(round(line("field") * 1.5))
    return heights + [max(40, round(64 * fonts.scale))]


def _draw_field(surface, fonts, typed, rect):
    """Draw the text being typed in a box of its own, with a cursor after it."""
    panel(surface, rect, "background", "accent", radius=8)
    where = (rect.x + rect.height // 3, rect.centery)
    room = rect.width - rect.height
    text(surface, fonts, f"{typed}_", DIALOG_SIZES["field"], where, anchor="midleft", max_width=room)


def _draw_answers(surface, fonts, buttons, inner, height):
    """Lay buttons side by side, centred at the bottom of rect `inner`, and draw them."""
    gap = round(20 * fonts.scale)
    each = min(round(300 * fonts.scale), (inner.width - gap * (len(buttons) - 1)) // len(buttons))
    x = inner.centerx - (each * len(buttons) + gap * (len(buttons) - 1)) // 2
    rects = [pygame.Rect(x + i * (each + gap), inner.bottom - height, each, height) for i in range(len(buttons))]
    draw_buttons(surface, fonts, buttons, DIALOG_SIZES["buttons"], rects=rects)


def pressed(event, buttons):
    """Return the dialog's button (yes, no) that event presses: a left click on it, or its key
    (the first's only by its own key: Enter never says yes to deleting or forgetting unless the
    button says Enter), Esc for the second; None for anything else, a click beside them too.
    The mouse moving over a button lights it."""
    if event.type == pygame.MOUSEMOTION:
        light(buttons, event.pos)
    if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
        return button_at(buttons, event.pos)
    if event.type != pygame.KEYDOWN:
        return None
    yes, no = buttons
    enter = event.key in (pygame.K_RETURN, pygame.K_KP_ENTER)
    key = pygame.key.name(event.key)
    named = lambda button: (enter and button.key_hint == "Enter") or key == button.key_hint.lower()
    if named(yes):
        return yes
    if event.key == pygame.K_ESCAPE or named(no):
        return no
    return None

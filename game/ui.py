"""Drawing helpers shared by the scenes: text, panels, buttons, probability bars."""

import functools

import numpy as np
import pygame

from . import ink
from .theme import COLORS


class Recording(pygame.Surface):
    """A surface that keeps a list of what is drawn on it, `drawn`: (kind, rect, label), kind
    "text", "panel", "button" (anything a finger can press) or "shade" (what was drawn before
    is veiled: a dialog or a menu is over it), as the layout check reads it (tests/screens.py).
    A scene draws on it as on the window."""

    def __init__(self, size):
        super().__init__(size)
        self.drawn = []


class Words(str):
    """The words of a text drawn, as a Recording notes them, with the height of its font in
    pixels (`height`): the layout check asks for text a person can read."""

    def __new__(cls, string, height):
        words = super().__new__(cls, string)
        words.height = height
        return words


def recorded(draw, size):
    """Return what draw(surface) drew on a Recording of size (w, h): (kind, rect, label)."""
    surface = Recording(size)
    draw(surface)
    return surface.drawn


def note(surface, kind, rect, label=""):
    """Say that rect was drawn on surface as a kind of thing, if it is a Recording."""
    if isinstance(surface, Recording) and rect.width > 0 and rect.height > 0:
        surface.drawn.append((kind, pygame.Rect(rect), label if isinstance(label, Words) else str(label)))


def text(surface, fonts, string, size, pos, *, color="text", anchor="topleft", bold=False, max_width=None, cut=False):
    """Draw string with its `anchor` point (a pygame.Rect attribute) at pos; return its rect.

    With max_width, the text is set smaller if it would be wider than that, down to the
    smallest font (theme.MIN_PIXELS); still too wide there, it is cut short with "..."; with no
    room at all (max_width under 1) nothing is drawn. cut : cut it short at once, in its size
    (a cell of a table whose row keeps one size).
    """
    if max_width is not None and max_width < 1:
        return pygame.Rect(pos, (0, 0))
    image = fonts.get(size, bold).render(str(string), True, COLORS.get(color, color))
    for _ in range(0 if cut else 4):  # font widths are not quite proportional to sizes: try again
        if not max_width or image.get_width() <= max_width:
            break
        size = max(1.0, size * 0.97 * max_width / image.get_width())
        image = fonts.get(size, bold).render(str(string), True, COLORS.get(color, color))
    while max_width and image.get_width() > max_width and len(str(string).rstrip(".")) > 4:  # a word, not "12"
        string = str(string).removesuffix("...")[:-1].rstrip() + "..."
        image = fonts.get(size, bold).render(string, True, COLORS.get(color, color))
    rect = image.get_rect(**{anchor: pos})
    surface.blit(image, rect)
    if isinstance(surface, Recording) and string != "":
        note(surface, "text", _inked(image, rect), Words(string, fonts.get(size, bold).get_height()))
    return rect


def _inked(image, rect):
    """Return the part of rect that a rendered line of text covers with ink (a font's line box
    has room above and below its letters, which may touch the next line's without overlap)."""
    ink = image.get_bounding_rect()
    return ink.move(rect.topleft) if ink.width and ink.height else pygame.Rect(rect.topleft, (0, 0))


def paragraph(surface, fonts, string, size, rect, *, color="text"):
    """Draw string word-wrapped to rect's width, from its top-left; return the bottom of the text."""
    y = rect.y
    for line in wrapped(fonts.get(size), string, rect.width):
        y = text(surface, fonts, line, size, (rect.x, y), color=color, max_width=rect.width).bottom
    return y


def wrapped(font, string, width):
    """Return string's words as lines no wider than width in font (a word too long for a line
    has one of its own)."""
    lines, words = [], str(string).split()
    while words:
        count = len(words)
        while count > 1 and font.size(" ".join(words[:count]))[0] > width:
            count -= 1
        lines.append(" ".join(words[:count]))
        words = words[count:]
    return lines


def digit_of(key):
    """Return the digit a key stands for (the number row or the keypad), or None."""
    for d in range(10):
        if key in (getattr(pygame, f"K_{d}"), getattr(pygame, f"K_KP{d}")):
            return d
    return None


def edited(string, event, limit):
    """Return string as an event edits it: text typed (TEXTINPUT, which also carries "ë" typed
    with a dead key or an input method) is added, its printable characters, up to limit in
    all; Backspace takes a character off; other events leave it as it was. A scene that edits
    text turns SDL's text input on (start_text_input) while it does, and off after."""
    if event.type == pygame.TEXTINPUT:
        return (string + "".join(c for c in event.text if c.isprintable()))[:limit]
    if event.type == pygame.KEYDOWN and event.key == pygame.K_BACKSPACE:
        return string[:-1]
    return string


def panel(surface, rect, color="panel", edge="panel_edge", radius=14):
    """Draw a rounded panel with a thin edge."""
    pygame.draw.rect(surface, COLORS[color], rect, border_radius=radius)
    pygame.draw.rect(surface, COLORS[edge], rect, width=2, border_radius=radius)
    note(surface, "panel", rect)


def background(surface, area=None):
    """Fill the window (or only rect `area` of it) with the game's dark backdrop and a soft
    glow at the top."""
    surface.blit(_backdrop(surface.get_size()), area or (0, 0), area)


@functools.lru_cache(maxsize=2)
def _backdrop(size):
    """Return the backdrop for a window size, drawn once (a blit is 4x cheaper than drawing it)."""
    surface = pygame.Surface(size).convert()  # in the window's pixel format: blits need no conversion
    surface.fill(COLORS["background"])
    w, h = size
    glow = pygame.Rect(0, 0, w, h // 3)
    top, bottom = np.array(COLORS["background_glow"]), np.array(COLORS["background"])
    for i in range(0, glow.height, 4):
        mix = i / max(glow.height, 1)
        pygame.draw.rect(surface, tuple((top * (1 - mix) + bottom * mix).astype(int)), (0, i, w, 4))
    return surface


class Fade:
    """One screen fading into the next: the last picture of the one before, blended out."""

    def __init__(self, seconds):
        self.seconds = seconds
        self._picture, self._until = None, 0.0

    def start(self, surface, now):
        """Begin a fade from what surface shows now (game time `now`)."""
        self._picture, self._until = surface.copy(), now + self.seconds

    def step(self, now):
        """Return which step of the fade is due, 60 a second (None when there is no fade)."""
        if self._picture is None or now >= self._until:
            return None
        return int((self._until - now) * 60)

    def draw(self, surface, now):
        """Blend the picture before over the new screen while the fade lasts."""
        if self.step(now) is None:
            self._picture = None
            return
        self._picture.set_alpha(round(255 * (self._until - now) / self.seconds))
        surface.blit(self._picture, (0, 0))


def shade(surface):
    """Darken everything drawn so far (under an overlay)."""
    veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    veil.fill(COLORS["shade"])
    surface.blit(veil, (0, 0))
    note(surface, "shade", surface.get_rect())


class Button:
    """A clickable, keyboard-labelled button; `hot` when the mouse is over it or it is selected;
    `disabled`: drawn dimmed, never lit, and a press does nothing (help's Next on its last page)."""

    def __init__(self, label, action, key_hint=""):
        self.label, self.action, self.key_hint = label, action, key_hint
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.hot = self.disabled = False

    def hit(self, pos):
        """Return True if screen position pos is on the button."""
        return self.rect.collidepoint(pos)

    def caption(self, keys=True):
        """Return the words on the button: its label, and its key if keys."""
        shown = self.key_hint and keys and self.key_hint != self.label  # a digit's key is the digit
        return self.label + (f"  [{self.key_hint}]" if shown else "")

    def fits_keys(self, fonts, size):
        """Return True if the label and its key fit at `size` without shrinking much."""
        return fonts.get(size, True).size(self.caption())[0] <= 1.25 * (self.rect.width - 10)

    def fitting_size(self, fonts, size, keys=True):
        """Return the largest size, at most `size`, at which the caption fits inside the button."""
        return fonts.fit(size, [self.caption(keys)], self.rect.width - 12, self.rect.height - 6, bold=True)

    def draw(self, surface, fonts, size=30, selected=False, keys=None, fit=True):
        """Draw the button in its rect; keys: show the key (None: if it fits); fit: set the
        caption smaller if it does not fit at size (False: it was fitted with its row)."""
        lit = (self.hot or selected) and not self.disabled
        panel(surface, self.rect, "bar" if lit else "panel", "accent" if lit else "panel_edge", radius=10)
        note(surface, "button", self.rect, self.label)
        keys = self.fits_keys(fonts, size) if keys is None else keys
        size = self.fitting_size(fonts, size, keys) if fit else size
        color = "panel_edge" if self.disabled else "text"
        text(surface, fonts, self.caption(keys), size, self.rect.center, color=color, anchor="center", bold=lit)


def button_at(buttons, pos):
    """Return the first of buttons under screen position pos, or None."""
    return next((button for button in buttons if button.hit(pos)), None)


def light(buttons, pos):
    """Light the button under the pointer at pos, and no other; return it (or None)."""
    for button in buttons:
        button.hot = button.hit(pos) and not button.disabled
    return button_at(buttons, pos)


def press(buttons, pos):
    """Run the action of the button under pos, if any (a dimmed one does nothing); return True
    if there was one."""
    button = button_at(buttons, pos)
    if button is not None and not button.disabled:
        button.action()
    return button is not None


def draw_buttons(surface, fonts, buttons, size, selected=None, rects=None, keys=None):
    """Draw buttons with one font size, the largest at which every caption fits, and with their
    keys only if every one fits them (keys: True or False to say): a row does not mix sizes.
    rects : put the buttons there first, one each (None: in the rects they have). Return the
    size they are drawn at."""
    for button, rect in zip(buttons, rects or ()):
        button.rect = rect
    keys = all(button.fits_keys(fonts, size) for button in buttons) if keys is None else keys
    for _ in range(8):  # font widths are not quite proportional to sizes: fit again until all fit
        fitted = min((button.fitting_size(fonts, size, keys) for button in buttons), default=size)
        if fitted >= size:
            break
        size = fitted * 0.99
    for button in buttons:
        button.draw(surface, fonts, size, selected=button is selected, keys=keys, fit=False)
    return size


def probability_bars(surface, fonts, rect, probabilities, target=None, highlight=None, percents=True):
    """Draw ten horizontal bars, digit 0 at the top, for probabilities (10,) or None.

    The target digit's label is gold; the highlighted digit (the guess) is cyan.
    percents : write each probability beside its bar (leave them out in narrow columns).
    """
    row = rect.height / 10
    label_w, percent_w = round(34 * fonts.scale), round(62 * fonts.scale) if percents else 4
    size = fonts.size_for(28, row, bold=True)  # ten rows never overlap, however short
    for digit in range(10):
        y = rect.y + digit * row
        label_color = "gold" if digit == target else "muted"
        text(
            surface,
            fonts,
            digit,
            size,
            (rect.x + 10, y + row / 2),
            color=label_color,
            anchor="midleft",
            bold=digit == target,
        )
        track = pygame.Rect(rect.x + label_w, y + row * 0.22, rect.width - label_w - percent_w, row * 0.56)
        pygame.draw.rect(surface, COLORS["background"], track, border_radius=6)
        p = 0.0 if probabilities is None else float(probabilities[digit])
        if p > 0.005:
            fill = track.copy()
            fill.width = max(6, round(track.width * p))
            color = "accent" if digit == highlight else ("gold" if digit == target else "bar")
            pygame.draw.rect(surface, COLORS[color], fill, border_radius=6)
        shown = "" if probabilities is None or not percents else f"{100 * p:.0f}%"
        text(surface, fonts, shown, min(22, size), (rect.right - 6, y + row / 2), color="text", anchor="midright")


def image_surface(image, size):
    """Return a size x size surface of a (28, 28) 0..1 image, shown as the network sees it."""
    grey = (np.clip(image, 0.0, 1.0) * 255).astype(np.uint8).T  # surfarray is (x, y)
    small = pygame.surfarray.make_surface(np.stack([grey] * 3, axis=-1))
    return pygame.transform.scale(small, (size, size))


def strokes_thumbnail(strokes, size, paper_box=None):
    """Return a size x size surface showing strokes (lists of (x, y)) fitted and centred.

    paper_box : (x0, y0, x1, y1) to fit instead of the strokes' own bounding
    box, so a drawing replayed point by point does not jump around.
    """
    surface = pygame.Surface((size, size))
    surface.fill(COLORS["paper"])
    box = ink.bounding_box(strokes)
    if box is None:
        return surface
    x0, y0, x1, y1 = paper_box or box
    scale = size * 0.75 / max(x1 - x0, y1 - y0, 1.0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    width = max(2, size // 14)
    for stroke in strokes:
        pts = [((x - cx) * scale + size / 2, (y - cy) * scale + size / 2) for x, y in stroke]
        for a, b in zip(pts, pts[1:] or pts):
            pygame.draw.line(surface, COLORS["ink"], a, b, width)
            pygame.draw.circle(surface, COLORS["ink"], b, width / 2)
    return surface

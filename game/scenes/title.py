"""Title: the menu, and an attract mode that replays drawings the network reads live."""

import pygame

from .. import ui
from ..modes import following
from ..samples import attract_drawings
from ..theme import COLORS
from .base import Scene
from .layout import column_of
from .menu import Menu

POINT_SECONDS = 0.02  # attract mode draws a point every this many seconds
PAUSE_SECONDS = 1.6  # ... and shows each finished drawing this long
WEIGHTS_CHECK_SECONDS = 2.0  # how often the title looks for new weights
FRAME_SECONDS = 0.05  # ... and moves 20 times a second: smooth to the eye, a third of the work of 60
READ_SECONDS = 0.1  # ... and the network reads it 10 times a second (and once it is finished)


class TitleScene(Scene):
    """Logo, menu and a self-playing demo drawing; ends with "play", or "page" to open one."""

    kind = "title"

    def __init__(self, app):
        super().__init__(app)
        self.menu = Menu(
            [
                ("Play", lambda: self.finish("play"), "Enter", (pygame.K_SPACE,)),
                (self._mode_label(), self._next_mode, "M", (pygame.K_m,)),
                (self._player_label(), lambda: self._open("players"), "P", (pygame.K_p,)),
                ("High scores", lambda: self._open("highscores"), "H", (pygame.K_h,)),
                ("Your handwriting", lambda: self._open("handwriting"), "Y", (pygame.K_y,)),
                ("The Lab", lambda: self._open("lab"), "L", (pygame.K_l,)),
                ("Settings", lambda: self._open("settings"), "S", (pygame.K_s,)),
                ("Help", lambda: self._open("help"), "F1", (pygame.K_F1, pygame.K_QUESTION)),
                ("Quit", self._ask_quit, "Esc", (pygame.K_ESCAPE, pygame.K_q)),
            ]
        )
        self.demo = AttractDemo(attract_drawings())
        self.asking = False  # "Quit Digit Dash?" waits for Y or N
        self._since_check = 0.0

    def _mode_label(self):
        """Return the mode entry's label, e.g. "Mode: Time Attack"."""
        return f"Mode: {self.app.games.mode.title}"

    def _player_label(self):
        """Return the player entry's label, e.g. "Player: Ada"."""
        return f"Player: {self.app.players.current}"

    def _next_mode(self):
        """Switch to the next game mode (each keeps its own high scores)."""
        self.app.choose_mode(following(self.app.games.mode).name)

    def _open(self, page):
        """Open a page (players, high scores, ...) that comes back here."""
        self.finish("page", page=page)

    def _ask_quit(self):
        """Ask before quitting."""
        self.asking = True

    def handle_event(self, event):
        """Y or N while asking whether to quit; otherwise the menu."""
        if not self.asking:
            self.menu.handle_event(event)
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_y, pygame.K_RETURN):
            self.app.quit()
        elif event.type == pygame.KEYDOWN or event.type == pygame.MOUSEBUTTONDOWN:
            self.asking = False

    def update(self, dt):
        """Advance the attract-mode drawing (the network reads it when it grows), and every
        few seconds look for weights a session made meanwhile (say, from the command line)
        and for drawings still to be consolidated."""
        self.demo.update(dt, self.app.profile.recognizer)
        self._since_check += dt
        if self._since_check >= WEIGHTS_CHECK_SECONDS:
            self._since_check = 0.0
            self.app.learning.reload_if_new(quiet=True)
            self.app.learning.consolidate_soon()

    def frame_key(self):
        """Return what moves: the demo drawing and the menu entry under the mouse."""
        return self.demo.frame_key(), self.menu.selected, self.asking

    def moving(self, before):
        """Return the demo's panel when the demo alone moved (None otherwise: all of it)."""
        return [self.demo_rect] if before[1:] == self.frame_key()[1:] else None

    def draw_moving(self, surface, rects):
        """Paint the demo's panel alone."""
        ui.background(surface, self.demo_rect)
        self.demo.draw(surface, self.app, self.demo_rect)

    def draw(self, surface):
        """Draw logo, tagline, menu, demo and the model in use."""
        ui.background(surface)
        w, h = surface.get_size()
        fonts = self.app.fonts
        ui.text(surface, fonts, "DIGIT", 150, (w * 0.27, h * 0.13), color="accent", anchor="center", bold=True)
        ui.text(surface, fonts, "DASH", 150, (w * 0.27, h * 0.27), color="accent2", anchor="center", bold=True)
        ui.text(
            surface,
            fonts,
            "Draw fast. The network judges. Teach it your hand.",
            28,
            (w * 0.27, h * 0.37),
            color="muted",
            anchor="center",
        )
        area = pygame.Rect(w * 0.27 - 170, h * 0.42, 340, h * 0.48)
        self.menu.buttons[1].label, self.menu.buttons[2].label = self._mode_label(), self._player_label()
        self.menu.draw(surface, fonts, column_of(area, 9, round(h * 0.045), gap=round(h * 0.008)), size=30)
        ui.text(
            surface,
            fonts,
            self.app.games.mode.blurb,
            22,
            (area.centerx, area.bottom + h * 0.015),
            color="gold",
            anchor="center",
        )
        self.demo_rect = pygame.Rect(w * 0.55, h * 0.1, w * 0.4, h * 0.74)
        self.demo.draw(surface, self.app, self.demo_rect)
        best = self.app.profile.highscores(self.app.games.mode).best
        status = f"Playing with {self.app.profile.recognizer.description}   |   Best score {best}"
        ui.text(
            surface,
            fonts,
            self.app.toast_text() or status,
            24,
            (w // 2, h * 0.95),
            color="gold" if self.app.toast_text() else "muted",
            anchor="center",
        )
        if self.asking:
            box = pygame.Rect(0, 0, w * 0.5, h * 0.24)
            box.center = (w // 2, h // 2)
            lines = [("Quit Digit Dash?", 56, "accent", True), ("Y: quit    N or Esc: keep playing", 28, "gold", False)]
            ui.dialog(surface, fonts, box, lines)


class AttractDemo:
    """Replays sample drawings point by point while the network reads them."""

    def __init__(self, drawings):
        self.drawings, self.index = drawings, 0
        self.clock, self.reading, self._read = 0.0, None, None

    def update(self, dt, recognizer):
        """Advance the replay clock, start the next drawing after a pause, and let
        the recognizer read the drawing again if it grew since its last reading."""
        if not self.drawings:
            return
        self.clock += dt
        if self.clock > self._duration() + PAUSE_SECONDS:
            self.index, self.clock = (self.index + 1) % len(self.drawings), 0.0
        shown, (read, read_at) = self.frame_key(), self._read or (None, 0.0)
        due = read is None or read[0] != shown[0] or self.clock >= read_at + READ_SECONDS  # a new drawing at once
        if due and shown != read:
            self.reading, self._read = recognizer.read(self._visible_strokes()[1]), (shown, self.clock)

    def frame_key(self):
        """Return (drawing, points shown): the demo's picture changes only when this does."""
        shown = int(self.clock / FRAME_SECONDS) * FRAME_SECONDS
        return self.index, int(shown / POINT_SECONDS + 1e-6)

    def _duration(self):
        """Return the seconds it takes to draw the current sample."""
        return sum(len(s) for s in self.drawings[self.index][1]) * POINT_SECONDS

    def _visible_strokes(self):
        """Return the strokes drawn so far: (count of points, strokes)."""
        count = self.frame_key()[1]
        strokes, left = [], count
        for stroke in self.drawings[self.index][1]:
            if left <= 0:
                break
            strokes.append(stroke[:left])
            left -= len(stroke)
        return count, strokes

    def draw(self, surface, app, rect):
        """Draw the demo canvas and the live bars in rect."""
        ui.panel(surface, rect)
        if not self.drawings:
            return
        _, strokes = self._visible_strokes()
        side = round(min(rect.height - 70, rect.width * 0.5))
        paper = pygame.Rect(rect.x + 20, rect.y + 50, side, side)
        surface.blit(ui.strokes_thumbnail(strokes, side, paper_box=self.drawings[self.index][2]), paper)
        pygame.draw.rect(surface, COLORS["canvas_edge"], paper, width=2)
        ui.text(
            surface,
            app.fonts,
            "ATTRACT MODE: the network reads as the pen moves",
            24,
            (rect.x + 20, rect.y + 16),
            color="muted",
            max_width=rect.width - 40,
        )
        bars = pygame.Rect(paper.right + 16, paper.y, rect.right - paper.right - 30, side)
        ui.probability_bars(
            surface,
            app.fonts,
            bars,
            None if self.reading is None else self.reading.probabilities,
            target=self.drawings[self.index][0],
            highlight=None if self.reading is None else self.reading.guess,
        )

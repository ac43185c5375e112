"""Title: the menu, and an attract mode that replays drawings the network reads live."""

import pygame

from .. import dialogs, ui
from ..modes import following
from ..samples import attract_drawings
from ..theme import COLORS
from ..words import reader_words
from .actions import ENTER, Action, Actions, answers
from .base import Scene
from .layout import KEY, column_of
from .menu import Menu

POINT_SECONDS = 0.02  # attract mode draws a point every this many seconds
PAUSE_SECONDS = 1.6  # ... and shows each finished drawing this long
WEIGHTS_CHECK_SECONDS = 2.0  # how often the title looks for new weights
FRAME_SECONDS = 0.05  # ... and moves 20 times a second: smooth to the eye, a third of the work of 60
READ_SECONDS = 0.1  # ... and the network reads it 10 times a second (and once it is finished)
PAD, HEADING_TOP = 20, 16  # pixels: the demo panel's margin, and its heading's from the top


def _page(label, page, key, about="", hint=""):
    """Return the action of a menu entry that opens a page (coming back to the title)."""
    keys = key if isinstance(key, tuple) else (key,)
    return Action(label, "open", keys=keys, hint=hint, shown="menu", about=about, args=(page,))


ACTIONS = (
    Action("Play", "play", keys=(*ENTER, pygame.K_SPACE), hint="Enter", shown="menu"),
    Action(
        "<",
        "previous_mode",
        keys=((pygame.K_m, pygame.KMOD_SHIFT), pygame.K_LEFT),
        hint="Left, Shift+M",
        shown="modes",
        about="the mode before",
    ),
    Action(
        "Mode",
        "next_mode",
        keys=(pygame.K_m,),
        shown="menu",
        caption="_mode_label",
        about="the next game mode",
    ),
    Action(">", "next_mode", keys=(pygame.K_RIGHT,), shown="modes", about="the next game mode"),
    Action(
        "Player",
        "open",
        keys=(pygame.K_p,),
        shown="menu",
        caption="_player_label",
        about="who is playing: each player has their own drawings, scores and settings",
        args=("players",),
    ),
    _page("High scores", "highscores", pygame.K_h, "high scores, a table for each mode"),
    _page("Your handwriting", "handwriting", pygame.K_y, "how well it reads you, and what it learned"),
    _page("The Lab", "lab", pygame.K_l, "how the network learned, and which digits it confuses"),
    _page("The Playground", "playground", pygame.K_g, "build and train a network of your own"),
    _page("Settings", "settings", pygame.K_s),
    _page("Help", "help", (pygame.K_F1, pygame.K_QUESTION), "this help", hint="F1, ?"),
    Action("Quit", "ask_quit", keys=(pygame.K_ESCAPE, pygame.K_q), hint="Esc", shown="menu"),
    *answers(
        ("Yes, quit", "app.quit", "yes, quit"),
        ("No, keep playing", "keep_playing", "no, stay"),
        when="asking_now",
    ),
)


class TitleScene(Scene):
    """Logo, menu and a self-playing demo drawing; ends with "play", or "page" to open one."""

    kind = "title"

    def __init__(self, app):
        super().__init__(app)
        self.asking = False  # "Quit Digit Dash?" waits for an answer
        self.actions = Actions(self, ACTIONS)
        self.menu = Menu(self.actions)
        self.demo = AttractDemo(attract_drawings())
        self._since_check = 0.0

    @property
    def answers(self):
        """Return the question's answers (yes, no), while it is asked."""
        return self.actions.buttons("dialog")

    def asking_now(self):
        """Return True while "Quit Digit Dash?" waits for an answer."""
        return self.asking

    def _mode_label(self):
        """Return the mode entry's label, e.g. "Mode: Time Attack"."""
        return f"Mode: {self.app.games.mode.title}"

    def _player_label(self):
        """Return the player entry's label, e.g. "Player: Ada"."""
        return f"Player: {self.app.players.current}"

    def play(self):
        """Play a game in the mode shown."""
        self.finish("play")

    def next_mode(self):
        """Switch to the next game mode (each keeps its own high scores)."""
        self.app.choose_mode(following(self.app.games.mode).name)

    def previous_mode(self):
        """Switch to the mode before (the modes go round both ways)."""
        self.app.choose_mode(following(self.app.games.mode, -1).name)

    def open(self, page):
        """Open a page (players, high scores, ...) that comes back here."""
        self.finish("page", page=page)

    def ask_quit(self):
        """Ask before quitting."""
        self.asking = True

    def keep_playing(self):
        """Answer no to quitting."""
        self.asking = False

    def handle_event(self, event):
        """The question's buttons (or Y, N) while asking whether to quit; otherwise the menu."""
        if not self.asking:
            self.menu.handle_event(event)
        elif answer := dialogs.pressed(event, self.actions.buttons("dialog")):
            answer.action()

    def update(self, dt):
        """Advance the attract-mode drawing (the network reads it when it grows; it waits while
        the question is asked, under it), and every few seconds look for weights a session made
        meanwhile (say, from the command line) and for drawings still to be consolidated."""
        if not self.asking:
            self.demo.update(dt, self.app.profile.recognizer)
        self._since_check += dt
        if self._since_check >= WEIGHTS_CHECK_SECONDS:
            self._since_check = 0.0
            self.app.learning.reload_if_new(quiet=True)
            self.app.learning.consolidate_soon()

    def frame_key(self):
        """Return what moves: the demo drawing, the menu entry under the mouse, a run's progress."""
        return self.demo.frame_key(), self.menu.selected, self.asking, self.app.bench.progress()

    def moving(self, before):
        """Return the demo's panel when the demo alone moved (None otherwise: all of it)."""
        return [self.demo_rect] if before[1:] == self.frame_key()[1:] else None

    def draw_moving(self, surface, rects):
        """Paint the demo's panel alone."""
        ui.background(surface, self.demo_rect)
        self.demo.draw(surface, self.app, self.demo_rect)

    def draw(self, surface):
        """Draw logo, tagline, menu, demo and the model in use; the question over them if asked."""
        ui.background(surface)
        w, h = surface.get_size()
        menu, margin = self._menu_area(w, h), round(w * 0.03)
        column = pygame.Rect(menu.right + margin, h * 0.1, w - menu.right - 2 * margin, h * 0.74)
        half = min(menu.centerx, column.x - menu.centerx)  # the logo and tagline, centred over the menu
        self._draw_logo(surface, pygame.Rect(menu.centerx - half, 0, 2 * half, menu.top))
        count = len(self.menu.buttons)
        rects = column_of(menu, count, self._button_height(h), gap=self._gap(h))
        mode = rects[1]  # the mode between its arrows: < Mode >
        side = max(KEY[0] + 4, min(mode.height, round(mode.width * 0.15)))
        arrows = [pygame.Rect(x, mode.y, side, mode.height) for x in (mode.x, mode.right - side)]
        rects[1] = pygame.Rect(mode.x + side + 6, mode.y, mode.width - 2 * side - 12, mode.height)
        size = self.menu.draw(surface, self.app.fonts, rects, size=30)
        self.actions.draw(surface, self.app.fonts, "modes", arrows, size, keys=False)  # the size of the row
        self._draw_footer(surface, menu)
        self.demo_rect = self.demo.fitted(column, self.app.fonts)
        self.demo.draw(surface, self.app, self.demo_rect)
        if self.asking:
            explanation = "Your drawings, scores and settings are saved."
            dialogs.dialog(surface, self.app.fonts, "Quit Digit Dash?", explanation, self.actions.buttons("dialog"))

    @staticmethod
    def _button_height(h):
        """Return the height of a menu button in a window h pixels high (a fingertip at least)."""
        return max(32, round(h * 0.06))

    @staticmethod
    def _gap(h):
        """Return the gap between menu buttons in a window h pixels high."""
        return max(4, round(h * 0.009))

    def _menu_area(self, w, h):
        """Return the menu's column: just tall enough for its buttons, over the mode's blurb and
        the status line at the bottom of the left half."""
        fonts = self.app.fonts
        status_top = h * 0.95 - fonts.get(24).get_linesize() / 2
        bottom = status_top - 1.4 * fonts.get(22).get_linesize()
        count = len(self.menu.buttons)
        height = count * self._button_height(h) + (count - 1) * self._gap(h)
        return pygame.Rect(round(w * 0.27 - 170), round(bottom - height), 340, height)

    def _draw_logo(self, surface, rect):
        """Draw DIGIT over DASH and the tagline under them, as large as rect lets them be."""
        fonts = self.app.fonts
        tagline = fonts.get(28).get_linesize()
        room = rect.height - 1.8 * tagline
        size = min(150, 0.75 * room / fonts.scale)  # capitals are half a font's size high: two lines fit
        for word, color, place in (("DIGIT", "accent", 0.3), ("DASH", "accent2", 0.76)):
            where = (rect.centerx, room * place)
            ui.text(surface, fonts, word, size, where, color=color, anchor="center", bold=True, max_width=rect.width)
        motto = "Draw fast. The network judges. Teach it your hand."
        where = (rect.centerx, rect.bottom - tagline)
        ui.text(surface, fonts, motto, 28, where, color="muted", anchor="center", max_width=rect.width - 20)

    def _draw_footer(self, surface, menu):
        """Draw the mode's blurb under the menu and the status line (or a message) at the bottom."""
        w, h = surface.get_size()
        fonts, toast = self.app.fonts, self.app.toast_text()
        mode = self.app.games.mode
        blurb_at = (menu.centerx, menu.bottom + 0.7 * fonts.get(22).get_linesize())  # names its mode: not Quit's
        blurb = f"{mode.title}: {mode.blurb}"
        ui.text(surface, fonts, blurb, 22, blurb_at, color="gold", anchor="center", max_width=menu.width + 40)
        status = reader_words(self.app.profile.recognizer)
        if mode.ranked:  # practice keeps no scores
            status += f"   |   Best score {self.app.profile.highscores(mode).best}"
        training = self.app.bench.progress()
        status = f"{status}   |   {training}" if training else status
        color = "gold" if toast else "muted"
        ui.text(surface, fonts, toast or status, 24, (w // 2, h * 0.95), color=color, anchor="center", max_width=w - 40)


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
        """Return (drawing, points shown): the demo's picture changes only when this does (not
        while a finished drawing is shown)."""
        shown = int(self.clock / FRAME_SECONDS) * FRAME_SECONDS
        points = sum(len(s) for s in self.drawings[self.index][1]) if self.drawings else 0
        return self.index, min(int(shown / POINT_SECONDS + 1e-6), points)

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

    def fitted(self, area, fonts):
        """Return the demo's panel in area: its paper as large as area lets it be, the panel
        no larger than its parts, centred in area."""
        paper, bars = self._parts(area, fonts)
        panel = pygame.Rect(0, 0, bars.right - area.x + PAD, max(paper.bottom, bars.bottom) - area.y + PAD)
        panel.center = area.center
        return panel

    def _parts(self, rect, fonts):
        """Return (paper, bars) in the panel rect, under its heading: the paper as large as it can
        be, the bars beside it or, if that leaves the paper larger, under it."""
        top = rect.y + HEADING_TOP + round(1.6 * fonts.get(24).get_linesize())
        width, height = rect.width - 2 * PAD, rect.bottom - PAD - top
        bars_w, bars_h = round(150 * fonts.scale), round(260 * fonts.scale)  # ten rows: digit, bar, percent
        beside, under = min(height, width - PAD - bars_w), min(width, height - PAD - bars_h)
        if beside >= under:
            paper = pygame.Rect(rect.x + PAD, top, beside, beside)
            return paper, pygame.Rect(paper.right + PAD, top, min(width - beside - PAD, max(bars_w, beside)), beside)
        paper = pygame.Rect(rect.x + PAD + (width - under) // 2, top, under, under)
        return paper, pygame.Rect(rect.x + PAD, paper.bottom + PAD, width, min(height - under - PAD, 3 * bars_h // 2))

    def draw(self, surface, app, rect):
        """Draw the demo canvas and the live bars in rect (see fitted())."""
        ui.panel(surface, rect)
        heading = "WATCH IT READ: the network guesses as the pen moves"
        where = (rect.x + PAD, rect.y + HEADING_TOP)
        ui.text(surface, app.fonts, heading, 24, where, color="muted", max_width=rect.width - 2 * PAD)
        if not self.drawings:
            return
        paper, bars = self._parts(rect, app.fonts)
        _, strokes = self._visible_strokes()
        surface.blit(ui.strokes_thumbnail(strokes, paper.width, paper_box=self.drawings[self.index][2]), paper)
        pygame.draw.rect(surface, COLORS["canvas_edge"], paper, width=2)
        ui.probability_bars(
            surface,
            app.fonts,
            bars,
            None if self.reading is None else self.reading.probabilities,
            target=self.drawings[self.index][0],
            highlight=None if self.reading is None else self.reading.guess,
        )

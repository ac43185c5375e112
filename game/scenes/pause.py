"""Pause: the round is frozen under a veil until the player resumes or quits."""

import pygame

from .. import dialogs, ui
from ..words import counted
from .actions import Action, Actions, answers
from .base import Scene
from .layout import column_of
from .menu import Menu

ACTIONS = (
    Action("Resume", "resume", keys=(pygame.K_ESCAPE, pygame.K_p), hint="Esc", shown="menu"),
    Action(
        "End",
        "end",
        keys=(pygame.K_e,),
        shown="menu",
        when="endless",
        caption="_end_label",
        about="end a game that has no end of its own (Practice): on to its results",
    ),
    Action("Settings", "settings", keys=(pygame.K_s,), shown="menu"),
    Action("Help", "help", keys=(pygame.K_h, pygame.K_F1), hint="H", shown="menu"),
    Action(
        "Quit to title",
        "quit",
        keys=(pygame.K_q,),
        shown="menu",
        about="quit to the title (asked first if the game has points)",
    ),
    *answers(
        ("Yes, quit", "quit_now", "yes, quit the game"),
        ("No, keep playing", "keep_playing", "no, back to the game"),
        when="asking",
    ),
)


class PauseScene(Scene):
    """Overlay on a frozen scene: resume ("back" to it), settings or help ("page"), end the game
    ("ended"), or quit to the title ("title"; a game with points asks first)."""

    kind = "pause"
    in_round = True  # a round is under way: new weights wait for the next one

    def __init__(self, app, paused):
        super().__init__(app)
        self.paused = self.back = paused
        self.game = getattr(paused, "game", None)
        self.asking = False  # "Quit this game?" waits for an answer
        self.actions = Actions(self, ACTIONS)
        self.menu = Menu(self.actions)

    def endless(self):
        """Return True if the game paused has no end of its own (practice): the player ends it."""
        return self.game is not None and self.game.mode.endless

    def _end_label(self):
        """Return the words of the button that ends the game, e.g. "End practice"."""
        return f"End {self.game.mode.title.lower()}"

    def resume(self):
        """Go back to the paused scene, exactly as it was."""
        self.finish("back")

    def settings(self):
        """Change the settings, coming back here afterwards."""
        self.finish("page", page="settings")

    def help(self):
        """Show the controls, coming back here afterwards."""
        self.finish("page", page="help")

    def end(self):
        """End a game without a round limit: on to the review of what was drawn."""
        self.finish("ended")

    def quit(self):
        """Abandon the game and return to the title; a game with points asks first."""
        if self.game is not None and self.game.score > 0:
            self.asking = True
        else:
            self.quit_now()

    def quit_now(self):
        """Abandon the game: to the title."""
        self.finish("title")

    def keep_playing(self):
        """Answer no to quitting: the menu again."""
        self.asking = False

    def handle_event(self, event):
        """The question's buttons while it is asked; otherwise the menu."""
        if self.asking:
            if answer := dialogs.pressed(event, self.actions.buttons("dialog")):
                answer.action()
        else:
            self.menu.handle_event(event)

    def resize(self, size):
        """Pass a new window size to the frozen scene."""
        self.paused.resize(size)

    def frame_key(self):
        """Return None: the paused round is frozen; the menu is redrawn on events."""
        return None

    def draw(self, surface):
        """Draw the frozen scene, a veil, and the menu under the title; the question over them."""
        self.paused.draw(surface)
        ui.shade(surface)
        w, h = surface.get_size()
        fonts = self.app.fonts
        title = pygame.Rect((0, 0), fonts.get(110, True).size("PAUSED"))
        width = min(w - 40, round(340 * max(1.0, fonts.scale)))
        count, gap = len(self.menu.buttons), 12
        height = min(round(h * 0.075), (h - 80 - title.height - gap * count) // count)
        menu_h = count * height + (count - 1) * gap
        title.midtop = (w // 2, (h - title.height - gap - menu_h) // 2)  # title and menu, centred together
        rects = column_of(pygame.Rect(w // 2 - width // 2, title.bottom + gap, width, menu_h), count, height, gap)
        pad = round(16 * fonts.scale)  # the title clear of the card's edge
        card = title.union(rects[0]).union(rects[-1]).inflate(48, 24 + 2 * pad).clip(surface.get_rect().inflate(-8, -8))
        ui.panel(surface, card, edge="accent")  # the menu on a card of its own, clear of the frozen round
        ui.text(surface, fonts, "PAUSED", 110, title.center, color="accent", anchor="center", bold=True)
        self.menu.draw(surface, fonts, rects)
        if self.asking:
            self._draw_question(surface)

    def _draw_question(self, surface):
        """Ask whether to quit a game that has points."""
        points = counted(self.game.score, "point")
        if self.game.mode.ranked:
            explanation = f"Its {points} are lost: a game left before its end enters no high scores."
        else:
            explanation = f"Its {points} are lost."
        explanation += " What you taught the network stays."
        dialogs.dialog(surface, self.app.fonts, "Quit this game?", explanation, self.actions.buttons("dialog"))

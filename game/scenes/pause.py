"""Pause: the round is frozen under a veil until the player resumes or quits."""

import pygame

from .. import ui
from .base import Scene
from .layout import column_of
from .menu import Menu


class PauseScene(Scene):
    """Overlay on a frozen scene: resume ("back" to it), help ("page"), end the game ("ended"),
    or quit to the title ("title")."""

    kind = "pause"
    in_round = True  # a round is under way: new weights wait for the next one

    def __init__(self, app, paused):
        super().__init__(app)
        self.paused = self.back = paused
        self.game = getattr(paused, "game", None)
        items = [
            ("Resume", self.resume, "Esc", (pygame.K_ESCAPE, pygame.K_p)),
            ("Help", self.help, "H", (pygame.K_h, pygame.K_F1)),
            ("Quit to title", self.quit, "Q", (pygame.K_q,)),
        ]
        if self.game is not None and self.game.rounds is None:  # practice: it ends when the player says
            items.insert(1, ("End and see the results", self.end, "E", (pygame.K_e,)))
        self.menu = Menu(items)

    def resume(self):
        """Go back to the paused scene, exactly as it was."""
        self.finish("back")

    def help(self):
        """Show the controls, coming back here afterwards."""
        self.finish("page", page="help")

    def end(self):
        """End a game without a round limit: on to the review of what was drawn."""
        self.finish("ended")

    def quit(self):
        """Abandon the game and return to the title."""
        self.finish("title")

    def handle_event(self, event):
        """Let the menu take the event."""
        self.menu.handle_event(event)

    def resize(self, size):
        """Pass a new window size to the frozen scene."""
        self.paused.resize(size)

    def frame_key(self):
        """Return None: the paused round is frozen; the menu is redrawn on events."""
        return None

    def draw(self, surface):
        """Draw the frozen scene, a veil, and the menu."""
        self.paused.draw(surface)
        ui.shade(surface)
        w, h = surface.get_size()
        ui.text(surface, self.app.fonts, "PAUSED", 110, (w // 2, h * 0.25), color="accent", anchor="center", bold=True)
        area = pygame.Rect(w // 2 - 170, h * 0.4, 340, h * 0.35)
        count = len(self.menu.buttons)
        self.menu.draw(surface, self.app.fonts, column_of(area, count, round(h * 0.075)))

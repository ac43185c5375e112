"""Pause: the round is frozen under a veil until the player resumes or quits."""

import pygame

from .. import ui
from .base import Scene
from .layout import column_of
from .menu import Menu


class PauseScene(Scene):
    """Overlay on a frozen scene: resume ("back" to it), settings or help ("page"), end the game
    ("ended"), or quit to the title ("title")."""

    kind = "pause"
    in_round = True  # a round is under way: new weights wait for the next one

    def __init__(self, app, paused):
        super().__init__(app)
        self.paused = self.back = paused
        self.game = getattr(paused, "game", None)
        items = [
            ("Resume", self.resume, "Esc", (pygame.K_ESCAPE, pygame.K_p)),
            ("Settings", self.settings, "S", (pygame.K_s,)),
            ("Help", self.help, "H", (pygame.K_h, pygame.K_F1)),
            ("Quit to title", self.quit, "Q", (pygame.K_q,)),
        ]
        if self.game is not None and self.game.rounds is None:  # practice, Time Attack: no count of rounds
            items.insert(1, ("End and see the results", self.end, "E", (pygame.K_e,)))
        self.menu = Menu(items)

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
        """Draw the frozen scene, a veil, and the menu under the title."""
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
        card = title.union(rects[0]).union(rects[-1]).inflate(48, 24).clip(surface.get_rect().inflate(-8, -8))
        ui.panel(surface, card, edge="accent")  # the menu on a card of its own, clear of the frozen round
        ui.text(surface, fonts, "PAUSED", 110, title.center, color="accent", anchor="center", bold=True)
        self.menu.draw(surface, fonts, rects)

"""Who is playing: choose a player, add one, rename or delete one (after a yes/no question)."""

import pygame

from .. import ui
from ..names import MAX_NAME
from ..players import PlayerError
from .base import Scene
from .layout import column_of


class PlayersScene(Scene):
    """Up/Down choose, Enter plays as the one chosen, A adds, R renames, D deletes, Esc goes back.
    Ends "back"."""

    kind = "players"

    def __init__(self, app, back):
        super().__init__(app)
        self.back = back
        names = app.players.names()
        self.selected = names.index(app.players.current) if app.players.current in names else 0
        self.typing = None  # "add" or "rename" while a name is being typed
        self.text = ""
        self.asking = False  # "delete X?" waits for Y or N
        self.rects = []

    @property
    def names(self):
        """Return the players' names."""
        return self.app.players.names()

    def handle_event(self, event):
        """Type a name, answer the question, or choose what to do."""
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and not (self.typing or self.asking):
            for i, rect in enumerate(self.rects):
                if rect.collidepoint(event.pos):
                    self.selected = i
                    self._play_as()
            return
        if self.typing and event.type in (pygame.KEYDOWN, pygame.TEXTINPUT):
            self._type(event)
        elif event.type != pygame.KEYDOWN:
            return
        elif self.asking:
            self._answer(event.key)
        else:
            self._key(event.key)

    def _key(self, key):
        """Handle a key on the list."""
        if key in (pygame.K_DOWN, pygame.K_TAB):
            self.selected = (self.selected + 1) % len(self.names)
        elif key == pygame.K_UP:
            self.selected = (self.selected - 1) % len(self.names)
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self._play_as()
        elif key in (pygame.K_a, pygame.K_r):
            self.typing, self.text = ("add", "") if key == pygame.K_a else ("rename", self.names[self.selected])
            pygame.key.start_text_input()  # from the next key on: the A or R itself is no letter of the name
        elif key == pygame.K_d:
            self.asking = True
        elif key == pygame.K_ESCAPE:
            self.finish("back")

    def _type(self, event):
        """Edit the name being typed; Enter keeps it, Esc drops it."""
        key = getattr(event, "key", None)
        if key == pygame.K_ESCAPE:
            self._stop_typing()
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self._keep_name()
        else:
            self.text = ui.edited(self.text, event, MAX_NAME)

    def _stop_typing(self):
        """Leave the name being typed; SDL's text input off again."""
        self.typing = None
        pygame.key.stop_text_input()

    def _keep_name(self):
        """Add or rename a player with the typed name; say what was wrong with it if it cannot be."""
        players = self.app.players
        try:
            if self.typing == "add":
                name = players.add(self.text)
                self.selected = self.names.index(name)
            else:
                players.rename(self.names[self.selected], self.text)
        except PlayerError as error:
            self.app.toast(str(error).capitalize() + ".", error=True)
            return
        self._stop_typing()

    def _answer(self, key):
        """Y deletes the chosen player and all their data; N (or Esc) keeps them."""
        if key in (pygame.K_y, pygame.K_RETURN):
            name = self.names[self.selected]
            try:
                if name == self.app.players.current and len(self.names) > 1:  # their files closed first
                    self.app.switch_player(next(n for n in self.names if n != name))
                note = self.app.players.delete(name)
                self.app.toast(f"{name} is deleted: {note}." if note else f"{name} and all their drawings are deleted.")
            except (PlayerError, OSError) as error:
                self.app.toast(str(error).capitalize() + ".", error=True)
            self.selected = min(self.selected, len(self.names) - 1)
        if key in (pygame.K_y, pygame.K_RETURN, pygame.K_n, pygame.K_ESCAPE):
            self.asking = False

    def _play_as(self):
        """Play as the chosen player from now on; back to the title."""
        name = self.names[self.selected]
        if name != self.app.players.current:
            self.app.switch_player(name)
            self.app.toast(f"Hello, {name}! Your drawings, scores and settings are yours alone.")
        self.finish("back")

    def frame_key(self):
        """Return what changes without an event: the toast."""
        return self.app.toast_text()

    def draw(self, surface):
        """Draw the list, the keys, and the question or the name being typed."""
        ui.background(surface)
        w, h = surface.get_size()
        fonts = self.app.fonts
        ui.text(surface, fonts, "WHO IS PLAYING?", 70, (w // 2, h * 0.1), color="accent", anchor="center", bold=True)
        area = pygame.Rect(w * 0.3, h * 0.2, w * 0.4, h * 0.55)
        self.rects = column_of(area, len(self.names), min(round(h * 0.07), area.height // len(self.names) - 6), gap=6)
        for i, (name, rect) in enumerate(zip(self.names, self.rects)):
            chosen = i == self.selected
            ui.panel(surface, rect, "bar" if chosen else "panel", "accent" if chosen else "panel_edge", 10)
            label = f"{name}   (playing)" if name == self.app.players.current else name
            ui.text(surface, fonts, label, 32, rect.center, anchor="center", bold=chosen, max_width=rect.width - 16)
        keys = "Enter: play as   A: add   R: rename   D: delete   Esc: back"
        line = self._line() or self.app.toast_text() or keys
        color = "gold" if self.typing or self.asking or self.app.toast_text() else "muted"
        ui.text(surface, fonts, line, 30, (w // 2, h * 0.86), color=color, anchor="center", max_width=w - 40)

    def _line(self):
        """Return the question or the name being typed, or None."""
        if self.typing:
            verb = "New player's name" if self.typing == "add" else "New name"
            return f"{verb}: {self.text}_   (Enter: keep, Esc: cancel)"
        if self.asking:
            return f"Delete {self.names[self.selected]} and all their drawings and scores? Y / N"
        return None

"""A vertical menu of buttons driven by mouse or arrow keys, shared by several scenes."""

import pygame

from .. import ui


class Menu:
    """Buttons stacked in a column; Up/Down select, Enter runs, hotkeys run directly."""

    def __init__(self, items):
        """items : list of (label, action, key_hint, keys) with keys a tuple of pygame keys."""
        self.buttons = [ui.Button(label, action, hint) for label, action, hint, _ in items]
        self.keys = [keys for *_, keys in items]
        self.selected = 0

    def handle_event(self, event):
        """Return True if the event was used by the menu."""
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_DOWN, pygame.K_TAB):
                self.selected = (self.selected + 1) % len(self.buttons)
            elif event.key == pygame.K_UP:
                self.selected = (self.selected - 1) % len(self.buttons)
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.buttons[self.selected].action()
            else:
                for button, keys in zip(self.buttons, self.keys):
                    if event.key in keys:
                        button.action()
                        return True
                return False
            return True
        if event.type == pygame.MOUSEMOTION and (lit := ui.light(self.buttons, event.pos)) is not None:
            self.selected = self.buttons.index(lit)
        return event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and ui.press(self.buttons, event.pos)

    def draw(self, surface, fonts, rects, size=32):
        """Draw the buttons in the given rects (see layout.column_of and row_of)."""
        selected = self.buttons[self.selected] if 0 <= self.selected < len(self.buttons) else None
        ui.draw_buttons(surface, fonts, self.buttons, size, selected=selected, rects=rects)

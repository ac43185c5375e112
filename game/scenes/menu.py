"""A menu: the buttons of one group of a screen's actions (actions.py), driven by the mouse, a
finger or the keys: Up/Down (Tab) move the selection, Enter presses it, each action's own keys
run it. Shared by several screens."""

import pygame

from .actions import ENTER


class Menu:
    """The buttons of a group of actions, one of them selected (lit): the pointer moves the
    selection as the arrow keys do (over another of the screen's buttons, none is selected), so
    one button at most looks chosen."""

    def __init__(self, actions, group="menu"):
        self.actions, self.group = actions, group
        self.selected = 0

    @property
    def buttons(self):
        """Return the menu's buttons offered now."""
        return self.actions.buttons(self.group)

    def handle_event(self, event):
        """Return True if the event was used by the menu (or one of its screen's action keys)."""
        buttons = self.buttons
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_DOWN, pygame.K_TAB) and buttons:
                self.selected = (self.selected + 1) % len(buttons)
            elif event.key == pygame.K_UP and buttons:
                self.selected = (max(self.selected, 0) - 1) % len(buttons)
            elif event.key in ENTER and 0 <= self.selected < len(buttons):
                buttons[self.selected].action()
            else:
                return self.actions.key(event)
            return True
        if event.type == pygame.MOUSEMOTION:  # the pointer selects what it is over, and only that
            lit = self.actions.light(event.pos)
            self.selected = buttons.index(lit) if lit in buttons else -1 if lit is not None else self.selected
        return event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.actions.press(event.pos)

    def draw(self, surface, fonts, rects, size=32):
        """Draw the buttons in the given rects (see layout.column_of and row_of), the selected one
        lit; return the size they are drawn at."""
        buttons = self.buttons
        for button in buttons:
            button.hot = False  # lit only if selected: the pointer selects what it is over
        selected = buttons[self.selected] if 0 <= self.selected < len(buttons) else None
        return self.actions.draw(surface, fonts, self.group, rects, size, selected=selected)

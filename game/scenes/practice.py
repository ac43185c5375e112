"""Practice: which digit to practise, or the ones the network reads worst."""

import sqlite3

import numpy as np
import pygame

from .. import ui
from .actions import Action, Actions, digit_keys
from .base import Scene
from .layout import row_of

WORST = 3  # "the ones it gets wrong": this many digits
ACTIONS = (
    *(
        Action(str(d), "choose", keys=digit_keys(d), shown="digits", args=((d,),), about="practise this digit")
        for d in range(10)
    ),
    Action("The ones it reads worst", "choose_worst", keys=(pygame.K_w,), shown="others"),
    Action("Back", "leave", keys=(pygame.K_ESCAPE,), hint="Esc", shown="others", about="back to the title"),
)


def worst_digits(store, count=WORST):
    """Return the digits the player's stored drawings were read worst as (fewest right of
    those drawn; digits never drawn count as unknown and come last), at most count."""
    try:
        _, labels, predicted = store.recent_readings(500)
    except (sqlite3.Error, OSError):
        return list(range(10))
    drawn = [d for d in range(10) if (labels == d).any()]
    if not drawn:
        return list(range(10))
    share = {d: float(np.mean(predicted[labels == d] == d)) for d in drawn}
    worst = sorted(drawn, key=lambda d: share[d])[:count]
    return [d for d in worst if share[d] < 1.0] or list(range(10))


class PracticeChoiceScene(Scene):
    """Press a digit to practise it, W for the ones it reads worst, Esc to go back; ends with
    "chosen" (and the digits) or "title"."""

    kind = "practice"

    def __init__(self, app):
        super().__init__(app)
        self.actions = Actions(self, ACTIONS)

    def choose(self, digits):
        """Start practising these digits."""
        self.finish("chosen", digits=list(digits))

    def choose_worst(self):
        """Start practising the digits it reads worst."""
        self.choose(worst_digits(self.app.profile.store))

    def leave(self):
        """Back to the title."""
        self.finish("title")

    def handle_event(self, event):
        """A digit key or W chooses; Esc goes back to the title; clicks on the buttons too (Back)."""
        if event.type == pygame.KEYDOWN:
            self.actions.key(event)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.actions.press(event.pos)
        elif event.type == pygame.MOUSEMOTION:
            self.actions.light(event.pos)

    def frame_key(self):
        """Return None: nothing moves."""
        return None

    def draw(self, surface):
        """Draw the question and the eleven choices."""
        ui.background(surface)
        w, h = surface.get_size()
        fonts = self.app.fonts
        ui.text(surface, fonts, "PRACTICE", 80, (w // 2, h * 0.14), color="accent", anchor="center", bold=True)
        question = "Which digit? No clock: every drawing you answer teaches the network."
        ui.text(surface, fonts, question, 30, (w // 2, h * 0.3), anchor="center", max_width=w - 40)
        digits = row_of(pygame.Rect(w * 0.1, h * 0.42, w * 0.8, h * 0.12), 10)
        self.actions.draw(surface, fonts, "digits", digits, 44)
        others = [pygame.Rect(w * 0.3, h * 0.62, w * 0.4, h * 0.09), pygame.Rect(w * 0.4, h * 0.78, w * 0.2, h * 0.09)]
        self.actions.draw(surface, fonts, "others", others, 30)

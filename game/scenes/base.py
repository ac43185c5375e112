"""The scene protocol: handle_event, update(dt), draw(surface); `next` hands over."""

import pygame


class Scene:
    """One screen of the game. Set self.next to a scene (from flow.py) to switch to it.

    The App redraws a scene after every event and whenever its frame_key()
    changes; a screen that shows nothing moving returns a constant and costs
    no drawing at all while the player reads it.
    """

    in_round = False  # True while a round is under way: new weights wait for the next one

    def __init__(self, app):
        self.app = app
        self.next = None

    def resize(self, size):
        """Lay the screen out again for a new window size (w, h)."""

    def frame_key(self):
        """Return a value that changes whenever the picture would (default: every frame)."""
        return self.app.game_time

    def handle_event(self, event):
        """React to one pygame event (positions come from event.pos)."""

    def update(self, dt):
        """Advance the scene's clock by dt seconds."""

    def draw(self, surface):
        """Paint the scene onto surface."""


class PageScene(Scene):
    """A page to read (help, high scores): any key or click goes back to `back`."""

    def __init__(self, app, back):
        super().__init__(app)
        self.back = back

    @property
    def in_round(self):
        """Return whether the screen it came from (a paused round, say) is in a round."""
        return self.back.in_round

    def frame_key(self):
        """Return None: a page does not move."""
        return None

    def handle_event(self, event):
        """Any key or click returns to the previous scene."""
        if event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN):
            self.next = self.back

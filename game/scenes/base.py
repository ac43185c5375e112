"""The scene protocol: handle_event, update(dt), draw(surface); `outcome` says how it ended."""

import pygame

from .actions import Actions


class Scene:
    """One screen of the game. It ends by calling finish("an outcome"); which scene comes next
    is flow.py's business, never the scene's.

    The App redraws a scene after every event and whenever its frame_key()
    changes; a screen that shows nothing moving returns a constant and costs
    no drawing at all while the player reads it. When only the frame key
    changed, moving() may name the rectangles that changed: only those are
    sent to the window.
    """

    kind = "scene"  # which screen it is, for flow.py's table
    in_round = False  # True while a round is under way: new weights wait for the next one

    def __init__(self, app):
        self.app = app
        self.outcome = None  # (outcome, details) once the scene is over

    def finish(self, outcome, **details):
        """End the scene with an outcome ("answered", "paused", "back", ...) and its details;
        the first outcome of a frame counts."""
        if self.outcome is None:
            self.outcome = (outcome, details)

    @property
    def finished(self):
        """Return True once the scene has ended."""
        return self.outcome is not None

    def resize(self, size):
        """Lay the screen out again for a new window size (w, h)."""

    def resumed(self):
        """Go on after a screen opened over this one (a pause, a page) was left."""

    def frame_key(self):
        """Return a value that changes whenever the picture would (default: every frame)."""
        return self.app.game_time

    def in_place(self, event):
        """Return True if handling event changes nothing on screen but what frame_key() follows
        (then the frame draws only what moving() names); default: it may change anything."""
        return False

    def moving(self, before):
        """Return the rects that changed since the frame whose frame_key() was `before`, when
        nothing but the frame key changed; None: the whole window (the default)."""
        return None

    def draw_moving(self, surface, rects):
        """Paint the rects moving() named, at least (default: all of the scene)."""
        self.draw(surface)

    def handle_event(self, event):
        """React to one pygame event (positions come from event.pos)."""

    def update(self, dt):
        """Advance the scene's clock by dt seconds."""

    def draw(self, surface):
        """Paint the scene onto surface."""


class PageScene(Scene):
    """A page to read (help, high scores): its ACTIONS' keys and buttons (in the group "page"),
    the wheel turns a page of several (turn()); any other key, or a click beside its buttons,
    ends it with "back" to `back`."""

    kind = "page"
    ACTIONS = ()  # what the page offers beside going back: help's Previous/Next, the tables' arrows

    def __init__(self, app, back):
        super().__init__(app)
        self.back = back
        self.actions = Actions(self, self.ACTIONS)

    @property
    def buttons(self):
        """Return the page's buttons offered now."""
        return self.actions.buttons("page")

    @property
    def in_round(self):
        """Return whether the screen it came from (a paused round, say) is in a round."""
        return self.back.in_round

    def frame_key(self):
        """Return None: a page does not move."""
        return None

    def turn(self, step):
        """Show the next (step 1) or the previous (-1) of the page's pages; one page: nothing."""

    def leave(self):
        """Go back to the screen the page was opened over."""
        self.finish("back")

    def handle_event(self, event):
        """A click on a button (or its key) runs it, the wheel turns the page, the pointer lights
        the button under it; any other key, or any other click, returns to the previous scene."""
        if event.type == pygame.MOUSEMOTION:
            self.actions.light(event.pos)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button in (4, 5):
            self.turn(-1 if event.button == 4 else 1)
        elif event.type == pygame.MOUSEBUTTONDOWN:
            if event.button != 1 or not self.actions.press(event.pos):
                self.finish("back")
        elif event.type == pygame.KEYDOWN and not self.actions.key(event):
            self.finish("back")

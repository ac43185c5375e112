"""Fingers and styluses: SDL's touch events turned into the mouse events every screen reads.

One finger draws (and taps buttons) exactly as the left mouse button does. A tap
with two fingers undoes, as a right click does. To tell the two apart, a touch is
held back for HOLD seconds before it becomes a button press: a second finger in
that time makes it a two-finger tap, and nothing is drawn. The points the finger
moved through meanwhile are sent once it is held no more, so no ink is lost.

A press made of a touch says when the finger touched (`began`, game time): a screen shown
while it was held back does not take it (presses.py).

SDL's own emulation of the mouse from touches is turned off (App sets
SDL_TOUCH_MOUSE_EVENTS=0), or every stroke would be drawn twice; mouse events
that still say they come from a touch are dropped.
"""

import pygame

HOLD = 0.08  # seconds a first finger waits for a second one
LOST = 2.0  # a finger silent this long when another comes down was lifted without a word (a lost FINGERUP)


class TouchInput:
    """Turns finger events into mouse events; call handle() with each event and tick() each frame."""

    def __init__(self):
        self.fingers = {}  # finger id -> when it was last heard of
        self.first = None  # the finger that draws
        self.held = []  # its mouse events not sent yet (while it might be a two-finger tap)
        self.since = 0.0
        self.two_fingers = False
        self.where = (0, 0)

    @property
    def down(self):
        """Return True while a finger is on the screen (its press may still be held back)."""
        return self.first is not None

    def handle(self, event, size, now):
        """Return the events to dispatch in place of event (itself, if it is no finger's)."""
        if event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION):
            return [] if getattr(event, "touch", False) else [event]
        if event.type not in (pygame.FINGERDOWN, pygame.FINGERMOTION, pygame.FINGERUP):
            return [event]
        pos = (round(event.x * size[0]), round(event.y * size[1]))
        if event.type == pygame.FINGERDOWN:
            return self._down(event.finger_id, pos, now)
        if event.type == pygame.FINGERMOTION:
            return self._move(event.finger_id, pos, now)
        return self._up(event.finger_id, pos)

    def tick(self, now):
        """Return the held events once the first finger has been down HOLD seconds alone."""
        if self.held and not self.two_fingers and now - self.since >= HOLD:
            held, self.held = self.held, []
            return held
        return []

    def _down(self, finger, pos, now):
        """A finger touches: the first one is held back; a second one while it is makes a gesture.
        Fingers long silent, or this one seen down before, were lifted unheard: they are forgotten."""
        self.fingers = {f: seen for f, seen in self.fingers.items() if now - seen < LOST and f != finger}
        if self.first not in self.fingers:
            self.first, self.held, self.two_fingers = None, [], False
        self.fingers[finger] = now
        if len(self.fingers) == 1:
            self.first, self.since, self.where, self.two_fingers = finger, now, pos, False
            self.held = [pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, began=now)]
        elif self.held:
            self.two_fingers, self.held = True, []
        return []

    def _move(self, finger, pos, now):
        """The drawing finger moves: a mouse motion with the button down (held back if need be)."""
        if finger in self.fingers:
            self.fingers[finger] = now
        if finger != self.first or self.two_fingers:
            return []
        rel = (pos[0] - self.where[0], pos[1] - self.where[1])
        self.where = pos
        motion = pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=rel, buttons=(1, 0, 0))
        if self.held:
            self.held.append(motion)
            return []
        return [motion]

    def _up(self, finger, pos):
        """A finger lifts: the end of a stroke (or tap), or with the last of two, an undo."""
        self.fingers.pop(finger, None)
        if self.two_fingers:
            if self.fingers:
                return []
            self.two_fingers, self.first = False, None
            return [pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=self.where, button=3, began=self.since)]
        if finger != self.first:
            return []
        events, self.held, self.first = self.held, [], None
        return [*events, pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1)]

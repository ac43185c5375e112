"""Which clicks and taps a screen takes: none begun before it was shown, none in its first moment.

A button acts the moment it is pressed, and the next screen often has a button where
the last one had one: the result's answers sit where Submit was. Without this rule a
double click on Submit, or a click already on its way when the clock ran out, answers
a screen the player has not seen yet, and the network learns a label nobody gave.
So the App tells Presses when each screen is shown (shown()) and asks it about every
event before the screen gets it (admit()); a screen drops:

- a press (mouse button 1-3, or a finger: touch.py says when it touched) begun before
  it was shown, or in its first SETTLE seconds of game time, and that press's release;
- the release of a press another screen took;
- the second (third...) click of a double click whose first click opened it (Submit),
  however slowly the system's double-click time lets it come.

A stroke begun in a new round's first moment is dropped too: in Time Attack, whose next
round comes the moment the network is sure, it is most often the rest of the digit before.

SETTLE: the second press of a fast double click comes 100-250 ms after the first, and a
click under way when the screen changes lands within a reaction time (about 250 ms: too
soon to stop the hand). 0.35 s covers both with room to spare, and is shorter than anyone
takes to read a verdict and choose an answer. A slower double click (the systems accept
up to 400-500 ms) is caught by its click count instead, so no screen is held longer.

Keys are not held back: a key is pressed on purpose, never "lands" on a button that
moved under the pointer, and pygame sends one KEYDOWN for a key held down (it drops the
system's repeats, and the App turns pygame's own key repeat off, so Enter held to submit
cannot answer the result). The system does repeat a held key as text (TEXTINPUT), though:
text is taken only from a key pressed on the screen shown, so the digit held on the last
answer never types itself into the high score's name. The wheel and the pointer moving
pass: they choose nothing.
"""

import pygame

SETTLE = 0.35  # seconds a new screen takes no press (game time, so tests are exact)
POINTER = (1, 2, 3)  # the mouse buttons that press (4 and 5 are the wheel)


class Presses:
    """Decides, event by event, whether the screen shown may have it (see the module's doc)."""

    def __init__(self):
        self.since = 0.0  # game time the screen now shown appeared
        self.showing = 0  # counts the screens shown: which one a press was taken by
        self.taken = {}  # mouse button -> the showing that took its press (its release goes there too)
        self.series = {}  # mouse button -> (showing, game time) of the first click of a run (a double click)
        self.keyed = 0  # the showing that took the last key pressed: the text typed is that key's

    def shown(self, now):
        """Note that a screen appeared at game time now (a new one, or one gone back to)."""
        self.showing += 1
        self.since = now

    def settled(self, now):
        """Return True once the screen has been seen SETTLE seconds: it takes presses."""
        return now - self.since >= SETTLE

    def admit(self, event, now):
        """Return True if the screen shown may handle event, at game time now."""
        if event.type == pygame.KEYDOWN:
            self.keyed = self.showing
        if event.type == pygame.TEXTINPUT:
            return self.keyed == self.showing  # else a key held since a screen before, repeating
        if event.type not in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP) or event.button not in POINTER:
            return True
        if event.type == pygame.MOUSEBUTTONUP:
            return self.taken.pop(event.button, None) == self.showing
        return self._press(event, now)

    def _press(self, event, now):
        """Return True if a press is this screen's: begun after its first moment, and not the
        second click of a double click whose first click opened this screen. Remember which."""
        began = getattr(event, "began", now)  # a finger's press began when it touched (touch.py)
        if getattr(event, "clicks", 1) <= 1:
            self.series[event.button] = (self.showing, now)
        showing, at = self.series.get(event.button, (self.showing, now))
        opened = showing == self.showing - 1 and at == self.since  # the screen came with its first click
        if not opened and self.settled(began):  # also refuses a press begun before the screen was shown
            self.taken[event.button] = self.showing
            return True
        self.taken.pop(event.button, None)
        return False

"""Autoplay: rounds played by replaying stroke samples as real mouse and key events.

The events go through pygame's queue and the normal scenes, exactly as a
player's would: the autoplayer only decides what a player would do next.
When the network reads a drawing wrong, it corrects it to the sample's label.
In math mode it writes each answer from the file's single digits, side by side
(segment.compose_number), and types the answer when it is read wrong.
After the last round it waits, on the review screen, for the learning session
the game starts between games, then quits. A drawing the network cannot read (an
empty one) in a round no clock ends (practice) would leave it waiting for ever:
it quits there instead, saying why (Autoplayer.stopped).
"""

import random
import time

import pygame

from .ink import bounding_box
from .scenes.play import PlayScene
from .scenes.result import ResultScene
from .scenes.review import ReviewScene
from .segment import compose_number

FILL = 0.7  # a replayed drawing spans this fraction of the canvas
WAIT_SECONDS = 0.005  # a frame's pause while the game learns after the last round


class Autoplayer:
    """Posts the events of one player: draw the sample, submit, confirm or correct."""

    def __init__(self, samples, points_per_frame=1):
        self.samples = list(samples)
        self.points_per_frame = points_per_frame
        self._scene, self._events, self._index, self._answer = None, [], -1, None
        self.stopped = None  # why it quit before the last round, or None
        self._by_digit = {d: [s for s in self.samples if s.label == d] for d in range(10)}
        self._rng = random.Random(0)

    def targets(self):
        """Return each round's target: the samples' labels, in order."""
        return [s.label for s in self.samples]

    def drive(self, app):
        """Post this frame's events for whatever scene is showing."""
        scene = app.scene
        fresh = scene is not self._scene
        self._scene = scene
        if isinstance(scene, PlayScene):
            if fresh:
                self._index += 1
                strokes, self._answer = self._drawing(scene)
                self._events = self._drawing_events(strokes, scene.canvas.rect)
            if scene.countdown > 0 or not app.presses.settled(app.game_time):  # as a player would,
                return  # wait for 3, 2, 1, and see the round before drawing (presses.py)
            if not self._events and _endless(scene):  # all drawn and submitted, and still here
                self._give_up(scene)
                return
            for event in self._events[: self.points_per_frame]:
                pygame.event.post(event)
            del self._events[: self.points_per_frame]
        elif isinstance(scene, ResultScene) and fresh:
            for event in self._answer_keys(scene.record, self._answer, scene.numbers):
                pygame.event.post(event)
        elif isinstance(scene, ReviewScene) and not fresh:
            if not app.learning.idle:  # as a player would, let it learn first
                app.stats.paused = True  # waiting is not playing: these frames are not counted
                time.sleep(WAIT_SECONDS)
            else:
                pygame.event.post(pygame.event.Event(pygame.QUIT))  # after one frame of review

    def _give_up(self, scene):
        """Quit the game, as a person with nothing else to draw would, and note why."""
        self.stopped = (
            f"round {self._index + 1}'s drawing gives the network nothing to read, and a "
            f"{scene.game.mode.title} round has no clock to end it: autoplay stopped there"
        )
        pygame.event.post(pygame.event.Event(pygame.QUIT))

    def _drawing(self, scene):
        """Return (strokes, answer) for a round: the next sample, or in math mode the answer
        written from samples of its digits."""
        if not scene.game.mode.numbers:
            sample = self.samples[self._index % len(self.samples)]
            return sample.strokes, sample.label
        digits = []
        for d in scene.task.digits:
            pool = self._by_digit[d] or self.samples
            digits.append(pool[self._index % len(pool)].strokes)
        return compose_number(digits, self._rng), scene.target

    @staticmethod
    def _answer_keys(record, answer, numbers):
        """Return the keys a player presses: Enter when the guess is right, else the answer's
        digits (then Enter, where answers are typed as whole numbers)."""
        if record.reading is None or record.reading.guess == answer:
            return [_key(pygame.K_RETURN)]
        keys = [_key(getattr(pygame, f"K_{c}")) for c in str(answer)]
        return keys + [_key(pygame.K_RETURN)] if numbers else keys

    def _drawing_events(self, strokes, rect):
        """Return the mouse events that draw strokes inside rect, then the submit key."""
        events = []
        for stroke in _fit(strokes, rect):
            if not stroke:
                continue
            events.append(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=stroke[0], button=1))
            for previous, point in zip(stroke, stroke[1:]):
                rel = (point[0] - previous[0], point[1] - previous[1])
                events.append(pygame.event.Event(pygame.MOUSEMOTION, pos=point, rel=rel, buttons=(1, 0, 0)))
            events.append(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=stroke[-1], button=1))
        events.append(_key(pygame.K_SPACE))
        return events


def _endless(scene):
    """Return True if nothing but a drawing ends the round of scene (a PlayScene): no timer of
    its own, no clock of the game's."""
    return scene.time_left is None and scene.game.clock is None


def _key(key):
    """Return a KEYDOWN event for key."""
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0)


def _fit(strokes, rect):
    """Return strokes scaled into rect (screen pixels, ints), centred, FILL of its side."""
    box = bounding_box(strokes)
    if box is None:
        return []
    x0, y0, x1, y1 = box
    scale = FILL * rect.width / max(x1 - x0, y1 - y0, 1e-9)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return [
        [(round(rect.centerx + (x - cx) * scale), round(rect.centery + (y - cy) * scale)) for x, y in s]
        for s in strokes
    ]

"""Frame pacing: a fixed timestep for the game's clock, and a loop that sleeps between frames.

The loop runs at most FPS frames a second and sleeps the rest (Clock.tick).
A still screen draws nothing (App._present), so a frame of it costs about
0.1 ms: a page of text left open costs about 1% of a core. Waiting for
events instead (pygame.event.wait with a timeout) was measured and dropped:
on X11 with pygame-ce 2.5 it polls, and cost three times as much (2.9%).
"""

import pygame

FPS = 60
DT = 1.0 / FPS
CATCH_UP = 5  # after a long stall, at most this many steps are run at once


class Pacing:
    """How many fixed steps each frame runs, and the sleep between frames."""

    def __init__(self, virtual_time=False, speed=1.0):
        self.virtual_time, self.speed = virtual_time, speed
        self.clock, self._lag = pygame.time.Clock(), 0.0

    def updates_due(self):
        """Return how many DT steps to run this frame (1 in virtual time)."""
        if self.virtual_time:
            self._lag = 0.0
            return 1
        steps = min(int(self._lag / DT), CATCH_UP)
        self._lag = self._lag - steps * DT if steps < CATCH_UP else 0.0
        return steps

    def wait(self):
        """Sleep until the next frame is due (virtual time: at `speed` times FPS, 0 = no wait)."""
        speed = self.speed if self.virtual_time else 1.0
        self._lag += self.clock.tick(0 if speed <= 0 else round(FPS * speed)) / 1000

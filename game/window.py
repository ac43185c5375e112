"""The game's window: opened resizable or fullscreen, never smaller than MIN_SIZE, and the
refusal to run invisibly where there is no screen."""

import os

import pygame

WINDOWLESS_DRIVERS = ("offscreen", "dummy")  # SDL falls back on these where there is no screen
MIN_SIZE = (800, 520)
DEFAULT_SIZE = (1180, 760)
WINDOWLESS_MAX = (3840, 2160)  # the largest window where there is no screen to measure


class NoDisplayError(RuntimeError):
    """There is no screen to show the game on."""


class Window:
    """The display surface; `windowed` is the size it has when not fullscreen."""

    def __init__(self, size, fullscreen):
        # Software blits to the window: where there is no GPU driver (virtual machines, remote
        # desktops, many school PCs) SDL's accelerated framebuffer runs Mesa's software OpenGL,
        # which cost 4x the frame time on X11 (README, Figures). SDL_FRAMEBUFFER_ACCELERATION=1
        # in the environment asks for it all the same.
        os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")
        pygame.display.init()  # the screen first: without one, say so before sound and fonts start
        pygame.display.set_caption("Digit Dash")
        self.largest = _largest_size()
        self.windowed, self.fullscreen = self._bounded(size), fullscreen
        self.surface = self._open()
        _check_display()
        pygame.key.stop_text_input()  # on only while a name is typed: keys are commands elsewhere

    @property
    def size(self):
        """Return the size (w, h) of the window as it is now."""
        return self.surface.get_size()

    def set_fullscreen(self, on):
        """Switch between fullscreen and a resizable window of the size it had."""
        self.fullscreen = on
        self.surface = self._open()

    def resized(self, size):
        """Take a new size from the window manager (never under MIN_SIZE, never over the screen);
        return the windowed size to remember, or None in fullscreen."""
        size = self._bounded(size)
        if self.fullscreen:
            self.surface = pygame.display.get_surface()
            return None
        self.windowed = size
        if size != self.size:
            self.surface = pygame.display.set_mode(size, pygame.RESIZABLE)
        else:
            self.surface = pygame.display.get_surface()
        return size

    def _bounded(self, size):
        """Return size (w, h) made no smaller than MIN_SIZE and no larger than the screen."""
        return tuple(max(low, min(int(value), high)) for value, low, high in zip(size, MIN_SIZE, self.largest))

    def _open(self):
        """Return the display surface, fullscreen or a resizable window."""
        try:
            if self.fullscreen:
                return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
            return pygame.display.set_mode(self.windowed, pygame.RESIZABLE)
        except pygame.error as error:
            pygame.quit()
            raise NoDisplayError(f"no screen found: cannot open a window ({error})") from None


def _largest_size():
    """Return the largest window size: the biggest desktop's, or WINDOWLESS_MAX without a screen."""
    if pygame.display.get_driver() in WINDOWLESS_DRIVERS:
        return WINDOWLESS_MAX
    sizes = pygame.display.get_desktop_sizes() or [WINDOWLESS_MAX]
    return tuple(max(max(s[i] for s in sizes), MIN_SIZE[i]) for i in (0, 1))


def _check_display():
    """Raise NoDisplayError if SDL found no screen and fell back, unasked, on a windowless driver."""
    driver = pygame.display.get_driver()
    if driver in WINDOWLESS_DRIVERS and not os.environ.get("SDL_VIDEODRIVER"):
        pygame.quit()
        raise NoDisplayError(
            f"no screen found: SDL fell back on its '{driver}' video driver and the game would "
            "run invisibly. Start it on a desktop, or set SDL_VIDEODRIVER=dummy to run it "
            "without a window on purpose (e.g. with --autoplay)."
        )

"""The game's window: opened resizable or fullscreen, never smaller than MIN_SIZE, and the
refusal to run invisibly where there is no screen."""

import os
import warnings

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
        os.environ["SDL_VIDEO_X11_WMCLASS"] = "digit-dash"  # the desktop's name for it (pygame names it after
        # the script that was started: "__main__.py")
        pygame.display.init()  # the screen first: without one, say so before sound and fonts start
        pygame.display.set_caption("Digit Dash")
        pygame.display.set_icon(icon())
        self.largest = _largest_size()
        self.windowed, self.fullscreen = self._bounded(size), fullscreen
        self.surface = self._open()
        _check_display()
        self._window = _the_window()
        pygame.key.stop_text_input()  # on only while a name is typed: keys are commands elsewhere

    @property
    def size(self):
        """Return the size (w, h) of the window as it is now."""
        return self.surface.get_size()

    def set_fullscreen(self, on):
        """Switch between fullscreen (the desktop's size) and a resizable window of the size it
        had; the same window throughout, so it neither moves nor flickers."""
        self.fullscreen = on
        if on:
            self._window.set_fullscreen(desktop=True)
        else:
            self._window.set_windowed()
            self._window.size = self.windowed
        self.surface = pygame.display.get_surface()

    def resized(self, size):
        """Take a new size from the window manager (never under MIN_SIZE, never over the screen);
        return the windowed size to remember, or None in fullscreen."""
        if self.fullscreen:
            self.surface = pygame.display.get_surface()
            return None
        self.windowed = self._bounded(size)
        if self.windowed != self.size:
            self._window.size = self.windowed  # the same window, made larger or smaller: it stays put
        self.surface = pygame.display.get_surface()
        return self.windowed

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


def _the_window():
    """Return the pygame.Window of the display, which can be sized, and made fullscreen, without
    opening a new window (set_mode does: it jumped on the desktop); SDL keeps it at MIN_SIZE
    at least."""
    with warnings.catch_warnings():  # pygame-ce would have games draw through Window itself
        warnings.simplefilter("ignore", DeprecationWarning)
        window = pygame.Window.from_display_module()
    window.minimum_size = MIN_SIZE
    window.resizable = True  # opened fullscreen, it is resizable once windowed all the same
    return window


def icon():
    """Return the game's 32x32 icon, drawn here: a digit drawn on graph paper, in the game's colours."""
    picture = pygame.Surface((32, 32), pygame.SRCALPHA)
    pygame.draw.rect(picture, (24, 26, 58), picture.get_rect(), border_radius=7)
    paper = pygame.Rect(4, 4, 24, 24)
    pygame.draw.rect(picture, (248, 246, 238), paper, border_radius=3)
    for offset in (10, 16, 22):
        pygame.draw.line(picture, (205, 215, 235), (offset, 5), (offset, 26))
        pygame.draw.line(picture, (205, 215, 235), (5, offset), (26, offset))
    pygame.draw.lines(picture, (255, 204, 64), False, [(9, 9), (23, 9), (14, 24)], 4)  # a 7, in gold
    pygame.draw.rect(picture, (0, 229, 255), paper, width=2, border_radius=3)
    return picture


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

"""Your handwriting: how the game got better at reading you, and a button to forget it all."""

import sqlite3
import time

import pygame

from .. import dialogs, ui
from ..learning.progress import digit_progress, version_history
from ..theme import COLORS
from ..words import counted
from .actions import Action, Actions, answers
from .base import Scene
from .layout import row_of
from .menu import Menu

GAMES_SHOWN = 20  # the newest games in the chart

ACTIONS = (
    Action("Forget everything", "ask", keys=(pygame.K_f,), shown="menu", about="forget all it learned of you"),
    Action("Back", "leave", keys=(pygame.K_ESCAPE, pygame.K_BACKSPACE), hint="Esc", shown="menu"),
    *answers(("Yes, forget", "forget", "yes, forget"), ("No, keep it", "keep", "no, keep it all"), when="asking_now"),
)


class HandwritingScene(Scene):
    """Read right game by game, per digit then and now, each version's figures; F forgets all.
    Ends "back"."""

    kind = "handwriting"

    def __init__(self, app, back):
        super().__init__(app)
        self.back, self.asking = back, False
        self.actions = Actions(self, ACTIONS)
        self.menu = Menu(self.actions)
        self.menu.selected = 1
        self._read()

    def _read(self):
        """Gather what the page shows (a tenth of a second for 500 stored drawings)."""
        profile = self.app.profile
        self.games = profile.history.games[-GAMES_SHOWN:]
        self.versions = version_history(profile.weights)[-4:]
        try:
            self.digits = digit_progress(profile.store, profile.recognizer.network)
        except (sqlite3.Error, OSError):
            self.digits = None

    @property
    def answers(self):
        """Return the question's answers (yes, no), while it is asked."""
        return self.actions.buttons("dialog")

    def asking_now(self):
        """Return True while "Forget everything?" waits for an answer."""
        return self.asking

    def ask(self):
        """Ask before forgetting."""
        self.asking = True

    def forget(self):
        """Forget the player's drawings, versions and games, and say how it went."""
        self.asking = False
        error = self.app.forget_everything()
        self.app.toast(error or "Forgotten: the game reads you with the shipped network again.", error=bool(error))
        self._read()

    def keep(self):
        """Answer no to forgetting."""
        self.asking = False

    def leave(self):
        """Go back to the previous screen."""
        self.finish("back")

    def handle_event(self, event):
        """The question's buttons (or Y, N) while asking; otherwise the menu."""
        if not self.asking:
            self.menu.handle_event(event)
        elif answer := dialogs.pressed(event, self.actions.buttons("dialog")):
            answer.action()

    def frame_key(self):
        """Return what changes without an event: the question and the toast."""
        return self.asking, self.app.toast_text()

    def draw(self, surface):
        """Draw the three panels, the buttons and, when asking, the question."""
        ui.background(surface)
        w, h = surface.get_size()
        fonts, m = self.app.fonts, round(w * 0.03)
        ui.text(surface, fonts, "YOUR HANDWRITING", 70, (w // 2, h * 0.07), color="accent", anchor="center", bold=True)
        top, bottom = round(h * 0.14), round(h * 0.84)
        left = pygame.Rect(m, top, round(w * 0.47) - m, bottom - top)
        right_x = left.right + m
        digits = pygame.Rect(right_x, top, w - m - right_x, round((bottom - top) * 0.55))
        versions = pygame.Rect(right_x, digits.bottom + m // 2, digits.width, bottom - digits.bottom - m // 2)
        self._draw_games(surface, left)
        self._draw_digits(surface, digits)
        self._draw_versions(surface, versions)
        buttons = pygame.Rect(w * 0.2, bottom + h * 0.025, w * 0.6, h * 0.075)
        self.menu.draw(surface, fonts, row_of(buttons, 2, gap=round(w * 0.03)), size=28)
        note = self.app.toast_text()
        if note:
            ui.text(surface, fonts, note, 22, (w // 2, h * 0.975), color="gold", anchor="center", max_width=w - 2 * m)
        if self.asking:
            self._draw_question(surface)

    def _draw_games(self, surface, rect):
        """Draw the share of each recent game's drawings read right, as bars, oldest left."""
        fonts = self.app.fonts
        pad = self._panel(
            surface, rect, "Read right, game by game", None if self.games else "Play a game: each shows up here."
        )
        if not self.games:
            return
        chart = pygame.Rect(rect.x + pad * 2, rect.y + rect.height * 0.2, rect.width - pad * 3, rect.height * 0.58)
        for share in (0.0, 0.5, 1.0):
            y = chart.bottom - share * chart.height
            pygame.draw.line(surface, COLORS["panel_edge"], (chart.x, y), (chart.right, y))
            ui.text(surface, fonts, f"{100 * share:.0f}%", 18, (chart.x - 6, y), color="muted", anchor="midright")
        slots = row_of(chart, GAMES_SHOWN, gap=max(2, chart.width // 120))
        previous, label_end = None, chart.x
        for game, slot in zip(self.games, slots):
            bar = pygame.Rect(slot.x, chart.bottom - round(game.share * chart.height), slot.width, 0)
            bar.height = chart.bottom - bar.y
            pygame.draw.rect(surface, COLORS["accent" if game.share >= 0.8 else "bar"], bar, border_radius=3)
            if previous is not None and game.version != previous:  # a new version began here
                pygame.draw.line(surface, COLORS["gold"], (slot.x - 2, chart.y), (slot.x - 2, chart.bottom), 2)
                if slot.x >= label_end:  # labels never overlap: a crowded one is left out
                    where = (slot.x, chart.y - 2)
                    label_end = (
                        ui.text(surface, fonts, game.version, 16, where, color="gold", anchor="bottomleft").right + 2
                    )
            previous = game.version
        first, last = self.games[0], self.games[-1]
        day = time.strftime("%d %b", time.localtime(last.ended))
        lines = [
            f"Last game: {last.read_right} of {last.rounds} read right ({day}).",
            f"{counted(len(self.games), 'game')} shown; the first: {first.read_right} of {first.rounds}."
            " Gold: a new version.",
        ]
        for i, line in enumerate(lines):
            y = chart.bottom + rect.height * (0.05 + 0.065 * i)
            ui.text(
                surface,
                fonts,
                line,
                21,
                (rect.x + pad, y),
                color="text" if i == 0 else "muted",
                max_width=rect.width - 2 * pad,
            )

    def _draw_digits(self, surface, rect):
        """Draw, per digit, how many of its drawings were read right then and are now."""
        fonts = self.app.fonts
        empty = not self.digits or not any(d.drawn for d in self.digits)
        nothing = "Nothing stored yet: your answers after each round teach it."
        pad = self._panel(surface, rect, "Digit by digit: then / now", nothing if empty else None)
        if empty:
            return
        cells = row_of(
            pygame.Rect(rect.x + pad, rect.y + rect.height * 0.24, rect.width - 2 * pad, rect.height * 0.56), 10, gap=6
        )
        for d, cell in zip(self.digits, cells):
            ui.text(surface, fonts, d.digit, 30, (cell.centerx, cell.y), color="gold", anchor="midtop", bold=True)
            track = pygame.Rect(cell.x, cell.y + cell.height * 0.3, cell.width, cell.height * 0.7)
            for i, (count, color) in enumerate(((d.right_then, "bar"), (d.right_now, "accent"))):
                half = pygame.Rect(track.x + i * track.width // 2, track.y, track.width // 2 - 1, track.height)
                pygame.draw.rect(surface, COLORS["background"], half, border_radius=3)
                if d.drawn:
                    fill = round(half.height * count / d.drawn)
                    pygame.draw.rect(
                        surface, COLORS[color], (half.x, half.bottom - fill, half.width, fill), border_radius=3
                    )
            shown = f"{100 * d.right_now / d.drawn:.0f}%" if d.drawn else "-"
            ui.text(surface, fonts, shown, 18, (cell.centerx, track.bottom + 4), anchor="midtop", max_width=cell.width)
        caption = "Left: read right when you played them. Right: by the network now (newest 500)."
        ui.text(
            surface,
            fonts,
            caption,
            17,
            (rect.x + pad, rect.bottom - pad * 0.5),
            color="muted",
            anchor="bottomleft",
            max_width=rect.width - 2 * pad,
        )

    def _draw_versions(self, surface, rect):
        """Draw each learned version's before/after figures, newest last."""
        fonts = self.app.fonts
        nothing = "Still the shipped network: it learns between games."
        pad = self._panel(surface, rect, "What each version learned", None if self.versions else nothing)
        if not self.versions:
            return
        row, width = (rect.height * 0.68) / 4, rect.width - 2 * pad
        for i, v in enumerate(self.versions):
            y = rect.y + rect.height * 0.3 + i * row
            color = "accent2" if v["active"] else "text"
            ui.text(surface, fonts, _version_line(v), 21, (rect.x + pad, y), color=color, max_width=width)

    def _panel(self, surface, rect, title, empty=None):
        """Draw a panel and its title, and the message `empty` in its middle if given; return the padding."""
        ui.panel(surface, rect)
        pad = round(rect.width * 0.04)
        ui.text(surface, self.app.fonts, title, 28, (rect.x + pad, rect.y + pad * 0.6), bold=True)
        if empty:
            width = rect.width - 2 * pad
            ui.text(surface, self.app.fonts, empty, 22, rect.center, color="muted", anchor="center", max_width=width)
        return pad

    def _draw_question(self, surface):
        """Ask whether to forget everything, over the page."""
        explanation = (
            "Your stored drawings, the versions learned from them and your game history are deleted; "
            "the game reads you with the shipped network again."
        )
        dialogs.dialog(surface, self.app.fonts, "Forget everything?", explanation, self.actions.buttons("dialog"))


def _version_line(version):
    """Return a version's line, e.g. "v2 (now): 40 drawings, corrections 20% -> 85%, MNIST 97.10%";
    the figures it has not got are left out."""
    percent = lambda x: "-" if x is None else f"{100 * x:.0f}%"
    before, after = version["fixed_before"], version["fixed_after"]
    fixed = "" if before is None and after is None else f", corrections {percent(before)} -> {percent(after)}"
    mnist = "" if version["mnist_after"] is None else f", MNIST {100 * version['mnist_after']:.2f}%"
    now = " (now)" if version["active"] else ""
    return f"{version['version']}{now}: {version['new'] or 0} drawings{fixed}{mnist}"

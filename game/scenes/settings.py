"""Settings: sound, volume, round time, brush, fullscreen, text size, colours, learning; saved as
soon as they change."""

import pygame

from .. import ui
from ..settings import BRUSHES, PALETTES, ROUND_TIMES, UI_SCALES, VOLUMES
from ..words import reader_words
from .actions import Action, Actions
from .base import Scene
from .layout import column_of

LINES = {  # setting -> its name on screen
    "sound": "Sound",
    "volume": "Volume",
    "round_time": "Round time",
    "brush": "Brush size",
    "fullscreen": "Fullscreen  (F11)",
    "ui_scale": "Text size",
    "palette": "Colours",
    "auto_learn": "Learn between games",
    "learn": "Learn my handwriting now",
    "back": "Back",
}
SCALES = {"volume": VOLUMES, "round_time": ROUND_TIMES, "brush": BRUSHES, "ui_scale": UI_SCALES}  # stop at the ends
CYCLES = {"palette": PALETTES}  # go round
ROW_MIN = 33  # pixels: a row is a button, at least a fingertip tall in the smallest window
ACTIONS = (  # every line is a row to tap (its "<" steps down); Up/Down choose one, Left/Right change it
    Action("Back", "leave", keys=(pygame.K_ESCAPE, pygame.K_BACKSPACE), hint="Esc", tap="its line", about="back"),
)


class SettingsScene(Scene):
    """Up/Down choose a line, Left/Right/Enter change it, Esc goes back; a click on a line changes
    it (on the "<" of its value, or with the right button: the other way). Ends "back"."""

    kind = "settings"

    def __init__(self, app, back):
        super().__init__(app)
        self.back, self.selected = back, 0
        self.lines = list(LINES)
        self.rects = []  # each line's row, as drawn
        self.downs = []  # each line's "<" (a click there steps down), as drawn
        self.actions = Actions(self, ACTIONS)

    @property
    def in_round(self):
        """Return whether the screen it came from (the pause menu over a round) is in a round."""
        return self.back.in_round

    def handle_event(self, event):
        """Navigate and change values with keys or clicks."""
        if event.type == pygame.KEYDOWN and not self.actions.key(event):
            self._key(event.key)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 3):
            self._click(event.pos, event.button)

    def _key(self, key):
        """Choose a line with Up/Down, change it with Left/Right/Enter."""
        if key in (pygame.K_DOWN, pygame.K_TAB):
            self.selected = (self.selected + 1) % len(self.lines)
        elif key == pygame.K_UP:
            self.selected = (self.selected - 1) % len(self.lines)
        elif key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_RETURN, pygame.K_SPACE):
            self.change(self.lines[self.selected], -1 if key == pygame.K_LEFT else 1)

    def _click(self, pos, button):
        """Change the line clicked: down on its "<" or with the right button, else up."""
        for i, rect in enumerate(self.rects):
            if rect.collidepoint(pos):
                self.selected = i
                down = button == 3 or (i < len(self.downs) and self.downs[i].collidepoint(pos))
                self.change(self.lines[i], -1 if down else 1)

    def change(self, line, step):
        """Change one setting by step (a scale stops at its ends, a cycle goes round), make it
        felt, and save."""
        settings, app = self.app.profile.settings, self.app
        if line == "back":
            return self.leave()
        if line == "learn":
            return app.learning.learn_now()
        if line == "fullscreen":
            return app.set_fullscreen(not settings.fullscreen)
        if line in ("sound", "auto_learn"):
            setattr(settings, line, not getattr(settings, line))
        elif line in SCALES:
            setattr(settings, line, _step(SCALES[line], getattr(settings, line), step))
        else:
            setattr(settings, line, _cycle(CYCLES[line], getattr(settings, line), step))
        app.apply_settings()
        if line == "volume":
            app.sounds.play("tick")
        app.save_settings()

    def leave(self):
        """Go back to the previous scene."""
        self.finish("back")

    def _value(self, line):
        """Return the text shown for a setting's current value."""
        s = self.app.profile.settings
        learning = "learning..." if self.app.learning.session is not None else "click here or press Enter"
        return {
            "sound": "on" if s.sound else "off",
            "round_time": f"{s.round_time:g} seconds",
            "brush": s.brush,
            "fullscreen": "on" if s.fullscreen else "off",
            "volume": f"{s.volume}%",
            "ui_scale": f"{100 * s.ui_scale:.0f}%",
            "palette": s.palette,
            "auto_learn": "on" if s.auto_learn else "off",
            "learn": learning,
            "back": "",
        }[line]

    def frame_key(self):
        """Return whether a retrain runs: the only thing that changes without an event."""
        return self.app.learning.session is not None

    def draw(self, surface):
        """Draw the title, the settings list and what the keys do."""
        ui.background(surface)
        w, h = surface.get_size()
        fonts = self.app.fonts
        title = ui.text(
            surface, fonts, "SETTINGS", 70, (w // 2, round(h * 0.075)), color="accent", anchor="center", bold=True
        )
        area = pygame.Rect(0, title.bottom, min(w * 0.64, h * 1.3), round(h * 0.865) - title.bottom)
        area.centerx = w // 2
        self.rects = _rows(area, len(self.lines))
        self.downs = [
            self._draw_line(surface, line, rect, i == self.selected)
            for i, (line, rect) in enumerate(zip(self.lines, self.rects))
        ]
        model = reader_words(self.app.profile.recognizer) + "."
        ui.text(surface, fonts, model, 24, (w // 2, h * 0.9), color="accent", anchor="center", max_width=w - 40)
        keys = "A click (or Left/Right) changes a line; on its <, the other way   Up/Down: choose   Esc: back"
        message = self.app.toast_text() or keys
        ui.text(surface, fonts, message, 24, (w // 2, h * 0.955), color="muted", anchor="center", max_width=w - 40)

    def _draw_line(self, surface, line, rect, chosen):
        """Draw one setting's row, a button: its name and its value; return the value's "<" part
        (a click there steps down), empty if it has none."""
        fonts = self.app.fonts
        ui.panel(surface, rect, "bar" if chosen else "panel", "accent" if chosen else "panel_edge", 10)
        ui.note(surface, "button", rect, LINES[line])
        value = self._value(line)
        shown = value if line == "learn" or not value else f"<  {value}  >"
        size = fonts.size_for(30, round(rect.height * 0.8))  # fits the row at every text size
        wide = fonts.get(size, True).size(LINES[line])[0] + fonts.get(size, True).size(shown)[0]
        size *= min(1.0, (rect.width - 56) / max(wide, 1))  # name and value in one size, side by side
        name = ui.text(surface, fonts, LINES[line], size, (rect.x + 20, rect.centery), anchor="midleft", bold=chosen)
        if not value:
            return pygame.Rect(rect.topleft, (0, 0))
        room = rect.right - 20 - name.right - 16
        where = (rect.right - 20, rect.centery)
        drawn = ui.text(surface, fonts, shown, size, where, color="gold", anchor="midright", bold=True, max_width=room)
        if line == "learn":
            return pygame.Rect(rect.topleft, (0, 0))
        return pygame.Rect(drawn.x - 10, rect.y, drawn.width // 2 + 10, rect.height)


def _rows(area, count):
    """Return count rows stacked in the middle of area, each at least ROW_MIN tall, with gaps."""
    gap = max(3, round(area.height * 0.012))
    height = max(ROW_MIN, min(round(area.height * 0.075), (area.height - gap * count) // count))
    return column_of(area, count, height, gap=gap)


def _step(choices, current, step):
    """Return the choice step places after current in choices, stopping at the first and last."""
    choices = list(choices)
    return choices[max(0, min(len(choices) - 1, choices.index(current) + step))]


def _cycle(choices, current, step):
    """Return the choice step places after current in choices, going round."""
    choices = list(choices)
    return choices[(choices.index(current) + step) % len(choices)]

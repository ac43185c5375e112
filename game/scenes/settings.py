"""Settings: sound, volume, round time, brush, fullscreen, text size, colours, learning; saved as
soon as they change."""

import pygame

from .. import ui
from ..settings import BRUSHES, PALETTES, ROUND_TIMES, UI_SCALES, VOLUMES
from .base import Scene
from .layout import column_of


class SettingsScene(Scene):
    """Up/Down choose a line, Left/Right/Enter change it, Esc goes back. Ends "back"."""

    kind = "settings"

    def __init__(self, app, back):
        super().__init__(app)
        self.back, self.selected = back, 0
        self.lines = [
            "sound",
            "volume",
            "round_time",
            "brush",
            "fullscreen",
            "ui_scale",
            "palette",
            "auto_learn",
            "learn",
            "back",
        ]
        self.rects = []

    def handle_event(self, event):
        """Navigate and change values with keys or clicks."""
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_ESCAPE, pygame.K_BACKSPACE):
                self._leave()
            elif event.key in (pygame.K_DOWN, pygame.K_TAB):
                self.selected = (self.selected + 1) % len(self.lines)
            elif event.key == pygame.K_UP:
                self.selected = (self.selected - 1) % len(self.lines)
            elif event.key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_RETURN, pygame.K_SPACE):
                self.change(self.lines[self.selected], -1 if event.key == pygame.K_LEFT else 1)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 3):
            for i, rect in enumerate(self.rects):
                if rect.collidepoint(event.pos):
                    self.selected = i
                    self.change(self.lines[i], 1 if event.button == 1 else -1)

    def change(self, line, step):
        """Change one setting by step (cycle through its choices), make it felt, and save."""
        settings, app = self.app.profile.settings, self.app
        if line == "back":
            return self._leave()
        if line == "learn":
            return app.learning.learn_now()
        if line == "fullscreen":
            return app.set_fullscreen(not settings.fullscreen)
        if line in ("sound", "auto_learn"):
            setattr(settings, line, not getattr(settings, line))
        else:
            choices = {
                "round_time": ROUND_TIMES,
                "brush": BRUSHES,
                "volume": VOLUMES,
                "ui_scale": UI_SCALES,
                "palette": PALETTES,
            }
            setattr(settings, line, _step(choices[line], getattr(settings, line), step))
        app.apply_settings()
        if line == "volume":
            app.sounds.play("tick")
        app.save_settings()

    def _leave(self):
        """Go back to the previous scene."""
        self.finish("back")

    def _value(self, line):
        """Return the text shown for a setting's current value."""
        s = self.app.profile.settings
        learning = "learning..." if self.app.learning.session is not None else "press Enter"
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
        """Draw the settings list."""
        ui.background(surface)
        w, h = surface.get_size()
        fonts = self.app.fonts
        ui.text(surface, fonts, "SETTINGS", 90, (w // 2, h * 0.12), color="accent", anchor="center", bold=True)
        names = {
            "sound": "Sound",
            "round_time": "Round time",
            "brush": "Brush size",
            "fullscreen": "Fullscreen  (F11)",
            "volume": "Volume",
            "ui_scale": "Text size",
            "palette": "Colours",
            "auto_learn": "Learn between games",
            "learn": "Learn my handwriting now",
            "back": "Back",
        }
        self.rects = column_of(
            pygame.Rect(w * 0.2, h * 0.2, w * 0.6, h * 0.64), len(self.lines), round(h * 0.056), gap=round(h * 0.008)
        )
        for i, (line, rect) in enumerate(zip(self.lines, self.rects)):
            chosen = i == self.selected
            ui.panel(surface, rect, "bar" if chosen else "panel", "accent" if chosen else "panel_edge", 10)
            ui.text(
                surface,
                fonts,
                names[line],
                30,
                (rect.x + 24, rect.centery),
                color="text",
                anchor="midleft",
                bold=chosen,
            )
            value = self._value(line)
            if value:
                shown = value if line == "learn" else f"<  {value}  >"
                ui.text(
                    surface,
                    fonts,
                    shown,
                    30,
                    (rect.right - 24, rect.centery),
                    color="gold",
                    anchor="midright",
                    bold=True,
                )
        model = f"Playing with {self.app.profile.recognizer.description}."
        ui.text(surface, fonts, model, 26, (w // 2, h * 0.86), color="accent", anchor="center")
        message = self.app.toast_text() or "Up/Down: choose   Left/Right or click: change   Esc: back"
        ui.text(surface, fonts, message, 26, (w // 2, h * 0.92), color="muted", anchor="center", max_width=w - 40)


def _step(choices, current, step):
    """Return the choice step places after current in choices, going round."""
    choices = list(choices)
    return choices[(choices.index(current) + step) % len(choices)]

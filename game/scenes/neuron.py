"""What one unit of the network looks for (a click on an X-ray cell).

Its incoming weights drawn as images, where it fires on the drawing being
played, and the player's own drawings that excite it most.
"""

import numpy as np
import pygame

from .. import ui
from ..ink import strokes_to_image
from ..model import xray
from ..samples import attract_drawings
from .base import PageScene
from .layout import row_of
from .pictures import evidence_surface, tile_grid, weights_surface

SEARCHED = 300  # the player's newest drawings searched for the ones that excite the unit most
SHOWN = 6


class NeuronScene(PageScene):
    """A page over a paused round or result: any key or click goes back to it ("back")."""

    kind = "unit"

    def __init__(self, app, back, column, unit):
        super().__init__(app, back)
        inside = app.xray.inside
        self.network, self.image, self.unit = inside.network, inside.image, unit
        self.output = column == len(inside.stages)
        self.stage = inside.stages[column - 1]
        self.weights = xray.incoming_weights(self.network, self.stage, unit)
        layer = xray.feeding_layer(self.network, self.stage)
        cell = xray.strongest_cell(self.network, inside.outputs, self.stage, unit)
        self.fires = xray.evidence(self.network, self.image, [cell], layer=layer)[0]
        self.value = float(xray.units_of(inside.outputs[self.stage])[:, unit].max())
        self.favourites, self.own = self._favourites()
        self.title = self._name(column)

    def _name(self, column):
        """Return the unit's name, e.g. "map 5 of layer 1 (conv)" or "the output for 7"."""
        if self.output:
            return f"the output for {self.unit}"
        layer = self.network.layers[xray.feeding_layer(self.network, self.stage)]
        kind = "map" if len(layer.output_shape) == 3 else "unit"
        return f"{kind} {self.unit} of stage {column} ({layer.kind})"

    def _favourites(self):
        """Return ([(image (28, 28), activation)] of the drawings that excite the unit most, own):
        the player's own if there are any, else the title screen's sample drawings."""
        images, _ = self.app.profile.labelled_drawings(SEARCHED)
        own = len(images) > 0
        if not own:
            drawn = [strokes_to_image(strokes) for _, strokes, _ in attract_drawings()]
            images = np.array([d for d in drawn if d is not None] or np.zeros((0, 28, 28)), dtype=np.float32)
        if len(images) == 0:
            return [], own
        values = self.network.features(images.reshape(len(images), -1), self.stage + 1)
        values = values.reshape(len(images), -1, values.shape[-1])[:, :, self.unit].max(axis=1)
        best = np.argsort(values)[::-1][:SHOWN]
        return [(images[i], float(values[i])) for i in best], own

    def draw(self, surface):
        """Draw the three panels: weights, where it fires, favourite drawings."""
        ui.background(surface)
        w, h = surface.get_size()
        fonts = self.app.fonts
        ui.text(
            surface,
            fonts,
            f"What {self.title} looks for",
            50,
            (w // 2, h * 0.07),
            anchor="center",
            bold=True,
            color="accent",
            max_width=w - 40,
        )
        value = f"Its value on your drawing: {self.value:.2f}" + ("" if self.output else " (after ReLU)")
        ui.text(surface, fonts, value, 26, (w // 2, h * 0.13), anchor="center", color="muted")
        panels = row_of(pygame.Rect(w * 0.03, h * 0.18, w * 0.94, h * 0.7), 3, gap=round(w * 0.02))
        self._draw_weights(surface, panels[0])
        self._draw_fires(surface, panels[1])
        self._draw_favourites(surface, panels[2])
        ui.text(surface, fonts, "Any key or click: back", 26, (w // 2, h * 0.94), anchor="center", color="gold")

    def _panel(self, surface, rect, title, caption):
        """Draw a panel with its title and caption; return the area left for the picture."""
        fonts = self.app.fonts
        ui.panel(surface, rect)
        inner = rect.inflate(-24, -24)
        bottom = ui.paragraph(surface, fonts, title, 28, inner, color="text")
        below = ui.paragraph(
            surface, fonts, caption, 22, pygame.Rect(inner.x, bottom + 4, inner.width, 0), color="muted"
        )
        return pygame.Rect(inner.x, below + 10, inner.width, inner.bottom - below - 10)

    def _draw_weights(self, surface, rect):
        """Draw the incoming weights as tiles: orange positive, blue negative."""
        tiles = len(self.weights)
        caption = (
            "Orange: ink there raises its sum; blue: lowers it."
            if tiles == 1
            else f"One tile for each of the {tiles} maps before it: orange raises its sum, blue lowers it."
        )
        area = self._panel(surface, rect, "Its incoming weights", caption)
        peak = max(float(np.nanmax(np.abs(self.weights))), 1e-9)
        for tile, box in zip(self.weights, tile_grid(area, tiles, self.weights.shape[1:])):
            surface.blit(weights_surface(tile / peak, box.size), box)

    def _draw_fires(self, surface, rect):
        """Draw where on the drawing the unit's strongest cell took its ink from."""
        area = self._panel(
            surface, rect, "Where it fires on your drawing", "Orange ink raised its strongest sum, blue ink lowered it."
        )
        side = min(area.width, area.height)
        box = pygame.Rect(0, 0, side, side)
        box.midtop = area.midtop
        surface.blit(evidence_surface(self.image, self.fires, side), box)

    def _draw_favourites(self, surface, rect):
        """Draw the drawings that excite the unit most, with their values."""
        caption = "Your drawings that excite it most." if self.own else "Sample drawings (play to see your own)."
        area = self._panel(surface, rect, "What excites it most", caption)
        if not self.favourites:
            return
        label_h = round(22 * self.app.fonts.scale)
        for (image, value), box in zip(self.favourites, tile_grid(area, SHOWN, (28 + label_h // 3, 28))):
            side = min(box.width, box.height - label_h)
            surface.blit(ui.image_surface(image, side), box.topleft)
            ui.text(surface, self.app.fonts, f"{value:.2f}", 20, (box.x, box.y + side + 2), color="text")

"""The X-ray: the network thinking, live, beside the canvas (key X).

    [input 28x28] -> [maps of conv 1] -> [maps of conv 2] -> [dense units] -> [10 digits]
    [evidence map: which pixels pushed to which digit]  [legend, or one step of the sums]

Every cell is one unit (a whole feature map for a convolution), lit by its
activation. Lines join the units that fed the guess most. A click on a cell
opens what that unit looks for; S steps through the forward pass along the
strongest path, number by number. The numbers come from game/model/xray.py and
trace.py; this module only draws them.
"""

from dataclasses import dataclass

import numpy as np
import pygame

from .. import ui
from ..model import xray
from ..model.trace import strongest_path
from ..theme import COLORS
from ..words import with_article
from .actions import Action
from .layout import KEY, row_of
from .pictures import evidence_surface, fit_grid, ramp, stage_surface

ACTIONS = (  # the X-ray's own, in the round's and the result's tables; its buttons under the evidence
    Action(
        "Back",
        "app.xray.backward",
        keys=(pygame.K_LEFT,),
        shown="xray",
        when="app.xray.stepping",
        ready="app.xray.can_go_back",
        about="X-ray: one step back",
    ),
    Action(
        "Step",
        "app.xray.forward",
        keys=(pygame.K_s, pygame.K_RIGHT),
        hint="S, Right",
        shown="xray",
        when="app.xray.looking",
        caption="app.xray.step_caption",
        about="X-ray: step through its sums along one path (the clock stops meanwhile)",
    ),
    Action(
        "Stop",
        "app.xray.stop",
        keys=(pygame.K_ESCAPE,),
        hint="Esc",
        shown="xray",
        when="app.xray.stepping",
        about="X-ray: stop stepping (the clock goes on)",
    ),
)


@dataclass(frozen=True)
class Cell:
    """A unit as drawn: its column (0 = the drawing), its index in the stage, and where it is."""

    column: int
    unit: int
    rect: pygame.Rect


class Inside:
    """Everything the X-ray shows of one drawing, computed once when the drawing changes."""

    def __init__(self, network, image, target):
        self.network, self.image = network, image
        self.outputs = xray.look(network, image)
        self.probabilities = xray.probabilities(self.outputs)
        self.stages = xray.stages(network)
        self.guess = int(self.probabilities.argmax())
        runner_up = int(np.argsort(self.probabilities)[-2])
        self.versus = (self.guess, target if target is not None and target != self.guess else runner_up)
        self.evidence, _ = xray.contrast(network, image, *self.versus)
        self.strength = xray.connections(network, image, self.outputs)
        self.trail = xray.trail(self.strength, self.guess)
        self._path = None

    def stage_values(self, column):
        """Return the activations of a column's units as (units, cells): maps flattened, or one cell each."""
        output = self.outputs[self.stages[column - 1]]
        return xray.units_of(output).T if column < len(self.stages) else self.probabilities[:, None]

    @property
    def path(self):
        """Return the strongest path's Steps to the guess (computed when first asked for)."""
        if self._path is None:
            self._path = strongest_path(self.network, self.image, self.guess)
        return self._path


class XRay:
    """The X-ray panel of the round and result screens; `step` is None unless stepping through."""

    def __init__(self, app):
        self.app = app
        self._grids = {}  # column -> the Grid its cells are laid out on
        self.controls = pygame.Rect(0, 0, 0, 0)  # where its buttons go (Step, Back, Stop), as drawn
        self.rect = pygame.Rect(0, 0, 0, 0)  # its panel, as drawn
        self.forget()

    def forget(self):
        """Show no drawing at all: a new round begins (nothing of an earlier one stays)."""
        self.inside, self._source = None, None
        self.cells, self.step = [], None
        self.remembered = None  # the guess with the player's memory, when it differs from the network's
        self._surfaces = {}  # (column, Grid) -> its lit cells, for the current drawing

    def refresh(self, reading, target):
        """Look inside the network again if the drawing (or the network) changed. For a whole
        number it looks at its last digit, the one being drawn."""
        if reading is not None and len(reading.digits) > 1:
            reading, target = reading.digits[-1], int(str(target)[-1])
        if target is not None and not 0 <= target <= 9:
            target = None  # a number read as one digit: no digit of it to weigh the guess against
        network = self.app.profile.recognizer.network
        source = (reading, network, target)
        if self._source is not None and all(a is b for a, b in zip(source, self._source)):
            return
        self._source, self._surfaces = source, {}
        self.inside = None if reading is None else Inside(network, reading.image, target)
        self.remembered = None if reading is None or reading.guess == self.inside.guess else reading.guess
        if self.inside is None:
            self.step = None
        elif self.step is not None:
            self.step = min(self.step, len(self.inside.path) - 1)

    # ------------------------------------------------------------- stepping through
    def looking(self):
        """Return True if the X-ray is shown and looks at a drawing: its sums can be stepped through."""
        return self.app.xray_on and self.inside is not None

    def stepping(self):
        """Return True while the player steps through the sums (the clock stands still)."""
        return self.looking() and self.step is not None

    def can_go_back(self):
        """Return True if there is a step before the one shown."""
        return self.stepping() and self.step > 0

    def step_caption(self):
        """Return the Step button's words: to begin stepping, or to go on."""
        return "Next step" if self.stepping() else "Step through"

    def forward(self):
        """Show the first step of the sums, or the next one."""
        self.step = 0 if self.step is None else min(self.step + 1, len(self.inside.path) - 1)

    def backward(self):
        """Show the step before."""
        self.step = max(self.step - 1, 0)

    def stop(self):
        """Stop stepping through the sums."""
        self.step = None

    def unit_at(self, pos):
        """Return the Cell under screen position pos (not the drawing's), or None."""
        return next((c for c in self.cells if c.column > 0 and c.rect.collidepoint(pos)), None)

    # ------------------------------------------------------------- drawing
    def draw(self, surface, rect, actions=None):
        """Draw the diagram in the top of rect and the evidence and explanation below it, and
        the screen's X-ray buttons (actions: its table, with this module's ACTIONS) under them."""
        fonts, self.rect = self.app.fonts, rect
        ui.panel(surface, rect)
        title = "X-RAY: THE NETWORK THINKING"
        ui.text(surface, fonts, title, 24, (rect.x + 14, rect.y + 8), color="muted", max_width=rect.width - 28)
        heading = round(22 * fonts.scale)
        inner = rect.inflate(-20, -20 - heading).move(0, heading // 2)
        diagram = pygame.Rect(inner.x, inner.y, inner.width, round(inner.height * 0.66))
        strip = pygame.Rect(inner.x, diagram.bottom + 8, inner.width, inner.bottom - diagram.bottom - 8)
        self.controls = pygame.Rect(strip.x, strip.bottom, 0, 0)
        if self.inside is None:
            self.cells = []
            ui.text(surface, fonts, "Draw a digit: the network lights up here.", 28, diagram.center, anchor="center")
        else:
            self._draw_diagram(surface, diagram)
            self._draw_strip(surface, strip)
        if actions is not None:
            buttons = actions.buttons("xray")
            actions.draw(surface, fonts, "xray", row_of(self.controls, len(buttons), gap=6) if buttons else [], 22)

    def _draw_diagram(self, surface, rect):
        """Draw the columns, the lines of the strongest feeders, and the step's path if stepping."""
        inside, fonts = self.inside, self.app.fonts
        count = len(inside.stages) + 1
        gutter = max(14, rect.width // (6 * count))
        width = (rect.width - gutter * (count - 1)) / count
        label_h = round(20 * fonts.scale)
        widest = max(fonts.get(20).size(self._title(column))[0] for column in range(count))
        size = 20 * min(1.0, (width + gutter - 4) / max(widest, 1))  # one size for every heading
        self.cells = []
        boxes = []
        for column in range(count):
            box = pygame.Rect(round(rect.x + column * (width + gutter)), rect.y + label_h, round(width), 0)
            box.height = rect.height - label_h
            where = (box.centerx, rect.y)
            ui.text(surface, fonts, self._title(column), size, where, anchor="midtop", max_width=box.width + gutter - 4)
            boxes.append(box)
            self.cells += self._layout_column(column, box)
        self._draw_lines(surface)
        for column, box in enumerate(boxes):
            self._draw_column(surface, column, box)
        if self.step is not None:
            self._draw_path(surface)

    def _title(self, column):
        """Return a column's heading, e.g. "32 maps 12x12" or "256 units"."""
        if column == 0:
            return "input 28x28"
        if column == len(self.inside.stages):
            return "output"
        layer = self.inside.network.layers[self.inside.stages[column - 1]]
        shape = layer.output_shape
        return f"{shape[-1]} maps {shape[0]}x{shape[1]}" if len(shape) == 3 else f"{shape[0]} units"

    def _layout_column(self, column, box):
        """Return the Cells of a column laid out in box: a square for the drawing, a grid of tiles
        for a stage, a list of ten rows for the output."""
        if column == 0:
            side = min(box.width, box.height)
            return [Cell(0, 0, pygame.Rect(box.x, box.centery - side // 2, side, side))]
        if column == len(self.inside.stages):
            row = min(box.height / 10, 40 * self.app.fonts.scale)
            top = box.centery - 5 * row
            cell = min(row - 2, box.width * 0.35)
            return [
                Cell(column, d, pygame.Rect(box.x, round(top + d * row), round(cell), round(row - 2)))
                for d in range(10)
            ]
        count = self.inside.stage_values(column).shape[0]
        self._grids[column] = fit_grid(box, count, self._tile_shape(column))
        return [Cell(column, k, r) for k, r in enumerate(self._grids[column].rects(count))]

    def _tile_shape(self, column):
        """Return (rows, columns) of one unit's tile: a feature map's size, or 1x1."""
        shape = self.inside.outputs[self.inside.stages[column - 1]].shape
        return shape[:2] if len(shape) == 3 else (1, 1)

    def _draw_column(self, surface, column, box):
        """Draw a column's cells lit by their activations (output: probabilities, labelled)."""
        cells = [c for c in self.cells if c.column == column]
        if column == 0:
            surface.blit(ui.image_surface(self.inside.image, cells[0].rect.width), cells[0].rect)
            return
        values = self.inside.stage_values(column)
        peak = max(float(values.max()), 1e-6)
        if column == len(self.inside.stages):
            self._draw_outputs(surface, cells, values[:, 0])
            return
        key = (column, self._grids[column])
        if key not in self._surfaces:  # the whole stage in one picture: one blit, not hundreds
            tiles = values.reshape(len(values), *self._tile_shape(column)) / peak
            self._surfaces[key] = stage_surface(tiles, self._grids[column])
        surface.blit(self._surfaces[key], cells[0].rect.topleft)
        for unit in self.inside.trail[column]:
            pygame.draw.rect(surface, COLORS["gold"], cells[unit].rect.inflate(2, 2), width=1)

    def _draw_outputs(self, surface, cells, probabilities):
        """Draw ten output cells with the digit and its probability beside each."""
        fonts = self.app.fonts
        for cell, p in zip(cells, probabilities):
            pygame.draw.rect(surface, ramp(np.array([p]))[0], cell.rect)
            color = "gold" if cell.unit == self.inside.guess else "muted"
            label, x = f"{cell.unit}  {100 * p:.0f}%", cell.rect.right + 6
            room = self.rect.right - 8 - x  # inside the panel, whatever its shape
            ui.text(surface, fonts, label, 20, (x, cell.rect.centery), color=color, anchor="midleft", max_width=room)

    def _draw_lines(self, surface):
        """Draw the strongest feeders of the guess, stage to stage, thicker for a bigger share."""
        by_column = {}
        for cell in self.cells:
            by_column.setdefault(cell.column, []).append(cell)
        trail, strength = self.inside.trail, self.inside.strength
        for column, matrix in enumerate(strength):
            receivers, feeders = trail[column + 1], trail[column]
            top = max(float(matrix[feeders][:, receivers].max()), 1e-6)
            for k in feeders:
                for j in receivers:
                    share = float(matrix[k, j]) / top
                    if share > 0.05:
                        a, b = by_column[column][k].rect, by_column[column + 1][j].rect
                        width = max(1, round(3 * share))
                        pygame.draw.line(surface, COLORS["accent"], (a.right, a.centery), (b.left, b.centery), width)

    def _draw_path(self, surface):
        """Outline the units the path has gone through so far; the current one in white."""
        cells = [self._cell_of(i) for i in range(self.step + 1)]
        for a, b in zip(cells, cells[1:]):
            if a is not b:
                pygame.draw.line(surface, COLORS["accent2"], a.rect.midright, b.rect.midleft, 3)
        for i, cell in enumerate(cells):
            color = COLORS["text"] if i == self.step else COLORS["accent2"]
            pygame.draw.rect(surface, color, cell.rect.inflate(6, 6), width=3)
        pixel = self.inside.path[0]
        side = self.cells[0].rect.width / 28
        row, col = pixel.position
        dot = (round(self.cells[0].rect.x + (col + 0.5) * side), round(self.cells[0].rect.y + (row + 0.5) * side))
        pygame.draw.circle(surface, COLORS["accent2"], dot, max(4, round(side)), width=2)

    def _cell_of(self, index):
        """Return the Cell that step `index` of the path lights: the unit (or map) whose number it
        computes, in the column of the stage its layer belongs to."""
        step, stages = self.inside.path[index], self.inside.stages
        if step.kind == "input":
            return self.cells[0]
        if step.kind == "flatten":  # the cell is the map cell of the step before, seen as a list
            return self._cell_of(index - 1)
        column = min(sum(i < step.layer for i in stages) + 1, len(stages))
        return next(c for c in self.cells if c.column == column and c.unit == step.channel)

    def _draw_strip(self, surface, rect):
        """Draw the evidence map and, beside it, the legend or the current step's sum."""
        fonts, (a, b) = self.app.fonts, self.inside.versus
        side = min(rect.height, rect.width // 3)
        box = pygame.Rect(rect.x, rect.y, side, side)
        surface.blit(evidence_surface(self.inside.image, self.inside.evidence, side), box)
        text = pygame.Rect(box.right + 14, rect.y, rect.right - box.right - 14, rect.height)
        height = max(KEY[1], round(30 * fonts.scale))
        self.controls = pygame.Rect(text.x, text.bottom - height, min(text.width, round(420 * fonts.scale)), height)
        if self.step is None:
            lines = [
                (f"Evidence: orange ink pushed it to {a}, blue to {b}.", "text"),
                ("Click a cell: what does it look for?", "muted"),
            ]
            if self.remembered is not None:  # the score counts this reading, not the network's alone
                remembered = with_article(self.remembered)
                lines.insert(1, (f"Your past drawings make it {remembered}: the network alone reads {a}.", "gold"))
        else:
            steps = self.inside.path
            lines = [(f"Step {self.step + 1} of {len(steps)} along its strongest path", "accent")]
            lines.append((steps[self.step].equation(), "text"))
        _draw_lines(surface, fonts, lines, pygame.Rect(text.x, text.y, text.width, self.controls.y - 4 - text.y))


def _draw_lines(surface, fonts, lines, rect):
    """Draw (text, colour) lines word-wrapped in rect, at the largest size up to 22 at which
    they all fit in its height (16 at least)."""
    size = 22
    while size > 16 and _lines_height(fonts.get(size), lines, rect.width) > rect.height:
        size -= 1
    top = rect.y
    for line, color in lines:
        top = ui.paragraph(surface, fonts, line, size, pygame.Rect(rect.x, top, rect.width, 0), color=color) + 4


def _lines_height(font, lines, width):
    """Return the height of lines (text, colour) wrapped to width in font, 4 pixels apart."""
    return sum(len(ui.wrapped(font, line, width)) * font.get_linesize() + 4 for line, _ in lines)

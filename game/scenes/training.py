"""A Playground run, live: its loss and accuracy, the first layer's weights as they learn, the
validation confusions filling (a click on a cell shows the drawings behind it), validation digits
with their current guesses, and a canvas the newest checkpoint reads.

Training runs in a child process (playground/process.py): this page only reads what it
reports, so the window never waits; leaving the page leaves it training.
"""

import time

import numpy as np
import pygame

from .. import dialogs, ui
from ..canvas import Canvas
from ..playground.process import UNKNOWN
from ..recognizer import BackgroundLoad
from . import charts
from .actions import ENTER, MODAL, Action, Actions
from .base import Scene
from .layout import row_of
from .pictures import tile_grid, weights_surface

RELOAD_SECONDS = 2.0  # the canvas reads with weights at most this old (loaded in the background)
STRIP = 12  # validation digits shown with their guesses
CELL_SHOWN = 40  # drawings shown behind a confusion cell, at most
ACTIONS = (
    Action("Close", "close_cell", keys=(pygame.K_ESCAPE,), hint="Esc", shown=MODAL, when="cell", about="close"),
    Action("Play with it", "play", keys=ENTER, hint="Enter", shown="buttons", when="kept", about="play with it"),
    Action("Pause", "run.pause", keys=(pygame.K_p,), shown="buttons", when="running", about="pause the training"),
    Action("Resume", "run.resume", keys=(pygame.K_p,), shown="buttons", when="paused", about="go on training"),
    Action("Stop", "run.stop", keys=(pygame.K_s,), shown="buttons", when="under_way", about="stop: keep the best"),
    Action("Build another", "build_another", keys=(pygame.K_b,), shown="buttons", when="over"),
    Action("Your networks", "networks", keys=(pygame.K_n,), shown="buttons", when="over"),
    Action("Back", "leave", keys=(pygame.K_ESCAPE,), hint="Esc", shown="buttons", about="back (it goes on training)"),
    Action("Clear", "canvas.clear", keys=(pygame.K_c,), shown="canvas", when="run", about="clear the canvas"),
)


class TrainingScene(Scene):
    """The run of app.bench; ends "back", or "page": "networks" (the table), "playground" (build another)."""

    kind = "training"

    def __init__(self, app, back):
        super().__init__(app)
        self.back, self.run = back, app.bench.run
        self.canvas = Canvas((0, 0, 100, 100))
        self.reading, self._read = None, None  # the canvas' reading, and (canvas version, weights) it was for
        self.recognizer, self._loading, self._loaded_at = None, None, -RELOAD_SECONDS
        self._source = None  # (weights file, which) loaded or being loaded
        self._validation = None  # (images, labels) once read from the run's folder
        self.cell = None  # (drawn, read as) whose drawings are shown over the page
        self.cells, self.panels = {}, {}  # the confusion cells drawn: (drawn, read as) -> rect
        self.matrix = None  # their counts (10, 10)
        self.actions = Actions(self, ACTIONS)

    @property
    def buttons(self):
        """Return the buttons the run's state offers now."""
        return self.actions.buttons("buttons")

    def _state(self):
        """Return the run's state (None: no run)."""
        return self.run.state if self.run else None

    def over(self):
        """Return True if there is no run under way (none at all, or it is over)."""
        return self._state() is None or self._state().over

    def under_way(self):
        """Return True while the run trains (paused or not)."""
        return not self.over()

    def running(self):
        """Return True while the run trains, not paused."""
        return self.under_way() and not self._state().paused

    def paused(self):
        """Return True while the run is paused."""
        return self.under_way() and self._state().paused

    def kept(self):
        """Return True once the run is over and kept a network (it did not diverge)."""
        state = self._state()
        return self.over() and bool(state and state.summary and not state.diverged)

    def leave(self):
        """Back to the screen the page was opened over (the run goes on)."""
        self.finish("back")

    def networks(self):
        """Open the table of kept networks."""
        self.finish("page", page="networks")

    def play(self):
        """Play with the network just trained."""
        self.app.play_with(self.run.state.name)
        self.finish("back")

    def build_another(self):
        """Back to the Playground's building page (the one this page was opened from, if it was)."""
        if self.back.kind == "playground":
            self.finish("back")
        else:
            self.finish("page", page="playground")

    def close_cell(self):
        """Close the drawings of a confusion cell."""
        self.cell = None

    def handle_event(self, event):
        """Draw on the canvas; press the buttons (or their keys); click a confusion cell."""
        if self.cell is not None:
            if dialogs.pressed(event, self.actions.buttons(MODAL)) or (
                event.type == pygame.MOUSEBUTTONDOWN and event.button == 1
            ):
                self.close_cell()
            return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._click(event.pos)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 3:
            self.canvas.clear()
        elif event.type == pygame.MOUSEMOTION:
            self.actions.light(event.pos)
            if self.canvas.drawing:
                self.canvas.pen_move(event.pos)
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            self.canvas.pen_up()
        elif event.type == pygame.KEYDOWN:
            self.actions.key(event)

    def _click(self, pos):
        """A button, a confusion cell, or the pen going down on the canvas."""
        if self.actions.press(pos) or self.canvas.pen_down(pos):
            return
        for (true, guess), box in self.cells.items():
            if box.collidepoint(pos) and self.matrix[true, guess]:  # an empty cell has nothing to show
                self.cell = (true, guess)

    # ------------------------------------------------------------ reading
    def update(self, dt):
        """Load newer weights for the canvas (every RELOAD_SECONDS at most) and read it again."""
        if self.run is None:
            return
        if self._loading is not None and self._loading.done:
            self.recognizer, self._loading = self._loading.recognizer or self.recognizer, None
        due = time.monotonic() - self._loaded_at >= RELOAD_SECONDS
        source = self._weights_file()
        if due and self._loading is None and source is not None and source != self._source:
            self._source, self._loaded_at = source, time.monotonic()
            self._loading = BackgroundLoad(source[0], np.zeros((0, 784), np.float32), np.zeros(0, np.int64))
        self._read_canvas()

    def _weights_file(self):
        """Return (path, which) of the newest weights to read with: the kept network once the run
        is over, else latest.npz of the run (None before it wrote one)."""
        state = self.run.state
        if state.summary and state.summary.get("saved"):
            return state.summary["saved"], "kept"
        if state.latest:
            return str(self.run.run_folder / "latest.npz"), state.latest
        return None

    def _read_canvas(self):
        """Read the canvas with the newest weights when either changed."""
        now = (self.canvas.version, id(self.recognizer))
        if self.recognizer is not None and now != self._read:
            self._read = now
            self.reading = self.recognizer.read(self.canvas.strokes)

    def frame_key(self):
        """Return what changes without an event: the run's state, the reading, the toast."""
        version = self.run.state.version if self.run else None
        return version, self._read, self.app.toast_text(), self.cell

    # ------------------------------------------------------------ drawing
    def draw(self, surface):
        """Draw the header, the six panels, the buttons and, over them, a cell's drawings."""
        ui.background(surface)
        w, h = surface.get_size()
        fonts, m = self.app.fonts, max(8, round(min(w, h) * 0.02))
        header = self._draw_header(surface, pygame.Rect(m, m // 2, w - 2 * m, 0))
        height = max(32, round(h * 0.06))
        grid = pygame.Rect(m, header.bottom + m // 2, w - 2 * m, h - header.bottom - 2 * m - height - m // 2)
        self.panels = dict(zip(("loss", "matrix", "canvas", "accuracy", "weights", "strip"), _grid(grid, w, h, m)))
        if self.run is None:
            ui.paragraph(surface, fonts, "Nothing trains yet: build a network in the Playground.", 26, grid)
        else:
            self._draw_panels(surface)
        row = pygame.Rect(m, h - m - height, w - 2 * m, height)
        self.actions.draw(surface, fonts, "buttons", row_of(row, len(self.buttons), gap=m), 26)
        if self.cell is not None:
            self._draw_cell(surface)

    def _draw_header(self, surface, rect):
        """Draw the run's name and how far it is; return the rect drawn."""
        fonts = self.app.fonts
        if self.run is None:
            return ui.text(
                surface, fonts, "TRAINING", 40, (rect.centerx, rect.y), color="accent", anchor="midtop", bold=True
            )
        state = self.run.state
        title = f"{state.name}: {state.size.get('architecture') or state.blueprint.describe()}"
        title_rect = ui.text(
            surface, fonts, title, 34, (rect.x, rect.y), color="accent", bold=True, max_width=rect.width
        )
        status = self.app.toast_text() or _status(state)
        color = "gold" if self.app.toast_text() else ("bad" if state.diverged or state.error else "text")
        where = (rect.x, title_rect.bottom + 2)
        return ui.text(surface, fonts, status, 22, where, color=color, max_width=rect.width).union(title_rect)

    def _draw_panels(self, surface):
        """Draw the six panels of the run."""
        state = self.run.state
        points = np.array([p for p in state.points if p[1] is not None], float).reshape(-1, 3)
        marks = np.array(state.checkpoints, float).reshape(-1, 3)
        with np.errstate(divide="ignore"):
            losses = [(np.log10(points[:, 1]), "muted", points[:, 0]), (np.log10(marks[:, 1]), "accent", marks[:, 0])]
        self._chart(surface, "loss", "Loss (log10)", losses)
        curves = [(100 * points[:, 2], "muted", points[:, 0]), (100 * marks[:, 2], "accent", marks[:, 0])]
        self._chart(surface, "accuracy", "Accuracy %", curves, floor=_accuracy_floor(100 * marks[:, 2]))
        self._draw_matrix(surface)
        self._draw_weights(surface)
        self._draw_strip(surface)
        self._draw_canvas(surface)

    def _panel(self, surface, name, title):
        """Draw a panel and its title; return the room inside it."""
        rect, fonts = self.panels[name], self.app.fonts
        ui.panel(surface, rect)
        heading = ui.text(surface, fonts, title, 20, (rect.x + 8, rect.y + 4), bold=True, max_width=rect.width - 16)
        return pygame.Rect(rect.x + 8, heading.bottom + 2, rect.width - 16, rect.bottom - heading.bottom - 8)

    def _chart(self, surface, name, title, series, floor=None):
        """Draw a panel of lines: training (muted) and validation at checkpoints (accent)."""
        inner = self._panel(surface, name, f"{title}: training, validation")
        if not any(len(v) for v, _, _ in series):
            ui.text(surface, self.app.fonts, "the first points come in a moment", 18, inner.topleft, color="muted")
            return
        lines, xs = [(v, c) for v, c, _ in series], [x for _, _, x in series]
        charts.line_chart(surface, self.app.fonts, inner, lines, "", floor=floor, xs=xs)

    def _draw_matrix(self, surface):
        """Draw the validation confusions of the newest guesses (cells to click)."""
        inner = self._panel(surface, "matrix", "Validation: drawn (rows), read as")
        validation = self._validation_set()
        guesses = self.run.state.guesses
        self.cells = {}
        if validation is None or guesses is None or not (guesses != UNKNOWN).any():
            return
        self.matrix = charts.confusion_matrix(validation[1][: len(guesses)], guesses)
        self.cells = charts.confusion(surface, self.app.fonts, inner, self.matrix, inner.y)

    def _draw_weights(self, surface):
        """Draw the first layer's weights into its first units, as pictures."""
        inner = self._panel(surface, "weights", "First layer's weights")
        pictures = self.run.state.pictures
        if pictures is None:
            return
        for tile, rect in zip(pictures, tile_grid(inner, len(pictures), pictures.shape[1:])):
            surface.blit(weights_surface((tile.astype(np.float32) - 127.5) / 127.5, rect.size), rect)

    def _draw_strip(self, surface):
        """Draw validation digits with the network's current guess under each."""
        inner = self._panel(surface, "strip", "Validation digits: its guesses")
        validation, guesses = self._validation_set(), self.run.state.guesses
        if validation is None or guesses is None:
            return
        images, labels = validation
        picks = np.linspace(0, len(labels) - 1, STRIP).astype(int)
        label_h = self.app.fonts.get(20).get_linesize()
        tiles = tile_grid(
            pygame.Rect(inner.x, inner.y, inner.width, inner.height), STRIP, (28 + label_h * 28 // 20, 28)
        )
        for k, rect in zip(picks, tiles):
            side = min(rect.width, rect.height - label_h)
            if side < 8:
                continue
            surface.blit(ui.image_surface(images[k] / 255.0, side), (rect.x, rect.y))
            guess = int(guesses[k])
            shown, color = ("?", "muted") if guess == UNKNOWN else (guess, "good" if guess == labels[k] else "bad")
            ui.text(
                surface, self.app.fonts, shown, 20, (rect.x + side // 2, rect.y + side), color=color, anchor="midtop"
            )

    def _draw_canvas(self, surface):
        """Draw a canvas to write on and what the newest weights read there."""
        inner = self._panel(surface, "canvas", "Draw: the newest weights read it")
        side = max(40, min(inner.height, inner.width * 2 // 3))
        if self.canvas.rect != pygame.Rect(inner.x, inner.y, side, side):
            self.canvas.set_rect(pygame.Rect(inner.x, inner.y, side, side))
        self.canvas.draw(surface)
        column = pygame.Rect(inner.x + side + 6, inner.y, inner.right - inner.x - side - 6, side)
        button_h = max(32, round(28 * self.app.fonts.scale))
        clear = pygame.Rect(column.x, column.bottom - button_h, max(40, column.width), button_h)
        self.actions.draw(surface, self.app.fonts, "canvas", [clear], 20)
        bars = pygame.Rect(column.x, column.y, column.width, column.height - button_h - 4)
        probabilities = None if self.reading is None else self.reading.probabilities
        if bars.width >= 40 and bars.height >= 40:
            highlight = None if self.reading is None else self.reading.guess
            ui.probability_bars(surface, self.app.fonts, bars, probabilities, highlight=highlight, percents=False)

    def _draw_cell(self, surface):
        """Draw the validation drawings behind the chosen cell over the page."""
        true, guess = self.cell
        validation, guesses = self._validation_set(), self.run.state.guesses
        picks = np.flatnonzero((validation[1][: len(guesses)] == true) & (guesses == guess))[:CELL_SHOWN]
        ui.shade(surface)
        w, h = surface.get_size()
        box = pygame.Rect(w // 10, h // 10, w * 8 // 10, h * 8 // 10)
        ui.panel(surface, box, edge="accent")
        fonts = self.app.fonts
        title = f"Drawn {true}, read as {guess}: {len(picks)} drawing{'s' if len(picks) != 1 else ''}"
        heading = ui.text(
            surface,
            fonts,
            title,
            28,
            (box.centerx, box.y + 8),
            color="accent",
            anchor="midtop",
            bold=True,
            max_width=box.width - 20,
        )
        height = max(32, round(h * 0.06))
        room = pygame.Rect(box.x + 12, heading.bottom + 8, box.width - 24, box.bottom - heading.bottom - 28 - height)
        for k, rect in zip(picks, tile_grid(room, max(len(picks), 1), (28, 28))):
            surface.blit(ui.image_surface(validation[0][k] / 255.0, rect.width), rect)
        close = pygame.Rect(0, box.bottom - 10 - height, min(200, box.width - 20), height)
        close.centerx = box.centerx
        self.actions.draw(surface, fonts, MODAL, [close], 26)

    def _validation_set(self):
        """Return (images, labels) of the run's validation set, read once, or None."""
        if self._validation is None and self.run is not None:
            self._validation = self.run.validation()
        return self._validation

    def resize(self, size):
        """The canvas follows its panel at the next drawing."""


def _grid(area, w, h, m):
    """Return the six panels' rects: three columns of two in a wide window, two of three in a tall one."""
    columns = 3 if w >= 1.1 * h else 2
    rows = 6 // columns
    height = (area.height - (rows - 1) * m // 2) // rows
    cells = []
    for r in range(rows):
        line = pygame.Rect(area.x, area.y + r * (height + m // 2), area.width, height)
        cells += row_of(line, columns, gap=m // 2)
    order = (0, 1, 2, 3, 4, 5) if columns == 3 else (0, 2, 1, 4, 3, 5)
    return [cells[i] for i in order]


def _accuracy_floor(validation):
    """Return the accuracy chart's floor: low enough to show every validation point with room
    under it (the first training points, near chance, fall off the bottom)."""
    if not len(validation):
        return 0.0
    lowest = float(np.min(validation))
    return max(0.0, lowest - max(1.0, (100.0 - lowest) * 0.6))


def _status(state):
    """Return the line saying how far the run is, or how it ended."""
    if state.error:
        return state.error
    if state.diverged:
        return "Diverged: try a smaller learning rate. Nothing was kept."
    if state.summary:
        s = state.summary
        test = "" if s.get("test_accuracy") is None else f", MNIST test {100 * s['test_accuracy']:.2f}%"
        return f"Kept: validation {100 * s['validation_accuracy']:.2f}%{test}, {s['seconds']:.0f} s of training"
    if not state.points:
        return "Starting: reading the images..."
    epochs = state.size.get("epochs", state.blueprint.epochs)
    best = "" if state.best is None else f", validation best {100 * state.best:.2f}%"
    left = "" if state.left is None else f", about {state.left:.0f} s left"
    doing = "testing the best checkpoint" if state.testing else f"epoch {state.epoch:.2f} of {epochs}"
    paused = " (paused)" if state.paused else ""
    return f"{doing}{paused}: loss {state.points[-1][1]}, {state.seconds:.0f} s{left}{best}"

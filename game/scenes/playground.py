"""The Playground: build a network, see what it costs on this computer, and train it.

    [presets: MLP 128 | MLP 50-20 SGD | Small CNN | Shipped CNN]
    [the network: kind, layers, widths, activation] [its training: optimiser, lr, ...]
    name, weights, memory, seconds an epoch (measured here)
    [Train] [Your networks] [Back]

Every setting is a row: a click on < or > (or Left, Right on the chosen row)
changes it. The cost is measured in a child process a moment after a change.
"""

import pygame

from .. import ui
from ..playground.blueprint import PRESETS
from ..playground.process import Estimate
from .actions import ENTER, Action, Actions
from .base import Scene
from .layout import row_of

ESTIMATE_AFTER = 0.4  # seconds after the last change before the cost is measured again
WIDTHS = (8, 16, 20, 32, 50, 64, 100, 128, 256, 512, 800, 1024)
FILTERS = (4, 8, 16, 32, 64)
RATES = (1e-5, 3e-5, 1e-4, 3e-4, 0.001, 0.003, 0.005, 0.01, 0.03, 0.1, 0.3, 1.0)
BATCHES = (1, 8, 16, 32, 40, 64, 128, 256, 512, 1024)
EPOCHS = (1, 2, 3, 5, 10, 20, 30, 50, 100)
IMAGES = (1_000, 2_000, 5_000, 10_000, 20_000, 30_000, 55_000)
NAMES = {"mlp": "MLP", "cnn": "CNN", "relu": "ReLU", "sigmoid": "sigmoid", "tanh": "tanh"}
OPTIMIZERS = {"sgd": "SGD", "momentum": "momentum", "adam": "Adam"}
PRESET_LABELS = ("MLP 128", "MLP 50-20 SGD", "Small CNN", "Shipped CNN")
ACTIONS = (  # and every setting a row: its < and > (or Left, Right on the chosen row) change it
    *(
        Action(label, "choose_preset", keys=(pygame.K_1 + i,), shown="presets", args=(i,), about=f"build {label}")
        for i, label in enumerate(PRESET_LABELS)
    ),
    Action("Train", "train", keys=ENTER, hint="Enter", shown="actions", caption="_train_label", about="train it"),
    Action("Your networks", "networks", keys=(pygame.K_n,), shown="actions", about="the networks you kept"),
    Action("Back", "leave", keys=(pygame.K_ESCAPE, pygame.K_BACKSPACE), hint="Esc", shown="actions"),
)


class Setting:
    """One row: a label, the values it steps through, and how it reads and changes a blueprint."""

    def __init__(self, label, values, get, set_, show=str):
        self.label, self.values, self.get, self.set, self.show = label, values, get, set_, show

    def stepped(self, blueprint, step):
        """Return the blueprint with this setting moved `step` values along (wrapping round)."""
        current = self.get(blueprint)
        index = self.values.index(current) if current in self.values else _nearest(self.values, current)
        return self.set(blueprint, self.values[(index + step) % len(self.values)])


def _nearest(values, value):
    """Return the index of the value closest to `value` (a preset may hold one between steps)."""
    try:
        return min(range(len(values)), key=lambda i: abs(values[i] - value))
    except TypeError:
        return 0


def network_settings(b):
    """Return the rows of the network's column for blueprint b (they follow its kind and depth)."""
    rows = [Setting("Kind", ("mlp", "cnn"), lambda b: b.arch, _kind, NAMES.get)]
    if b.arch == "cnn":
        rows.append(Setting("Conv blocks", (1, 2), lambda b: len(b.filters), _blocks))
        for i in range(len(b.filters)):
            rows.append(Setting(f"Filters {i + 1}", FILTERS, _item("filters", i), _set_item("filters", i)))
        rows.append(Setting("Kernel", (3, 5), lambda b: b.kernel, lambda b, v: b.with_changes(kernel=v), _kernel))
    most = 2 if b.arch == "cnn" else 3
    rows.append(Setting("Dense layers", tuple(range(most + 1)), lambda b: len(b.hidden), _depth))
    for i in range(len(b.hidden)):
        rows.append(Setting(f"Width {i + 1}", WIDTHS, _item("hidden", i), _set_item("hidden", i)))
    activation = Setting("Activation", ("relu", "sigmoid", "tanh"), lambda b: b.activation, _field("activation"))
    activation.show = NAMES.get
    return rows + [activation]


def training_settings(b):
    """Return the rows of the training's column."""
    on_off = lambda v: "on" if v else "off"
    return [
        Setting("Optimiser", tuple(OPTIMIZERS), lambda b: b.optimizer, _field("optimizer"), OPTIMIZERS.get),
        Setting("Learning rate", RATES, lambda b: b.lr, _field("lr"), lambda v: f"{v:g}"),
        Setting("Batch size", BATCHES, lambda b: b.batch_size, _field("batch_size")),
        Setting("Epochs", EPOCHS, lambda b: b.epochs, _field("epochs")),
        Setting("MNIST images", IMAGES, lambda b: b.images, _field("images"), lambda v: f"{v:,}"),
        Setting("Pen drawings", (False, True), lambda b: b.pen, _field("pen"), on_off),
        Setting("My drawings", (False, True), lambda b: b.mine, _field("mine"), on_off),
        Setting("Augmentation", (False, True), lambda b: b.augment, _field("augment"), on_off),
    ]


def _field(name):
    return lambda b, v: b.with_changes(**{name: v})


def _item(name, i):
    return lambda b: getattr(b, name)[i]


def _set_item(name, i):
    return lambda b, v: b.with_changes(**{name: getattr(b, name)[:i] + (v,) + getattr(b, name)[i + 1 :]})


def _kind(b, arch):
    """Return b as an MLP or a CNN (a CNN keeps at most 2 dense layers)."""
    return b.with_changes(arch=arch, hidden=b.hidden[:2] if arch == "cnn" else b.hidden)


def _blocks(b, count):
    return b.with_changes(filters=(b.filters + (b.filters[-1] * 2,))[:count])


def _depth(b, count):
    return b.with_changes(hidden=(b.hidden + (64,) * 3)[:count])


def _kernel(size):
    return f"{size}x{size}"


def default_name(blueprint, taken):
    """Return a short name for a network of this blueprint that no kept network has:
    "MLP 128", "CNN 8-16 64 tanh", "MLP 128 2"."""
    b = blueprint
    parts = [NAMES[b.arch]] + (["-".join(map(str, b.filters))] if b.arch == "cnn" else [])
    parts += ["-".join(map(str, b.hidden)) or "0"] + ([b.activation] if b.activation != "relu" else [])
    base = " ".join(parts)[:20].strip()
    number, name = 1, base
    while name.casefold() in taken:
        number += 1
        name = f"{base} {number}"
    return name


class PlaygroundScene(Scene):
    """Rows of settings in two columns, presets over them, the cost and Train under them.
    Ends "back", or "page": the run's page ("training") or the table of kept networks ("networks")."""

    kind = "playground"

    def __init__(self, app, back):
        super().__init__(app)
        self.back, self.selected = back, 0
        self.actions = Actions(self, ACTIONS)
        self.arrows = []  # (row index, step, Button) of the rows drawn
        self.estimate, self._changed = None, 0.0

    @property
    def blueprint(self):
        return self.app.bench.blueprint

    def rows(self):
        """Return the rows: the network's column, then the training's."""
        return network_settings(self.blueprint) + training_settings(self.blueprint)

    @property
    def presets(self):
        """Return the presets' buttons."""
        return self.actions.buttons("presets")

    def choose_preset(self, index):
        """Build preset `index` of PRESETS."""
        self._choose(list(PRESETS.values())[index])

    def networks(self):
        """Open the table of kept networks."""
        self.finish("page", page="networks")

    def leave(self):
        """Back to the screen the Playground was opened from."""
        self.finish("back")

    def _train_label(self):
        """Return the first action's words: train, or watch the run under way."""
        return "Watch training" if self.app.bench.training else "Train"

    def _choose(self, blueprint):
        """Build a preset (or the blueprint as changed); its cost is measured again soon."""
        self.app.bench.blueprint = blueprint
        self.selected = min(self.selected, len(self.rows()) - 1)
        self._changed = self.app.game_time
        if self.estimate is not None:
            self.estimate.stop()
        self.estimate = None

    def _step(self, row, step):
        """Move row `row`'s setting `step` values along."""
        self.selected = row
        self._choose(self.rows()[row].stepped(self.blueprint, step))

    def train(self):
        """Train the blueprint (one run at a time): on to the run's page."""
        bench, problems = self.app.bench, self.blueprint.problems()
        if bench.training:
            self.finish("page", page="training")
            return
        if problems:
            self.app.toast(problems[0].capitalize() + ".", error=True)
            return
        networks = self.app.networks()
        name = default_name(self.blueprint, {n.casefold() for n in networks.names()})
        bench.start(name, self.blueprint, self.app.profile.folder)
        self.finish("page", page="training")

    def handle_event(self, event):
        """Keys choose rows and change them; clicks press the arrows, presets and actions."""
        if event.type == pygame.MOUSEMOTION:
            self.actions.light(event.pos)
            ui.light([button for *_, button in self.arrows], event.pos)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for row, step, button in self.arrows:
                if button.hit(event.pos):
                    self._step(row, step)
                    return
            self.actions.press(event.pos)
        elif event.type == pygame.MOUSEWHEEL:
            self._step(self.selected, 1 if event.y > 0 else -1)
        elif event.type == pygame.KEYDOWN:
            self._key(event)

    def _key(self, event):
        """Up, Down choose a row; Left, Right change it; the table's keys do the rest."""
        count, key = len(self.rows()), event.key
        if key in (pygame.K_DOWN, pygame.K_TAB, pygame.K_UP):
            self.selected = (self.selected + (-1 if key == pygame.K_UP else 1)) % count
        elif key in (pygame.K_LEFT, pygame.K_RIGHT):
            self._step(self.selected, -1 if key == pygame.K_LEFT else 1)
        else:
            self.actions.key(event)

    def update(self, dt):
        """Measure the cost of a blueprint a moment after it last changed."""
        if self.estimate is None and self.app.game_time - self._changed >= ESTIMATE_AFTER:
            self.estimate = Estimate(self.blueprint, self.app.profile.folder)
        if self.estimate is not None:
            self.estimate.update()

    def frame_key(self):
        """Return what changes without an event: the cost once measured, the toast, a run's end."""
        figures = None if self.estimate is None else (self.estimate.figures, self.estimate.error)
        return self.blueprint, figures, self.app.toast_text(), self.app.bench.training

    def draw(self, surface):
        """Draw the title, presets, the two columns of rows, the cost line and the actions."""
        ui.background(surface)
        w, h = surface.get_size()
        fonts, m = self.app.fonts, max(8, round(min(w, h) * 0.02))
        height = max(32, round(h * 0.055))
        title = ui.text(
            surface, fonts, "THE PLAYGROUND", 48, (w // 2, m // 2), color="accent", anchor="midtop", bold=True
        )
        presets = pygame.Rect(m, title.bottom + m // 2, w - 2 * m, height)
        self.actions.draw(surface, fonts, "presets", row_of(presets, len(PRESET_LABELS), gap=m // 2), 24)
        bottom = h - m - height
        cost_h = fonts.get(22).get_linesize()
        columns = pygame.Rect(m, presets.bottom + m // 2, w - 2 * m, bottom - cost_h - m - presets.bottom - m)
        left, right = row_of(columns, 2, gap=m)
        self.arrows = []
        network = network_settings(self.blueprint)
        self._draw_column(surface, left, "The network", network, 0)
        self._draw_column(surface, right, "Its training", training_settings(self.blueprint), len(network))
        where = (w // 2, columns.bottom + m // 2)
        line, color = self._cost_line()
        ui.text(surface, fonts, line, 22, where, color=color, anchor="midtop", max_width=w - 2 * m)
        actions = pygame.Rect(m, bottom, w - 2 * m, height)
        self.actions.draw(surface, fonts, "actions", row_of(actions, 3, gap=m), 26)

    def _cost_line(self):
        """Return (the line saying the name and cost, its colour): a problem in red."""
        problems = self.blueprint.problems()
        if problems:
            return problems[0].capitalize(), "bad"
        if self.app.toast_text():
            return self.app.toast_text(), "gold"
        name = default_name(self.blueprint, {n.casefold() for n in self.app.networks().names()})
        figures = self.estimate and self.estimate.figures
        if not figures or figures.get("problems"):
            return f"{name}: measuring what it costs on this computer...", "muted"
        epoch = figures["seconds_per_epoch"]
        time = f"{epoch:.1f} s" if epoch < 60 else f"{epoch / 60:.1f} min"
        return (
            f"{name}: {figures['parameters']:,} weights, {figures['memory_mb']:,} MB, about {time} an epoch here",
            "text",
        )

    def _draw_column(self, surface, rect, heading, settings, first):
        """Draw a panel of rows (first: the index of its first row among all the rows)."""
        fonts = self.app.fonts
        ui.panel(surface, rect)
        top = ui.text(
            surface, fonts, heading, 24, (rect.x + 10, rect.y + 6), color="gold", bold=True, max_width=rect.width - 20
        )
        inner = pygame.Rect(rect.x + 8, top.bottom + 4, rect.width - 16, rect.bottom - top.bottom - 10)
        height = max(32, min(round(inner.height / 9) - 3, round(44 * max(1.0, fonts.scale))))
        for k, setting in enumerate(settings):
            row = pygame.Rect(inner.x, inner.y + k * (height + 3), inner.width, height)
            self._draw_row(surface, row, first + k, setting)

    def _draw_row(self, surface, row, index, setting):
        """Draw one row: its label, and < value > (lit when chosen)."""
        fonts, chosen = self.app.fonts, index == self.selected
        if chosen:
            pygame.draw.rect(surface, ui.COLORS["bar"], row, border_radius=8)
        label_w, size = round(row.width * 0.46), fonts.size_for(22, row.height - 4)  # a row's words fit its height
        ui.text(
            surface,
            fonts,
            setting.label,
            size,
            (row.x + 6, row.centery),
            color="text" if chosen else "muted",
            anchor="midleft",
            max_width=label_w - 8,
        )
        arrow_w = max(40, row.height)
        back = pygame.Rect(row.x + label_w, row.y, arrow_w, row.height)
        forward = pygame.Rect(row.right - arrow_w, row.y, arrow_w, row.height)
        value = setting.show(setting.get(self.blueprint))
        where = ((back.right + forward.x) // 2, row.centery)
        ui.text(surface, fonts, value, size, where, anchor="center", bold=chosen, max_width=forward.x - back.right - 8)
        for step, rect, label in ((-1, back, "<"), (1, forward, ">")):
            button = ui.Button(label, lambda: None)
            button.rect = rect
            button.draw(surface, fonts, size, keys=False)
            self.arrows.append((index, step, button))

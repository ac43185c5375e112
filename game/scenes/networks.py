"""Your networks: every network kept from the Playground beside the shipped one, in one table
with bars; play with one, rename, share, delete (after a question) or import one.

Sharing copies a network into the data folder's shared/ (every player of this
computer sees it there, and a file from another computer can be put there);
Import keeps every shared network not kept yet.
"""

import pygame

from .. import dialogs, ui
from ..atomic import read_json
from ..model import load_network
from ..paths import SHIPPED_WEIGHTS
from ..playground.blueprint import MAX_NAME, BlueprintError
from ..playground.saved import SUFFIX, SavedNetworkError
from ..theme import COLORS, MIN_PIXELS
from .actions import ENTER, MODAL, Action, Actions, answers
from .base import Scene
from .layout import row_of

SHIPPED = "shipped"
COLUMNS = (
    ("Name", 0.2),
    ("Layers", 0.28),
    ("Weights", 0.11),
    ("MNIST test", 0.16),
    ("Pen writers", 0.16),
    ("ms", 0.09),
)
ACTIONS = (
    Action("OK", "rename", keys=ENTER, hint="Enter", shown=MODAL, when="typing", about="keep the name typed"),
    Action("Cancel", "cancel", keys=(pygame.K_ESCAPE,), hint="Esc", shown=MODAL, when="typing"),
    *answers(("Yes, delete", "delete", ""), ("No, keep it", "cancel", ""), when="asking"),
    Action(
        "Play with it",
        "play",
        keys=ENTER,
        hint="Enter",
        shown="actions",
        when="other_chosen",
        about="play with the chosen network",
    ),
    Action("Rename", "ask_name", keys=(pygame.K_r,), shown="actions", when="kept_chosen", about="rename it"),
    Action(
        "Share",
        "share",
        keys=(pygame.K_e,),
        shown="actions",
        when="kept_chosen",
        about="share it with every player of this computer",
    ),
    Action("Delete", "ask", keys=(pygame.K_d,), shown="actions", when="kept_chosen", about="delete it (asked first)"),
    Action(
        "Import", "import_shared", keys=(pygame.K_i,), shown="actions", when="_importable", about="keep the shared ones"
    ),
    Action("Back", "leave", keys=(pygame.K_ESCAPE, pygame.K_BACKSPACE), hint="Esc", shown="actions"),
)
NOTE = "Pen writers: the 9 held out whole (2,250 drawings). * The shipped network trained on other drawings of them."


class NetworksScene(Scene):
    """A row per network (the shipped one first); Up/Down or a click choose; each action has
    a button and a key. Ends "back"."""

    kind = "networks"

    def __init__(self, app, back):
        super().__init__(app)
        self.back, self.selected, self.first = back, 0, 0
        self.asking, self.typing, self.text = False, False, ""
        self.rows = []  # (index, rect) of the rows drawn
        self.actions = Actions(self, ACTIONS)
        self._read()

    # ------------------------------------------------------------ the table
    def _read(self):
        """Read the cards of the kept networks, the shipped network's figures first."""
        networks = self.app.networks()
        self.cards = [shipped_card()] + networks.cards()
        for card in self.cards:  # every reading timed here, alike: one drawing, as the game reads
            path = SHIPPED_WEIGHTS if card["name"] == SHIPPED else networks.path(card["name"])
            card.setdefault("scores", {})["ms_per_reading"] = self.app.bench.reading_ms(path)
        self.selected = min(self.selected, len(self.cards) - 1)

    @property
    def chosen(self):
        return self.cards[self.selected]

    @property
    def buttons(self):
        """Return the buttons that apply to the chosen row."""
        return self.actions.buttons("actions")

    @property
    def deleting(self):
        """Return the delete question's buttons (yes, no)."""
        return self.actions.buttons(MODAL) if self.asking else []

    @property
    def naming(self):
        """Return the name dialog's buttons (OK, Cancel)."""
        return self.actions.buttons(MODAL) if self.typing else []

    def other_chosen(self):
        """Return True if the chosen network is not the one playing."""
        return self.chosen["name"] != (self.app.profile.network_name or SHIPPED)

    def kept_chosen(self):
        """Return True if the chosen network is one the player kept (not the shipped one)."""
        return self.chosen["name"] != SHIPPED

    def leave(self):
        """Back to the screen the table was opened from."""
        self.finish("back")

    def play(self):
        """Play with the chosen network (the shipped one: the player's own weights again)."""
        name = self.chosen["name"]
        self.app.play_with(None if name == SHIPPED else name)

    def ask(self):
        self.asking = True

    def ask_name(self):
        self.typing, self.text = True, self.chosen["name"]
        pygame.key.start_text_input()

    def cancel(self):
        self.asking = False
        if self.typing:
            self.typing = False
            pygame.key.stop_text_input()

    def delete(self):
        """Delete the chosen network (the shipped one plays if it was in use)."""
        self.asking, name = False, self.chosen["name"]
        if self.app.profile.network_name == name:
            self.app.play_with(None)
        self._try(lambda: self.app.networks().delete(name), f"{name} is deleted.")

    def rename(self):
        """Rename the chosen network to the name typed."""
        old, new = self.chosen["name"], self.text
        if self._try(lambda: self.app.networks().rename(old, new), f"{old} is now called {new.strip()}."):
            if self.app.profile.network_name == old:
                self.app.play_with(self.app.networks().find(new))
            self.cancel()

    def share(self):
        """Copy the chosen network into the data folder's shared/, for every player of this computer."""
        name, folder = self.chosen["name"], self.app.shared_networks()
        out = folder / f"{name}{SUFFIX}"
        self._try(lambda: (folder.mkdir(exist_ok=True), self.app.networks().export(name, out)), f"Shared as {out}")

    def _importable(self):
        """Return the shared files whose name no kept network has."""
        folder = self.app.shared_networks()
        kept = {card["name"].casefold() for card in self.cards}
        found = sorted(folder.glob(f"*{SUFFIX}")) if folder.is_dir() else []
        return [path for path in found if path.stem.casefold() not in kept]

    def import_shared(self):
        """Keep every shared network not kept yet; say how it went."""
        done, problems = [], []
        for path in self._importable():
            try:
                done.append(self.app.networks().import_file(path))
            except (SavedNetworkError, BlueprintError, OSError) as error:
                problems.append(str(error))
        self._read()
        message = f"Imported {', '.join(done)}." if done else "Nothing imported."
        self.app.toast(" ".join([message, *problems[:1]]), error=bool(problems))

    def _try(self, action, success):
        """Run action; toast success, or the error in one line. Return True if it worked."""
        try:
            action()
        except (SavedNetworkError, BlueprintError, OSError) as error:
            self.app.toast(str(error)[:1].upper() + str(error)[1:] + ".", error=True)
            return False
        self.app.toast(success)
        self._read()
        return True

    # ------------------------------------------------------------ input
    def handle_event(self, event):
        """Type a name, answer the question, or choose a row and an action."""
        if self.typing:
            if answer := dialogs.pressed(event, self.naming):
                answer.action()
            else:
                self.text = ui.edited(self.text, event, MAX_NAME)
        elif self.asking:
            if answer := dialogs.pressed(event, self.deleting):
                answer.action()
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if not self.actions.press(event.pos):
                self.selected = next((i for i, rect in self.rows if rect.collidepoint(event.pos)), self.selected)
        elif event.type == pygame.MOUSEMOTION:
            self.actions.light(event.pos)
        elif event.type == pygame.MOUSEWHEEL:
            self.selected = max(0, min(len(self.cards) - 1, self.selected - event.y))
        elif event.type == pygame.KEYDOWN:
            self._key(event)

    def _key(self, event):
        """Up, Down choose; the table's keys do the rest."""
        if event.key in (pygame.K_DOWN, pygame.K_UP, pygame.K_TAB):
            self.selected = (self.selected + (-1 if event.key == pygame.K_UP else 1)) % len(self.cards)
        else:
            self.actions.key(event)

    def frame_key(self):
        return self.app.toast_text()

    # ------------------------------------------------------------ drawing
    def draw(self, surface):
        """Draw the table, its note, the actions, and a question over them if one is asked."""
        ui.background(surface)
        w, h = surface.get_size()
        fonts, m = self.app.fonts, max(8, round(min(w, h) * 0.025))
        title = ui.text(
            surface, fonts, "YOUR NETWORKS", 48, (w // 2, m // 2), color="accent", anchor="midtop", bold=True
        )
        height = max(32, round(h * 0.065))
        note_h = fonts.get(20).get_linesize()
        table = pygame.Rect(m, title.bottom + m // 2, w - 2 * m, h - title.bottom - 3 * m - height - note_h)
        self._draw_table(surface, table)
        note = self.app.toast_text() or NOTE
        color = "gold" if self.app.toast_text() else "muted"
        ui.text(
            surface, fonts, note, 20, (w // 2, table.bottom + m // 2), color=color, anchor="midtop", max_width=w - 2 * m
        )
        row = row_of(pygame.Rect(m, h - m - height, w - 2 * m, height), len(self.buttons), gap=m // 2)
        self.actions.draw(surface, fonts, "actions", row, 26)
        if self.asking:
            explanation = "Its weights, blueprint and curves go for good (a shared copy stays shared)."
            dialogs.dialog(surface, fonts, f"Delete {self.chosen['name']}?", explanation, self.deleting)
        elif self.typing:
            explanation = f"Letters, digits, spaces, '-' and '_', up to {MAX_NAME}."
            dialogs.dialog(surface, fonts, f"Rename {self.chosen['name']}", explanation, self.naming, field=self.text)

    def _draw_table(self, surface, area):
        """Draw the header and the rows that fit, the chosen one in view."""
        fonts = self.app.fonts
        height = max(34, min(round(area.height / 7), round(56 * max(1.0, fonts.scale))))
        columns = _columns(pygame.Rect(area.x, area.y, area.width, height))
        self.size = self._table_size(columns, height)
        for (label, _), rect in zip(COLUMNS, columns):
            where, room = (rect.x + 6, rect.centery), rect.width - 8
            ui.text(surface, fonts, label, self.size, where, color="muted", anchor="midleft", max_width=room, cut=True)
        fit = max(1, (area.height - height) // (height + 4))
        self.first = max(0, min(self.selected - fit // 2, len(self.cards) - fit))
        self.rows = []
        for k, card in enumerate(self.cards[self.first : self.first + fit]):
            index = self.first + k
            rect = pygame.Rect(area.x, area.y + (k + 1) * (height + 4), area.width, height)
            self.rows.append((index, rect))
            self._draw_row(surface, rect, card, index == self.selected)

    def _table_size(self, columns, height):
        """Return the one size of the table's words: the largest, 20 at most, at which every
        name, size and heading fits its cell (a long list of layers is cut short instead), the
        smallest font at least."""
        fonts, size = self.app.fonts, 20
        for card in self.cards:
            name, weights = f"{card['name']} (playing)", f"{card.get('parameters') or 0:,}"
            for text, cell in ((name, columns[0]), (weights, columns[2])):
                size = min(size, fonts.fit(20, [text], cell.width - 10, height - 12, bold=True))
        for (label, _), cell in zip(COLUMNS, columns):
            size = min(size, fonts.fit(20, [label], cell.width - 8, height - 12))
        return max(size, MIN_PIXELS / fonts.scale)

    def _draw_row(self, surface, rect, card, chosen):
        """Draw one network's row: its name, layers, size, bars of its accuracies, its speed."""
        fonts = self.app.fonts
        ui.panel(surface, rect, "bar" if chosen else "panel", "accent" if chosen else "panel_edge", radius=8)
        ui.note(surface, "button", rect, card["name"])
        scores = card.get("scores") or {}
        playing = (self.app.profile.network_name or SHIPPED) == card["name"]
        name = f"{card['name']} (playing)" if playing else card["name"]
        texts = [name, card.get("architecture", ""), f"{card.get('parameters') or 0:,}"]
        cells, size = _columns(rect), self.size
        for text, cell in zip(texts, cells):
            where, room = (cell.x + 6, cell.centery), cell.width - 10
            ui.text(surface, fonts, text, size, where, anchor="midleft", bold=chosen, max_width=room, cut=True)
        for key, cell in zip(("test_accuracy", "pen_accuracy"), cells[3:5]):
            box, flattered = cell.inflate(-8, -rect.height // 3), card.get("flattered") == key
            _bar(surface, fonts, box, scores.get(key), flattered, size)
        ms = scores.get("ms_per_reading")
        where, room = (cells[5].x + 6, cells[5].centery), cells[5].width - 8
        ms = "-" if ms is None else f"{ms:.2f}"
        ui.text(surface, fonts, ms, size, where, anchor="midleft", max_width=room, cut=True)


def _columns(rect):
    """Return the rects of the table's columns across rect."""
    x, cells = rect.x, []
    for _, share in COLUMNS:
        cells.append(pygame.Rect(round(x), rect.y, round(rect.width * share), rect.height))
        x += rect.width * share
    return cells


def _bar(surface, fonts, rect, share, flattered=False, size=20):
    """Draw an accuracy as a bar over 90..100% and its figure ("-" if not measured)."""
    if share is None:
        ui.text(surface, fonts, "-", size, (rect.x, rect.centery), anchor="midleft")
        return
    track = pygame.Rect(rect.x, rect.y, rect.width // 2, rect.height)
    pygame.draw.rect(surface, COLORS["background"], track, border_radius=4)
    filled = track.copy()
    filled.width = max(2, round(track.width * min(1.0, max(0.0, (share - 0.9) / 0.1))))
    pygame.draw.rect(surface, COLORS["gold" if flattered else "accent"], filled, border_radius=4)
    figure = f"{100 * share:.2f}%{'*' if flattered else ''}"
    where, room = (track.right + 4, rect.centery), rect.right - track.right - 4
    ui.text(surface, fonts, figure, size, where, anchor="midleft", max_width=room, cut=True)


def shipped_card():
    """Return the shipped network's row: its size, and its figures from its metrics file."""
    metrics = read_json(SHIPPED_WEIGHTS.with_suffix(".metrics.json"), {})
    confusion = metrics.get("confusion", {}) if isinstance(metrics, dict) else {}
    accuracy = lambda key: confusion.get(key, {}).get("accuracy") if isinstance(confusion.get(key), dict) else None
    network = load_network(SHIPPED_WEIGHTS)
    return {
        "name": SHIPPED,
        "architecture": network.name,
        "parameters": int(network.params.size),
        "scores": {"test_accuracy": accuracy("mnist_test"), "pen_accuracy": accuracy("pen_holdout")},
        "flattered": "pen_accuracy",
    }

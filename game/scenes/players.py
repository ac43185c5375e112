"""Who is playing: choose a player, add one, rename or delete one (after a question), by keys,
clicks or fingers alike."""

import pygame

from .. import dialogs, ui
from ..names import MAX_NAME
from ..players import ChangedMeanwhile, PlayerError
from .actions import ENTER, MODAL, Action, Actions, answers
from .base import Scene
from .layout import column_of, row_of

HINT = "Up, Down or a click choose a player; a click on the chosen one plays as them."
ACTIONS = (
    Action("OK", "keep_name", keys=ENTER, hint="Enter", shown=MODAL, when="typing", about="keep the name typed"),
    Action("Cancel", "stop_typing", keys=(pygame.K_ESCAPE,), hint="Esc", shown=MODAL, when="typing"),
    *answers(("Yes, delete", "delete", ""), ("No, keep", "keep", ""), when="asking"),
    Action("Add", "start_typing", keys=(pygame.K_a,), shown="actions", args=("add",), about="add a player"),
    Action("Rename", "start_typing", keys=(pygame.K_r,), shown="actions", args=("rename",), about="rename them"),
    Action(
        "Delete",
        "ask",
        keys=(pygame.K_d,),
        shown="actions",
        ready="others",
        about="delete the chosen one (asked first; the only player cannot be)",
    ),
    Action(
        "Play as",
        "play_as",
        keys=ENTER,
        hint="Enter",
        shown="leaving",
        caption="_play_label",
        about="play as the chosen player",
    ),
    Action("Back", "leave", keys=(pygame.K_ESCAPE,), hint="Esc", shown="leaving", about="back to the title"),
)


class PlayersScene(Scene):
    """Up/Down (or a click) choose, Enter (or a click on the one chosen) plays as them, A adds,
    R renames, D deletes, Esc goes back; each has its button too. Ends "back"."""

    kind = "players"

    def __init__(self, app, back):
        super().__init__(app)
        self.back = back
        app.players.refresh()  # as they are now: another copy of the game may have changed them
        names = app.players.names()
        self.selected = names.index(app.players.current) if app.players.current in names else 0
        self.typing = None  # "add" or "rename" while a name is being typed
        self.text = ""
        self.asking = False  # "Delete X?" waits for an answer
        self.actions = Actions(self, ACTIONS)
        self.rows = []  # (index of the player, rect) of the rows on screen

    @property
    def names(self):
        """Return the players' names."""
        return self.app.players.names()

    @property
    def naming(self):
        """Return the name dialog's buttons (OK, Cancel)."""
        return self.actions.buttons(MODAL) if self.typing else []

    @property
    def deleting(self):
        """Return the delete question's buttons (yes, no)."""
        return self.actions.buttons(MODAL) if self.asking else []

    def others(self):
        """Return True if there is another player: the only one cannot be deleted."""
        return len(self.names) > 1

    def _play_label(self):
        """Return the words of the button that plays as the chosen player."""
        return f"Play as {self.names[self.selected]}"

    def handle_event(self, event):
        """Type a name, answer the question, or choose what to do: a key, a button or a row."""
        if self.typing:
            self._type(event)
        elif self.asking:
            if answer := dialogs.pressed(event, self.deleting):
                answer.action()
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._click(event.pos)
        elif event.type == pygame.MOUSEMOTION:
            self.actions.light(event.pos)
        elif event.type == pygame.MOUSEWHEEL:
            self.selected = max(0, min(len(self.names) - 1, self.selected - event.y))
        elif event.type == pygame.KEYDOWN:
            self._key(event)

    def _click(self, pos):
        """Press the button at pos, or choose the row there (play as the chosen one a second time)."""
        if self.actions.press(pos):
            return
        for i, rect in self.rows:
            if rect.collidepoint(pos) and i == self.selected:
                self.play_as()
            elif rect.collidepoint(pos):
                self.selected = i

    def _key(self, event):
        """Up, Down choose a player; the table's keys do the rest."""
        if event.key in (pygame.K_DOWN, pygame.K_TAB):
            self.selected = (self.selected + 1) % len(self.names)
        elif event.key == pygame.K_UP:
            self.selected = (self.selected - 1) % len(self.names)
        else:
            self.actions.key(event)

    def start_typing(self, what):
        """Begin typing a name: "add" a new player, or "rename" the chosen one."""
        self.typing, self.text = what, "" if what == "add" else self.names[self.selected]
        pygame.key.start_text_input()  # from the next key on: the A or R itself is no letter of the name

    def _type(self, event):
        """Edit the name being typed; OK (or Enter) keeps it, Cancel (or Esc) drops it."""
        if answer := dialogs.pressed(event, self.naming):
            answer.action()
        else:
            self.text = ui.edited(self.text, event, MAX_NAME)

    def stop_typing(self):
        """Leave the name being typed; SDL's text input off again."""
        self.typing = None
        pygame.key.stop_text_input()

    def keep_name(self):
        """Add or rename a player with the typed name; say what was wrong with it if it cannot be."""
        players = self.app.players
        try:
            if self.typing == "add":
                name = players.add(self.text)
                self.selected = self.names.index(name)
            else:
                players.rename(self.names[self.selected], self.text)
        except ChangedMeanwhile as error:  # the name typed was for someone no longer there
            self._say(error)
        except PlayerError as error:
            self._say(error)
            return  # the name can be mended
        self.stop_typing()

    def ask(self):
        """Ask before deleting the chosen player."""
        self.asking = True

    def keep(self):
        """Answer no to deleting."""
        self.asking = False

    def delete(self):
        """Delete the chosen player and all their data."""
        self.asking = False
        name = self.names[self.selected]
        try:
            if name == self.app.players.current and len(self.names) > 1:  # their files closed first
                self.app.switch_player(next(n for n in self.names if n != name))
            note = self.app.players.delete(name)
            self.app.toast(f"{name} is deleted: {note}." if note else f"{name} and all their drawings are deleted.")
        except (PlayerError, OSError) as error:
            self._say(error)
        self.selected = min(self.selected, len(self.names) - 1)

    def play_as(self):
        """Play as the chosen player from now on; back to the title (or say why not)."""
        name = self.names[self.selected]
        if name != self.app.players.current:
            try:
                self.app.switch_player(name)
            except PlayerError as error:
                self._say(error)
                return
            self.app.toast(f"Hello, {name}! Your drawings, scores and settings are yours alone.")
        self.leave()

    def _say(self, error):
        """Say why a change could not be made (the list is read again meanwhile): one line, its
        first letter a capital."""
        self.app.toast(str(error)[:1].upper() + str(error)[1:] + ".", error=True)
        self.selected = min(self.selected, len(self.names) - 1)

    def leave(self):
        """Go back to the title."""
        self.finish("back")

    def frame_key(self):
        """Return what changes without an event: the toast."""
        return self.app.toast_text()

    def draw(self, surface):
        """Draw the list, the buttons, the question or the name being typed, and the message line."""
        ui.background(surface)
        w, h = surface.get_size()
        fonts = self.app.fonts
        ui.text(surface, fonts, "WHO IS PLAYING?", 70, (w // 2, h * 0.1), color="accent", anchor="center", bold=True)
        height, gap = max(40, round(h * 0.08)), round(h * 0.02)
        page = pygame.Rect(0, h * 0.2, min(w * 0.84, h * 1.6), h * 0.58 - 2 * gap - height)
        page.centerx = w // 2
        self._draw_rows(surface, pygame.Rect(page.x, page.y, page.width * 0.6, page.height))
        column = pygame.Rect(page.x + page.width * 0.64, page.y, page.width * 0.36, 3 * height + 2 * gap)
        self.actions.draw(surface, self.app.fonts, "actions", column_of(column, 3, height, gap=gap), 30)
        leaving = pygame.Rect(page.x, page.bottom + 2 * gap, page.width, height)
        self.actions.draw(surface, self.app.fonts, "leaving", row_of(leaving, 2, gap=gap), 30)
        self._draw_question(surface)
        toast = self.app.toast_text()
        color = "gold" if toast else "muted"
        ui.text(surface, fonts, toast or HINT, 24, (w // 2, h * 0.93), color=color, anchor="center", max_width=w - 40)

    def _draw_rows(self, surface, area):
        """Draw the players' rows that fit in area from its top, the chosen one among them, each a
        place to click."""
        height, gap = max(40, min(round(area.height * 0.16), 64)), 6
        fit = max(1, (area.height + gap) // (height + gap))
        first = max(0, min(self.selected - fit // 2, len(self.names) - fit))
        shown = list(enumerate(self.names))[first : first + fit]
        rects = [pygame.Rect(area.x, area.y + k * (height + gap), area.width, height) for k in range(len(shown))]
        self.rows = [(i, rect) for (i, _), rect in zip(shown, rects)]
        for (i, name), rect in zip(shown, rects):
            chosen = i == self.selected
            ui.panel(surface, rect, "bar" if chosen else "panel", "accent" if chosen else "panel_edge", 10)
            ui.note(surface, "button", rect, name)
            label = f"{name}   (playing)" if name == self.app.players.current else name
            where, room = rect.center, rect.width - 16
            size = self.app.fonts.size_for(32, rect.height - 8, bold=chosen)  # fits a row of any height
            ui.text(surface, self.app.fonts, label, size, where, anchor="center", bold=chosen, max_width=room)

    def _draw_question(self, surface):
        """Draw the question, or the name being typed, over the page (if either is asked)."""
        fonts, chosen = self.app.fonts, self.names[self.selected]
        if self.typing == "add":
            explanation = f"Type their name, up to {MAX_NAME} letters: their drawings and scores are their own."
            dialogs.dialog(surface, fonts, "A new player", explanation, self.naming, field=self.text)
        elif self.typing:
            explanation = f"Type the new name, up to {MAX_NAME} letters; their drawings and scores stay theirs."
            dialogs.dialog(surface, fonts, f"Rename {chosen}", explanation, self.naming, field=self.text)
        elif self.asking:
            explanation = "Their drawings, what was learned from them, their scores and settings go for good."
            dialogs.dialog(surface, fonts, f"Delete {chosen}?", explanation, self.deleting)

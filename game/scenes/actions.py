"""Each screen's actions, declared once, as data: what it is called, the keys that run it,
whether and where it shows as a button, when it is offered, and what it does.

    ACTIONS = (
        Action("Pause", "pause", keys=(K_ESCAPE, K_p), hint="Esc", shown="corner"),
        Action("Step", "app.xray.forward", keys=(K_s, K_RIGHT), shown="xray", when="stepping_offered"),
        ...
    )

A screen binds its table to itself (Actions(self, ACTIONS)): its keys run through
Actions.key(), its buttons are Actions.buttons(group), drawn where the screen lays that group
out, and the help page reads the same tables (help_rows()). A key with no button, or a button
with no key, can then only be written on purpose, and tests/test_actions.py walks every screen
to check that whatever a key does, a finger can do too.

Moving a selection (Up, Down, Tab, the wheel) and pressing or changing the selected button or
row (Enter, Left, Right) are not actions: they are the keyboard's way of pointing, as the
mouse's is to move, and the lists and menus (menu.py) take them.
"""

from dataclasses import dataclass

import pygame

from .. import ui

MODAL = "dialog"  # the group of a question's answers: while one is offered, nothing else is live
CTRL = pygame.KMOD_CTRL
ENTER = (pygame.K_RETURN, pygame.K_KP_ENTER)
KEY_NAMES = {"return": "Enter", "escape": "Esc", "backspace": "Backspace", "space": "Space", "delete": "Delete"}


@dataclass(frozen=True)
class Action:
    """One thing a screen lets the player do.

    label : the button's words (and help's). run : the method that does it, a name looked up on
    the screen ("pause", or "app.xray.forward" through its attributes), called with args.
    keys : the pygame keys that run it, a (key, modifier) pair for a chord (Ctrl+Z). hint : the
    keys as a player reads them ("" : the first key's name). shown : the group of buttons it
    shows in (the screen lays each group out), None for a key alone. when : a method saying
    whether it is offered now (None: always); not offered, it is not drawn and its keys do
    nothing. ready : a method saying whether an offered button can be pressed now; not ready,
    it is drawn dimmed and does nothing (help's Next on its last page). caption : a method
    returning the button's words now, when they change ("Yes, a 7"). about : what help says it
    does (default: the label). tap : how a finger does it when it is no button of its own.
    """

    label: str
    run: str
    keys: tuple = ()
    hint: str = ""
    shown: str | None = None
    when: str | None = None
    ready: str | None = None
    caption: str | None = None
    about: str = ""
    tap: str = ""
    args: tuple = ()

    @property
    def key_hint(self):
        """Return the keys as a player reads them: the hint, or the first key's name."""
        if self.hint or not self.keys:
            return self.hint
        key = self.keys[0]
        if isinstance(key, tuple):
            return "Ctrl+" + _key_name(key[0]) if key[1] & CTRL else _key_name(key[0])
        return _key_name(key)

    def matches(self, event):
        """Return True if a KEYDOWN event is one of this action's keys."""
        for key in self.keys:
            chord = key if isinstance(key, tuple) else (key, 0)
            if event.key == chord[0] and (not chord[1] or event.mod & chord[1]):
                return True
        return False


def _key_name(key):
    """Return a key's name as printed on it: "Esc", "Enter", "S", "F1"."""
    name = pygame.key.name(key)
    return KEY_NAMES.get(name, name.upper() if len(name) == 1 else name.title())


def digit_keys(digit):
    """Return the keys of a digit: the number row's and the keypad's."""
    return (getattr(pygame, f"K_{digit}"), getattr(pygame, f"K_KP{digit}"))


def answers(yes, no, when):
    """Return the two actions that answer a yes/no question, shown in the MODAL group while the
    screen's `when` method says it is asked: Y runs yes, N or Esc runs no (Esc never says yes).
    yes, no : (label, run, about) each; about "" : help says the label."""
    (yes_label, yes_run, yes_about), (no_label, no_run, no_about) = yes, no
    return (
        Action(yes_label, yes_run, keys=(pygame.K_y,), shown=MODAL, when=when, about=yes_about),
        Action(no_label, no_run, keys=(pygame.K_n, pygame.K_ESCAPE), hint="N", shown=MODAL, when=when, about=no_about),
    )


class Actions:
    """A screen's table of actions bound to the screen: its keys, its buttons, its help."""

    def __init__(self, scene, table):
        self.scene, self.table = scene, tuple(table)
        self._buttons = [ui.Button(a.label, lambda a=a: self.run(a), a.key_hint) for a in self.table]
        self.drawn = []  # the buttons on screen, as last drawn: a click can only press one of those

    def _call(self, name, *args):
        """Call the screen's method `name` (dotted: through its attributes) with args; an
        attribute that is no method is read ("asking")."""
        target = self.scene
        for part in name.split("."):
            target = getattr(target, part)
        return target(*args) if callable(target) else target

    def offered(self, action):
        """Return True if the action is offered now."""
        return action.when is None or bool(self._call(action.when))

    def live(self, action):
        """Return True if the action is offered and not under a question: while a question's
        answers (the MODAL group) are offered, only they take keys and presses; the rest stays
        drawn under the question's veil."""
        if not self.offered(action):
            return False
        return action.shown == MODAL or not any(a.shown == MODAL and self.offered(a) for a in self.table)

    def ready(self, action):
        """Return True if the action is live and can be done now."""
        return self.live(action) and (action.ready is None or bool(self._call(action.ready)))

    def run(self, action):
        """Do the action if it can be done now; return True if it was."""
        if not self.ready(action):
            return False
        self._call(action.run, *action.args)
        return True

    def key(self, event):
        """Run the first action offered whose key event is; return True if one was (its key is
        taken even when the action cannot be done just now: it was meant for it)."""
        if event.type != pygame.KEYDOWN:
            return False
        for action in self.table:
            if action.matches(event) and self.live(action):
                self.run(action)
                return True
        return False

    def find(self, label):
        """Return the action labelled label (a test's, a screen's handle on one)."""
        return next(a for a in self.table if a.label == label)

    def buttons(self, group):
        """Return the buttons of the actions of a group offered now, their captions up to date
        and dimmed when they cannot be pressed."""
        found, asking = [], any(a.shown == MODAL and self.offered(a) for a in self.table)
        for action, button in zip(self.table, self._buttons):
            if asking and action.shown != MODAL:
                button.hot = False  # under a question: lit by no pointer, nor after it is answered
            if action.shown == group and self.offered(action):
                button.label = self._call(action.caption) if action.caption else action.label
                button.disabled = not self.ready(action)
                found.append(button)
        return found

    def button(self, label):
        """Return the button of the action labelled label."""
        return self._buttons[self.table.index(self.find(label))]

    def draw(self, surface, fonts, group, rects, size, selected=None, keys=None):
        """Draw the group's buttons in rects (one each, in order; see layout.row_of) with one
        font size; they are what a click can press from now on. Return the size they are drawn at."""
        buttons = self.buttons(group)[: len(rects)]
        size = ui.draw_buttons(surface, fonts, buttons, size, selected=selected, rects=rects, keys=keys)
        self.shown(group, buttons)
        return size

    def shown(self, group, buttons):
        """Note that these buttons of group are on screen now (in place of the group's before)."""
        self.drawn = [b for b in self.drawn if b not in self.buttons_of(group)] + list(buttons)

    def buttons_of(self, group):
        """Return every button of group, offered now or not."""
        return [button for action, button in zip(self.table, self._buttons) if action.shown == group]

    def forget(self):
        """Note that no button is on screen (the screen is laid out afresh)."""
        self.drawn = []

    def press(self, pos):
        """Press the button drawn under pos, if any; return True if there was one (dimmed or not)."""
        button = ui.button_at([b for b in self.drawn if self._live(b)], pos)
        if button is not None:
            button.action()
        return button is not None

    def _live(self, button):
        """Return True if the action of a button drawn is live now (it may have changed since)."""
        return self.live(self.table[self._buttons.index(button)])

    def light(self, pos):
        """Light the drawn button under the pointer at pos, and no other; return it (or None)."""
        for button in self._buttons:
            button.hot = False
        return ui.light([b for b in self.drawn if self._live(b)], pos)

    def help_rows(self):
        """Return (keys, what they do) for help: each action with a key, actions saying the
        same merged into one row ("0 - 9")."""
        return help_rows(self.table)


def help_rows(table):
    """Return help's (keys, what they do) rows of a table (see Actions.help_rows)."""
    rows = []
    for action in table:
        if not action.keys:
            continue
        about = action.about or action.label
        if rows and rows[-1][1] == about:
            rows[-1] = (_joined(rows[-1][0], action.key_hint), about)
        else:
            rows.append((action.key_hint, about))
    return rows


def _joined(keys, key):
    """Return keys with one more joined: "0 - 9" for a run of digits, else "A, B"."""
    first = keys.split(" - ")[0]
    if first.isdigit() and key.isdigit() and int(key) == int(keys.split(" - ")[-1]) + 1:
        return f"{first} - {key}"
    return f"{keys}, {key}"

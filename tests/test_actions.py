"""Every screen's actions, as its table declares them (game/scenes/actions.py): whatever a key
does on a screen, a finger can do there too, by a tap on a button in plain view that nothing
else covers; a key and a button of the same action run the same thing; the help reads the same
tables. Walked over every screen of tests/screens.py, at the smallest window and text, and the
largest text."""

import pygame
import pytest

from game import ui
from game.scenes.actions import Action, Actions, help_rows
from tests.helpers import Player
from tests.screens import drawn, screens


def unreachable(scene, things):
    """Return the live actions with a key that no tap reaches on the screen as drawn (things):
    no button of theirs drawn, in plain view (not under a question's veil), on top where it is."""
    shades = [i for i, (kind, _, _) in enumerate(things) if kind == "shade"]
    visible = things[shades[-1] + 1 :] if shades else things
    buttons = [(rect, label) for kind, rect, label in visible if kind == "button"]
    actions, missing = scene.actions, []
    for action in actions.table:
        if not action.keys or not actions.live(action):
            continue
        words = actions._call(action.caption) if action.caption else action.label
        found = [rect for rect, label in buttons if label == words]
        on_top = [rect for rect in found if _on_top(scene, rect)]
        if not on_top:
            missing.append(f"{action.label!r} ({action.key_hint}): {'covered' if found else 'no button'}")
    return missing


def _on_top(scene, rect):
    """Return True if a tap on rect's middle lands on the button drawn there (no other over it)."""
    live = [b for b in scene.actions.drawn if scene.actions._live(b)]
    button = ui.button_at(live, rect.center)
    return button is None or button.rect == rect  # None: a row the screen draws itself (a setting)


@pytest.mark.parametrize("size, text", [((800, 520), 0.85), ((800, 520), 1.3), ((1600, 600), 1.3)])
def test_every_key_of_every_screen_has_a_button_a_finger_can_tap(tmp_path, size, text):
    player = Player(tmp_path / "data", size=size)
    player.app.profile.settings.ui_scale = text
    player.app.apply_settings()
    problems, seen = [], []
    for name, scene in screens(player):
        seen.append(name)
        assert isinstance(getattr(scene, "actions", None), Actions), f"{name} declares no table of actions"
        problems += [f"{name}: {problem}" for problem in unreachable(scene, drawn(player.app, scene))]
    player.close()
    assert {"play, math, X-ray stepped", "result, math, plain", "pause, practice, plain", "review"} <= set(seen)
    assert not problems, f"{len(problems)} keys no finger can reach at {size}, {text:.0%}:\n" + "\n".join(problems)


def test_the_check_finds_a_key_without_a_button():
    class Screen:
        def go(self):
            pass

    screen = Screen()
    screen.actions = Actions(screen, [Action("Go", "go", keys=(pygame.K_g,), shown="row")])
    assert unreachable(screen, []) == ["'Go' (G): no button"]
    button = screen.actions.buttons("row")[0]
    button.rect = pygame.Rect(10, 10, 60, 40)
    screen.actions.shown("row", [button])
    assert unreachable(screen, [("button", button.rect, "Go")]) == []
    veiled = [("button", button.rect, "Go"), ("shade", pygame.Rect(0, 0, 800, 520), "")]
    assert unreachable(screen, veiled) == ["'Go' (G): no button"]  # under a question's veil


def test_a_key_and_its_button_run_the_same_action_and_help_says_what_it_does():
    done = []

    class Screen:
        ready = False

        def go(self, how):
            done.append(how)

        def can(self):
            return self.ready

    screen = Screen()
    table = [Action("Go", "go", keys=(pygame.K_g,), shown="row", ready="can", args=(1,), about="go on")]
    screen.actions = Actions(screen, table)
    [button] = screen.actions.buttons("row")
    assert button.disabled  # not ready: dimmed, and neither its key nor its button does anything
    key = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_g, mod=0)
    assert screen.actions.key(key) and done == []
    screen.ready = True
    screen.actions.key(key)
    button.action()
    assert done == [1, 1]
    assert help_rows(table) == [("G", "go on")]

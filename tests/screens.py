"""Every screen of the game, reached as a player reaches it, and the layout rule they keep.

screens(player) yields (name, scene) for each screen; drawn(app, scene) draws one and
returns what it reported drawing (ui.Recording: text, panels, buttons); layout_problems
reads that and says what breaks the rule: no two texts overlap, no text leaves the window
or the panel it is drawn on, no text is set smaller than MIN_TEXT, and every button is at least
MIN_BUTTON large.
"""

import sys

import numpy as np
import pygame

from game import ui
from game.autoplay import _fit
from game.model import Network
from game.modes import TaskMaker
from game.names import MAX_NAME
from game.playground.blueprint import PRESETS, Blueprint
from game.playground.data import RunData
from game.playground.process import TrainingRun
from game.playground.saved import make_card
from game.playground.trainer import Trainer
from game.scenes import flow
from game.scenes.pause import PauseScene
from game.scenes.practice import PracticeChoiceScene
from game.scenes.review import ReviewScene
from game.scenes.title import TitleScene
from game.segment import compose_number
from tests.helpers import sample_of

MIN_BUTTON = (40, 32)  # width, height: a fingertip, at the smallest window (800x520)
MIN_TEXT = 9  # pixels: the height of the smallest font a text is set in (its line, ascent to descent)
SLACK = 2  # pixels: anti-aliased edges may touch
EDGE = 4  # pixels: a text keeps off the edge of its panel (drawn 2 pixels wide) by this, at least


def drawn(app, scene):
    """Lay scene out for the window, draw it, and return what it reported: (kind, rect, label)."""
    app.scene = scene
    scene.resize(app.screen.get_size())
    return ui.recorded(scene.draw, app.screen.get_size())


def screens(player):
    """Yield (name, scene) for every screen of the game, reached through its flow."""
    app = player.app
    title = TitleScene(app)
    yield "title", title
    asking = TitleScene(app)
    asking.asking = True
    yield "title, quit?", asking
    for page in flow.PAGES:
        yield page, flow.open_page(app, title, page)
    forget = flow.open_page(app, title, "handwriting")
    forget.asking = True
    yield "handwriting, forget?", forget
    adding = flow.open_page(app, title, "players")
    adding.typing, adding.text = "add", "Zoë Wide-Name-XXXXXXXX"[:MAX_NAME]  # the longest name
    yield "players, typing", adding
    deleting = flow.open_page(app, title, "players")
    deleting.asking = True
    yield "players, delete?", deleting
    yield from _round_screens(player, "classic")
    for mode in ("classic", "time", "daily", "practice", "math"):
        for xray in (False, True):
            yield from _mode_screens(player, mode, xray)
    app.xray_on = False
    app.choose_mode("practice")
    yield "practice, which digit", PracticeChoiceScene(app)
    app.choose_mode("classic")
    yield from _playground_screens(player)


def _mode_screens(player, mode, xray):
    """Yield a mode's round (empty and drawn; the X-ray stepped through), its result (a miss, with
    a digit typed in Math) and its pause, with the X-ray on or off."""
    app, on = player.app, "X-ray" if xray else "plain"
    app.choose_mode(mode)
    app.xray_on = xray
    if app.games.needs_practice_choice:
        app.games.practise([4])
    if not app.games.mode.dated:
        app.games.tasks = TaskMaker(app.games.mode, seed=1, practice=app.games.practice)  # the same each time
    app.scene = flow.new_game(app)
    app.scene.resize(app.screen.get_size())
    player.settle()
    yield f"play, {mode}, {on}", app.scene
    play = app.scene
    if mode == "math":  # a number: 21
        digits = [sample_of(2).strokes, sample_of(1).strokes]
        player.draw(_fit(compose_number(digits, np.random.default_rng(0)), play.canvas.rect))
    else:
        player.draw(_fit(sample_of(5 if play.target != 5 else 6).strokes, play.canvas.rect))  # a miss
    player.frames()
    yield f"play, {mode}, {on}, drawn", play
    if xray:
        player.key(pygame.K_s)
        yield f"play, {mode}, X-ray stepped", play
        player.key(pygame.K_ESCAPE)
    app.scene = flow.show_result(app, play, *_submitted(play))
    result = app.scene
    if mode == "math":
        result.typed = "7"
    yield f"result, {mode}, {on}", result
    pause = flow.pause(app, result)
    yield f"pause, {mode}, {on}", pause
    if mode == "classic" and not xray:
        pause.asking = True  # as if the game had points
        yield f"pause, {mode}, quit?", pause


def _submitted(play):
    """Return (the RoundRecord of play submitted now,): its drawing scored as the round's end."""
    play.submit()
    (_, details), play.outcome = play.outcome, None
    return (details["record"],)


def _playground_screens(player):
    """Yield the Playground's screens: building (an MLP, then the largest CNN), a run under way
    and done (a confusion cell's drawings open), and the table of kept networks with its questions."""
    app = player.app
    title = TitleScene(app)
    yield "playground", flow.open_page(app, title, "playground")
    app.bench.blueprint = PRESETS["The shipped CNN"].with_changes(hidden=(1024, 1024), activation="sigmoid")
    yield "playground, a CNN", flow.open_page(app, title, "playground")
    run = replayed_run(app, "Longest name 1234567890", Blueprint(hidden=(16, 16, 16), epochs=2))
    app.bench.run = run
    training = flow.open_page(app, title, "training")
    yield "training", training
    run.state.apply({"name": run.state.name, "diverged": False, "validation_accuracy": 0.5, "seconds": 1.0})
    training.cell = (3, 5)
    yield "training, a cell's drawings", training
    training.cell = None
    yield "training, done", training
    for name in ("Zoë Wide-Name-XXXXXXXXXX", "b"):
        network = Network(Blueprint(hidden=(8,)).architecture())
        card = make_card(Blueprint(hidden=(8,)), run_result(network), {"test_accuracy": 0.9, "pen_accuracy": 0.8})
        app.networks().keep(network, name, card)
    networks = flow.open_page(app, title, "networks")
    networks.selected = 1
    yield "networks", networks
    networks.asking = True
    yield "networks, delete?", networks
    networks.asking, networks.typing, networks.text = False, True, "x" * 24
    yield "networks, rename", networks
    networks.typing = False


def replayed_run(app, name, blueprint):
    """Return a TrainingRun whose state holds the events of a short run on random images (its
    child a process that does nothing: the page draws what the events say)."""
    run = TrainingRun(name, blueprint, app.profile.folder, command=[sys.executable, "-c", ""])
    rng = np.random.default_rng(0)
    X, y = rng.random((600, 784), dtype=np.float32), rng.integers(0, 10, 600)
    Trainer(blueprint, RunData(X[:400], y[:400], (X[400:], y[400:])), run.state.apply, folder=run.run_folder).run()
    run.state.latest = 0
    return run


def run_result(network):
    """Return the RunResult of a run that kept `network` as it is."""
    from game.playground.trainer import RunResult

    return RunResult(network, points=[[0.5, 2.0, 0.3], [1.0, 1.0, 0.7]], checkpoints=[[1.0, 1.1, 0.6]])


def _round_screens(player, mode):
    """Yield the screens of a round: play, with the X-ray, the result, a unit's page, pause,
    a time's-up result with nothing drawn, and the review at the game's end."""
    app = player.app
    app.choose_mode(mode)
    app.scene = flow.new_game(app)
    player.settle()
    yield "play", app.scene
    player.draw_digit(app.scene.target)
    yield "play, drawn", app.scene
    app.xray_on = True
    app.scene.resize(app.screen.get_size())
    player.frames(1)  # the X-ray reads the drawing
    yield "play, X-ray", app.scene
    play = app.scene
    player.key(pygame.K_SPACE)
    result = app.scene
    yield "result, X-ray", result
    yield "unit page", flow.open_unit(app, result, 1, 0)
    app.xray_on = False
    yield "result", result
    yield "pause", PauseScene(app, result)
    app.scene = result
    player.key(pygame.K_RETURN)
    empty = flow.next_round(app, result.game)
    empty.submit(time_up=True)  # the clock ran out with nothing drawn
    app.scene = flow.next_scene(app, empty)
    yield "result, time's up", app.scene
    app.games.rounds[:] = [result.record] * 12
    review = ReviewScene(app, play.game, app.games.rounds)
    yield "review, a high score's name", review
    review.naming = False
    yield "review", review


def layout_problems(things, size):
    """Return what breaks the layout rule in things (kind, rect, label) drawn in a window of
    size (w, h): overlapping texts, text outside the window or its panel, small buttons."""
    window = pygame.Rect((0, 0), size)
    shades = [i for i, (kind, _, _) in enumerate(things) if kind == "shade"]
    things = things[shades[-1] + 1 :] if shades else things  # what is veiled is not read, nor pressed
    texts = _visible_texts(things)
    problems = []
    for i, (rect, label) in enumerate(texts):
        if getattr(label, "height", 0) < MIN_TEXT:  # no height: a text the check cannot read
            problems.append(f"{label!r} is {getattr(label, 'height', '?')} px high, under {MIN_TEXT}")
        if not window.contains(rect):
            problems.append(f"{label!r} leaves the window {rect}")
        for other, other_label in texts[i + 1 :]:
            overlap = rect.clip(other)
            if overlap.width > SLACK and overlap.height > SLACK:
                problems.append(f"{label!r} {rect} overlaps {other_label!r} {other}")
        panel = _panel_under(things, rect)
        if panel is not None and not panel.inflate(-2 * EDGE, -2 * EDGE).contains(rect):
            problems.append(f"{label!r} {rect} leaves its panel {panel}")
    for kind, rect, label in things:
        if kind == "button" and (rect.width < MIN_BUTTON[0] or rect.height < MIN_BUTTON[1]):
            problems.append(f"button {label!r} is {rect.width}x{rect.height}, under {MIN_BUTTON}")
    return problems + _mixed_rows(things, texts)


def _mixed_rows(things, texts):
    """Return a problem for each row of buttons (the same top and height) whose captions are set
    in fonts of different heights: a row reads as one thing."""
    rows = {}
    for kind, rect, _ in things:
        if kind == "button":
            rows.setdefault((rect.y, rect.height), []).append(rect)
    problems = []
    for (y, _), buttons in rows.items():
        heights = {
            label: label.height
            for rect, label in texts
            if hasattr(label, "height") and any(b.collidepoint(rect.center) for b in buttons)
        }
        if len(set(heights.values())) > 1:
            problems.append(f"the row of buttons at y={y} mixes text sizes: {heights}")
    return problems


def _visible_texts(things):
    """Return (rect, label) of the texts not hidden under a panel drawn after them (a dialog)."""
    texts = []
    for kind, rect, label in things:
        if kind == "text":
            texts.append((rect, label))
        elif kind == "panel":
            texts = [(t, label) for t, label in texts if not t.colliderect(rect)]
    return texts


def _panel_under(things, rect):
    """Return the smallest panel drawn before the text at rect that holds its centre, or None."""
    panels = []
    for kind, drawn_rect, _ in things:
        if kind == "text" and drawn_rect == rect:
            break
        if kind in ("panel", "button") and drawn_rect.collidepoint(rect.center):
            panels.append(drawn_rect)
    return min(panels, key=lambda p: p.width * p.height, default=None)

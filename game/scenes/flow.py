"""Which screen comes next: every hand-over between screens is decided here, in one table.

A scene ends with an outcome (`self.finish("paused")`); FLOW maps (scene, outcome)
to a step that returns the next scene. No scene imports another scene.

    title -> (practice: which digit) -> round -> result -> round -> ... -> review -> title
    round or result -> pause -> (help or settings) -> back again, or the title
    round or result (X-ray on) -> what a unit looks for -> back again
    title -> help, high scores, settings, your handwriting, the lab or players -> title
    title or the lab -> the Playground -> a run's page, your networks -> back again
"""

import functools

from . import handwriting, networks, pause, play, players, playground, practice, result, review, settings, training
from . import title as title_screen
from .handwriting import HandwritingScene
from .help import ANYWHERE, HelpScene, keys_page
from .highscores import HighScoresScene
from .lab import LabScene
from .networks import NetworksScene
from .neuron import NeuronScene
from .pause import PauseScene
from .play import PlayScene
from .players import PlayersScene
from .playground import PlaygroundScene
from .practice import PracticeChoiceScene
from .result import ResultScene
from .review import ReviewScene
from .settings import SettingsScene
from .title import TitleScene
from .training import TrainingScene

HELP = [  # help's pages of keys: (title, [(screen, its table of actions)], rows before, rows after)
    (
        "Playing a round",
        [("Round", play.ACTIONS)],
        [("Left mouse, a finger", "draw")],
        [("Click an X-ray cell", "what that unit of the network looks for")],
    ),
    ("After a round: what did you draw?", [("Result", result.ACTIONS)], [], []),
    ("On the title screen", [("Title", title_screen.ACTIONS)], [], []),
    ("Pause, and the game's end", [("Pause", pause.ACTIONS), ("Game over", review.ACTIONS)], [], []),
    (
        "Pages",
        [
            ("Practice: which digit", practice.ACTIONS),
            ("Players", players.ACTIONS),
            ("Your handwriting", handwriting.ACTIONS),
            ("Settings", settings.ACTIONS),
            ("High scores", HighScoresScene.ACTIONS),
            ("The Lab", LabScene.ACTIONS),
        ],
        [],
        ANYWHERE,
    ),
    (
        "The Playground",
        [("Building", playground.ACTIONS), ("Training", training.ACTIONS), ("Your networks", networks.ACTIONS)],
        [],
        [],
    ),
]
HELP_TABLES = [screen for _, screens, _, _ in HELP for screen in screens]  # (screen, table) of every screen


def help_pages():
    """Return help's pages of keys, read from the screens' own tables of actions (actions.py):
    what a key does there is what help says it does."""
    return [keys_page(title, screens, before, after) for title, screens, before, after in HELP]


PAGES = {
    "help": functools.partial(HelpScene, pages=help_pages()),
    "highscores": HighScoresScene,
    "settings": SettingsScene,
    "handwriting": HandwritingScene,
    "lab": LabScene,
    "players": PlayersScene,
    "playground": PlaygroundScene,
    "training": TrainingScene,
    "networks": NetworksScene,
}


def next_scene(app, scene):
    """Return the scene that follows `scene`, which has ended (its outcome is cleared: a scene
    gone back to, say a paused round, goes on as it was)."""
    (outcome, details), scene.outcome = scene.outcome, None
    step = FLOW.get((scene.kind, outcome)) or FLOW[("*", outcome)]
    return step(app, scene, **details)


def title(app, scene=None):
    """Return the title screen."""
    return TitleScene(app)


def new_game(app, scene=None):
    """Return the first round of a new game in the current mode; for practice played by a
    person, first the choice of what to practise."""
    if app.games.needs_practice_choice:
        return PracticeChoiceScene(app)
    return next_round(app, app.games.new_game(app.profile.settings.round_time))


def practise(app, scene, digits):
    """Return the first round of practice on these digits."""
    app.games.practise(digits)
    return new_game(app)


def next_round(app, game):
    """Return the next round of a game, or its review when it is over. New weights come in here."""
    if game.over:
        error = app.profile.note_game(app.games.rounds)  # how well it read the player this game
        if error:
            app.toast(error, error=True)
        app.learning.consolidate_soon()  # between games: what the game learned becomes new weights
        return ReviewScene(app, game, app.games.rounds)
    app.learning.switch_if_loaded()
    app.learning.reload_if_new()
    return PlayScene(app, game, app.games.tasks.next(game.level))


def show_result(app, play, record, sure=False):
    """Return the result screen of a round just played. sure : the network was sure it read the
    target (Time Attack), which counts as confirmed: the next round comes at once."""
    result = ResultScene(app, play.game, record, play)
    if sure:
        record.sure = True
        result.answer(play.target)
    return result


def answered(app, result):
    """Return what follows a round the player answered: the next round, or the review."""
    app.games.rounds.append(result.record)
    return next_round(app, result.game)


def pause(app, scene):
    """Return the pause screen over `scene`, which is frozen until resumed."""
    return PauseScene(app, scene)


def end_game(app, pause_scene):
    """Return the review of a game without an end of its own, which the player ended."""
    pause_scene.game.ended = True
    return next_round(app, pause_scene.game)


def open_unit(app, scene, column, unit):
    """Return the page of what an X-ray unit looks for; leaving it goes back to `scene`."""
    return NeuronScene(app, scene, column, unit)


def open_page(app, scene, page, **options):
    """Return a page of PAGES; leaving it goes back to `scene`."""
    return PAGES[page](app, back=scene, **options)


def high_scores(app, review, rank):
    """Return the high-score table with the game just played lit; leaving it goes to the title."""
    return HighScoresScene(app, back=title(app), highlight=rank)


def back(app, scene):
    """Return the scene this one was opened over (a page's `back`, a pause's paused round),
    told it goes on (a round counts down again)."""
    scene.back.resumed()
    return scene.back


FLOW = {
    ("title", "play"): new_game,
    ("title", "page"): open_page,
    ("practice", "chosen"): practise,
    ("practice", "title"): title,
    ("play", "submitted"): show_result,
    ("play", "paused"): pause,
    ("play", "unit"): open_unit,
    ("result", "answered"): answered,
    ("result", "paused"): pause,
    ("result", "unit"): open_unit,
    ("pause", "page"): open_page,
    ("lab", "page"): open_page,  # the Playground
    ("playground", "page"): open_page,  # a run's page, your networks
    ("training", "page"): open_page,  # your networks, the Playground
    ("pause", "ended"): end_game,
    ("pause", "title"): title,
    ("review", "play"): new_game,
    ("review", "scores"): high_scores,
    ("review", "title"): title,
    ("*", "back"): back,  # pages, a unit's page, a resumed pause
}

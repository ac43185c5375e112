"""Which screen comes next: every hand-over between screens is decided here.

    title -> (practice: which digit) -> round -> result -> round -> ... -> review -> title
    round or result -> pause -> (help) -> back again, or the title
    round or result (X-ray on) -> what a unit looks for -> back again
    title -> help, high scores, settings, your handwriting, the lab or players -> title

A scene asks for its successor here (`self.next = flow.pause(app, self)`) and
the App switches to it; no scene builds another by itself. The imports are
inside the functions because the scenes import this module.
"""

from ..scoring import GameState


def title(app):
    """Return the title screen."""
    from .title import TitleScene

    return TitleScene(app)


def new_game(app):
    """Return the first round of a new game in the app's mode (the rounds of the last one are
    forgotten); for practice played by a person, first the choice of what to practise."""
    mode = app.mode
    if mode.asks_digit and app.practice_digits is None and not app.options.autoplayer:
        from .practice import PracticeChoiceScene

        return PracticeChoiceScene(app)
    if mode.dated:  # the day's targets from the first, and the day's table
        app.choose_mode(mode.name, remember=False)
    app.practice_digits = None  # the next practice asks again
    app.rounds = []
    rounds = app.options.rounds if mode.rounds is not None or app.options.autoplayer else None
    return after_round(app, GameState(base_round_time=app.settings.round_time, rounds=rounds, mode=mode))


def after_round(app, game):
    """Return the next round, or the review when the game is over. New weights start here."""
    from .play import PlayScene
    from .review import ReviewScene

    if game.over:
        app.game_over()  # between games: what the game learned becomes new weights
        return ReviewScene(app, game, app.rounds)
    app.switch_weights_if_loaded()
    app.reload_weights_if_new()
    return PlayScene(app, game, app.targets.next(game.level))


def result(app, game, record, play):
    """Return the result screen of a round just played on `play`."""
    from .result import ResultScene

    return ResultScene(app, game, record, play)


def pause(app, scene):
    """Return the pause screen over `scene`, which is frozen until resumed."""
    from .pause import PauseScene

    return PauseScene(app, scene)


def neuron(app, scene, column, unit):
    """Return the page of what an X-ray unit looks for; leaving it goes back to `scene`."""
    from .neuron import NeuronScene

    return NeuronScene(app, scene, column, unit)


def page(app, name, back, **options):
    """Return the "help", "highscores", "settings", "handwriting", "lab" or "players" screen;
    leaving it goes back to `back`."""
    from .handwriting import HandwritingScene
    from .help import HelpScene
    from .highscores import HighScoresScene
    from .lab import LabScene
    from .players import PlayersScene
    from .settings import SettingsScene

    pages = {
        "help": HelpScene,
        "highscores": HighScoresScene,
        "settings": SettingsScene,
        "handwriting": HandwritingScene,
        "lab": LabScene,
        "players": PlayersScene,
    }
    return pages[name](app, back=back, **options)

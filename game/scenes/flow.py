"""Which screen comes next: every hand-over between screens is decided here.

    title -> round -> result -> round -> ... -> review -> title
    round or result -> pause -> (help) -> back again, or the title
    round or result (X-ray on) -> what a unit looks for -> back again
    title -> help, high scores, settings, your handwriting or the lab -> title

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
    """Return the first round of a new game (the rounds of the last one are forgotten)."""
    app.rounds = []
    return after_round(app, GameState(base_round_time=app.settings.round_time, rounds=app.options.rounds))


def after_round(app, game):
    """Return the next round, or the review when the game is over. New weights start here."""
    from .play import PlayScene
    from .review import ReviewScene

    if game.over:
        app.game_over()  # between games: what the game learned becomes new weights
        return ReviewScene(app, game, app.rounds)
    app.switch_weights_if_loaded()
    app.reload_weights_if_new()
    return PlayScene(app, game, app.targets.next())


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
    """Return the "help", "highscores", "settings", "handwriting" or "lab" screen; leaving it
    goes back to `back`."""
    from .handwriting import HandwritingScene
    from .help import HelpScene
    from .highscores import HighScoresScene
    from .lab import LabScene
    from .settings import SettingsScene

    pages = {
        "help": HelpScene,
        "highscores": HighScoresScene,
        "settings": SettingsScene,
        "handwriting": HandwritingScene,
        "lab": LabScene,
    }
    return pages[name](app, back=back, **options)

"""The games played: the mode, what each round asks, and the rounds of the game under way.
No pygame here."""

from .modes import MODES, ROUNDS, TaskMaker
from .scoring import GameState


class Games:
    """One window's games, one after another.

    rounds : rounds in a game of a mode that has rounds. seed : makes the random tasks
    repeatable. fixed : the answers to ask, in order, instead of random ones (a robot
    replaying a file), for every mode but those whose answers are whole numbers. robot :
    no person plays (autoplay): nobody is asked which digit to practise, and a mode
    without an end of its own ends after `rounds` all the same.
    """

    def __init__(self, mode_name, rounds=ROUNDS, seed=None, fixed=None, robot=False):
        self.rounds_asked, self.seed, self.fixed, self.robot = rounds, seed, fixed, robot
        self.practice = None  # the digits practice asks for: one, or the ones read worst; None: ask
        self.rounds = []  # the RoundRecords of the game under way (or of the last one)
        self.choose(mode_name)

    def choose(self, mode_name):
        """Play mode `mode_name` (a key of modes.MODES) from the next game on."""
        self.mode = MODES[mode_name]
        self.tasks = self._tasks()

    def _tasks(self):
        """Return a TaskMaker for the mode (seeded by the date for a dated mode)."""
        fixed = None if self.mode.numbers else self.fixed
        return TaskMaker(self.mode, fixed, self.seed, practice=self.practice)

    @property
    def needs_practice_choice(self):
        """Return True if a person must first say which digits to practise."""
        return self.mode.asks_digit and self.practice is None and not self.robot

    def practise(self, digits):
        """Ask for these digits in the next game of practice."""
        self.practice = list(digits)
        self.tasks = self._tasks()

    def new_game(self, round_time):
        """Return the GameState of a new game (the rounds of the last one are forgotten);
        round_time : the player's seconds per round at level 1."""
        if self.mode.dated:  # the day's targets from the first, even past midnight
            self.tasks = self._tasks()
        self.practice, self.rounds = None, []  # the next practice asks again
        endless = self.mode.rounds is None and not self.robot
        return GameState(base_round_time=round_time, rounds=None if endless else self.rounds_asked, mode=self.mode)

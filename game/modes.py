"""Game modes: what each round asks, how long a game lasts, when it ends. No pygame here.

    classic   10 rounds, a timer per round that shortens with the level
    time      Time Attack: as many digits as you can in 60 seconds; the next one appears
              the moment the network is sure of the one you drew
    math      a sum, a difference or a product to answer, harder with the level
    practice  no timer: one digit of your choice (or the ones it reads worst), as many as you like
    daily     the classic rules with the same targets for everyone on a given date

Each mode keeps its own high scores (Mode.table_name); the daily one, one table per day;
practice, none (Mode.ranked).
"""

import datetime
import random
from dataclasses import dataclass

SURE = 0.9  # Time Attack moves on when the network gives the target at least this probability
ROUNDS = 10  # rounds in a game of a mode that has rounds (--rounds changes it)
DEFAULT_MODE = "classic"


@dataclass(frozen=True)
class Mode:
    """A mode's rules, as data: the game asks these, never the mode's name.

    rounds : rounds in a game, None for no limit. game_seconds : one clock for the
    whole game (Time Attack), else None. round_timer : each round has its own timer.
    auto_next : a round ends as soon as the network is SURE of the target.
    numbers : the tasks are sums whose answers are whole numbers, read digit by digit
    and typed to correct. asks_digit : a person chooses first which digits to practise.
    dated : the date seeds the targets, and each day has a high-score table of its own.
    table : the name of its high-score table ({day} is the date, for a dated mode; "" for
    the classic game's, the table kept before modes existed).
    headline : its title is shown over the round and its high scores (not for the
    classic game, which is just "the game").
    ranked : its games enter its high-score table (not practice's, which has no clock to beat).
    """

    name: str
    title: str
    blurb: str
    table: str
    rounds: int | None = ROUNDS
    game_seconds: float | None = None
    round_timer: bool = True
    auto_next: bool = False
    numbers: bool = False
    asks_digit: bool = False
    dated: bool = False
    headline: bool = True
    ranked: bool = True

    @property
    def endless(self):
        """Return True if a game of the mode has no end of its own (no rounds, no clock): the
        player ends it (practice)."""
        return self.rounds is None and self.game_seconds is None

    def table_name(self, today=None):
        """Return the name of the mode's high-score table (today's, for a dated mode)."""
        return self.table.format(day=daily_seed(today or datetime.date.today()))


MODES = {
    "classic": Mode("classic", "Classic", "10 rounds against the clock", "", headline=False),
    "time": Mode(
        "time",
        "Time Attack",
        "As many digits as you can in 60 s",
        "time",
        rounds=None,
        game_seconds=60.0,
        round_timer=False,
        auto_next=True,
    ),
    "math": Mode("math", "Math", "Draw the answer to the sum", "math", numbers=True),
    "practice": Mode(
        "practice",
        "Practice",
        "No clock: teach it one digit",
        "practice",
        rounds=None,
        round_timer=False,
        asks_digit=True,
        ranked=False,
    ),
    "daily": Mode("daily", "Daily", "Today's 10 targets, the same for everyone", "daily-{day}", dated=True),
}


def following(mode, step=1):
    """Return the mode `step` places after `mode` in MODES, going round (the title's M key and
    arrows: step -1 for the one before)."""
    names = list(MODES)
    return MODES[names[(names.index(mode.name) + step) % len(names)]]


@dataclass(frozen=True)
class Task:
    """What a round asks: the answer to draw and how to show the question ("7", "3 + 4")."""

    answer: int
    prompt: str

    @property
    def digits(self):
        """Return the answer's digits, left to right, e.g. [5, 6] for 56."""
        return [int(c) for c in str(self.answer)]


class TaskMaker:
    """Makes each round's Task for a mode.

    fixed : the answers to ask, in order (autoplay), instead of random ones.
    seed : makes the random tasks repeatable; the daily mode seeds with the date.
    practice : the digits practice picks from (one digit, or the ones read worst).
    """

    def __init__(self, mode, fixed=None, seed=None, today=None, practice=None):
        self.mode = mode
        self.fixed = list(fixed) if fixed is not None else None
        if mode.dated:
            seed = daily_seed(today or datetime.date.today())
        self.rng = random.Random(seed)
        self.practice = list(practice) if practice else list(range(10))
        self.last = None

    def next(self, level=1):
        """Return the next Task (level: the game's level, 1 up; math gets harder with it)."""
        if self.mode.numbers:
            task = math_task(self.rng, level, self.fixed.pop(0) if self.fixed else None)
        else:
            pool = self.practice
            choices = [d for d in pool if d != self.last] or list(pool)
            digit = self.fixed.pop(0) if self.fixed else self.rng.choice(choices)
            task = Task(digit, str(digit))
        self.last = task.answer
        return task


def daily_seed(day):
    """Return the seed of a date's daily game: the same number on every machine, e.g. 20261123."""
    return day.year * 10000 + day.month * 100 + day.day


def math_task(rng, level, answer=None):
    """Return a Task for the level: sums of small numbers at 1, differences from the teens at 2,
    times tables from 3 on. answer : make a question with this answer instead of a random one."""
    kinds = ["sum"] if level <= 1 else ["sum", "difference"] if level == 2 else ["sum", "difference", "product"]
    for _ in range(200):
        kind = rng.choice(kinds)
        if kind == "sum":
            top = 5 if level <= 1 else 12
            a, b = rng.randint(1, top), rng.randint(1, top)
            task = Task(a + b, f"{a} + {b}")
        elif kind == "difference":
            a = rng.randint(10, 20 if level == 2 else 50)
            b = rng.randint(1, min(a, 9 if level == 2 else 30))
            task = Task(a - b, f"{a} - {b}")
        else:
            a, b = rng.randint(2, 9), rng.randint(2, 9)
            task = Task(a * b, f"{a} x {b}")
        if answer is None or task.answer == answer:
            return task
    return Task(answer, f"{answer} + 0" if answer < 10 else f"{answer - 5} + 5")

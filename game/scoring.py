"""The rules of a game: rounds, points, streaks, levels and the round timer.

A game is ROUNDS rounds. Each round the player draws the target digit before
the timer runs out. Points are the network's confidence for the target,
round(100 * p[target]). When the network's guess is the target (a hit) the
round also earns a time bonus (up to 50 for an instant answer) and the whole
is multiplied by the streak multiplier: x1, x1.5, x2, x2.5, x3 for 0, 1, 2,
3, 4+ hits in a row before it. A miss resets the streak. Every
ROUNDS_PER_LEVEL rounds the level rises and the timer gets shorter.
"""

from dataclasses import dataclass, field

from .modes import DEFAULT_MODE, MODES, ROUNDS, Mode

ROUNDS_PER_LEVEL = 3
TIMER_STEP = 1.5  # seconds less per level
MIN_ROUND_TIME = 4.0
MAX_TIME_BONUS = 50


@dataclass(frozen=True)
class RoundScore:
    """How one round scored: confidence points, bonus, multiplier, total."""

    target: int
    guess: int | None  # None: nothing was drawn before time ran out
    confidence: int  # round(100 * p[target]), 0 if nothing drawn
    time_bonus: int
    multiplier: float
    points: int

    @property
    def hit(self):
        """Return True if the network read the target digit."""
        return self.guess == self.target


@dataclass
class GameState:
    """The running state of one game; rounds are scored through score_round().

    rounds : rounds in the game, None for no limit (Time Attack ends with its clock,
    practice when the player ends it). clock : seconds left in the whole game (Time Attack).
    """

    base_round_time: float = 10.0
    rounds: int | None = ROUNDS
    mode: Mode = MODES[DEFAULT_MODE]
    score: int = 0
    streak: int = 0
    best_streak: int = 0
    scores: list = field(default_factory=list)
    clock: float | None = None
    ended: bool = False  # the player ended a game that has no end of its own (practice)

    def __post_init__(self):
        if self.clock is None:
            self.clock = self.mode.game_seconds

    @property
    def round_index(self):
        """Return the 0-based index of the round being played."""
        return len(self.scores)

    @property
    def over(self):
        """Return True when every round has been played, the game's clock has run out, or the
        player ended it."""
        rounds_done = self.rounds is not None and len(self.scores) >= self.rounds
        return self.ended or rounds_done or (self.clock is not None and self.clock <= 0)

    @property
    def level(self):
        """Return the current level, 1 for the first ROUNDS_PER_LEVEL rounds."""
        index = self.round_index if self.rounds is None else min(self.round_index, self.rounds - 1)
        return 1 + index // ROUNDS_PER_LEVEL

    @property
    def round_time(self):
        """Return the seconds allowed for the current round, or None if rounds have no timer."""
        if not self.mode.round_timer:
            return None
        return max(MIN_ROUND_TIME, self.base_round_time - (self.level - 1) * TIMER_STEP)

    def tick(self, dt):
        """Run the game's clock (Time Attack) down by dt seconds."""
        if self.clock is not None:
            self.clock = max(0.0, self.clock - dt)

    @property
    def multiplier(self):
        """Return the multiplier a hit would earn now: 1 + 0.5 per hit in a row, at most 3."""
        return 1.0 + 0.5 * min(self.streak, 4)

    def score_round(self, target, p_target, guess, seconds_left):
        """Return the RoundScore of a finished round and add it to the game.

        p_target : the probability the network gave the target (a digit, or a whole number:
        the product of its digits'), or None if nothing was drawn.
        """
        confidence = 0 if p_target is None else int(round(100 * float(p_target)))
        if guess is not None and guess == target:
            timed = self.round_time is not None and seconds_left is not None
            bonus = int(round(MAX_TIME_BONUS * max(0.0, seconds_left) / self.round_time)) if timed else 0
            multiplier = self.multiplier
            self.streak += 1
            self.best_streak = max(self.best_streak, self.streak)
        else:
            bonus, multiplier, self.streak = 0, 1.0, 0
        result = RoundScore(target, guess, confidence, bonus, multiplier, int(round((confidence + bonus) * multiplier)))
        self.score += result.points
        self.scores.append(result)
        return result

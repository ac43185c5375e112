"""What one learning session did, as a typed record; its JSON is the last line that
`python -m game.learning` and training/retrain.py print, and what the game reads back."""

from dataclasses import asdict, dataclass, fields

TRAINED_ONLY = (
    "mnist_n",
    "mnist_shipped",
    "confirmed_before",
    "confirmed_after",
    "revisited",
    "trained",
    "slant",
    "warning",
)


@dataclass
class SessionResult:
    """One session: what was stored, what it learned, and whether the gate let it through.

    version : the weights in use afterwards ("v3", or "shipped"). corrections,
    confirmations : the stored drawings of each kind; new : those not learned before.
    fixed_* : the share of the studied corrections read right before and after;
    mnist_* : accuracy on the held-out MNIST gate slice (mnist_shipped: the shipped
    network's, the floor); confirmed_* : the same for the confirmations. None where
    there was nothing to measure. trained : the layers the session trained (the dense
    head, the last convolution block and the head, or every layer); slant : the player's
    slant its weights read their drawings with (game/slant.py). The TRAINED_ONLY
    fields appear in the JSON only when the session trained. error : why a session in
    the background failed (then the JSON holds only that).
    """

    promoted: bool = False
    version: str = "shipped"
    corrections: int = 0
    confirmations: int = 0
    new: int = 0
    fixed_before: float | None = None
    fixed_after: float | None = None
    mnist_before: float | None = None
    mnist_after: float | None = None
    mnist_n: int | None = None
    mnist_shipped: float | None = None
    confirmed_before: float | None = None
    confirmed_after: float | None = None
    revisited: int | None = None
    trained: str | None = None
    slant: float | None = None
    reason: str = ""
    warning: str | None = None
    skipped: int = 0
    seconds: float = 0.0
    error: str | None = None

    def to_dict(self):
        """Return the JSON-ready dict the command line prints."""
        if self.error is not None:
            return {"error": self.error}
        return {k: v for k, v in asdict(self).items() if k != "error" and (k not in TRAINED_ONLY or v is not None)}

    def metrics(self):
        """Return the figures saved beside a promoted version (what the gate measured)."""
        return {k: v for k, v in self.to_dict().items() if k not in ("promoted", "reason", "skipped", "seconds")}

    @classmethod
    def from_dict(cls, saved):
        """Return the record of a dict printed by to_dict (unknown keys are ignored)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in saved.items() if k in known})

    def describe(self):
        """Return a one-line message for the player about the finished session (its warning last)."""
        if self.error is not None:
            return f"Learning failed: {self.error}"
        if self.promoted:
            fixed = self.fixed_after
            fixed = "" if fixed is None else f", {100 * fixed:.0f}% of your corrections now read right"
            told = f"Learned! Now playing with model {self.version}{fixed}."
        else:
            told = f"No new model: {self.reason or 'the gate said no'}."
        return f"{told} {self.warning}" if self.warning else told

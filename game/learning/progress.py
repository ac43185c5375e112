"""What the "Your handwriting" page shows: per digit, what the network learned, and each
version's before/after figures. Pure NumPy, computed from the feedback store and the weights."""

from dataclasses import dataclass

import numpy as np

from ..model import CLASSES

RECENT = 500  # the newest stored drawings the page reads again (a tenth of a second)


@dataclass(frozen=True)
class DigitProgress:
    """The player's stored drawings of one digit (the newest RECENT of all digits)."""

    digit: int
    drawn: int  # drawings of this digit
    right_then: int  # read right when they were played
    right_now: int  # read right by the network the game plays with now (without its memory)


def digit_progress(store, network, recent=RECENT):
    """Return ten DigitProgress, one per digit, from the newest `recent` stored drawings.

    Raise sqlite3.Error or OSError if the store cannot be read.
    """
    images, labels, predicted = store.recent_readings(recent)
    now = network.predict(images.reshape(len(images), -1)) if len(images) else np.zeros(0, np.int64)
    return [
        DigitProgress(
            d,
            int((labels == d).sum()),
            int(((labels == d) & (predicted == d)).sum()),
            int(((labels == d) & (now == d)).sum()),
        )
        for d in range(CLASSES)
    ]


def version_history(weights):
    """Return one dict per version on disk, oldest first: version, new (drawings learned),
    fixed_before/fixed_after (corrections read right), mnist_before/mnist_after, active."""
    active, _ = weights.active()
    rows = []
    for number in weights.versions():
        metrics = weights.metrics(number)
        row = {key: metrics.get(key) for key in ("new", "fixed_before", "fixed_after", "mnist_before", "mnist_after")}
        rows.append({"version": f"v{number}", "active": number == active, **row})
    return rows

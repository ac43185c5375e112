"""A one-line text progress bar with loss, accuracy and time left."""

import sys
import time


class ProgressBar:
    """Redraw one line on stderr as work advances: bar, percent, figures, time left."""

    def __init__(self, label, width=28, stream=None):
        self.label, self.width = label, width
        self.stream = stream or sys.stderr
        self.start = time.perf_counter()
        self._last_draw = 0.0

    def update(self, done, total, **figures):
        """Redraw the bar for `done` of `total` units; figures are shown as name value."""
        now = time.perf_counter()
        if done < total and now - self._last_draw < 0.1:  # at most 10 redraws a second
            return
        self._last_draw = now
        fraction = done / total if total else 1.0
        filled = int(self.width * fraction)
        elapsed = now - self.start
        left = elapsed / fraction - elapsed if fraction > 0 else 0.0
        text = " ".join(f"{name} {value:.4f}" for name, value in figures.items())
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(
            f"\r{self.label} [{bar}] {fraction:4.0%} {text} "
            f"{'left' if done < total else 'took'} {_duration(left if done < total else elapsed)}  "
        )
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()

    def batch_done(self, done, total, loss, accuracy):
        """Redraw for a network's on_batch report: samples done of total, loss and accuracy so far."""
        self.update(done, total, loss=loss, acc=accuracy)


def _duration(seconds):
    """Return seconds as a short human duration: "42s" or "3m05s"."""
    seconds = int(round(seconds))
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"

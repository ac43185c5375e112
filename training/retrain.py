"""Fine-tune the network on the player's corrections, behind a validation gate.

    python training/retrain.py [--data-dir DIR] [--mnist DIR] [--force]
    python training/retrain.py --rollback        # back to the previous version
    python training/retrain.py --reset           # back to the shipped weights

The command line over the game's own learning session (game/learning/
session.py, also `python -m game.learning`), with a progress bar. The last
line of stdout is one JSON object: promoted, corrections, fixed_before,
fixed_after, mnist_before, mnist_after, version, seconds, and more.
"""

import sys

from game.learning.__main__ import main as learning_main
from training.progress import ProgressBar


def main(argv=None):
    """Run retrain with a progress bar on stderr; return the exit status."""
    return learning_main(argv, progress=ProgressBar("learning"), prog="retrain.py")


if __name__ == "__main__":
    sys.exit(main())

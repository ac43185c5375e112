"""Training, evaluation and benchmark scripts (run them as `python training/NAME.py`)."""

"""Data sets: MNIST IDX files and stroke JSON Lines."""

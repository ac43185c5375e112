"""How many threads NumPy's matrix library (BLAS) may use: one in the game, all in training.

The game multiplies small matrices, one drawing at a time. Worker threads make
such products slower, not faster, and keep spinning on idle cores between
them: on a busy desktop one live reading took 13.9 ms with OpenBLAS's threads
and 1.1 ms without. BLAS reads these variables once, when NumPy is first
imported, so use_one_thread() must run before that. Training (retraining in
the background included) runs in processes started with all_threads_env(),
and keeps every core.
"""

import os

THREAD_VARIABLES = (
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)


def use_one_thread():
    """Ask every BLAS NumPy may use for a single thread (effective only before NumPy is imported)."""
    for name in THREAD_VARIABLES:
        os.environ[name] = "1"


def all_threads_env():
    """Return a copy of the environment for a child process that may use every core."""
    return {name: value for name, value in os.environ.items() if name not in THREAD_VARIABLES}

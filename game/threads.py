"""How many threads NumPy's matrix library (BLAS) may use: one in the game, all in training.

The game multiplies small matrices, one drawing at a time. Worker threads make
such products slower, not faster, and keep spinning on idle cores between
them: on a busy desktop one live reading took 13.9 ms with OpenBLAS's threads
and 1.1 ms without. BLAS reads these variables once, when NumPy is first
imported, so use_one_thread() must run before that. Training runs in
processes started with all_threads_env(), and keeps every core; a learning
session in the background gets the cores nobody else is using
(idle_threads_env()): on a machine with two busy processes, BLAS threads
fighting them for the cores made a session on 10 drawings take 2.2-9.8 s,
against 0.85 s with one thread.
"""

import os

BACKGROUND_NICENESS = 5  # a Playground run: the game (0) comes first, with 3x its CPU share
SESSION_NICENESS = 1  # a learning session: a game's drawings beside two busy programs took 19-22 s
# at 5, 8-11 s at 2, 7.7-8.3 s at 1, 6.7-7.3 s at 0, while the game's frames were no smoother at 5
# than at 0 (p99 15.9-17.8 ms against 15.5-17.1 ms): the busy programs set them, not the session

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


def idle_threads_env():
    """Return a copy of the environment for a child process whose BLAS uses as many threads as
    there are idle cores (the cores less the last minute's load, at least one)."""
    try:
        busy = round(os.getloadavg()[0])
    except (AttributeError, OSError):  # no load average (Windows): every core
        return all_threads_env()
    threads = str(max(1, (os.cpu_count() or 1) - busy))
    return {**all_threads_env(), **dict.fromkeys(THREAD_VARIABLES, threads)}


def lower_priority(niceness=BACKGROUND_NICENESS):
    """Run this process at niceness, under the game's (where the system has niceness)."""
    if hasattr(os, "nice"):
        os.nice(niceness)

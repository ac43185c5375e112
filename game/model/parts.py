"""Element-wise work on every core: a batch cut into slices, one thread each.

BLAS runs the matrix products on every core it may use; NumPy runs every other
pass (a copy, a maximum, a mask) on one. For the big ones, a layer hands
Parts.run the work of one slice of its batch, work(start, stop); the slices
run at once, one thread each, because NumPy lets go of Python's lock while
it loops over an array. Every slice does the same arithmetic on its own
images, so the result is the one a single pass would give.

As many threads as BLAS may use (the variables it reads, which
game/threads.py sets): one in the game, which reads one drawing at a time, so
no thread at all there.
"""

import os
from concurrent.futures import ThreadPoolExecutor

BLAS_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
SMALLEST = 65536  # numbers a slice touches at least: for less, a thread costs more than it saves


def blas_threads():
    """Return how many threads BLAS may use here: the first of its variables that is set,
    else every core this process may run on."""
    for name in BLAS_VARIABLES:
        if os.environ.get(name, "").strip().isdigit():
            return max(1, int(os.environ[name]))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Parts:
    """Runs work(start, stop) on slices of range(n) at once, with up to `count` threads."""

    def __init__(self, count=1):
        self.count = max(1, int(count))
        self._pool = None  # the threads besides the caller's, started the first time they are needed

    def run(self, work, n, numbers):
        """Call work(start, stop) for slices that together cover range(n), one thread each, and
        return when all are done: in this thread alone when there is one part or the work is
        small (`numbers`: how many numbers it touches in all)."""
        parts = min(self.count, n, max(1, numbers // SMALLEST))
        if parts == 1:
            work(0, n)
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.count - 1, thread_name_prefix="numpy-part")
        bounds = [n * i // parts for i in range(parts + 1)]
        others = [self._pool.submit(work, start, stop) for start, stop in zip(bounds[1:-1], bounds[2:])]
        work(bounds[0], bounds[1])
        for other in others:
            other.result()


ONE = Parts(1)  # no thread: a layer's default until a network gives it its own

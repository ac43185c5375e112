"""Where a training epoch's time goes, layer by layer and step by step.

    python training/benchmark.py --profile [--mnist DIR]

A clock goes around every layer's forward and backward, around the named
steps inside them (STEPS and FUNCTIONS: the im2col copy, the input gradient
and its col2im, the pooling's running maximum, an activation's slope), around
the softmax, the loss and its gradient, the optimiser's step and the
gathering of each batch; then the network trains one real epoch
(improve_train, as benchmark.py times it). Each step's own time is its time
less the steps timed inside it; what no clock covers (the loop, the accuracy
count) is the "rest".
A second, shorter pass runs with tracemalloc on: the memory each step
allocates per batch, where a copy nobody asked for shows, and the page faults
it takes: memory the system hands over afresh, page by page (an array
allocated anew each batch may cost that; one kept for the next batch does
not). Any float64 array a step takes or returns is named: the engine
computes in float32.
"""

import os
import resource
import time
import tracemalloc

import numpy as np

from game.model import conv, pool
from game.model import network as network_module

STEPS = {  # a layer's method: the step it is, timed inside the layer's forward or backward
    "slope": "mask / slope",
    "_first_winners": "winners mask",
}
FUNCTIONS = [  # (module, function, step): module-level helpers, timed inside whichever layer calls them
    (conv, "im2col", "im2col copy"),
    (conv, "input_gradient", "input gradient"),
    (conv, "add_shifted", "offsets added up (col2im)"),
    (pool, "running_maximum", "running maximum"),
]
TOP = [  # (module, function, step): the network's own steps around the layers
    (network_module, "softmax", "softmax"),
    (network_module, "cross_entropy", "loss"),
    (network_module, "softmax_cross_entropy_grad", "dloss/dlogits"),
]
TRACED_BATCHES = 20  # batches run with tracemalloc on (it slows every allocation)


class Clock:
    """Self time, calls, memory and float64 sightings of named steps, which may nest."""

    def __init__(self):
        self.seconds, self.calls, self.memory, self.faults, self.float64 = {}, {}, {}, {}, set()
        self.tracing = False
        self._stack, self._undo = [], []

    def wrap(self, owner, name, step, nested=False):
        """Replace owner.name by a timed version, counted as `step` (inside the step running, if nested)."""
        original = getattr(owner, name)
        self._undo.append((owner, name, owner.__dict__.get(name) if hasattr(owner, "__dict__") else None))

        def timed(*args, **kwargs):
            label = f"{self._stack[-1]['label']} / {step}" if nested and self._stack else step
            frame = self._enter(label)
            try:
                result = original(*args, **kwargs)
            finally:
                self._leave(frame)
            if any(isinstance(a, np.ndarray) and a.dtype == np.float64 for a in (*args, result)):
                self.float64.add(label)
            return result

        setattr(owner, name, timed)

    def restore(self):
        """Put back every function wrap() replaced."""
        for owner, name, original in reversed(self._undo):
            if original is None:
                delattr(owner, name)
            else:
                setattr(owner, name, original)
        self._undo.clear()

    def _enter(self, label):
        """Return the frame of a step starting now."""
        frame = {"label": label, "inner": 0.0, "memory": 0, "peak": 0, "faults": 0, "inner_faults": 0}
        if self.tracing:
            frame["faults"] = page_faults()
            current, peak = tracemalloc.get_traced_memory()
            if self._stack:
                self._stack[-1]["peak"] = max(self._stack[-1]["peak"], peak)
            tracemalloc.reset_peak()
            frame["memory"] = current
        self._stack.append(frame)
        frame["start"] = time.perf_counter()
        return frame

    def _leave(self, frame):
        """Count the time (less the steps inside) and memory of the step ending now."""
        elapsed = time.perf_counter() - frame["start"]
        self._stack.pop()
        label = frame["label"]
        if self._stack:
            self._stack[-1]["inner"] += elapsed
        self.seconds[label] = self.seconds.get(label, 0.0) + elapsed - frame["inner"]
        self.calls[label] = self.calls.get(label, 0) + 1
        if self.tracing:
            peak = max(frame["peak"], tracemalloc.get_traced_memory()[1])
            if self._stack:
                self._stack[-1]["peak"] = max(self._stack[-1]["peak"], peak)
            tracemalloc.reset_peak()
            self.memory[label] = self.memory.get(label, 0) + peak - frame["memory"]
            faults = page_faults() - frame["faults"]
            if self._stack:
                self._stack[-1]["inner_faults"] += faults
            self.faults[label] = self.faults.get(label, 0) + faults - frame["inner_faults"]


def page_faults():
    """Return the number of page faults this process has taken so far (minor: no disk read)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def layer_name(i, layer):
    """Return a short name for layers[i], e.g. "3 conv 5x5 -> 8x8x64"."""
    size = f" {layer.size}x{layer.size}" if hasattr(layer, "size") else ""
    return f"{i:>2} {layer.kind}{size} -> {'x'.join(map(str, layer.output_shape))}"


def clock_network(clock, network):
    """Wrap every step of `network`'s training in `clock` (undo with clock.restore())."""
    clock.wrap(network, "_gather", "gather the batch")
    for module, name, step in TOP:
        clock.wrap(module, name, step)
    for module, name, step in FUNCTIONS:
        clock.wrap(module, name, step, nested=True)
    for i, layer in enumerate(network.layers):
        for name, step in STEPS.items():
            if hasattr(layer, name):
                clock.wrap(layer, name, step, nested=True)
        clock.wrap(layer, "forward", f"{layer_name(i, layer)}  forward")
        clock.wrap(layer, "backward", f"{layer_name(i, layer)}  backward")
    clock.wrap(network.optimizer, "step", f"{network.optimizer.name} step")


def profile_epoch(network, X, y, batch_size=128, epochs=1):
    """Return (rows, epoch seconds, float64 steps, page faults per batch): rows of (step,
    seconds per epoch, MB allocated and page faults per batch), in the order they first ran,
    for `epochs` epochs of improve_train on X, y."""
    warm = 40 * batch_size  # whole batches: the layers keep working arrays of the batch size
    network.improve_train(X[:warm], y[:warm], batch_size=batch_size, lr=1e-3)  # warm-up, and the optimiser
    clock = Clock()
    clock_network(clock, network)
    try:
        clock.tracing = True
        tracemalloc.start()
        traced = TRACED_BATCHES * batch_size
        network.improve_train(X[:traced], y[:traced], batch_size=batch_size)
        tracemalloc.stop()
        clock.tracing, memory, step_faults = False, dict(clock.memory), dict(clock.faults)
        clock.seconds.clear()
        faults = page_faults()
        start = time.perf_counter()
        for _ in range(epochs):
            network.improve_train(X, y, batch_size=batch_size)
        epoch = (time.perf_counter() - start) / epochs
        faults = (page_faults() - faults) / (epochs * -(-len(X) // batch_size))
    finally:
        clock.restore()
    rows = [
        (step, seconds / epochs, memory.get(step, 0) / TRACED_BATCHES / 1e6, step_faults.get(step, 0) / TRACED_BATCHES)
        for step, seconds in clock.seconds.items()
    ]
    rows.append(("rest (the loop, the accuracy count, ...)", epoch - sum(r[1] for r in rows), 0.0, 0.0))
    return rows, epoch, sorted(clock.float64), faults


def print_profile(title, rows, epoch, matmul, float64, faults):
    """Print the profile as a table: step, s per epoch, share of the epoch, MB allocated and
    page faults per batch."""
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\n{title}: {epoch:.3f} s an epoch, its matrix products alone {matmul:.3f} s ({epoch / matmul:.2f}x)")
    print(f"load average {load}; {faults:.1f} page faults per batch")
    print(f"{'step':<52} {'s/epoch':>8} {'share':>6} {'MB/batch':>9} {'faults':>7}")
    for label, seconds, megabytes, faults in rows:
        print(f"{label:<52} {seconds:8.3f} {seconds / epoch:6.1%} {megabytes:9.2f} {faults:7.0f}")
    print(f"float64 arrays met in: {', '.join(float64) if float64 else 'none'}")

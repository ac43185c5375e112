"""Learn now: retrain.py run in the background, so the window never freezes."""

import json
import subprocess
import sys

from .threads import all_threads_env


class BackgroundRetrain:
    """One retrain.py process on the data dir; poll() tells when it is done and how it went."""

    def __init__(self, data_dir):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "training.retrain", "--data-dir", str(data_dir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=all_threads_env(),
        )
        self.result = None

    @property
    def running(self):
        """Return True while the retrain is still going."""
        return self.result is None and self.process.poll() is None

    def poll(self):
        """Return None while running, else the result: retrain's JSON, or {"error": why}."""
        if self.result is None and self.process.poll() is not None:
            out, err = self.process.communicate()
            try:
                self.result = json.loads(out.strip().splitlines()[-1])
            except (IndexError, ValueError):
                lines = [line for line in err.strip().splitlines() if line.strip()]
                self.result = {"error": lines[-1] if lines else f"retrain exited with {self.process.returncode}"}
        return self.result

    def stop(self):
        """Stop the retrain (the previous weights stay intact: writes are atomic)."""
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def describe_result(result):
    """Return a one-line message for the player about a finished retrain."""
    if "error" in result:
        return f"Learning failed: {result['error']}"
    if result.get("promoted"):
        fixed = result.get("fixed_after")
        share = "" if fixed is None else f", {100 * fixed:.0f}% of your corrections now read right"
        return f"Learned! Now playing with model {result['version']}{share}."
    return f"No new model: {result.get('reason', 'the gate said no')}."

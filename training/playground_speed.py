"""The Playground's figures, measured as a player meets them: print them, one line each.

    python training/playground_speed.py --mnist ../shared/mnist [--only NAME ...]

- first: seconds from the command's start to its first loss point (headless train, and
  as the page starts it: the Train key to the first point the page holds);
- mlp: the 784-128-10 ReLU MLP, Adam, 55,000 images, given 10 s: its best validation;
- cnn: conv5x8-pool-conv5x16-pool-64-10 given 60 s: its best validation;
- memory: the shipped architecture on 55,000 images (pen drawings and augmentation on),
  one epoch: the most memory the process held;
- sigmoid: the same MLP with sigmoid against ReLU, 2 epochs of plain SGD (the preset's
  batches of 40 at lr 0.005) and of Adam: validation after each epoch;
- quit: seconds from asking a run to end (the game quitting) to its process being gone;
- frames: the game autoplaying 15 rounds in real time (on the display given: DISPLAY=:99
  for X11) while the shipped architecture trains beside it as the page starts it, and
  without it: frame time p50, p99 and the slowest.

Each figure comes from `python -m game.playground train` (the page's own code path);
the machine's load is printed beside them. No figure is asserted: targets are in the
README with the figures this prints.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.playground.blueprint import Blueprint  # noqa: E402
from game.playground.process import TrainingRun  # noqa: E402

FIGURES = ("first", "mlp", "cnn", "memory", "sigmoid", "quit", "frames")


def main(argv=None):
    """Measure the figures asked for; return the exit status."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mnist", metavar="DIR", help="the folder of the four MNIST files (else MNIST_DIR)")
    p.add_argument("--only", nargs="+", choices=FIGURES, default=list(FIGURES))
    args = p.parse_args(argv)
    if args.mnist:
        os.environ["MNIST_DIR"] = str(Path(args.mnist).resolve())
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        for figure in args.only:
            globals()[f"measure_{figure}"](Path(folder) / figure)
    return 0


def train(folder, name, *options):
    """Run a headless train command; return its summary (the last line of stdout)."""
    command = [sys.executable, "-m", "game.playground", "train", name, "--data-dir", str(folder), *options]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=3600)
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip()[-300:]}") from None


def measure_first(folder):
    """Print the seconds to the first loss point: headless, and as the page starts a run."""
    headless = [
        train(folder, f"first {k}", "--epochs", "1", "--images", "5000")["first_point_seconds"] for k in range(3)
    ]
    print(f"first loss point, headless (process start included): {', '.join(f'{s:.2f} s' for s in headless)}")
    paged = []
    for k in range(3):
        began = time.perf_counter()
        run = TrainingRun(f"page {k}", Blueprint(epochs=1, images=5000), folder)
        while not run.state.points and run.running:
            run.update()
            time.sleep(0.005)
        paged.append(time.perf_counter() - began)
        run.quit()
    shown = ", ".join(f"{s:.2f} s" for s in paged)
    print(f"first loss point as the page starts a run (Train to the point in hand): {shown}")


def measure_mlp(folder):
    """Print the best validation of the 784-128-10 MLP given 10 s."""
    summary = train(folder, "mlp", "--epochs", "100", "--seconds", "10")
    print(f"784-128-10 ReLU, Adam, 55,000 images, 10 s: validation {summary['validation_accuracy']:.2%} ", end="")
    print(f"after {summary['epochs']:.1f} epochs; MNIST test {summary['test_accuracy']:.2%}")


def measure_cnn(folder):
    """Print the best validation of conv5x8-pool-conv5x16-pool-64-10 given 60 s."""
    options = ["--arch", "cnn", "--filters", "8", "16", "--hidden", "64", "--epochs", "100", "--seconds", "60"]
    summary = train(folder, "cnn", *options)
    print(f"conv5x8-pool-conv5x16-pool-64-10, Adam, 60 s: validation {summary['validation_accuracy']:.2%} ", end="")
    print(f"after {summary['epochs']:.2f} epochs; MNIST test {summary['test_accuracy']:.2%}")


def measure_memory(folder):
    """Print the peak memory of one epoch of the shipped architecture, pen drawings and augmentation on."""
    options = ["--arch", "cnn", "--filters", "32", "64", "--hidden", "256", "--batch-size", "128", "--epochs", "1"]
    summary = train(folder, "memory", *options, "--pen", "--augment")
    print(
        f"the shipped architecture, 55,000 images + pen drawings, augmented, one epoch ({summary['seconds']:.0f} s):",
        end="",
    )
    print(f" peak memory {summary['peak_memory_mb']:.0f} MB; validation {summary['validation_accuracy']:.2%}")


def measure_sigmoid(folder):
    """Print validation at each checkpoint of the same MLP with ReLU and with sigmoid."""
    sgd = ["--optimizer", "sgd", "--lr", "0.005", "--batch-size", "40"]
    listing = [sys.executable, "-m", "game.playground", "list", "--data-dir", str(folder)]
    for optimizer, options in (("plain SGD, lr 0.005, batches of 40", sgd), ("Adam", [])):
        for activation in ("relu", "sigmoid"):
            name = f"{activation} {optimizer[:4]}"
            summary = train(folder, name, "--activation", activation, "--epochs", "2", *options)
            cards = json.loads(subprocess.run(listing, cwd=ROOT, capture_output=True, text=True, check=True).stdout)
            checkpoints = next(c for c in cards["networks"] if c["name"] == name)["curves"]["checkpoints"]
            shown = ", ".join(f"{100 * c[2]:.2f}% at epoch {c[0]:.2f}" for c in checkpoints)
            print(f"784-128-10 {activation}, {optimizer}: validation {shown} ({summary['seconds']:.1f} s)")


def measure_quit(folder):
    """Print the seconds from asking a run to end to its process being gone."""
    seconds = []
    for k in range(3):
        run = TrainingRun(f"quit {k}", Blueprint(epochs=100), folder)
        while not run.state.points and run.running:
            run.update()
            time.sleep(0.01)
        began = time.perf_counter()
        run.quit()
        seconds.append(time.perf_counter() - began)
    print(f"a run ended as the game quits: {', '.join(f'{s:.2f} s' for s in seconds)} to its process gone")


def measure_frames(folder):
    """Print the game's frame times while a run trains beside it, and without one."""
    strokes = ROOT / "tests" / "fixtures" / "pendigits-60.jsonl"
    command = [sys.executable, "-m", "game", "--data-dir", str(folder / "game"), "--autoplay", str(strokes)]
    command += ["--rounds", "15", "--speed", "1"]
    for beside in ("a run training beside it", "alone"):
        run = None
        if beside != "alone":
            blueprint = Blueprint(arch="cnn", filters=(32, 64), hidden=(256,), batch_size=128, epochs=100)
            run = TrainingRun("beside", blueprint, folder)
            while not run.state.points and run.running:
                run.update()
                time.sleep(0.05)
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
        if run is not None:
            run.quit()
        summary = json.loads(done.stdout.strip().splitlines()[-1])
        figures = f"p50 {summary['frame_ms_p50']:.2f} ms, p99 {summary['frame_ms_p99']:.2f} ms"
        print(f"frames ({summary['video_driver']}), {beside}: {figures}, slowest {summary['frame_ms_max']:.1f} ms")


if __name__ == "__main__":
    sys.exit(main())

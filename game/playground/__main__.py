"""The Playground from the command line: `python -m game.playground COMMAND`.

    train NAME [--arch mlp|cnn] [--hidden W ...] [--filters F ...] [--kernel K]
               [--activation relu|sigmoid|tanh] [--optimizer sgd|momentum|adam] [--lr X]
               [--batch-size B] [--epochs E] [--images N] [--pen] [--mine] [--augment]
               [--seconds S] [--mnist DIR] [--data-dir DIR] [--player P]
    estimate   [the same blueprint options]    parameters, memory, seconds an epoch
    list | delete NAME | rename NAME NEW | export NAME --out FILE | import FILE [--name NAME]

`train` trains as the game's Playground page does (the page runs this very
command with --events) and keeps the network in the player's folder. Progress
goes to stderr; the last line of stdout is JSON: name, parameters, epochs,
seconds, first_point_seconds, validation_accuracy, test_accuracy, diverged (and
more). `list` prints JSON too.
"""

import argparse
import json
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

from ..datasets.mnist import MnistError, locate_mnist
from ..datasets.pen import PenDataError
from ..model.optimizers import OPTIMIZERS
from ..options import check, file_to_read, file_to_write, folder, named
from ..paths import default_data_dir
from ..players import add_player_option, data_dir_of
from ..profile import PlayerFiles
from ..threads import lower_priority
from .blueprint import ARCHS, Blueprint, BlueprintError, plain_name
from .data import test_sets, training_data
from .estimate import estimate
from .saved import SavedNetworkError, SavedNetworks, make_card
from .trainer import Controls, Trainer, test_scores

ACTIONS = ("train", "estimate", "list", "delete", "rename", "export", "import")
PROBLEMS = (BlueprintError, SavedNetworkError, MnistError, PenDataError, OSError)


def main(argv=None):
    """Run one command; return the exit status."""
    started = time.perf_counter() - process_age()
    args = parse_args(argv)
    try:
        return COMMANDS[args.action](args, started)
    except PROBLEMS as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def parse_args(argv=None):
    """Return the options, the player's folder resolved as args.folder; bad ones end here."""
    p = argparse.ArgumentParser(
        prog="python -m game.playground", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("action", choices=ACTIONS)
    p.add_argument("names", nargs="*", metavar="NAME", help="the network (rename: then its new name; import: the file)")
    p.add_argument(
        "--data-dir", type=folder, default=default_data_dir(), help="the game's data dir (default: %(default)s)"
    )
    add_player_option(p)
    p.add_argument("--player-dir", type=folder, metavar="DIR", help="exactly this player's folder (the game passes it)")
    _add_blueprint_options(p)
    p.add_argument(
        "--mnist", type=named, metavar="DIR", help="the folder of the four MNIST files (else MNIST_DIR, or downloaded)"
    )
    p.add_argument("--seconds", type=float, help="stop after this much training, keeping the best checkpoint")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--events", action="store_true", help="one JSON event a line on stdout (the game's page)")
    p.add_argument("--background", action="store_true", help="run at low priority (niceness 5), under the game's")
    p.add_argument("--out", type=file_to_write, help="export: the file to write")
    p.add_argument("--name", help="import: keep it under this name")
    args = p.parse_args(argv)
    wanted = {"train": 1, "delete": 1, "rename": 2, "export": 1, "import": 1, "list": 0, "estimate": 0}
    if len(args.names) != wanted[args.action]:
        p.error(f"{args.action} takes {wanted[args.action]} name(s), got {len(args.names)}")
    if args.action == "export" and args.out is None:
        p.error("export needs --out FILE")
    if args.action == "import":
        args.names[0] = check(p, "file", file_to_read, args.names[0])
    if args.seconds is not None and not 0 < args.seconds <= 7 * 24 * 3600:
        p.error("--seconds must be a number of seconds from 0 to a week")
    if not 0 <= args.seed < 2**32:
        p.error("--seed must be a whole number from 0 to 4294967295")
    args.blueprint = _blueprint(p, args)
    args.folder = args.player_dir or data_dir_of(p, args.data_dir, args.player)
    return args


def _add_blueprint_options(p):
    """Add the options that describe a network and its training (a Blueprint)."""
    d = Blueprint()
    p.add_argument("--arch", choices=ARCHS, default=d.arch)
    p.add_argument("--hidden", type=int, nargs="*", help="dense widths (default: 128 for an MLP, 64 for a CNN)")
    p.add_argument("--filters", type=int, nargs="+", default=list(d.filters), help="cnn: filters of each conv block")
    p.add_argument("--kernel", type=int, default=d.kernel, help="cnn: the convolutions' size (3 or 5)")
    p.add_argument("--activation", default=d.activation, help="relu, sigmoid or tanh")
    p.add_argument("--optimizer", default=d.optimizer, help="sgd, momentum or adam")
    p.add_argument("--lr", type=float, help="learning rate (default: the optimiser's own)")
    p.add_argument("--batch-size", type=int, default=d.batch_size)
    p.add_argument("--epochs", type=int, default=d.epochs)
    p.add_argument("--images", type=int, default=d.images, help="MNIST training images, 1,000 to 55,000")
    p.add_argument("--pen", action="store_true", help="also train on the pen drawings (the writers not held out)")
    p.add_argument("--mine", action="store_true", help="also train on the player's own labelled drawings")
    p.add_argument("--augment", action="store_true", help="fresh random distortions of every image each epoch")


def _blueprint(p, args):
    """Return the Blueprint the options describe; one out of bounds ends the command (exit 1)."""
    hidden = args.hidden if args.hidden is not None else ([128] if args.arch == "mlp" else [64])
    lr = args.lr if args.lr is not None else OPTIMIZERS.get(args.optimizer, 1e-3)
    blueprint = Blueprint(
        args.arch,
        tuple(hidden),
        tuple(args.filters),
        args.kernel,
        args.activation,
        args.optimizer,
        lr,
        args.batch_size,
        args.epochs,
        args.images,
        args.pen,
        args.mine,
        args.augment,
    )
    problems = blueprint.problems()
    if problems and args.action in ("train", "estimate"):
        print(f"error: {problems[0]}", file=sys.stderr)
        sys.exit(1)
    return blueprint


# ------------------------------------------------------------------ commands
def train(args, started):
    """Train args.blueprint, keep the network as args.names[0]; print the summary JSON last."""
    name, networks = plain_name(args.names[0]), SavedNetworks(PlayerFiles(args.folder).networks)
    if networks.taken(name):
        raise SavedNetworkError(f"a network named {networks.find(name)!r} is kept already: choose another name")
    if args.background:
        lower_priority()
    controls = Controls()
    _listen(controls, stdin=args.events)
    mnist = locate_mnist(args.mnist)
    data = training_data(args.blueprint, mnist, PlayerFiles(args.folder))
    report = _emit if args.events else _Progress().report
    folder = networks.run_folder(name)
    trainer = Trainer(args.blueprint, data, report, controls, folder, args.seconds, args.seed, started)
    result = trainer.run()
    summary = {"name": name, "parameters": int(result.network.params.size), "epochs": result.epochs}
    summary.update(seconds=result.seconds, first_point_seconds=result.first_point_seconds, ended=result.ended)
    summary.update(
        validation_accuracy=result.validation_accuracy, diverged=result.diverged, best_epoch=result.best_epoch
    )
    if result.diverged or result.validation_accuracy is None:
        print(
            "diverged: try a smaller learning rate" if result.diverged else "stopped before a checkpoint",
            file=sys.stderr,
        )
        print(json.dumps({**summary, "test_accuracy": None, "saved": None}), flush=True)
        return 1
    if not controls.quitting:
        report({"event": "testing"})
    scores = {} if controls.quitting else test_scores(result.network, test_sets(mnist))
    saved = networks.keep(result.network, name, make_card(args.blueprint, result, scores))
    _remove_run(folder)
    summary.update(test_accuracy=scores.get("test_accuracy"), pen_accuracy=scores.get("pen_accuracy"))
    summary.update(ms_per_reading=scores.get("ms_per_reading"), saved=str(saved), peak_memory_mb=peak_memory_mb())
    print(json.dumps(summary), flush=True)
    return 0


def estimate_command(args, started):
    """Print the blueprint's cost as JSON: parameters, memory_mb, seconds_per_epoch."""
    print(json.dumps(estimate(args.blueprint, PlayerFiles(args.folder))), flush=True)
    return 0


def list_command(args, started):
    """Print the kept networks' cards as JSON: {"networks": [...]}."""
    print(json.dumps({"networks": SavedNetworks(PlayerFiles(args.folder).networks).cards()}, indent=1))
    return 0


def delete(args, started):
    """Delete a kept network."""
    networks = SavedNetworks(PlayerFiles(args.folder).networks)
    name = networks.find(args.names[0])
    networks.delete(name)
    print(f"deleted {name}")
    return 0


def rename(args, started):
    """Give a kept network another name."""
    new = SavedNetworks(PlayerFiles(args.folder).networks).rename(*args.names)
    print(f"renamed {args.names[0]} to {new}")
    return 0


def export(args, started):
    """Write a kept network to --out."""
    out = SavedNetworks(PlayerFiles(args.folder).networks).export(args.names[0], args.out)
    print(f"exported {args.names[0]} to {out}")
    return 0


def import_command(args, started):
    """Keep the network of an exported file."""
    name = SavedNetworks(PlayerFiles(args.folder).networks).import_file(args.names[0], args.name)
    print(f"imported {name}")
    return 0


COMMANDS = {
    "train": train,
    "estimate": estimate_command,
    "list": list_command,
    "delete": delete,
    "rename": rename,
    "export": export,
    "import": import_command,
}


# ------------------------------------------------------------------ helpers
def _listen(controls, stdin):
    """Let SIGTERM end the run at once (the game quitting), keeping the best so far, and with
    stdin, obey the page's commands: pause, resume, stop; stdin closing (the game gone) quits."""

    def quit_now(*_):
        controls.quitting = True
        controls.stop()

    controls.quitting = False
    signal.signal(signal.SIGTERM, quit_now)
    if stdin:
        threading.Thread(target=_read_commands, args=(controls, quit_now), daemon=True).start()


def _read_commands(controls, quit_now):
    """Read the page's commands, one a line, until stdin closes."""
    actions = {"pause": controls.pause, "resume": controls.resume, "stop": controls.stop}
    for line in sys.stdin:
        actions.get(line.strip(), lambda: None)()
    quit_now()


def _emit(event):
    """Print one event as a JSON line for the page."""
    print(json.dumps(event), flush=True)


class _Progress:
    """Human progress on stderr: a line a second, and every checkpoint."""

    def __init__(self):
        self._last = 0.0

    def report(self, event):
        kind = event["event"]
        if kind == "point" and event["seconds"] - self._last >= 1.0:
            self._last = event["seconds"]
            left = "" if event["left"] is None else f", about {event['left']:.0f} s left"
            line = f"epoch {event['epoch']:.2f}: loss {event['loss']}, accuracy {event['accuracy']:.1%}"
            print(f"{line} ({event['seconds']:.0f} s{left})", file=sys.stderr)
        elif kind == "checkpoint":
            best = " (best so far)" if event["best"] else ""
            print(
                f"checkpoint at epoch {event['epoch']:.2f}: validation {event['val_accuracy']:.2%}{best}",
                file=sys.stderr,
            )
        elif kind in ("start", "diverged", "testing"):
            print(f"{kind}: {json.dumps({k: v for k, v in event.items() if k != 'event'})}", file=sys.stderr)


def _remove_run(folder):
    """Delete what a finished run left in its folder (the kept network has what matters)."""
    shutil.rmtree(folder, ignore_errors=True)


def process_age():
    """Return the seconds since this process started (Linux; elsewhere 0: since main())."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return max(0.0, uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):
        return 0.0


def peak_memory_mb():
    """Return the most memory this process has held, in MB (None where it cannot be read)."""
    try:
        import resource
    except ImportError:
        return None
    kilobytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(kilobytes / (1024 if sys.platform != "darwin" else 1024**2), 1)


if __name__ == "__main__":
    sys.exit(main())

"""Feedback data tools: import stroke files as corrections, export them, show stats.

    python training/feedback.py import FILE.jsonl [--data-dir DIR]
    python training/feedback.py export FILE.jsonl [--data-dir DIR]
    python training/feedback.py stats [--data-dir DIR]

import runs the network the game plays with on each drawing, exactly as the
game does, and stores it with its label as the digit the player meant: a
correction where the network reads it wrong, a confirmation where it reads it
right. Each command ends with one JSON object as its last line.
"""

import argparse
import json
import sqlite3
import sys

from game.datasets.strokes import StrokeFileError, StrokeSample, read_strokes, write_strokes
from game.feedback import NOT_A_DIGIT, FeedbackRecord, FeedbackStore
from game.learning.examples import read_feedback
from game.model import ModelFileError
from game.options import check, file_to_read, file_to_write, folder
from game.paths import default_data_dir
from game.players import add_player_option, data_dir_of
from game.profile import PlayerFiles
from game.recognizer import Recognizer
from game.weights_store import WeightsStore
from training.report import print_json


def parse_args(argv=None):
    """Return the command-line options."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", choices=["import", "export", "stats"])
    p.add_argument("file", nargs="?", type=file_to_read, help="stroke JSON Lines file (import, export)")
    p.add_argument(
        "--data-dir", type=folder, default=default_data_dir(), help="the game's data dir (default: %(default)s)"
    )
    add_player_option(p)
    args = p.parse_args(argv)
    if args.command != "stats" and args.file is None:
        p.error(f"{args.command} needs a FILE.jsonl")
    if args.command == "export":
        args.file = check(p, "file", file_to_write, str(args.file))
    args.data_dir = data_dir_of(p, args.data_dir, args.player)  # last: it may make the folder
    return args


def main(argv=None):
    """Run one command; return the exit status."""
    args = parse_args(argv)
    commands = {"import": import_file, "export": export_file, "stats": stats}
    try:
        with FeedbackStore(PlayerFiles(args.data_dir).feedback) as store:
            result = commands[args.command](store, args)
    except (StrokeFileError, ModelFileError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except sqlite3.Error as error:
        print(f"error: cannot read {PlayerFiles(args.data_dir).feedback}: {error}", file=sys.stderr)
        return 1
    print_json(result)
    return 0


def import_file(store, args):
    """Store every drawing of a stroke file not stored already; return counts."""
    samples = read_strokes(args.file, labels=range(NOT_A_DIGIT + 1))  # a player's file: "not a digit" too
    _, weights = WeightsStore(PlayerFiles(args.data_dir).weights).active()
    recognizer = Recognizer.load(weights)
    seen = {drawing_key(r) for r in stored_records(store)}
    counts = {"imported": 0, "corrections": 0, "confirmations": 0, "empty": 0, "duplicates": 0, "unsaved": 0}
    counts["not_digits"] = 0  # drawings the player said are no digit: kept, never learned as one
    for sample in samples:
        reading = recognizer.read(sample.strokes)
        if reading is None:
            counts["empty"] += 1
            continue
        record = FeedbackRecord.from_reading(reading, sample.strokes, sample.label, None, recognizer.version)
        if drawing_key(record) in seen:
            counts["duplicates"] += 1
            continue
        seen.add(drawing_key(record))
        if not store.add(record):
            counts["unsaved"] += 1
            continue
        counts["imported"] += 1
        kind = "not_digits" if record.label == NOT_A_DIGIT else "corrections" if record.corrected else "confirmations"
        counts[kind] += 1
    if store.pending:
        store.close()  # writes the unsaved drawings to a rescue file; last_error says where
        raise OSError(f"imported {counts['imported']} of {len(samples)} drawings. {store.last_error}")
    print(
        f"Imported {counts['imported']} drawings from {args.file}: {counts['corrections']} corrections "
        f"(read wrong by the {recognizer.version} network), {counts['confirmations']} confirmations; "
        f"{counts['duplicates']} were stored already."
    )
    return counts


def stored_records(store):
    """Return the records stored so far, or [] if the database cannot be read (the import then
    still goes ahead: drawings that cannot be saved end up in a rescue file)."""
    try:
        return read_feedback(store)[0]
    except (sqlite3.Error, OSError):
        return []


def drawing_key(record):
    """Return what makes two stored drawings the same: the label and the (rounded) points."""
    return record.label, json.dumps(record.strokes)


def export_file(store, args):
    """Write every stored record as a stroke JSON Lines file, extra fields kept; return counts."""
    records, skipped = read_feedback(store)
    samples = [
        StrokeSample(
            label=r.label,
            strokes=tuple(r.strokes),
            extra={
                "predicted": r.predicted,
                "probabilities": [round(float(p), 6) for p in r.probabilities],
                "corrected": r.corrected,
                "target": r.target,
                "created": r.created,
                "weights_version": r.weights_version,
                "learned_version": r.learned_version,
            },
        )
        for r in records
    ]
    write_strokes(args.file, samples)
    print(f"Exported {len(samples)} drawings to {args.file}.")
    return {"exported": len(samples), "skipped": skipped}


def stats(store, args):
    """Print counts per digit, wrong guesses and what is not yet learned; return them."""
    counts = store.counts()
    print("digit  drawings  read wrong")
    for digit in range(10):
        print(f"{digit:>5}  {counts['per_digit'][digit]:>8}  {counts['wrong_per_digit'][digit]:>10}")
    print(
        f"total {counts['total']}: {counts['corrections']} corrections, {counts['confirmations']} "
        f"confirmations; {counts['not_learned']} not yet learned (run training/retrain.py)"
    )
    return {
        **counts,
        "per_digit": {str(k): v for k, v in counts["per_digit"].items()},
        "wrong_per_digit": {str(k): v for k, v in counts["wrong_per_digit"].items()},
    }


if __name__ == "__main__":
    sys.exit(main())

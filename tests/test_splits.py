"""Promises of the data splits: writers held out are held out whole, so a figure on
them says how the network reads hands it never saw; without writers the file says so."""

import json

import numpy as np
import pytest

from game.datasets.pen import held_out_writers, load_pen_images
from game.datasets.strokes import StrokeFileError, read_strokes, write_strokes
from tests.helpers import FIXTURE, last_json, run
from training.data import has_writers, new_writers, split_strokes, validation_parts


def with_writers(samples, writers):
    """Return copies of samples, sample i written by writers[i % len(writers)]."""
    from dataclasses import replace

    return [replace(s, extra={**s.extra, "writer": writers[i % len(writers)]}) for i, s in enumerate(samples)]


@pytest.fixture
def thirty_writers():
    return with_writers(read_strokes(FIXTURE) * 5, [f"w{k}" for k in range(30)])


def test_no_writer_is_on_both_sides_of_the_split(thirty_writers):
    known = split_strokes(thirty_writers, "known-writers")
    new = split_strokes(thirty_writers, "new-writers")
    assert {s.writer for s in known}.isdisjoint({s.writer for s in new})
    assert len(known) + len(new) == len(thirty_writers)


def test_at_least_eight_of_thirty_writers_are_held_out_and_the_choice_is_stable(thirty_writers):
    held = new_writers(thirty_writers)
    assert 8 <= len(held) <= 12
    assert held == new_writers(list(reversed(thirty_writers)))  # file order does not matter


def test_numeric_writer_ids_are_read_as_writers(tmp_path):
    path = tmp_path / "numbered.jsonl"
    write_strokes(path, with_writers(read_strokes(FIXTURE), [3, 17, 42]))
    samples = read_strokes(path)
    assert has_writers(samples) and {s.writer for s in samples} == {"3", "17", "42"}
    assert validation_parts(samples) == ("known-writers", "new-writers")


def test_a_file_without_writers_cannot_pretend_to_a_writer_split():
    samples = read_strokes(FIXTURE)
    assert validation_parts(samples) == ("train", "holdout")
    with pytest.raises(StrokeFileError, match="'writer' field"):
        split_strokes(samples, "new-writers")


def test_evaluate_reports_each_writer_worst_first(tmp_path):
    path = tmp_path / "writers.jsonl"
    write_strokes(path, with_writers(read_strokes(FIXTURE), ["ann", "bob", "cy"]))
    result = run("evaluate.py", "--strokes", path)
    assert result.returncode == 0, result.stderr
    summary = last_json(result.stdout)
    per_writer = summary["per_writer"]
    assert set(per_writer) == {"ann", "bob", "cy"} and sum(t for _, t in per_writer.values()) == 60
    assert sum(c for c, _ in per_writer.values()) == round(summary["accuracy"] * 60)
    rates = [c / t for c, t in per_writer.values()]
    assert rates == sorted(rates) and "accuracy per writer" in result.stdout


def test_evaluate_refuses_a_writer_part_of_a_file_without_writers():
    result = run("evaluate.py", "--strokes", FIXTURE, "--part", "new-writers")
    assert result.returncode == 1 and "'writer' field" in result.stderr and "Traceback" not in result.stderr
    assert "per_writer" not in json.dumps(last_json(run("evaluate.py", "--strokes", FIXTURE).stdout))


@pytest.mark.parametrize(
    "odd",
    [
        ["\u2460", "\u2461", "\u2462"],  # circled digits: isdigit() is true, int() refuses them
        ["\u0663", "\u0661\u0660", "\u00b2", "7"],  # Arabic-Indic digits, a superscript, an ASCII digit
        ["pd 1", "pd  1", "x" * 5000, "\ud800lone"],  # spaces, thousands of characters, a lone surrogate
        ["2", "02", "002"],  # the same number written three ways: three writers
    ],
)
def test_any_string_is_a_writer_and_two_strings_are_two_writers(odd):
    held = held_out_writers(odd * 3)
    assert held < set(odd) and len(held) == len(odd) - 1
    assert held == held_out_writers(list(reversed(odd)))


def test_the_shipped_pen_drawings_hold_nine_writers_out_whole():
    images, labels, held_out = load_pen_images()
    assert images.shape == (7494, 28, 28) and images.dtype == np.uint8 and images.max() == 255
    assert held_out.sum() == 2250 and np.bincount(labels, minlength=10).min() > 600 and labels.max() == 9

"""Promises of reading whole numbers: a drawing of several digits is split into its digits, left to
right, whatever the gaps, the baseline or strokes that overlap; a single digit stays whole."""

import random

import pytest

from game.segment import compose_number, split_digits
from tests.helpers import SAMPLES, sample_of


@pytest.mark.parametrize("k", [2, 3, 4])
def test_composed_numbers_split_into_their_digits_in_order(k):
    rng = random.Random(k)
    right = 0
    for _ in range(40):
        picks = [rng.choice(SAMPLES) for _ in range(k)]
        parts = split_digits(compose_number([s.strokes for s in picks], rng))
        right += len(parts) == k
    assert right >= 38  # at least 95% (the fixture's 60 pen digits, random gaps and baselines)


def test_every_single_digit_of_the_fixture_stays_whole():
    whole = [len(split_digits(s.strokes)) == 1 for s in SAMPLES]
    assert sum(whole) >= len(SAMPLES) - 1


def test_overlapping_extents_stay_one_digit_and_a_gap_makes_two():
    four = [[(0, 0), (0, 50), (40, 50)], [(30, 0), (30, 100)]]  # an open 4: two strokes, one digit
    assert len(split_digits(four)) == 1
    seven_bar = [[(0, 0), (60, 0), (20, 100)], [(10, 50), (50, 50)]]  # a crossed 7
    assert len(split_digits(seven_bar)) == 1
    one_then_seven = [[(0, 0), (0, 100)], [(40, 0), (100, 0), (60, 100)]]
    parts = split_digits(one_then_seven)
    assert [len(p) for p in parts] == [1, 1] and parts[0][0][0] == (0.0, 0.0)


def test_a_stroke_running_through_two_digits_is_cut_between_them():
    joined = [[(0, 0), (0, 100), (50, 100), (100, 100), (100, 0), (140, 0), (140, 100)]]  # "1", a joint, "1 1"
    wide_two = [[(0, 20), (40, 0), (80, 20), (0, 100), (90, 100)]]  # one wide digit: not cut
    assert len(split_digits(joined)) >= 2
    assert len(split_digits(wide_two)) == 1


def test_nothing_drawn_is_no_digits():
    assert split_digits([]) == [] and split_digits([[]]) == []


def test_a_number_is_written_left_to_right_with_the_digits_in_order():
    rng = random.Random(3)
    strokes = compose_number([sample_of(d).strokes for d in (5, 0, 2)], rng)
    parts = split_digits(strokes)
    lefts = [min(p[0] for s in part for p in s) for part in parts]
    assert len(parts) == 3 and lefts == sorted(lefts)


def test_a_drawing_of_many_marks_is_read_as_at_most_four_digits_every_mark_kept(monkeypatch):
    from game import segment

    dashes = [[(i * 10.0, 50.0), (i * 10.0 + 4, 50.0)] for i in range(500)]
    calls = []
    together = segment._together
    monkeypatch.setattr(segment, "_together", lambda *a: calls.append(a) or together(*a))
    digits = split_digits(dashes)
    assert len(digits) == segment.MAX_DIGITS and sum(len(d) for d in digits) == 500
    assert len(calls) < 2 * len(dashes)  # one pass: each mark is weighed against its neighbour, not all
    assert [d[0][0][0] for d in digits] == sorted(d[0][0][0] for d in digits)  # left to right

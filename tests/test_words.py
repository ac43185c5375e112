"""Promises of the words on screen: a number takes the article it is read aloud with."""

import pytest

from game.words import article, with_article


@pytest.mark.parametrize("number", [8, 11, 18, 80, 83, 89, 800, 818, 899, 8000, 8500, 8999])
def test_a_number_read_aloud_from_a_vowel_takes_an(number):
    assert article(number) == "an"


@pytest.mark.parametrize(
    "number", [0, 1, 2, 7, 9, 10, 12, 17, 19, 21, 70, 79, 90, 100, 111, 118, 180, 1000, 1100, 1800, 9999]
)
def test_every_other_number_takes_a(number):
    assert article(number) == "a"


def test_every_number_up_to_four_digits_takes_an_only_if_it_reads_as_eight_eleven_or_eighteen():
    spoken_from_a_vowel = {n for n in range(10_000) if str(n).startswith("8") or n in (11, 18)}
    assert {n for n in range(10_000) if article(n) == "an"} == spoken_from_a_vowel


def test_the_number_comes_with_its_article():
    assert (with_article(8), with_article(7), with_article(11)) == ("an 8", "a 7", "an 11")

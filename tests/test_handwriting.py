"""Promises of the handwriting variations the network trains on: each convention adds what a
person would add, where they would add it; the variations stay the same digit, in bounds."""

import numpy as np
import pytest

from game.datasets.strokes import read_strokes
from game.ink import bounding_box, strokes_to_image
from tests.helpers import FIXTURE
from training.conventions import (
    EIGHTS,
    FOURS,
    NINES,
    SEVENS,
    STYLE_FOURS,
    add_convention,
    cross_seven,
    flag_one,
    from_template,
    image_convention,
    slash_zero,
    template_four,
    with_conventions,
)
from training.handwriting import mouse_path, slant_and_stretch, smooth, variant_image, vary

ZERO = [np.array([(50 + 30 * np.cos(t), 50 + 45 * np.sin(t)) for t in np.linspace(0, 2 * np.pi, 40)])]
PLAIN_ONE = [np.array([(50.0, 0.0), (49.0, 50.0), (48.0, 100.0)])]
SEVEN = [np.array([(0.0, 0.0), (60.0, 0.0), (40.0, 50.0), (25.0, 100.0)])]


def test_the_order_and_direction_of_strokes_barely_change_what_the_network_sees():
    for sample in read_strokes(FIXTURE)[:20]:
        strokes = [np.asarray(s) for s in sample.strokes]
        shuffled = [s[::-1] for s in reversed(strokes)]
        assert np.abs(strokes_to_image(shuffled) - strokes_to_image(strokes)).mean() < 0.01


def test_a_slashed_zero_gets_one_stroke_from_corner_to_corner():
    slashed = slash_zero(ZERO, np.random.default_rng(0))
    assert len(slashed) == 2
    (x0, y0, x1, y1), slash = bounding_box(ZERO), slashed[1]
    assert np.ptp(slash[:, 0]) > 0.8 * (x1 - x0)
    assert np.ptp(slash[:, 1]) > 0.8 * (y1 - y0)


def test_a_plain_one_gets_a_flag_going_down_to_the_left_from_its_top():
    flagged = flag_one(PLAIN_ONE, np.random.default_rng(1))
    flag = flagged[0]
    assert len(flagged) >= 2
    np.testing.assert_allclose(flag[-1], (50.0, 0.0))  # ends at the top of the stem
    start = flag[0]
    assert start[0] < 50 and 0 < start[1] < 60  # from the lower left


def test_a_one_that_already_has_a_flag_keeps_it():
    flagged = [np.array([(10.0, 35.0), (50.0, 0.0), (48.0, 100.0)])]
    assert flag_one(flagged, np.random.default_rng(2)) is flagged


def test_a_seven_gets_a_bar_across_its_stem_halfway_down():
    crossed = cross_seven(SEVEN, np.random.default_rng(3))
    assert len(crossed) == 2
    bar = crossed[1]
    y = bar[:, 1].mean()
    assert 40 < y < 70
    stem_x = np.interp(y, SEVEN[0][1:, 1], SEVEN[0][1:, 0])
    assert bar[:, 0].min() < stem_x < bar[:, 0].max()


@pytest.mark.parametrize("seed", range(8))
def test_template_fours_fill_the_original_drawing_box(seed):
    four = template_four(PLAIN_ONE, np.random.default_rng(seed))
    assert 1 <= len(four) <= 2
    x0, y0, x1, y1 = bounding_box(four)
    assert y1 - y0 == pytest.approx(100, rel=0.25)
    assert strokes_to_image(four) is not None


def test_every_template_four_is_used():
    rng = np.random.default_rng(4)
    shapes = {tuple(len(s) for s in template_four(PLAIN_ONE, rng)) for _ in range(60)}
    assert len(shapes) >= 2 and len(FOURS) == 4 and len(STYLE_FOURS) == 2


BOX = [np.array([(0.0, 0.0), (100.0, 100.0)])]  # a drawing 100 high: the templates come this big


def drawn(templates, name, seed):
    """Return the strokes a template is drawn as, jittered, 100 high, as training sees them."""
    return from_template({name: templates[name]}, BOX, np.random.default_rng(seed))


@pytest.mark.parametrize("seed", range(5))
def test_fours_in_one_curved_stroke_turn_back_up_into_the_stem(seed):
    for name in ("one curved stroke, a reversed S", "one stroke, rounded"):
        [stroke] = drawn(STYLE_FOURS, name, seed)
        ys = stroke[:, 1]
        bar = int(np.argmax(ys[: len(ys) // 2 + 2]))  # down the left side to the bar...
        assert ys[bar:].min() < 40 and ys[-1] > 90  # ... back up near the top, then down the whole stem


@pytest.mark.parametrize("seed", range(5))
def test_uncrossed_eights_are_two_loops_stacked_at_the_waist(seed):
    top, bottom = drawn(EIGHTS, "two strokes", seed)
    assert top[:, 1].max() < bottom[:, 1].min() + 12  # they touch, at most overlap a little: never cross
    assert top[:, 1].mean() < 35 < 65 < bottom[:, 1].mean()  # the top loop up, the bottom loop down
    for loop in (top, bottom):
        assert np.hypot(*(loop[0] - loop[-1])) < 15  # each loop closed


@pytest.mark.parametrize("name", list(NINES))
@pytest.mark.parametrize("seed", range(3))
def test_open_nines_leave_their_loop_open_at_the_top_right(name, seed):
    [stroke] = drawn(NINES, name, seed)
    loop_end = stroke[np.argmax(stroke[: len(stroke) - 1, 0])]  # the loop comes back to its right edge
    assert np.hypot(*(stroke[0] - loop_end)) > 10 and stroke[-1, 1] > 90  # a gap, and a stem to the bottom


@pytest.mark.parametrize("seed", range(3))
def test_flagged_sevens_have_a_long_steep_top_and_no_bar(seed):
    for name in SEVENS:
        strokes = drawn(SEVENS, name, seed)
        (x0, y0), (x1, y1) = strokes[0][0], strokes[0][1]
        assert len(strokes) == 1 and x1 - x0 > 40 and y0 - y1 > 20  # one stroke, its top up to the right


def test_with_styles_ones_get_long_flags_too_but_mostly_short_ones():
    rng = np.random.default_rng(5)
    flag_length = lambda styles: np.hypot(*np.subtract(*flag_one(PLAIN_ONE, rng, styles)[0])) / 100
    lengths = np.array([flag_length(True) for _ in range(300)])
    assert 0.2 < np.mean(lengths >= 0.5) < 0.5 and lengths.min() >= 0.2
    assert max(flag_length(False) for _ in range(300)) < 0.5  # without styles: the flags as before


def test_the_styles_are_added_only_when_asked_for():
    eight = [np.array([(50 + 30 * np.cos(t), 50 + 50 * np.sin(2 * t)) for t in np.linspace(0, 2 * np.pi, 40)])]
    rng = np.random.default_rng(6)
    assert add_convention(eight, 8, rng) is eight and add_convention(eight, 9, rng) is eight
    assert add_convention(eight, 8, rng, styles=True) is not eight
    sevens = [add_convention(SEVEN, 7, rng) for _ in range(30)]
    assert all(len(seven) == 2 for seven in sevens)  # without styles, a 7 gets its bar, never a steep top


def test_a_mouse_path_is_in_whole_pixels_and_keeps_the_shape():
    moved = mouse_path(ZERO, np.random.default_rng(5))
    assert all(np.array_equal(s, np.round(s)) for s in moved)
    original, mouse = strokes_to_image(ZERO), strokes_to_image(moved)
    assert np.abs(original - mouse).mean() < 0.08  # the same 0, drawn with a shakier hand


def test_smoothing_passes_through_every_original_point():
    points = ZERO[0][::5]
    curve = smooth([points], per_segment=4)[0]
    np.testing.assert_allclose(curve[::4], points)


def test_slant_and_stretch_keep_the_centre():
    moved = slant_and_stretch(ZERO, np.random.default_rng(6))
    x0, y0, x1, y1 = bounding_box(moved)
    assert (x0 + x1) / 2 == pytest.approx(50, abs=8) and (y0 + y1) / 2 == pytest.approx(50, abs=8)


@pytest.mark.parametrize("label", range(10))
def test_every_variant_of_every_digit_is_a_valid_image(label):
    rng = np.random.default_rng(label)
    for sample in [s for s in read_strokes(FIXTURE) if s.label == label][:3]:
        for convention in (None, True):
            image = variant_image(sample.strokes, label, rng, convention)
            assert image.shape == (28, 28) and 0 <= image.min() and image.max() <= 1 and image.sum() > 20


def test_an_empty_drawing_stays_empty():
    assert vary([], 3, np.random.default_rng(0)) == []
    assert variant_image([[]], 3, np.random.default_rng(0)) is None


def test_digits_without_conventions_are_left_as_they_are():
    assert add_convention(SEVEN, 5, np.random.default_rng(0)) is SEVEN


def test_a_zero_image_gets_ink_in_its_hole_and_stays_fitted_and_centred():
    zero = strokes_to_image(ZERO)
    assert zero[11:17, 11:17].max() == 0
    rng = np.random.default_rng(7)
    for _ in range(10):
        marked = image_convention(zero, rng)
        assert marked[11:17, 11:17].max() > 0.5  # a slash, a bar or a dot
        rows, cols = np.nonzero(marked > 0.05)
        assert max(np.ptp(rows), np.ptp(cols)) <= 21
        centre = (marked.sum(axis=0) @ np.arange(28) / marked.sum(), marked.sum(axis=1) @ np.arange(28) / marked.sum())
        np.testing.assert_allclose(centre, (14, 14), atol=0.6)


def test_a_blank_image_gets_no_convention():
    assert image_convention(np.zeros((28, 28), np.float32), np.random.default_rng(0)) is None


def test_only_zeros_get_conventions_on_images_and_about_as_often_as_said():
    zero, seven = strokes_to_image(ZERO).ravel(), strokes_to_image(SEVEN).ravel()
    X, y = np.stack([zero] * 200 + [seven] * 200), np.array([0] * 200 + [7] * 200)
    out = with_conventions(X, y, np.random.default_rng(8))
    changed = np.abs(out - X).max(axis=1) > 0.05
    assert 40 <= changed[:200].sum() <= 80 and not changed[200:].any()
    np.testing.assert_array_equal(X[0], zero)  # the input is not modified

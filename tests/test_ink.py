"""Promises of the ink pipeline: a drawing becomes an MNIST-like 28x28 image the
same way whatever its size or place on the canvas, and odd input never crashes it."""

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.datasets.strokes import read_strokes
from game.ink import strokes_to_image, strokes_to_input

FIXTURE = Path(__file__).parent / "fixtures" / "pendigits-60.jsonl"
ROWS = COLS = np.arange(28)


@pytest.fixture(scope="module")
def pen_digits():
    return read_strokes(FIXTURE)


def centre_of_mass(image):
    """Return (x, y) of the image's ink, in pixel coordinates."""
    mass = image.sum()
    return image.sum(axis=0) @ COLS / mass, image.sum(axis=1) @ ROWS / mass


def ink_box(image, level=0.0):
    """Return (width, height) in pixels of the part of the image holding ink."""
    cols, rows = np.flatnonzero(image.max(axis=0) > level), np.flatnonzero(image.max(axis=1) > level)
    return cols[-1] - cols[0] + 1, rows[-1] - rows[0] + 1


def transform(strokes, scale, dx, dy):
    return [[(x * scale + dx, y * scale + dy) for x, y in stroke] for stroke in strokes]


def test_a_digit_drawn_small_in_a_corner_looks_like_it_drawn_large_in_the_middle(pen_digits):
    for sample in pen_digits[:20]:
        large = strokes_to_image(transform(sample.strokes, 2.0, 100, 100))
        small = strokes_to_image(transform(sample.strokes, 0.1, 3, 2))
        assert np.abs(large - small).max() < 0.01


def test_the_centre_of_mass_lands_on_pixel_14_14(pen_digits):
    for sample in pen_digits:
        x, y = centre_of_mass(strokes_to_image(sample.strokes))
        assert abs(x - 14) < 0.5 and abs(y - 14) < 0.5


def test_the_longer_side_fills_the_20_pixel_box_and_the_aspect_ratio_is_kept():
    tall = strokes_to_image([[(0, 0), (0, 300), (150, 300), (150, 0), (0, 0)]])
    wide, high = ink_box(tall)
    assert 19 <= high <= 20 and 9 <= wide <= 11


def test_the_image_is_float32_grey_levels_with_bright_ink_on_dark(pen_digits):
    image = strokes_to_image(pen_digits[0].strokes)
    assert image.shape == (28, 28) and image.dtype == np.float32
    assert image.min() == 0.0 and image.max() == 1.0
    assert image[0, 0] == 0.0 and 0.0 < image[(image > 0) & (image < 1)].mean() < 1.0  # anti-aliased
    assert strokes_to_input(pen_digits[0].strokes).shape == (1, 784)


def test_ink_amount_is_like_mnist(pen_digits):
    # MNIST digits hold about 100 in summed grey level; a much thinner or
    # bolder pen would look foreign to the network.
    mass = np.mean([strokes_to_image(s.strokes).sum() for s in pen_digits])
    assert 80 < mass < 125


@pytest.mark.parametrize("strokes", [[], [[]], [[], []], ()])
def test_nothing_drawn_gives_none_never_an_image(strokes):
    assert strokes_to_image(strokes) is None and strokes_to_input(strokes) is None


def test_a_single_point_is_a_centred_dot():
    image = strokes_to_image([[(123.4, -56.7)]])
    x, y = centre_of_mass(image)
    assert abs(x - 14) < 0.1 and abs(y - 14) < 0.1
    assert 1 < image.sum() < 10


@pytest.mark.parametrize("line", [[(5, 40), (90, 40)], [(7, 0), (7, 500)]])
def test_a_perfectly_straight_line_is_drawn_full_length(line):
    image = strokes_to_image([line])
    assert 19 <= max(ink_box(image)) <= 20 and min(ink_box(image)) <= 4


def test_thousands_of_points_draw_the_same_as_a_few():
    angle = np.linspace(0, 2 * np.pi, 5000)
    dense = np.stack([100 + 80 * np.cos(angle), 100 + 60 * np.sin(angle)], axis=1)
    sparse = dense[::100].tolist() + [dense[-1].tolist()]
    assert np.abs(strokes_to_image([dense]) - strokes_to_image([sparse])).max() < 0.1


def test_huge_and_negative_coordinates_work(pen_digits):
    reference = strokes_to_image(pen_digits[1].strokes)
    for scale, shift in [(1.0, -1e6), (1e9, 1e12), (1e-6, -3.0)]:
        image = strokes_to_image(transform(pen_digits[1].strokes, scale, shift, shift))
        assert np.abs(image - reference).max() < 0.02
    assert strokes_to_image([[(-1e300, 1e300), (1e300, -1e300)]]).sum() > 10


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_nan_or_infinity_is_a_clear_value_error(bad):
    with pytest.raises(ValueError, match="finite"):
        strokes_to_image([[(1, 2), (bad, 3)]])


def test_a_malformed_stroke_is_a_clear_value_error():
    with pytest.raises(ValueError, match=r"\(x, y\) points"):
        strokes_to_image([[(1, 2, 3)]])


def test_the_same_drawing_always_gives_the_same_image(pen_digits):
    a, b = strokes_to_image(pen_digits[5].strokes), strokes_to_image(pen_digits[5].strokes)
    np.testing.assert_array_equal(a, b)


coordinate = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False)
point = st.tuples(coordinate, coordinate)
drawing = st.lists(st.lists(point, max_size=40), max_size=6)


@settings(max_examples=300, deadline=None)
@given(drawing)
def test_random_strokes_never_crash(strokes):
    image = strokes_to_image(strokes)
    if not any(strokes):
        assert image is None
    else:
        assert image.shape == (28, 28) and np.isfinite(image).all()
        assert image.min() >= 0.0 and image.max() <= 1.0 and image.sum() > 0


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.tuples(st.floats(0, 500), st.floats(0, 500)), min_size=1, max_size=30), min_size=1, max_size=4)
)
def test_random_drawings_are_centred_without_cutting_ink(strokes):
    image = strokes_to_image(strokes)
    x, y = centre_of_mass(image)
    # Only the faint outer edge of the pen may touch the border: no ink lies beyond it.
    assert max(image[0].max(), image[-1].max(), image[:, 0].max(), image[:, -1].max()) <= 0.5 + 1e-6
    # Centred, unless a lopsided drawing would then lose ink over an edge:
    # then it is moved as far as it can go, up to the border.
    assert abs(x - 14) < 0.5 or image[:, 0].any() or image[:, -1].any()
    assert abs(y - 14) < 0.5 or image[0].any() or image[-1].any()


def test_a_lopsided_drawing_keeps_all_its_ink():
    image = strokes_to_image([[(1.0, 0.0)], [(0.0, 0.0), (0.0, 1.0)]])  # a bar and a far dot
    assert image[:, -3:].sum() > 3 and image[:, :3].sum() == 0  # the dot is whole


def test_a_drawing_is_bounded_to_a_few_thousand_points_with_no_visible_change():
    from game.ink import MAX_POINTS, MAX_STROKES, bounded_strokes

    angles = np.linspace(0, 4 * np.pi, 200_000)
    spiral = np.column_stack([angles * np.cos(angles), angles * np.sin(angles)])
    bounded = bounded_strokes([spiral, spiral[:10] + 50])
    assert sum(len(s) for s in bounded) <= MAX_POINTS
    np.testing.assert_array_equal(bounded[0][[0, -1]], spiral[[0, -1]])  # the ends stay
    assert np.abs(strokes_to_image(bounded) - strokes_to_image([spiral, spiral[:10] + 50])).max() < 0.05
    dots = [np.array([[x, y]]) for x, y in np.random.default_rng(0).random((5_000, 2))]
    assert len(bounded_strokes(dots)) == MAX_STROKES
    ordinary = [spiral[::400]]
    assert bounded_strokes(ordinary)[0] is ordinary[0]  # within bounds: untouched


def test_strokes_are_thinned_each_on_its_own_never_joined_to_the_next(pen_digits):
    from game import ink

    for sample in pen_digits[:20]:
        strokes = [np.asarray(s, dtype=np.float64) for s in sample.strokes if len(s)]
        together = ink._segments(strokes)
        one_by_one = np.vstack([ink._segments([s]) for s in strokes])
        np.testing.assert_array_equal(together, one_by_one)


def test_the_piece_length_is_a_matter_of_speed_only(pen_digits, monkeypatch):
    from game import ink

    fast = [strokes_to_image(s.strokes) for s in pen_digits]
    monkeypatch.setattr(ink, "PIECE", 1.0)
    for image, sample in zip(fast, pen_digits):
        np.testing.assert_allclose(image, strokes_to_image(sample.strokes), atol=1e-4)


def test_a_scribble_is_centred_by_its_ink_without_a_draft_rendering(monkeypatch):
    from game import ink

    rng = np.random.default_rng(3)
    scribble = [rng.uniform(0, 400, (1500, 2)) * [1.0, 0.5]]  # wider than tall, mostly ink
    drafts = []
    monkeypatch.setattr(ink, "_centre_of_mass", lambda image: drafts.append(image) or np.array([14.0, 14.0]))
    image = strokes_to_image(scribble)
    assert not drafts, "a drawing of more than HEAVY_INK pixels of ink is rendered once, not twice"
    assert np.allclose(centre_of_mass(image), (14, 14), atol=1.0)

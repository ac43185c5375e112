"""Promises of game.datasets.strokes: drawings survive a write and read unchanged,
and every bad line is reported with its file name and line number."""

import json
from pathlib import Path

import numpy as np
import pytest

from game.datasets.strokes import StrokeFileError, StrokeSample, parse_stroke_line, read_strokes, write_strokes

REAL_PENDIGITS = Path(__file__).resolve().parents[2] / "shared" / "strokes" / "pendigits-train.jsonl"


def sample(label=3, strokes=([[0, 0], [10, 5]],), **kwargs):
    """Return a StrokeSample built from plain lists of [x, y]."""
    arrays = tuple(np.array(s, dtype=np.float64).reshape(-1, 2) for s in strokes)
    return StrokeSample(label, arrays, **kwargs)


def test_samples_survive_a_write_and_read(tmp_path):
    samples = [
        sample(8, ([[267, 167], [267, 164]], [[1.5, 2.25]]), width=500, height=500),
        sample(0, ()),
        sample(1, ([],), extra={"writer": 12, "tags": ["slow"]}),
    ]
    path = tmp_path / "digits.jsonl"
    write_strokes(path, samples)
    back = read_strokes(path)
    assert back == samples
    assert back[2].extra == {"writer": 12, "tags": ["slow"]}
    assert all(s.shape[1:] == (2,) and s.dtype == np.float64 for got in back for s in got.strokes)


def test_integral_coordinates_are_written_as_integers(tmp_path):
    path = tmp_path / "digits.jsonl"
    write_strokes(path, [sample(8, ([[267, 167], [1.5, 2]],), width=500, height=400)])
    assert json.loads(path.read_text()) == {
        "label": 8,
        "width": 500,
        "height": 400,
        "strokes": [[[267, 167], [1.5, 2]]],
    }
    assert "267.0" not in path.read_text()


def test_width_and_height_are_optional():
    got = parse_stroke_line('{"label": 4, "strokes": [[[1, 2]]]}')
    assert got.width is None and got.height is None
    np.testing.assert_array_equal(got.strokes[0], [[1.0, 2.0]])


def test_a_drawing_with_nothing_in_it_is_valid():
    assert parse_stroke_line('{"label": 7, "strokes": []}').strokes == ()
    (stroke,) = parse_stroke_line('{"label": 7, "strokes": [[]]}').strokes
    assert stroke.shape == (0, 2)


def test_blank_lines_are_skipped_but_still_counted(tmp_path):
    path = tmp_path / "gaps.jsonl"
    path.write_text('{"label": 1, "strokes": []}\n\n  \n{"label": 2}\n')
    with pytest.raises(StrokeFileError, match=r"^gaps\.jsonl, line 4: 'strokes'"):
        read_strokes(path)


def test_writing_replaces_a_file_without_leaving_temporaries(tmp_path):
    path = tmp_path / "digits.jsonl"
    path.write_text("old contents\n")
    write_strokes(path, [sample()])
    assert read_strokes(path) == [sample()]
    assert [p.name for p in tmp_path.iterdir()] == ["digits.jsonl"]


def test_a_failed_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "digits.jsonl"
    path.write_text("old contents\n")
    with pytest.raises(ValueError):
        write_strokes(path, [sample(), sample(extra={"bad": float("nan")})])
    assert path.read_text() == "old contents\n"
    assert [p.name for p in tmp_path.iterdir()] == ["digits.jsonl"]


BAD_LINES = {
    "not json": ("{label: 3}", "not valid JSON"),
    "nan constant": ('{"label": 3, "strokes": [[[NaN, 1]]]}', "NaN"),
    "not an object": ("[3, []]", "expected a JSON object"),
    "missing label": ('{"strokes": []}', "'label' must be an integer 0-9"),
    "label true": ('{"label": true, "strokes": []}', "'label' must be an integer"),
    "label float": ('{"label": 3.0, "strokes": []}', "'label' must be an integer"),
    "label string": ('{"label": "3", "strokes": []}', "'label' must be an integer"),
    "label ten": ('{"label": 10, "strokes": []}', "'label' must be an integer 0-9"),
    "label negative": ('{"label": -1, "strokes": []}', "'label' must be an integer"),
    "missing strokes": ('{"label": 3}', "'strokes' must be a list"),
    "strokes object": ('{"label": 3, "strokes": {}}', "'strokes' must be a list"),
    "stroke a number": ('{"label": 3, "strokes": [5]}', "stroke 0 must be a list"),
    "flat stroke": ('{"label": 3, "strokes": [[1, 2]]}', "stroke 0, point 0"),
    "short point": ('{"label": 3, "strokes": [[[1, 2]], [[1]]]}', "stroke 1, point 0"),
    "long point": ('{"label": 3, "strokes": [[[1, 2, 3]]]}', "stroke 0, point 0"),
    "string coordinate": ('{"label": 3, "strokes": [[[1, 2], ["1", 2]]]}', "stroke 0, point 1"),
    "bool coordinate": ('{"label": 3, "strokes": [[[true, 2]]]}', "stroke 0, point 0"),
    "null coordinate": ('{"label": 3, "strokes": [[[null, 2]]]}', "stroke 0, point 0"),
    "overflowing float": (
        '{"label": 3, "strokes": [[[0, 0], [1e999, 2]]]}',
        "stroke 0, point 1 is not a finite number",
    ),
    "huge integer": ('{"label": 3, "strokes": [[[1' + "0" * 400 + ", 2]]]}", "too large"),
    "zero width": ('{"label": 3, "strokes": [], "width": 0}', "'width' must be"),
    "string height": ('{"label": 3, "strokes": [], "height": "5"}', "'height' must be"),
}


@pytest.mark.parametrize("line, problem", BAD_LINES.values(), ids=BAD_LINES.keys())
def test_every_kind_of_bad_line_is_reported_with_its_line_number(tmp_path, line, problem):
    path = tmp_path / "pendigits.jsonl"
    good = '{"label": 1, "strokes": [[[0, 0]]]}'
    path.write_text("\n".join([good, good, line, good]) + "\n")
    with pytest.raises(StrokeFileError) as caught:
        read_strokes(path)
    message = str(caught.value)
    assert message.startswith("pendigits.jsonl, line 3: ")
    assert problem in message


def test_a_line_parsed_alone_names_the_given_place():
    with pytest.raises(StrokeFileError, match="^here: 'label'"):
        parse_stroke_line('{"label": 11, "strokes": []}', where="here")


def test_invalid_utf8_is_reported_with_its_line_number(tmp_path):
    path = tmp_path / "bytes.jsonl"
    path.write_bytes(b'{"label": 1, "strokes": []}\n{"label": 1, "x": "\xff"}\n')
    with pytest.raises(StrokeFileError, match=r"^bytes\.jsonl, line 2: not valid JSON"):
        read_strokes(path)


def test_parsed_strokes_cannot_be_changed_in_place():
    stroke = parse_stroke_line('{"label": 1, "strokes": [[[0, 0]]]}').strokes[0]
    with pytest.raises(ValueError):
        stroke[0, 0] = 5.0


def test_the_real_pendigits_file_reads_completely():
    if not REAL_PENDIGITS.is_file():
        pytest.skip(f"pendigits file not found at {REAL_PENDIGITS}")
    samples = read_strokes(REAL_PENDIGITS)
    assert len(samples) == 7494
    assert sorted({s.label for s in samples}) == list(range(10))
    assert all(s.width == 500 and s.height == 500 for s in samples)
    assert all(s.strokes and all(len(k) for k in s.strokes) for s in samples)


def test_the_real_pendigits_file_is_written_back_byte_for_byte(tmp_path):
    if not REAL_PENDIGITS.is_file():
        pytest.skip(f"pendigits file not found at {REAL_PENDIGITS}")
    copy = tmp_path / "copy.jsonl"
    write_strokes(copy, read_strokes(REAL_PENDIGITS))
    assert copy.read_bytes() == REAL_PENDIGITS.read_bytes()

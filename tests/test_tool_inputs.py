"""Promises of the training tools on what a stroke file may hold and what a person may type:
any text is a writer (two texts, two writers), a drawing the game's import would take is
taken (an empty one left out, as the import leaves it), and options that contradict each
other or are out of range end the command in one line, exit status 2."""

import dataclasses
import json
from argparse import Namespace
from types import SimpleNamespace

import numpy as np
import pytest

from game.datasets.pen import held_out_writers
from game.datasets.strokes import StrokeSample, read_strokes, write_strokes
from game.ink import strokes_to_image
from game.model import load_network
from game.paths import SHIPPED_WEIGHTS
from tests.helpers import FIXTURE, fake_split
from training import evaluate, explain, games_to_learn, lab, simulate_player, train
from training.hands import writers_hands

# circled digits, a lone surrogate, digits of other scripts, a superscript, spaces, numbers
# that are equal as numbers but not as text, and a name of thousands of characters
ODD_WRITERS = ["①", "②", "\udc80z", "1", "01", "pd 1", "pd 1 ", "١", "²", "x" * 3000]


def odd_file(tmp_path, extra=()):
    """Write the fixture's drawings, drawing i by ODD_WRITERS[i % 10] (and the samples extra);
    return its path."""
    samples = read_strokes(FIXTURE)
    written = [dataclasses.replace(s, extra={"writer": ODD_WRITERS[i % 10]}) for i, s in enumerate(samples)]
    path = tmp_path / "odd-writers.jsonl"
    write_strokes(path, [*written, *extra])
    return path


def json_line(out):
    """Return the JSON last line of a tool's output; Infinity and NaN are no JSON."""
    return json.loads(out.strip().splitlines()[-1], parse_constant=lambda name: pytest.fail(f"{name} in JSON"))


HELD = held_out_writers(ODD_WRITERS)


def test_the_odd_writers_are_a_real_test_the_surrogate_and_a_circled_digit_are_held_out():
    assert {"\udc80z", "②"} <= HELD and len(HELD) == 8


@pytest.mark.parametrize("part", ["all", "new-writers", "known-writers"])
def test_evaluate_reports_every_writer_whatever_their_name_and_never_merges_two(tmp_path, capsys, part):
    assert evaluate.main(["--strokes", str(odd_file(tmp_path)), "--part", part]) == 0
    out = capsys.readouterr().out
    per_writer = json_line(out)["per_writer"]
    expected = {"all": set(ODD_WRITERS), "new-writers": HELD, "known-writers": set(ODD_WRITERS) - HELD}[part]
    assert set(per_writer) == expected and all(total == 6 for _, total in per_writer.values())
    assert "accuracy per writer" in out


def test_lab_scores_the_writers_held_out_whatever_their_names(tmp_path, capsys):
    fake_split(tmp_path, "test", n=20)
    weights = tmp_path / "w.npz"
    weights.write_bytes(SHIPPED_WEIGHTS.read_bytes())
    assert lab.main(["--weights", str(weights), "--mnist", str(tmp_path), "--strokes", str(odd_file(tmp_path))]) == 0
    assert json_line(capsys.readouterr().out)["pen_holdout"]["n"] == 6 * len(HELD)


def misreads_of_the_starting_network(data_dir, drawings, speed=0):
    """Stand in for games_to_learn.play_game: the rounds of a game as the starting network
    alone reads them (the real game is a child process, and slow)."""
    network = load_network(SHIPPED_WEIGHTS)
    images = [strokes_to_image(s.strokes) for s in drawings]
    predicted = network.predict(np.stack([i.ravel() for i in images]))
    rounds = [
        SimpleNamespace(label=s.label, predicted=int(p), image=i, strokes=s.strokes)
        for s, p, i in zip(drawings, predicted, images)
    ]
    return {"learned": None}, rounds


ODD_DRAWINGS = [  # of the surrogate writer, held out: what the game's import takes or leaves out
    StrokeSample(3, (), extra={"writer": "\udc80z"}),  # nothing drawn
    StrokeSample(4, (np.zeros((0, 2)),), extra={"writer": "\udc80z"}),  # a 4 of an empty stroke
    StrokeSample(1, (np.array([[0.0, -1e308], [1e308, 1e308]]),), extra={"writer": "\udc80z"}),  # huge
]


@pytest.mark.parametrize("hand", [[], ["--slant", "3"], ["--styled"], ["--styled", "--slant", "-3"]])
def test_games_to_learn_plays_any_writer_and_any_drawing_the_import_takes(tmp_path, monkeypatch, capsys, hand):
    monkeypatch.setattr(games_to_learn, "play_game", misreads_of_the_starting_network)
    path = odd_file(tmp_path, ODD_DRAWINGS)
    assert games_to_learn.main(["--strokes", str(path), "--games", "2", "--rounds", "3", *hand]) == 0
    figures = json_line(capsys.readouterr().out)
    assert set(figures["per_writer"]) == HELD and figures["writers"] == len(HELD)


def one_session_stand_in(samples, args):
    """Stand in for simulate_player.one_writer (a real session takes seconds a writer)."""
    return {"corrections": 1, "scored": len(samples) // 2, "before": 1, "instant": 1, "after": 0,
            "after_with_memory": 0, "memory_harm": 0, "promoted": True, "trained": "the dense head",
            "seconds": 1.0}  # fmt: skip


@pytest.mark.parametrize("hand", [[], ["--slant", "3"], ["--styled"]])
def test_simulate_player_plays_each_writer_whatever_their_name(tmp_path, monkeypatch, capsys, hand):
    monkeypatch.setattr(simulate_player, "one_writer", one_session_stand_in)
    path = odd_file(tmp_path, ODD_DRAWINGS)
    assert simulate_player.main(["--strokes", str(path), "--each-writer", *hand]) == 0
    figures = json_line(capsys.readouterr().out)
    assert set(figures["per_writer"]) == HELD and figures["writers"] == len(HELD)


@pytest.mark.parametrize("slant", [0.0, 1.0, 3.0, -3.0])
@pytest.mark.parametrize("styled", [False, True])
def test_a_hand_leaves_out_what_has_nothing_drawn_and_draws_a_huge_drawing_as_a_small_one(slant, styled):
    small = StrokeSample(1, (np.array([[0.0, -1.0], [1.0, 1.0]]),), extra={"writer": "w"})
    huge = dataclasses.replace(small, strokes=(small.strokes[0] * 2.0**1020,))
    hands = writers_hands([*ODD_DRAWINGS[:2], small, huge], Namespace(slant=slant, styled=styled))
    drawn = hands["w"]
    assert "\udc80z" not in hands and len(drawn) == 2  # the empty ones left out: nothing to play
    assert all(np.isfinite(stroke).all() for sample in drawn for stroke in sample.strokes)
    if not styled:  # the same drawing at any size (a styled one is jittered afresh each time)
        assert np.allclose(strokes_to_image(drawn[0].strokes), strokes_to_image(drawn[1].strokes), atol=1e-5)


def test_evaluate_composes_numbers_from_drawings_the_import_takes(tmp_path, capsys):
    path = tmp_path / "with-empty.jsonl"
    write_strokes(path, [*read_strokes(FIXTURE)[:12], StrokeSample(5, ()), StrokeSample(4, (np.zeros((0, 2)),))])
    assert evaluate.main(["--strokes", str(path), "--numbers", "3"]) == 0
    result = json_line(capsys.readouterr().out)
    assert result["n"] == 12 and 0 <= result["accuracy"] <= 1


def refused(parse, argv, capsys, *words):
    """Assert that parse(argv) ends the command with exit status 2 and one line naming words."""
    with pytest.raises(SystemExit) as ended:
        parse(argv)
    lines = [line for line in capsys.readouterr().err.splitlines() if not line.startswith(("usage:", " "))]
    assert ended.value.code == 2 and len(lines) == 1, lines
    assert all(word in lines[0] for word in words), lines[0]


STROKES = ["--strokes", str(FIXTURE)]


@pytest.mark.parametrize(
    "retrain, words",
    [
        ("--epochs 0", ["--retrain-args", "--epochs"]),
        ("--epochs zero", ["--retrain-args", "--epochs"]),
        ("--no-such-option", ["--retrain-args", "--no-such-option"]),
        ("--rollback", ["--retrain-args", "--rollback"]),
        ("--reset", ["--retrain-args", "--reset"]),
        ("--data-dir /tmp/someone-elses", ["--retrain-args", "--data-dir"]),
        ("--player-dir /tmp/someone-elses", ["--retrain-args", "--player-dir"]),
        ("--player Ann", ["--retrain-args", "--player"]),
        ("--network mine", ["--retrain-args", "--network"]),
        ("'--epochs 2", ["--retrain-args"]),  # an unclosed quote
    ],
)
def test_simulate_player_refuses_retrain_options_it_cannot_run_in_one_line(capsys, retrain, words):
    refused(simulate_player.parse_args, [*STROKES, f"--retrain-args={retrain}"], capsys, *words)


def test_simulate_player_takes_retrain_options_a_session_runs_with():
    args = simulate_player.parse_args([*STROKES, "--retrain-args", "--epochs 2 --deeper always --variants 4"])
    assert args.retrain_args == ["--epochs", "2", "--deeper", "always", "--variants", "4"]


@pytest.mark.parametrize(
    "parse, argv, words",
    [
        (simulate_player.parse_args, [*STROKES, "--styled"], ["--styled", "--each-writer"]),
        (train.parse_args, ["--val-size", "60000"], ["--val-size"]),
        (train.parse_args, ["--val-size", "-1"], ["--val-size"]),
        (train.parse_args, ["--val-size", "0"], ["--val-size"]),
        (explain.parse_args, ["--seed", "-1"], ["--seed"]),
        (train.parse_args, ["--seed", "-1"], ["--seed"]),
    ],
)
def test_options_out_of_range_or_contradicting_another_end_in_one_line(capsys, parse, argv, words):
    refused(parse, argv, capsys, *words)


def test_a_number_is_composed_from_any_drawing_the_import_takes():
    import random

    from game.segment import compose_number

    one = read_strokes(FIXTURE)[0].strokes
    huge = [np.array([[0.0, -1e308], [1e308, 1e308]]), np.array([[-1e308, 0.0], [1e308, 0.0]])]
    for rng in (random.Random(0), np.random.default_rng(0)):
        strokes = compose_number([one, [], [np.zeros((0, 2))], huge, one], rng)
        points = np.concatenate([np.asarray(s, dtype=float).reshape(-1, 2) for s in strokes])
        assert np.isfinite(points).all() and len(strokes) == 2 * len(one) + 2  # the empty ones write nothing


@pytest.mark.slow
def test_math_autoplay_plays_a_stroke_file_with_an_empty_and_a_huge_drawing(tmp_path):
    import subprocess
    import sys

    from tests.helpers import HEADLESS, ROOT

    path = tmp_path / "odd.jsonl"  # every digit an empty drawing and a huge one, in turn
    huge = (np.array([[0.0, -1e308], [1e308, 1e308]]),)
    write_strokes(path, [StrokeSample(d, strokes) for d in range(10) for strokes in ((), huge)])
    command = [sys.executable, "-m", "game", "--autoplay", str(path), "--mode", "math", "--rounds", "3"]
    command += ["--data-dir", str(tmp_path / "data"), "--speed", "0"]
    env = {**__import__("os").environ, **HEADLESS}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-500:]

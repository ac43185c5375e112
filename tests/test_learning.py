"""Promises of the learning loop: corrections are learned behind a gate that
refuses to forget MNIST, versions can be rolled back, and nothing is ever
left half-written."""

import json
import sqlite3
import subprocess
import sys
import types

import numpy as np
import pytest

from game.datasets.strokes import read_strokes
from game.feedback import FeedbackStore
from game.learning import feature_cache, replay, session
from game.model import Network, load_network, save_network
from game.paths import SHIPPED_WEIGHTS
from game.weights_store import WeightsStore
from tests.helpers import FIXTURE, ROOT, first_player, make_record, slanted_fixture, started
from training import retrain


def run(script, *args):
    """Run training/<script>; return (exit status, last JSON line or None, stderr)."""
    process = subprocess.run(
        [sys.executable, str(ROOT / "training" / script), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    lines = process.stdout.strip().splitlines()
    return process.returncode, (json.loads(lines[-1]) if lines else None), process.stderr


def test_import_stats_and_export_round_trip(tmp_path):
    data = tmp_path / "data"
    status, imported, _ = run("feedback.py", "import", FIXTURE, "--data-dir", data)
    assert status == 0 and imported["imported"] == 60
    assert imported["corrections"] + imported["confirmations"] == 60
    status, stats, _ = run("feedback.py", "stats", "--data-dir", data)
    assert stats["total"] == 60 and stats["not_learned"] == 60
    assert sum(stats["per_digit"].values()) == 60 and stats["corrections"] == imported["corrections"]
    status, exported, _ = run("feedback.py", "export", tmp_path / "out.jsonl", "--data-dir", data)
    back = read_strokes(tmp_path / "out.jsonl")
    assert exported["exported"] == 60 and [s.label for s in back] == [s.label for s in read_strokes(FIXTURE)]
    assert {"predicted", "probabilities", "corrected", "weights_version"} <= set(back[0].extra)


def test_a_rescue_file_with_a_drawing_that_is_no_digit_imports_whole(tmp_path):
    from game.feedback import NOT_A_DIGIT, FeedbackRecord

    sample = read_strokes(FIXTURE)[0]
    drawn = dict(image=np.zeros((28, 28), np.float32), probabilities=np.full(10, 0.1, np.float32), target=None)
    records = [
        FeedbackRecord(
            strokes=sample.strokes, predicted=1, label=NOT_A_DIGIT, corrected=True, weights_version="v1", **drawn
        ),
        FeedbackRecord(
            strokes=sample.strokes,
            predicted=1,
            label=sample.label,
            corrected=sample.label != 1,
            weights_version="v1",
            **drawn,
        ),
    ]
    rescue = tmp_path / "feedback-unsaved-20261126-120000.jsonl"
    rescue.write_text("".join(json.dumps(r.to_dict()) + "\n" for r in records))
    status, imported, stderr = run("feedback.py", "import", rescue, "--data-dir", tmp_path / "data")
    assert status == 0, stderr
    assert (
        imported["imported"] == 2
        and imported["not_digits"] == 1
        and imported["corrections"] + imported["confirmations"] == 1
    )
    status, stats, _ = run("feedback.py", "stats", "--data-dir", tmp_path / "data")
    assert stats["total"] == 2 and sum(stats["per_digit"].values()) == 1  # no digit is never counted as one


@pytest.mark.slow
def test_retrain_learns_a_players_corrections_and_says_so(tmp_path):
    data = tmp_path / "data"
    run("feedback.py", "import", slanted_fixture(tmp_path), "--data-dir", data)
    status, result, _ = run("retrain.py", "--data-dir", data)
    assert status == 0 and result["promoted"] and result["version"] == "v1"
    assert result["corrections"] > 0 and result["fixed_after"] >= 0.75 > result["fixed_before"]
    assert result["mnist_before"] - result["mnist_after"] <= 0.003
    network = load_network(first_player(data) / "weights" / "v1.npz")
    assert network.metadata["version"] == "v1" and network.metadata["corrections_learned"] == result["corrections"]
    with FeedbackStore(first_player(data) / "feedback.db") as store:
        assert store.counts()["not_learned"] == 0
    status, again, _ = run("retrain.py", "--data-dir", data)
    assert status == 0 and not again["promoted"] and "nothing new" in again["reason"]
    status, scored, _ = run("evaluate.py", "--data-dir", data, "--strokes", FIXTURE)
    assert scored["weights"].endswith("v1.npz")


@pytest.mark.slow
def test_the_gate_refuses_corrections_that_would_wreck_mnist(tmp_path):
    data = tmp_path / "data"
    wrong = slanted_fixture(tmp_path, slope=0.0, relabel=lambda d: (d + 1) % 10)  # every label a lie
    run("feedback.py", "import", wrong, "--data-dir", data)
    status, result, _ = run("retrain.py", "--data-dir", data, "--variants", "24", "--epochs", "6")
    assert status == 0 and not result["promoted"] and "MNIST" in result["reason"]
    assert result["mnist_after"] < result["mnist_before"] - 0.003
    assert WeightsStore(first_player(data) / "weights").active() == (None, SHIPPED_WEIGHTS)
    status, forced, stderr = run("retrain.py", "--data-dir", data, "--force")
    assert forced["promoted"] and "--force" in stderr


def test_nothing_to_learn_in_an_empty_data_dir(tmp_path):
    status, result, _ = run("retrain.py", "--data-dir", tmp_path / "empty")
    assert status == 0 and result["promoted"] is False and result["corrections"] == 0
    assert "nothing new" in result["reason"]


@pytest.mark.slow
def test_a_bad_database_row_is_skipped_with_a_warning_and_counted(tmp_path):
    data = tmp_path / "data"
    run("feedback.py", "import", slanted_fixture(tmp_path), "--data-dir", data)
    with sqlite3.connect(first_player(data) / "feedback.db") as db:
        db.execute("UPDATE feedback SET image = x'00' WHERE id = 5")
    status, result, stderr = run("retrain.py", "--data-dir", data)
    assert status == 0 and result["skipped"] == 1 and "row id=5" in stderr


def promote_twice(folder):
    weights = WeightsStore(folder / "weights")
    first, second = load_network(SHIPPED_WEIGHTS), load_network(SHIPPED_WEIGHTS)
    second.layers[-1].b[:] += 0.5
    return weights, weights.promote(first, {}), weights.promote(second, {})


def test_rollback_and_reset(tmp_path):
    weights, first, second = promote_twice(started(tmp_path))
    assert (first, second) == (1, 2) and weights.active()[0] == 2
    status, result, _ = run("retrain.py", "--data-dir", tmp_path, "--rollback")
    assert status == 0 and result["version"] == "v1" and weights.active()[0] == 1
    status, result, _ = run("retrain.py", "--data-dir", tmp_path, "--reset")
    assert result["version"] == "shipped" and weights.active() == (None, SHIPPED_WEIGHTS)
    assert weights.promote(load_network(SHIPPED_WEIGHTS), {}) == 3  # numbers never repeat


def test_old_versions_are_pruned_but_never_the_active_one(tmp_path):
    weights = WeightsStore(tmp_path / "weights")
    network = load_network(SHIPPED_WEIGHTS)
    for _ in range(7):
        weights.promote(network, {})
    assert weights.versions() == [3, 4, 5, 6, 7] and weights.active()[0] == 7


def test_a_crash_while_writing_new_weights_leaves_the_old_ones_loadable(tmp_path, monkeypatch):
    weights, _, _ = promote_twice(tmp_path)
    before = load_network(weights.active()[1]).params.copy()

    def crash(file, **arrays):
        file.write(b"PK\x03\x04 half a zip")
        raise OSError("disk pulled out")

    monkeypatch.setattr(np, "savez", crash)
    with pytest.raises(OSError):
        weights.promote(load_network(SHIPPED_WEIGHTS), {})
    assert weights.active()[0] == 2
    np.testing.assert_array_equal(load_network(weights.active()[1]).params, before)
    assert weights.versions() == [1, 2]
    assert not any(p.name.endswith(".tmp") for p in (tmp_path / "weights").iterdir())


def test_two_retrains_cannot_run_at_once(tmp_path, capsys):
    folder = started(tmp_path)
    with FeedbackStore(folder / "feedback.db") as store:
        store.add(make_record())  # a drawing to learn: a session would start
    with WeightsStore(folder / "weights").lock():
        assert retrain.main(["--data-dir", str(tmp_path)]) == 1
    assert "another retrain is running" in capsys.readouterr().err


def test_the_game_plays_with_the_active_version(tmp_path):
    from game.recognizer import Recognizer

    weights, _, _ = promote_twice(tmp_path)
    recognizer = Recognizer.load(weights.active()[1])
    assert recognizer.version == "v2" and recognizer.description == "model v2, learned from 0 corrections"
    save_network(load_network(SHIPPED_WEIGHTS), tmp_path / "plain.npz")
    assert Recognizer.load(tmp_path / "plain.npz").description == "the shipped model"


def test_the_gate_floor_is_the_shipped_network_and_does_not_drift():
    # Each promotion may cost a little: 0.25 points under the version before passes a
    # "previous version" gate every time, and would ratchet down for ever.
    before = {"mnist": 0.9930, "shipped": 0.9950, "confirmed": None, "fixed": 0.0}
    after = {"mnist": 0.9905, "confirmed": None, "fixed": 1.0}
    ok, why = session.gate_decision(before, after)
    assert not ok and "under the shipped network's 99.50%" in why
    ok, _ = session.gate_decision(before, {**after, "mnist": 0.9925})
    assert ok


@pytest.mark.slow
def test_three_promotions_in_a_row_stay_above_the_shipped_floor(tmp_path):
    data = tmp_path / "data"
    results = []
    for slope in (0.5, 0.9, 1.3):
        run("feedback.py", "import", slanted_fixture(tmp_path, slope=slope), "--data-dir", data)
        status, result, _ = run("retrain.py", "--data-dir", data, "--seed", str(len(results)))
        assert status == 0
        results.append(result)
    assert sum(r["promoted"] for r in results) >= 2
    for r in results:
        if r["promoted"]:
            assert r["mnist_after"] >= r["mnist_shipped"] - 0.003


def test_evaluate_with_a_data_dir_reads_as_the_game_does_now_memory_included(tmp_path):
    data = tmp_path / "data"
    relabelled = slanted_fixture(tmp_path, slope=0.0, relabel=lambda d: (d + 1) % 10)  # an odd player
    run("feedback.py", "import", relabelled, "--data-dir", data)
    _, plain, _ = run("evaluate.py", "--strokes", relabelled)
    _, as_the_game, _ = run("evaluate.py", "--strokes", relabelled, "--data-dir", data)
    assert plain["accuracy"] < 0.2 and as_the_game["accuracy"] == 1.0  # no retrain yet: the memory alone


@pytest.mark.slow
def test_the_game_runs_the_same_session_as_a_module(tmp_path):
    data = tmp_path / "data"
    run("feedback.py", "import", slanted_fixture(tmp_path), "--data-dir", data)
    process = subprocess.run(
        [sys.executable, "-m", "game.learning", "--background", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    result = json.loads(process.stdout.strip().splitlines()[-1])
    assert process.returncode == 0 and result["promoted"] and result["version"] == "v1"
    assert process.stderr == ""  # no progress bar: nobody watches it


@pytest.mark.slow
def test_a_session_studies_the_new_drawings_and_a_bounded_sample_of_the_learned(tmp_path, monkeypatch):
    data = tmp_path / "data"
    run("feedback.py", "import", slanted_fixture(tmp_path), "--data-dir", data)
    monkeypatch.setattr(session, "REVISITED", 7)
    first = session.consolidate(first_player(data))
    assert first.new == 60 and first.revisited == 0
    run("feedback.py", "import", slanted_fixture(tmp_path, slope=0.3), "--data-dir", data)
    second = session.consolidate(first_player(data))
    assert second.new == 60 and second.revisited == 7
    assert second.mnist_shipped == first.mnist_before  # the floor stays the shipped network's


def test_a_session_goes_deeper_once_a_digit_keeps_being_corrected_after_the_head_learned_it():
    learned = [make_record(label=4, predicted=9, seed=i, learned_version="v1") for i in range(session.DEEPER_AFTER)]
    again = make_record(label=4, predicted=9, seed=99)
    assert session.digits_kept_correcting(learned + [again]) == [4]
    assert session.digits_kept_correcting(learned + [make_record(label=7, predicted=1, seed=98)]) == []
    assert session.digits_kept_correcting(learned[1:] + [again]) == []  # one learned correction short
    assert session.digits_kept_correcting(learned + [make_record(label=4, predicted=4, seed=97)]) == []  # read right
    first_session = [make_record(label=4, predicted=9, seed=i) for i in range(5 * session.DEEPER_AFTER)]
    assert session.digits_kept_correcting(first_session) == []  # the head has not had its chance yet


def test_the_depth_of_a_session_follows_its_options_and_the_evidence():
    cnn, mlp = load_network(SHIPPED_WEIGHTS), Network((784, 16, 10))
    kept = [make_record(label=4, predicted=9, seed=i, learned_version="v1") for i in range(session.DEEPER_AFTER)]
    kept.append(make_record(label=4, predicted=9, seed=99))
    depth = lambda records, network=cnn, **options: session._depth(session.SessionOptions(**options), records, network)
    assert depth(kept) == "block" and depth(kept, deeper="never") == "head"
    confirmed = [make_record(label=4, predicted=4, seed=50 + i) for i in range(3)]
    assert depth(kept[-1:], deeper="always") == "block" and depth(confirmed, deeper="always") == "block"
    assert depth(confirmed) == "head" and depth(kept[-1:], deeper="never") == "head"
    assert depth(kept, whole_network=True) == "whole"
    assert depth(kept, mlp) == "head"  # a multilayer perceptron has no convolution block
    bulk = kept + [make_record(label=1, predicted=1, seed=100 + i) for i in range(session.DEEPER_NEW_AT_MOST)]
    assert depth(bulk) == "head"  # over DEEPER_NEW_AT_MOST new drawings: a bulk import


def test_a_first_session_on_a_games_drawings_with_a_correction_trains_the_last_block():
    cnn = load_network(SHIPPED_WEIGHTS)
    depth = lambda records: session._depth(session.SessionOptions(), records, cnn)
    game = [make_record(label=1, predicted=1, seed=i) for i in range(9)] + [make_record(label=7, predicted=1, seed=9)]
    assert depth(game) == "block"  # a game's drawings, a correction among them: deeper from the first session on
    assert depth(game[:9]) == "head"  # nothing corrected: nothing new for the convolutions
    learned = [make_record(label=7, predicted=1, seed=20 + i, learned_version="v1") for i in range(3)]
    assert depth(learned + game[:9]) == "head"  # the corrections that count are the new ones
    many = [make_record(label=1, predicted=1, seed=40 + i) for i in range(session.DEEPER_FITS)]
    assert depth(many + game[-1:]) == "head"  # more than fit the time: the head


@pytest.mark.slow
def test_a_deeper_session_keeps_what_its_convolutions_make_of_the_gate_for_the_next(tmp_path, monkeypatch):
    data = tmp_path / "data"
    run("feedback.py", "import", slanted_fixture(tmp_path), "--data-dir", data)
    result = session.consolidate(first_player(data), session.SessionOptions(deeper="always", epochs=1))
    assert result.promoted and result.trained == session.TRAINED["block"]
    learned = load_network(WeightsStore(first_player(data) / "weights").active()[1])
    gate = replay.load_replay()[1][0]
    monkeypatch.setattr(learned, "features", lambda X, upto: pytest.fail("computed again"))
    monkeypatch.setattr(feature_cache, "_proven", lambda path, key, *_: real_proven(path, key))
    cached = feature_cache.head_inputs(learned, learned.head_start(), gate, first_player(data) / "cache")
    assert cached.shape == (len(gate), *learned.layers[learned.head_start() - 1].output_shape)


def real_proven(path, key):
    """Return the features a cache file holds for key (the test's stand-in for the spot checks)."""
    with np.load(path) as saved:
        return saved["features"] if str(saved["key"]) == key else None


def test_a_deeper_session_the_gate_refuses_falls_back_to_the_head(tmp_path, monkeypatch):
    data = tmp_path / "data"
    run("feedback.py", "import", slanted_fixture(tmp_path), "--data-dir", data)
    monkeypatch.setattr(session, "_depth", lambda *_: "block")
    real_verdict = session._verdict
    verdicts = []

    def refuse_the_block(network, before, after):
        verdicts.append(network.layers[network.last_block_start()].W.copy())
        return (False, "refused for the test") if len(verdicts) == 1 else real_verdict(network, before, after)

    monkeypatch.setattr(session, "_verdict", refuse_the_block)
    result = session.consolidate(first_player(data), session.SessionOptions(epochs=1))
    assert len(verdicts) == 2 and result.trained == session.TRAINED["head"]
    shipped = load_network(SHIPPED_WEIGHTS)
    shipped_block = shipped.layers[shipped.last_block_start()].W
    assert not np.array_equal(verdicts[0], shipped_block)  # the first try trained the block
    np.testing.assert_array_equal(verdicts[1], shipped_block)  # the second, the head alone


def test_a_deeper_session_trains_the_last_convolution_block_and_the_gate_still_judges_it(tmp_path):
    data = tmp_path / "data"
    run("feedback.py", "import", slanted_fixture(tmp_path), "--data-dir", data)
    result = session.consolidate(first_player(data), session.SessionOptions(deeper="always"))
    assert result.promoted and result.trained == session.TRAINED["block"]
    assert result.mnist_after >= result.mnist_shipped - session.MAX_MNIST_DROP
    shipped, learned = load_network(SHIPPED_WEIGHTS), load_network(first_player(data) / "weights" / "v1.npz")
    block = shipped.last_block_start()
    np.testing.assert_array_equal(learned.parameters_before(block), shipped.parameters_before(block))
    changed = lambda layer: not np.array_equal(learned.layers[layer].W, shipped.layers[layer].W)
    assert changed(block) and changed(len(shipped.layers) - 1)

    wrong = slanted_fixture(tmp_path, slope=0.0, relabel=lambda d: (d + 1) % 10)  # every label a lie
    run("feedback.py", "import", wrong, "--data-dir", data)
    refused = session.consolidate(first_player(data), session.SessionOptions(deeper="always", variants=4, epochs=2))
    assert not refused.promoted and refused.trained == session.TRAINED["block"]
    assert "MNIST" in refused.reason or "confirmed" in refused.reason or "corrections" in refused.reason
    assert WeightsStore(first_player(data) / "weights").active()[0] == 1


def test_a_session_trains_the_head_alone_while_no_digit_keeps_being_corrected(tmp_path):
    data = tmp_path / "data"
    run("feedback.py", "import", slanted_fixture(tmp_path), "--data-dir", data)
    with FeedbackStore(first_player(data) / "feedback.db") as store:
        assert session.digits_kept_correcting(store.records()[0]) == []  # no digit corrected 8 times
    result = session.consolidate(first_player(data))  # deeper="auto"
    assert result.trained == session.TRAINED["head"]
    shipped, learned = load_network(SHIPPED_WEIGHTS), load_network(first_player(data) / "weights" / "v1.npz")
    head = shipped.head_start()
    np.testing.assert_array_equal(learned.parameters_before(head), shipped.parameters_before(head))


def test_the_convolutions_output_for_fixed_images_is_kept_between_sessions(tmp_path, monkeypatch):
    network = load_network(SHIPPED_WEIGHTS)
    first = network.head_start()
    X = np.random.default_rng(0).random((30, 784), dtype=np.float32)
    computed = feature_cache.head_inputs(network, first, X, tmp_path)
    np.testing.assert_array_equal(computed, network.features(X, first))
    [saved] = tmp_path.glob("features-*.npz")
    real = network.features
    again = lambda X, upto: pytest.fail("computed again") if len(X) > feature_cache.SPOT_CHECKS else real(X, upto)
    with monkeypatch.context() as patch:
        patch.setattr(network, "features", again)  # a few rows prove the file, no more
        np.testing.assert_array_equal(feature_cache.head_inputs(network, first, X, tmp_path), computed)
    saved.write_bytes(b"damaged")
    np.testing.assert_array_equal(feature_cache.head_inputs(network, first, X, tmp_path), computed)
    with np.load(saved) as good:
        key = good["key"]
    with open(saved, "wb") as damaged:
        np.savez(damaged, key=key, features=np.zeros((3, 2)))  # the right key, the wrong shape
    np.testing.assert_array_equal(feature_cache.head_inputs(network, first, X, tmp_path), computed)
    network.layers[0].W[...] *= 1.5  # other convolution weights: not the same features
    assert not np.array_equal(feature_cache.head_inputs(network, first, X, tmp_path), computed)
    assert len(list(tmp_path.glob("features-*.npz"))) == 2
    pooled, rectified = first - 2, first - 1  # the last pooling's maps, and the same after the ReLU:
    assert network.layers[pooled].kind == "relu"  # the same weights before them, the same shape
    assert not np.array_equal(network.features(X, pooled), network.features(X, rectified))
    feature_cache.head_inputs(network, pooled, X, tmp_path)
    cached = feature_cache.head_inputs(network, rectified, X, tmp_path)
    np.testing.assert_array_equal(cached, network.features(X, rectified))


def test_features_computed_from_a_layer_below_are_the_same_and_kept_alike(tmp_path, monkeypatch):
    network = load_network(SHIPPED_WEIGHTS)
    block, head = network.last_block_start(), network.head_start()
    assert 0 < block < head
    X = np.random.default_rng(1).random((20, 784), dtype=np.float32)
    below = network.features(X, block)
    whole = network.features(X, head)
    np.testing.assert_allclose(network.features_between(below, block, head), whole, rtol=1e-5, atol=1e-6)
    assert network.features_between(below, block, block) is below
    monkeypatch.setattr(network, "features", lambda X, upto: pytest.fail("computed from the images"))
    kept = feature_cache.head_inputs(network, head, X, tmp_path, below=(block, below))
    np.testing.assert_allclose(kept, whole, rtol=1e-5, atol=1e-6)
    monkeypatch.undo()
    np.testing.assert_array_equal(feature_cache.head_inputs(network, head, X, tmp_path), kept)  # proved, read back


def test_a_cache_folder_that_is_a_link_is_not_used_and_nothing_at_its_target_is_pruned(tmp_path, monkeypatch):
    network = load_network(SHIPPED_WEIGHTS)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    theirs = [elsewhere / f"features-{i}.npz" for i in range(6)]
    for path in theirs:
        path.write_bytes(b"someone else's")
    (tmp_path / "cache").symlink_to(elsewhere)
    monkeypatch.setattr(feature_cache, "KEEP", 1)
    X = np.random.default_rng(0).random((5, 784), dtype=np.float32)
    feature_cache.head_inputs(network, network.head_start(), X, tmp_path / "cache")
    assert sorted(elsewhere.iterdir()) == theirs


@pytest.mark.parametrize("last", ['"abc"', "[1]", "1e300", "2.5", "true", "-3"])
def test_a_damaged_version_pointer_costs_that_number_alone(tmp_path, last):
    weights = WeightsStore(tmp_path / "weights")
    (tmp_path / "weights").mkdir()
    (tmp_path / "weights" / "active.json").write_text(f'{{"active": null, "last": {last}}}')
    network = load_network(SHIPPED_WEIGHTS)
    assert weights.promote(network, {}) == 1 and weights.promote(network, {}) == 2
    assert weights.active() == (2, tmp_path / "weights" / "v2.npz") and weights.versions() == [1, 2]


def test_odd_figures_saved_with_a_version_read_as_unknown(tmp_path):
    from game.learning.progress import version_history

    weights = WeightsStore(tmp_path / "weights")
    weights.promote(load_network(SHIPPED_WEIGHTS), {})
    for odd in ("[1, 2]", '{"new": "many", "fixed_after": "90%", "mnist_after": 7, "fixed_before": 0.5}'):
        (tmp_path / "weights" / "v1.json").write_text(odd)
        [row] = version_history(weights)
        assert row["new"] is None and row["fixed_after"] is None and row["mnist_after"] is None
    assert row["fixed_before"] == 0.5 and row["active"]


def test_a_weights_folder_that_is_a_link_is_never_written_through(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "weights").symlink_to(elsewhere)
    weights = WeightsStore(tmp_path / "data" / "weights")
    with pytest.raises(OSError, match="link"):
        with weights.lock():
            weights.promote(load_network(SHIPPED_WEIGHTS), {})
    assert list(elsewhere.iterdir()) == []


def test_a_session_at_a_folder_that_holds_no_players_files_writes_nothing_there_and_says_so(tmp_path, capsys):
    from game.learning.__main__ import main as learn

    (tmp_path / "notes.txt").write_text("a person's file")
    for action in ([], ["--rollback"], ["--reset"]):
        with pytest.raises(SystemExit) as ended:
            learn(["--player-dir", str(tmp_path), *action])
        [line] = capsys.readouterr().err.strip().splitlines()[-1:]
        assert ended.value.code == 2 and str(tmp_path) in line and "no player" in line
        assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_session_in_a_players_folder_without_drawings_makes_no_database_there(tmp_path):
    (tmp_path / "settings.json").write_text("{}")
    result = session.consolidate(tmp_path)
    assert not result.promoted and "nothing new" in result.reason
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


@pytest.mark.parametrize("other", [["--player", "Ann"], ["--data-dir", "{data}"]])
def test_the_player_folder_and_a_player_or_data_dir_contradict_each_other(tmp_path, capsys, other):
    from game.learning.__main__ import parse_args

    store = FeedbackStore(tmp_path / "feedback.db")
    store.close()
    with pytest.raises(SystemExit) as ended:
        parse_args(["--player-dir", str(tmp_path), *[o.replace("{data}", str(tmp_path)) for o in other]])
    err = capsys.readouterr().err.strip().splitlines()
    assert ended.value.code == 2 and "--player-dir" in err[-1] and other[0] in err[-1]


def test_an_import_of_thousands_makes_fewer_copies_of_its_confirmations_never_of_its_corrections():
    record = lambda corrected: types.SimpleNamespace(corrected=corrected)
    game = [record(i % 3 == 0) for i in range(25)]
    copies = session._copies(game, 24)
    assert [copies(r) for r in game[:3]] == [24, 8, 8]  # a game's drawings: as many as asked
    imported = [record(False)] * 3000 + [record(True)] * 100
    copies = session._copies(imported, 24)
    assert copies(record(True)) == 24 and copies(record(False)) == 1  # (6,000 - 2,400) // 3,000
    assert 24 * 100 + 3000 * copies(record(False)) <= session.VARIANT_BUDGET
    assert session._copies([record(False)] * 1000, 24)(record(False)) == 6  # 6,000 // 1,000
    corrections = [record(True)] * 1000
    assert session._copies(corrections + [record(False)], 24)(corrections[0]) == 24  # over budget, kept
    assert session._copies(corrections + [record(False)], 24)(record(False)) == 1
    assert session._copies([record(False)] * 10, 0)(record(False)) == 1  # at least one, as before

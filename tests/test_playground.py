"""Promises of the Playground's engine (game/playground/): a blueprint out of bounds is refused
before anything starts, a run trains by the page's own code path and keeps its best checkpoint
however it ends, and a kept network survives export, import and a killed run."""

import json
import os
import signal
import subprocess
import sys

import numpy as np
import pytest

from game.model import load_network
from game.playground.blueprint import PRESETS, Blueprint, BlueprintError, plain_name, training_memory
from game.playground.data import RunData
from game.playground.process import TrainingRun
from game.playground.saved import SavedNetworkError, SavedNetworks
from game.playground.trainer import Controls, Trainer
from tests.helpers import REAL_MNIST, ROOT, first_player, last_json, wait_until

TINY = ["--images", "1000", "--epochs", "2", "--batch-size", "16", "--hidden", "16"]
SUMMARY_KEYS = {"name", "parameters", "epochs", "seconds", "first_point_seconds"}
SUMMARY_KEYS |= {"validation_accuracy", "test_accuracy", "diverged"}


def playground(*args, data_dir, check=True):
    """Run python -m game.playground with args on data_dir; return the CompletedProcess."""
    command = [sys.executable, "-m", "game.playground", *map(str, args), "--data-dir", str(data_dir)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, env=_env())
    if check:
        assert done.returncode == 0, done.stderr
    return done


def _env():
    return {**os.environ, "MNIST_DIR": str(REAL_MNIST)}


def synthetic_data(n=600, seed=0):
    """Return RunData of random images in 0..1 (n to train, 200 to validate)."""
    rng = np.random.default_rng(seed)
    X, y = rng.random((n + 200, 784), dtype=np.float32), rng.integers(0, 10, n + 200)
    return RunData(X[:n], y[:n], (X[n:], y[n:]))


# ------------------------------------------------------------------ blueprints
def test_every_preset_is_a_blueprint_that_can_be_trained_here():
    assert len(PRESETS) >= 4
    for name, blueprint in PRESETS.items():
        assert blueprint.problems() == [], name
    layers = {b.describe() for b in PRESETS.values()}
    assert {
        "784-128-10",
        "784-50-20-10",
        "conv5x8-pool-conv5x16-pool-64-10",
        "conv5x32-pool-conv5x64-pool-256-10",
    } <= layers
    sgd = PRESETS["MLP 784-50-20-10, plain SGD"]
    assert (sgd.optimizer, sgd.batch_size, sgd.lr) == ("sgd", 40, 0.005)


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"hidden": (2000,)}, "width must be a whole number from 8 to 1,024"),
        ({"hidden": (64, 64, 64, 64)}, "hidden layers: 0 to 3"),
        ({"arch": "cnn", "filters": (8, 16, 32)}, "conv blocks: 1 to 2"),
        ({"arch": "cnn", "filters": (128,)}, "filters must be"),
        ({"arch": "cnn", "kernel": 7}, "kernel must be one of 3, 5"),
        ({"activation": "softplus"}, "activation must be one of relu, sigmoid, tanh"),
        ({"optimizer": "rmsprop"}, "optimizer must be one of"),
        ({"lr": 0.0}, "lr must be a number"),
        ({"lr": float("nan")}, "lr must be a number"),
        ({"images": 60_000}, "images must be a whole number from 1,000 to 55,000"),
        ({"epochs": 0}, "epochs must be"),
    ],
)
def test_a_blueprint_out_of_bounds_says_which_value_and_what_is_allowed(changes, message):
    problems = Blueprint().with_changes(**changes).problems()
    assert problems and message in problems[0]
    with pytest.raises(BlueprintError, match=message.split(":")[0]):
        Blueprint().with_changes(**changes).check()


def test_a_blueprint_saved_as_json_comes_back_unchanged():
    for blueprint in [*PRESETS.values(), Blueprint(hidden=(), activation="tanh", mine=True)]:
        assert Blueprint.from_dict(json.loads(json.dumps(blueprint.to_dict()))) == blueprint
    with pytest.raises(BlueprintError, match="unknown blueprint field"):
        Blueprint.from_dict({"arch": "mlp", "evil": 1})
    with pytest.raises(BlueprintError, match="must be a list of whole numbers"):
        Blueprint.from_dict({"hidden": "128"})


def test_a_network_whose_training_would_not_fit_in_memory_is_refused(monkeypatch):
    from game.playground import blueprint as module

    largest = Blueprint(arch="cnn", filters=(64, 64), kernel=3, hidden=(1024, 1024), batch_size=1024, pen=True)
    assert largest.with_changes(augment=True).problems() == []  # the largest allowed fits in 2 GB
    monkeypatch.setattr(module, "MAX_MEMORY", training_memory(largest) - 1)
    assert "GB of memory, more than the" in largest.problems()[0]


def test_memory_grows_with_the_data_and_the_network():
    small, large = PRESETS["Small CNN"], PRESETS["The shipped CNN"]
    assert training_memory(small) < training_memory(large) < 1.5 * 1024**3
    assert training_memory(Blueprint(images=1000)) < training_memory(Blueprint())


@pytest.mark.parametrize("name", ["", "   ", "../x", "a/b", "x" * 25, "CON", ".hidden", "semi;colon"])
def test_a_network_name_that_is_not_plain_is_refused(name):
    with pytest.raises(BlueprintError):
        plain_name(name)
    assert plain_name("  Zoë's  net".replace("'", "")) == "Zoës net"


# ------------------------------------------------------------------ the trainer
def test_a_run_reports_points_pictures_the_matrix_and_checkpoints_and_keeps_the_best(tmp_path):
    events = []
    result = Trainer(Blueprint(hidden=(16,), epochs=2), synthetic_data(), events.append, folder=tmp_path).run()
    kinds = [e["event"] for e in events]
    assert kinds[0] == "start" and {"point", "weights", "validation", "checkpoint"} <= set(kinds)
    assert [c[0] for c in result.checkpoints] == [1.0, 2.0] and result.ended == "finished"
    assert result.validation_accuracy == max(c[2] for c in result.checkpoints)
    best = load_network(tmp_path / "best.npz")
    assert best.evaluate(*synthetic_data().validation)["accuracy"] == pytest.approx(result.validation_accuracy)
    assert sum(len(e["guesses"]) for e in events[: kinds.index("checkpoint")] if e["event"] == "validation") > 0
    pictures = next(e for e in events if e["event"] == "weights")
    assert pictures["shape"] == [16, 28, 28]


def test_stopping_keeps_the_best_checkpoint_so_far():
    controls = Controls()

    def report(event):
        if event["event"] == "point":
            controls.stop()  # as the page's Stop button does, after the first point

    result = Trainer(Blueprint(hidden=(16,), epochs=50, batch_size=8), synthetic_data(), report, controls).run()
    assert result.ended == "stopped" and result.epochs < 1
    assert result.validation_accuracy is not None and len(result.checkpoints) == 1


def test_a_learning_rate_that_blows_the_loss_up_is_told_and_nothing_is_kept(tmp_path):
    events = []
    blueprint = Blueprint(hidden=(64,), optimizer="adam", lr=1.0, epochs=3)
    result = Trainer(blueprint, synthetic_data(2000), events.append, folder=tmp_path).run()
    assert result.diverged and result.validation_accuracy is None
    assert any(e["event"] == "diverged" for e in events) and not (tmp_path / "best.npz").exists()


def test_sigmoid_and_tanh_networks_train_like_the_others(tmp_path):
    for activation in ("sigmoid", "tanh"):
        blueprint = Blueprint(arch="cnn", filters=(4,), kernel=3, hidden=(8,), activation=activation, epochs=1)
        result = Trainer(blueprint, synthetic_data(300), lambda e: None).run()
        assert result.ended == "finished" and np.isfinite(result.network.params).all()


# ------------------------------------------------------------------ the command line
def test_train_headless_prints_the_summary_last_and_keeps_the_network(tmp_path):
    done = playground("train", "tiny one", *TINY, data_dir=tmp_path)
    summary = last_json(done.stdout)
    assert SUMMARY_KEYS <= set(summary) and summary["diverged"] is False and summary["name"] == "tiny one"
    assert summary["validation_accuracy"] > 0.5 and summary["test_accuracy"] > 0.5 and summary["epochs"] == 2.0
    assert 0 < summary["first_point_seconds"] < summary["seconds"] + 60
    assert "checkpoint at epoch 2.00" in done.stderr  # progress goes to stderr
    listed = json.loads(playground("list", data_dir=tmp_path).stdout)["networks"]
    assert [card["name"] for card in listed] == ["tiny one"]
    card = listed[0]
    assert Blueprint.from_dict(card["blueprint"]) == Blueprint(hidden=(16,), epochs=2, batch_size=16, images=1000)
    assert card["scores"]["test_accuracy"] == summary["test_accuracy"] and card["curves"]["points"]
    assert not (
        first_player(tmp_path) / "networks" / ".runs" / "tiny one"
    ).exists()  # a finished run leaves nothing behind


def test_a_refused_blueprint_or_name_stops_before_anything_starts(tmp_path):
    for args, message in [
        (["train", "big", "--hidden", "4096"], "width must be"),
        (["train", "../escape"], "a network's name takes letters"),
        (["train", "x", "--arch", "cnn", "--filters", "8", "16", "32"], "conv blocks"),
        (["train", "x", "--images", "100"], "images must be"),
    ]:
        done = playground(*args, data_dir=tmp_path, check=False)
        assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
        assert done.stderr.startswith("error: ") and message in done.stderr
    assert not (first_player(tmp_path) / "networks").exists()


def test_a_diverging_run_says_so_in_its_summary_and_keeps_nothing(tmp_path):
    done = playground("train", "wild", "--optimizer", "adam", "--lr", "1", *TINY, data_dir=tmp_path, check=False)
    assert done.returncode == 1 and last_json(done.stdout)["diverged"] is True
    assert "diverged: try a smaller learning rate" in done.stderr
    assert json.loads(playground("list", data_dir=tmp_path).stdout)["networks"] == []


def test_a_kept_network_is_exported_imported_renamed_and_deleted(tmp_path):
    playground("train", "mine", *TINY, data_dir=tmp_path / "a")
    out = tmp_path / "shared.npz"
    playground("export", "mine", "--out", out, data_dir=tmp_path / "a")
    playground("import", out, data_dir=tmp_path / "b")
    playground("import", out, "--name", "copy", data_dir=tmp_path / "b")
    taken = playground("import", out, data_dir=tmp_path / "b", check=False)
    assert taken.returncode == 1 and "kept already" in taken.stderr
    playground("rename", "copy", "Copy 2", data_dir=tmp_path / "b")
    names = [c["name"] for c in json.loads(playground("list", data_dir=tmp_path / "b").stdout)["networks"]]
    assert names == ["Copy 2", "mine"]
    a, b = (SavedNetworks(first_player(tmp_path / data) / "networks") for data in "ab")
    np.testing.assert_array_equal(a.load("mine").params, b.load("copy 2").params)
    playground("delete", "MINE", data_dir=tmp_path / "b")
    assert b.names() == ["Copy 2"]


@pytest.mark.parametrize(
    "content,message",
    [
        (b"not a zip at all", "not an .npz file"),
        (b"\x80\x04pickled", "pickle"),
        (None, "not one from the Playground"),  # a digit-dash network, but without a card
    ],
)
def test_a_damaged_or_foreign_file_is_refused_in_one_line(tmp_path, content, message):
    path = tmp_path / "foreign.npz"
    if content is None:
        path.write_bytes((ROOT / "weights" / "digits.npz").read_bytes())
    else:
        path.write_bytes(content)
    done = playground("import", path, data_dir=tmp_path / "data", check=False)
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1 and message in done.stderr
    with pytest.raises(SavedNetworkError, match="no network named"):
        SavedNetworks(first_player(tmp_path / "data") / "networks").find("foreign")


# ------------------------------------------------------------------ as the page runs it
@pytest.mark.slow
def test_a_run_killed_with_9_leaves_every_kept_network_intact_and_the_page_says_it_stopped(tmp_path):
    playground("train", "kept", *TINY, data_dir=tmp_path)
    folder = first_player(tmp_path)
    kept = (folder / "networks" / "kept.npz").read_bytes()
    run = TrainingRun("doomed", Blueprint(hidden=(16,), epochs=50, images=55_000), folder, mnist=REAL_MNIST)
    wait_until(lambda: run.state.checkpoints, "the run's first checkpoint", 120, step=run.update)
    os.kill(run.child.process.pid, signal.SIGKILL)
    wait_until(lambda: not run.running, "the page to notice the run ended", 30, step=run.update)
    assert run.state.error and "stopped" in run.state.error and run.state.summary is None
    assert (folder / "networks" / "kept.npz").read_bytes() == kept
    assert SavedNetworks(folder / "networks").names() == ["kept"]


@pytest.mark.slow
def test_pausing_resuming_and_quitting_a_run_as_the_page_does(tmp_path):
    blueprint = Blueprint(hidden=(16,), epochs=100, batch_size=8, images=5000)
    run = TrainingRun("quit", blueprint, tmp_path, mnist=REAL_MNIST)
    wait_until(lambda: run.state.checkpoints, "the run's first checkpoint", 120, step=run.update)
    run.pause()
    wait_until(lambda: run.state.paused, "the run to say it paused", 30, step=run.update)
    points = len(run.state.points)
    run.resume()
    wait_until(lambda: len(run.state.points) > points + 2, "points after resuming", 30, step=run.update)
    run.quit()
    assert run.child.process.returncode is not None  # the child has ended: nothing is left behind
    assert SavedNetworks(tmp_path / "networks").names() == ["quit"]  # the best checkpoint, kept unscored
    assert SavedNetworks(tmp_path / "networks").card("quit")["ended"] == "stopped"


# ------------------------------------------------------------------ in the game
def keep_trained(folder, name, blueprint):
    """Train blueprint briefly on real MNIST (1,000 images) and keep it in a player's folder."""
    from game.datasets.mnist import load_mnist
    from game.playground.saved import make_card

    images, labels = load_mnist(REAL_MNIST, "train")
    X = images[:1200].reshape(-1, 784).astype(np.float32) / 255
    data = RunData(X[:1000], labels[:1000].astype(np.int64), (X[1000:], labels[1000:1200].astype(np.int64)))
    result = Trainer(blueprint, data, lambda event: None).run()
    SavedNetworks(folder / "networks").keep(result.network, name, make_card(blueprint, result, {}))


@pytest.mark.parametrize(
    "blueprint",
    [
        Blueprint(hidden=(), epochs=2),  # no hidden layer at all: the drawing straight to the digits
        Blueprint(hidden=(32, 16), activation="sigmoid", epochs=2),
        Blueprint(arch="cnn", filters=(4,), kernel=3, hidden=(), activation="tanh", epochs=1),
    ],
    ids=["784-10", "sigmoid MLP", "tanh CNN"],
)
def test_a_kept_network_plays_a_round_and_the_xray_reads_it_whatever_its_layers(tmp_path, blueprint):
    from tests.helpers import Player

    keep_trained(first_player(tmp_path / "data"), "Mine", blueprint)
    player = Player(tmp_path / "data")
    try:
        player.app.play_with("mine")
        assert player.app.profile.network_name == "Mine" and "Mine" in player.app.toast_text()
        assert player.app.profile.recognizer.network.name == blueprint.describe()
        player.app.xray_on = True
        player.key(pygame_key("RETURN"))  # Play, from the title
        player.draw_digit(player.app.scene.target)
        player.frames(2)
        inside = player.app.xray.inside
        assert inside is not None and inside.network is player.app.profile.recognizer.network
        assert len(inside.stages) == sum(layer.is_activation for layer in inside.network.layers[:-1]) + 1
        assert all(step.equation() for step in inside.path)
        player.app.play_with(None)  # back to the shipped network in one click
        assert player.app.profile.network_name is None and player.app.profile.recognizer.version == "shipped"
    finally:
        player.close()


def pygame_key(name):
    import pygame

    return getattr(pygame, f"K_{name}")


@pytest.mark.slow
def test_the_game_autoplays_with_a_kept_network_and_names_it(tmp_path):
    from tests.helpers import FIXTURE, HEADLESS

    keep_trained(first_player(tmp_path / "data"), "Net A", Blueprint(hidden=(32,), epochs=2))
    command = [sys.executable, "-m", "game", "--data-dir", str(tmp_path / "data"), "--network", "net a"]
    command += ["--autoplay", str(FIXTURE), "--rounds", "3", "--speed", "0", "--xray"]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, **HEADLESS}
    )
    assert done.returncode == 0, done.stderr
    summary = last_json(done.stdout)
    assert (
        summary["network"] == "Net A" and summary["weights_version"].startswith("net:Net A") and summary["rounds"] == 3
    )
    missing = [*command[:6], "nope", *command[7:]]
    missing = subprocess.run(
        missing, cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, **HEADLESS}
    )
    assert missing.returncode == 1 and missing.stderr.strip() == "error: there is no network named 'nope' (kept: Net A)"


@pytest.mark.slow
def test_a_player_builds_trains_watches_and_plays_with_a_network_by_keys_alone(tmp_path):
    import pygame

    from tests.helpers import Player

    os.environ.setdefault("MNIST_DIR", str(REAL_MNIST))
    player = Player(tmp_path / "data")
    try:
        player.key(pygame.K_g)  # the title's Playground
        assert player.app.scene.kind == "playground"
        player.key(pygame.K_1)  # the first preset, then smaller: fewer images, one epoch
        player.app.bench.blueprint = player.app.bench.blueprint.with_changes(images=1000, epochs=2, batch_size=16)
        player.key(pygame.K_RETURN)  # Train
        page = player.app.scene
        assert page.kind == "training" and player.app.bench.training
        wait_until(lambda: page.run.state.points, "the run's first loss point on the page", 120, step=player.frames)
        wait_until(lambda: not player.app.bench.training, "the run to end", 300, step=player.frames)
        state = page.run.state
        assert state.summary and state.summary["name"] == "MLP 128" and state.checkpoints and state.pictures is not None
        assert (state.guesses >= 0).all()  # every validation image has its guess: the matrix is full
        things = ui_drawn(player.app, page)
        assert any(label.startswith("Kept: validation") for kind, _, label in things if kind == "text")
        player.key(pygame.K_RETURN)  # Play with it
        assert player.app.profile.network_name == "MLP 128"
    finally:
        player.close()


def ui_drawn(app, scene):
    from tests.screens import drawn

    return drawn(app, scene)


@pytest.mark.slow
def test_quitting_the_game_ends_its_training_and_keeps_the_best_so_far(tmp_path):
    import pygame

    from tests.helpers import Player

    os.environ.setdefault("MNIST_DIR", str(REAL_MNIST))
    player = Player(tmp_path / "data")
    player.key(pygame.K_g)
    player.app.bench.blueprint = Blueprint(hidden=(16,), epochs=100, images=5000, batch_size=8)
    player.key(pygame.K_RETURN)
    run = player.app.bench.run
    wait_until(lambda: run.state.checkpoints, "the run's first checkpoint", 120, step=player.frames)
    player.close()  # the window closed: the game ends, and its child with it
    assert run.child.process.returncode is not None
    assert SavedNetworks(first_player(tmp_path / "data") / "networks").names() == ["MLP 16"]


# ------------------------------------------------------------------ corrections teach it
def test_corrections_teach_a_kept_network_in_its_own_line_behind_its_own_gate(tmp_path):
    from game.feedback import FeedbackStore
    from game.learning import session
    from game.profile import PlayerFiles, Profile
    from tests.helpers import run, slanted_fixture

    data = tmp_path / "data"
    keep_trained(first_player(data), "Mine", Blueprint(hidden=(64,), epochs=4))
    assert run("feedback.py", "import", slanted_fixture(tmp_path), "--data-dir", data).returncode == 0
    result = session.consolidate(first_player(data), session.SessionOptions(network="Mine", epochs=8, variants=24))
    assert result.promoted and result.version == "v1" and result.fixed_after >= 0.75 > result.fixed_before
    # the floor is the kept network's own reading of the gate, not the shipped one's
    assert result.mnist_shipped < 0.97 and result.mnist_after >= result.mnist_shipped - 0.003
    files = PlayerFiles(first_player(data))
    assert (files.network_versions("Mine") / "v1.npz").is_file() and not (files.weights / "v1.npz").exists()
    with FeedbackStore(files.feedback) as store:
        assert store.counts()["not_learned"] == 60  # the player's own line has learned nothing of them
        assert store.count_after(0) == 60
    again = session.consolidate(first_player(data), session.SessionOptions(network="Mine"))
    assert not again.promoted and "nothing new" in again.reason
    profile = Profile(first_player(data), network="Mine")
    try:
        assert profile.recognizer.version == "net:Mine:v1" and "learned from" in profile.recognizer.description
        assert profile.waiting() == 0 and profile.versions.active()[0] == 1
    finally:
        profile.close()
    networks = SavedNetworks(files.networks)
    networks.rename("Mine", "Ours")  # its learned line follows it, and so does the name on its versions
    assert load_network(files.network_versions("Ours") / "v1.npz").metadata["playground"]["name"] == "Ours"
    networks.delete("Ours")
    assert not files.networks.exists() or not any(files.networks.iterdir())


def test_augmentation_distorts_every_image_afresh_each_epoch_chunk_by_chunk():
    from game.datasets.mnist import load_mnist
    from game.playground import data as module

    images, labels = load_mnist(REAL_MNIST, "test")
    X = images[: module.AUGMENTED_CHUNK + 300].reshape(-1, 784).astype(np.float32) / 255  # more than one chunk
    run = RunData(X, labels[: len(X)].astype(np.int64), (X[:10], labels[:10].astype(np.int64)))
    rng = np.random.default_rng(0)
    first, second = run.epoch_images(True, rng), run.epoch_images(True, rng)
    assert first.shape == X.shape and first.dtype == np.float32 and 0 <= first.min() and first.max() <= 1
    moved = np.abs(first - X).sum(axis=1) > 1
    assert moved.mean() > 0.95 and (np.abs(first - second).sum(axis=1) > 1).mean() > 0.95  # the last chunk too
    assert np.abs(first.sum(axis=1) / X.sum(axis=1) - 1).mean() < 0.3  # distorted, still the same ink
    assert run.epoch_images(False, rng) is X

"""Promise of the package: a wheel carries the shipped weights, the replay set and the
assets, and the game it installs plays from any working directory."""

import json
import os
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from tests.helpers import FIXTURE, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-w", str(folder), "-q"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if built.returncode:
        pytest.skip(f"pip could not build the wheel here (it fetches setuptools): {built.stderr.strip()[-300:]}")
    return next(folder.glob("digit_dash-*.whl"))


@pytest.mark.slow
def test_the_wheel_carries_every_module_of_the_game_and_the_training_tools(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    sources = [p.relative_to(ROOT).as_posix() for folder in ("game", "training") for p in (ROOT / folder).rglob("*.py")]
    assert sources and not [s for s in sources if s not in names]


def test_the_wheel_carries_the_weights_the_replay_set_and_the_assets(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for shipped in (
        "game/weights/digits.npz",
        "game/weights/replay.npz",
        "game/assets/attract.jsonl",
        "game/assets/pendigits.npz",
        "training/retrain.py",
        "game/model/conv.py",
    ):
        assert shipped in names


@pytest.mark.slow
def test_the_installed_game_plays_from_another_folder(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True, timeout=120
    )
    # Its dependencies (NumPy, pygame) come from this environment: no download needed.
    site = subprocess.run(
        [str(python), "-c", "import site; print(site.getsitepackages()[0])"], capture_output=True, text=True, check=True
    ).stdout.strip()
    (tmp_path / "elsewhere").mkdir()
    deps = os.path.dirname(os.path.dirname(np.__file__))
    (tmp_path / "deps.pth").write_text(deps + "\n")
    os.replace(tmp_path / "deps.pth", os.path.join(site, "deps.pth"))
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    env.pop("PYTHONPATH", None)
    digit_dash = python.with_name("digit-dash.exe" if os.name == "nt" else "digit-dash")
    result = subprocess.run(
        [
            str(digit_dash),
            "--autoplay",
            str(FIXTURE),
            "--rounds",
            "3",
            "--data-dir",
            str(tmp_path / "data"),
            "--speed",
            "0",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path / "elsewhere",
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["rounds"] == 3
    assert "pygame-ce" not in result.stdout + result.stderr  # no banner from the entry point either
    where = subprocess.run(
        [str(python), "-c", "import game.paths as p; print(p.SHIPPED_WEIGHTS)"],
        capture_output=True,
        text=True,
        cwd=tmp_path / "elsewhere",
        env=env,
    ).stdout
    assert str(venv) in where and str(ROOT) not in where  # the installed copy, not this checkout

"""Promises that keep the game instant on a real desktop: screens that do not move are not
drawn again, the attract demo reads only when its drawing grows, and the game's numerics
run on one thread."""

import json
import os
import subprocess
import sys

import pygame
import pytest

from game.scenes.help import HelpScene
from game.scenes.title import FRAME_SECONDS, PAUSE_SECONDS, READ_SECONDS, TitleScene
from tests.helpers import ROOT, Player


def count_calls(obj, name):
    """Wrap obj.name so that its calls are counted in the returned list's length."""
    calls, original = [], getattr(obj, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    setattr(obj, name, counted)
    return calls


def test_a_screen_that_does_not_move_is_drawn_once_until_something_happens(tmp_path):
    player = Player(tmp_path)
    player.key(pygame.K_F1)
    assert isinstance(player.scene, HelpScene)
    player.frames(10)  # the title fades into it
    draws = count_calls(player.scene, "draw")
    player.frames(60)
    assert len(draws) == 0
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(5, 5), rel=(1, 1), buttons=(0, 0, 0)))
    player.frames(1)
    assert len(draws) == 1
    player.close()


def test_the_attract_demo_moves_twenty_times_a_second_reads_ten_and_rests_when_drawn(tmp_path):
    player = Player(tmp_path)
    demo = player.scene.demo
    assert isinstance(player.scene, TitleScene)
    reads = count_calls(player.app.profile.recognizer, "read")
    draws, parts = count_calls(player.scene, "draw"), count_calls(player.scene, "draw_moving")
    player.frames(60)  # a second of virtual time at 60 frames a second, the pen moving
    assert 5 <= len(reads) <= 1 / READ_SECONDS + 1 < len(draws) + len(parts) <= 1 / FRAME_SECONDS + 1
    while demo.clock < demo._duration() + FRAME_SECONDS:  # the drawing finished...
        player.frames(1)
    player.frames(round(READ_SECONDS * 60) + 1)  # its last points read
    reads[:], draws[:], parts[:] = [], [], []
    player.frames(round(0.5 * PAUSE_SECONDS * 60))  # ... and shown for a while: nothing to draw or read
    assert reads == [] and draws == [] and parts == []
    player.close()


def sent_to_the_window(monkeypatch):
    """Record what the App sends to the window: "all" for a flip, else the list of rects updated."""
    sent = []
    monkeypatch.setattr(pygame.display, "flip", lambda: sent.append("all"))
    monkeypatch.setattr(pygame.display, "update", lambda rects: sent.append(list(rects)))
    return sent


def test_a_static_screen_sends_nothing_and_a_moving_part_only_itself(tmp_path, monkeypatch):
    player = Player(tmp_path)
    player.frames(30)  # the title settles
    sent = sent_to_the_window(monkeypatch)
    player.frames(60)
    demo = player.scene.demo_rect
    assert sent and all(rects == [demo] for rects in sent)  # the demo alone moves
    player.start()
    player.frames(60)  # the countdown over, the clock runs: the timer and the card, nothing else
    layout, sent[:] = player.scene.layout, []
    player.frames(30)
    assert sent and all(rects == [layout.timer, layout.target] for rects in sent)
    player.key(pygame.K_ESCAPE)  # the pause menu: it does not move
    player.frames(20)
    sent[:] = []
    player.frames(60)
    assert sent == []
    player.close()


@pytest.mark.parametrize("xray", [False, True])
def test_a_pen_stroke_sends_the_canvas_and_the_reading_not_the_window(tmp_path, monkeypatch, xray):
    player = Player(tmp_path)
    player.start()
    if xray:
        player.key(pygame.K_x)
    player.frames(20)
    layout, canvas = player.scene.layout, player.scene.canvas.rect
    reading = layout.xray if xray else layout.bars.union(layout.preview)
    sent = sent_to_the_window(monkeypatch)
    player.draw([[(canvas.x + 40, canvas.y + 40 + i * 6) for i in range(12)]])
    player.frames(2)
    assert "all" not in sent, "the pen's events draw only what they change"
    updated = [rect for rects in sent for rect in rects]
    assert canvas.inflate(8, 8) in updated and reading in updated
    assert set(map(tuple, updated)) <= set(
        map(tuple, [layout.timer, layout.target, canvas.inflate(8, 8), reading, layout.buttons])
    )
    sent[:] = []
    player.click(player.scene.buttons[1].rect.center)  # Clear: a button is more than the pen
    assert "all" in sent and player.scene.canvas.strokes == []
    player.close()


def test_the_ink_repainted_with_a_finer_brush_at_pen_up_is_sent_too(tmp_path, monkeypatch):
    player = Player(tmp_path)
    player.start()
    canvas = player.scene.canvas
    x, y = canvas.rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(x, y), button=1))
    for i in range(1, 8):
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(x + i, y + 2 * i), rel=(1, 2), buttons=(1, 0, 0)))
    player.frames(2)
    painted, sent = canvas.painted, sent_to_the_window(monkeypatch)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(x + 7, y + 14), button=1))
    player.frames(1)
    assert canvas.painted > painted, "a small drawing gets a finer brush when the pen lifts"
    assert any(canvas.rect.inflate(8, 8) in rects for rects in sent if rects != "all")
    player.close()


BLAS_THREADS = """
import ctypes, re
import game.__main__  # what `python -m game` and `digit-dash` import first
import numpy
libraries = {m.group(0) for m in re.finditer(r"/\\S*openblas\\S*\\.so\\S*", open("/proc/self/maps").read())}
for library in map(ctypes.CDLL, libraries):
    for name in ("openblas_get_num_threads", "openblas_get_num_threads64_", "scipy_openblas_get_num_threads64_"):
        if hasattr(library, name):
            print(getattr(library, name)())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the loaded OpenBLAS from /proc/self/maps")
def test_the_game_runs_its_numerics_on_one_thread():
    # OpenBLAS fixes its thread count when NumPy loads: the game must ask for one thread first.
    result = subprocess.run([sys.executable, "-c", BLAS_THREADS], capture_output=True, text=True, cwd=ROOT, timeout=60)
    counts = result.stdout.split()
    if not counts:
        pytest.skip(f"this NumPy does not use an OpenBLAS we can ask ({result.stderr.strip()[-200:]})")
    assert set(counts) == {"1"}


def test_retraining_gets_every_core_back():
    from game.threads import THREAD_VARIABLES, all_threads_env

    assert not set(THREAD_VARIABLES) & set(all_threads_env())  # retraining gets every core back


def test_game_speed_reports_latency_and_idle_cpu_as_json(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "training" / "game_speed.py"), "--seconds", "0.5"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        env={**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"},
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert 0 < figures["predict_ms_p50"] <= figures["predict_ms_p99"] and figures["predict_samples"] == 180
    assert 0 < figures["title_idle_cpu_percent"] < 200 and 0 < figures["round_idle_cpu_percent"] < 200
    assert figures["video_driver"] == "dummy" and figures["heavy_read_ms_max"] > figures["predict_ms_p50"]
    assert {"help_idle_cpu_percent", "settings_idle_cpu_percent", "highscores_idle_cpu_percent"} <= set(figures)


def test_game_speed_says_what_is_wrong_with_a_missing_weights_file(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "training" / "game_speed.py"), "--weights", str(tmp_path / "none.npz")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "no such file" in result.stderr and "Traceback" not in result.stderr


def test_help_opened_from_pause_is_still_inside_the_round(tmp_path):
    player = Player(tmp_path)
    player.start()
    player.key(pygame.K_ESCAPE)
    player.key(pygame.K_h)
    assert isinstance(player.scene, HelpScene) and player.scene.in_round  # new weights wait for the next round
    player.key(pygame.K_SPACE)  # back to the pause menu
    player.key(pygame.K_ESCAPE)  # and to the round, as it was
    assert player.scene.in_round and not isinstance(player.scene, (HelpScene, TitleScene))
    player.close()


def test_a_player_who_scribbles_for_ever_keeps_a_bounded_drawing(tmp_path):
    from game.ink import MAX_POINTS

    player = Player(tmp_path)
    player.start()
    canvas = player.scene.canvas
    zigzag = [(canvas.rect.x + 20 + (i % 2) * 300, canvas.rect.y + 20 + (i // 2) % 300) for i in range(6000)]
    player.draw([zigzag])
    assert sum(map(len, canvas.strokes)) <= MAX_POINTS and player.scene.reading is not None
    player.close()


def test_a_background_session_gets_the_idle_cores_and_at_least_one(monkeypatch):
    from game import threads

    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    for load, expected in ((0.2, "4"), (2.6, "1"), (9.0, "1"), (1.4, "3")):
        monkeypatch.setattr(os, "getloadavg", lambda load=load: (load, 0.0, 0.0))
        env = threads.idle_threads_env()
        assert {env[name] for name in threads.THREAD_VARIABLES} == {expected}

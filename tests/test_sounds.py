"""Promises of the sound effects: every sound is short, soft and click-free, made
the same way every time, and the game never fails for want of an audio device."""

import numpy as np
import pytest

from game.sounds import FULL_SCALE, SOUND_NAMES, SoundBoard, synthesize

RATES = (44100, 48000, 22050)
SECONDS = {  # name -> (shortest, longest) acceptable length
    "stroke": (0.03, 0.06),
    "hit": (0.2, 0.4),
    "miss": (0.25, 0.45),
    "levelup": (0.45, 0.75),
    "tick": (0.02, 0.045),
    "gameover": (0.7, 1.1),
}


@pytest.fixture
def dummy_audio(monkeypatch):
    """Give pygame a silent audio device; shut the mixer down afterwards."""
    pygame = pytest.importorskip("pygame")
    pygame.mixer.quit()
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    yield pygame
    pygame.mixer.quit()


@pytest.fixture
def no_audio(monkeypatch):
    """Make pygame's mixer fail to start, as on a machine with no sound card."""
    pygame = pytest.importorskip("pygame")

    def fail(*args, **kwargs):
        raise pygame.error("no audio device")

    monkeypatch.setattr(pygame.mixer, "init", fail)
    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    return pygame


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("name", SOUND_NAMES)
def test_every_sound_is_int16_mono_of_its_intended_length(name, rate):
    samples = synthesize(name, rate)
    shortest, longest = SECONDS[name]
    assert samples.dtype == np.int16 and samples.ndim == 1
    assert shortest <= len(samples) / rate <= longest


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("name", SOUND_NAMES)
def test_no_sound_comes_near_clipping(name, rate):
    assert np.abs(synthesize(name, rate).astype(np.int32)).max() < 0.7 * FULL_SCALE


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("name", SOUND_NAMES)
def test_every_sound_starts_and_ends_in_near_silence_so_nothing_clicks(name, rate):
    samples = np.abs(synthesize(name, rate).astype(np.int32))
    millisecond = round(rate / 1000)
    assert samples[:millisecond].max() < 0.02 * FULL_SCALE
    assert samples[-millisecond:].max() < 0.02 * FULL_SCALE


@pytest.mark.parametrize("name", SOUND_NAMES)
def test_every_sound_is_actually_audible(name):
    assert np.abs(synthesize(name).astype(np.int32)).max() > 0.05 * FULL_SCALE


@pytest.mark.parametrize("name", SOUND_NAMES)
def test_a_sound_is_the_same_every_time_it_is_made(name):
    np.testing.assert_array_equal(synthesize(name), synthesize(name))


def test_the_timer_tick_and_the_pen_stroke_are_quieter_than_the_rewards():
    def peak(name):
        return np.abs(synthesize(name).astype(np.int32)).max()

    assert max(peak("stroke"), peak("tick")) < min(peak("hit"), peak("levelup"))


def test_different_sounds_sound_different():
    sounds = {name: synthesize(name).astype(np.float64) for name in SOUND_NAMES}
    for i, first in enumerate(SOUND_NAMES):
        for second in SOUND_NAMES[i + 1 :]:
            a, b = sounds[first], sounds[second]
            n = min(len(a), len(b))
            assert len(a) != len(b) or not np.array_equal(a, b)
            assert abs(np.corrcoef(a[:n], b[:n])[0, 1]) < 0.9, (first, second)


def test_an_unknown_sound_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown sound"):
        synthesize("applause")


def test_the_board_plays_every_sound_on_a_dummy_audio_device(dummy_audio):
    board = SoundBoard()
    assert board.available and not board.muted
    for name in SOUND_NAMES:
        board.play(name)


def test_the_board_builds_its_sounds_for_the_mixer_it_finds(dummy_audio):
    dummy_audio.mixer.init(frequency=22050, size=-16, channels=1)
    board = SoundBoard()
    assert board.available and dummy_audio.mixer.get_init() == (22050, -16, 1)
    board.play("hit")


@pytest.mark.parametrize("size, scale, offset", [(-16, 1, 0), (16, 1, 32768), (32, 1 / 32768, 0)])
def test_a_mixer_of_another_sample_format_gets_the_same_waveform_not_noise(dummy_audio, size, scale, offset):
    # make_sound copies bytes as they are, so the board must convert to the mixer's format
    dummy_audio.mixer.init(frequency=22050, size=size, channels=2)
    board = SoundBoard()
    played = dummy_audio.sndarray.array(board._sounds["hit"])[:, 0].astype(np.float64)
    expected = synthesize("hit", 22050).astype(np.float64) * scale + offset
    np.testing.assert_allclose(played, expected, atol=1e-3)


def test_muting_stops_playback_and_unmuting_brings_it_back(dummy_audio):
    board = SoundBoard()
    assert board.toggle_mute() is True and board.muted
    dummy_audio.mixer.stop()
    board.play("levelup")
    assert not dummy_audio.mixer.get_busy()
    assert board.toggle_mute() is False and not board.muted
    board.play("levelup")
    assert dummy_audio.mixer.get_busy()


def test_a_board_made_disabled_starts_muted(dummy_audio):
    board = SoundBoard(enabled=False)
    assert board.muted and board.available
    board.play("hit")
    assert not dummy_audio.mixer.get_busy()


def test_without_an_audio_device_the_board_is_silent_and_never_raises(no_audio):
    board = SoundBoard()
    assert not board.available
    for name in SOUND_NAMES:
        board.play(name)
    assert board.toggle_mute() is True


def test_an_unknown_sound_raises_even_on_a_silent_board(no_audio):
    with pytest.raises(ValueError, match="unknown sound"):
        SoundBoard().play("applause")

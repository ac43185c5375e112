"""The game's sound effects, synthesised with NumPy when the game starts.

Two layers: `synthesize` is pure NumPy (a name -> int16 mono samples) and knows
nothing of pygame; `SoundBoard` hands those samples to pygame's mixer and stays
silent when there is no audio device, so the game never fails for want of sound.

Every sound is a mix of notes. A note is a few harmonics of a sine, square or
triangle wave (band-limited, so no aliasing fizz) under an envelope that rises
from zero and falls back to zero, so nothing clicks.
"""

import numpy as np

SOUND_NAMES = ("stroke", "hit", "miss", "levelup", "tick", "gameover")
FULL_SCALE = 32767  # int16 full scale
_WAVES = {  # wave -> (harmonic numbers, their amplitudes); Fourier series cut at the 7th
    "sine": ((1,), (1.0,)),
    "square": ((1, 3, 5, 7), (1.0, 1 / 3, 1 / 5, 1 / 7)),
    "triangle": ((1, 3, 5, 7), (1.0, -1 / 9, 1 / 25, -1 / 49)),
}


def synthesize(name, sample_rate=44100):
    """Return the sound `name` as int16 mono samples, shape (n,), at `sample_rate` Hz.

    name : one of SOUND_NAMES; anything else raises ValueError.
    The result is the same on every call (the only noise is seeded).
    """
    _check_name(name)
    notes, peak = _RECIPES[name](sample_rate)
    return _mix(notes, peak)


def _stroke(sr):
    """Return the notes and peak of a soft pen tick (~40 ms): a high blip and a scratch."""
    blip = _note(sr, 0.0, 0.04, 1800.0, attack=0.006, release=0.01, decay=0.012)
    return [blip, _scratch(sr, 0.0, 0.04, seed=7)], 0.12


def _hit(sr):
    """Return the notes and peak of a bright rising chime (~0.3 s): C6, E6, G6."""
    notes = [
        _note(sr, 0.06 * i, 0.3 - 0.06 * i, freq, "square", decay=0.1)
        for i, freq in enumerate((1046.50, 1318.51, 1567.98))
    ]
    return notes, 0.5


def _miss(sr):
    """Return the notes and peak of a soft descending "bwow" (~0.35 s)."""
    body = dict(attack=0.015, release=0.08, decay=0.3)
    notes = [
        _note(sr, 0.0, 0.35, 300.0, "triangle", glide_to=120.0, **body),
        _note(sr, 0.0, 0.35, 150.0, glide_to=60.0, gain=0.5, **body),
    ]
    return notes, 0.45


def _levelup(sr):
    """Return the notes and peak of an ascending arpeggio fanfare (~0.6 s): C5 E5 G5 C6."""
    notes = [_note(sr, 0.08 * i, 0.14, freq, "square", decay=0.12) for i, freq in enumerate((523.25, 659.26, 783.99))]
    notes.append(_note(sr, 0.24, 0.36, 1046.50, "square", release=0.12, decay=0.25))
    notes.append(_note(sr, 0.24, 0.36, 523.25, "triangle", release=0.12, decay=0.25, gain=0.5))
    return notes, 0.5


def _tick(sr):
    """Return the notes and peak of a short timer tick (~30 ms), like a woodblock."""
    body = dict(attack=0.009, release=0.01, decay=0.01)
    return [_note(sr, 0.0, 0.03, 1200.0, **body), _note(sr, 0.0, 0.03, 2400.0, gain=0.3, **body)], 0.3


def _gameover(sr):
    """Return the notes and peak of a slow falling phrase (~0.9 s): G4, E-flat4, C4 sagging."""
    body = dict(wave="triangle", attack=0.02, release=0.08, decay=0.4)
    notes = [
        _note(sr, 0.0, 0.3, 392.00, **body),
        _note(sr, 0.3, 0.3, 311.13, **body),
        _note(sr, 0.6, 0.3, 261.63, glide_to=246.94, **body),
    ]
    return notes, 0.45


_RECIPES = {"stroke": _stroke, "hit": _hit, "miss": _miss, "levelup": _levelup, "tick": _tick, "gameover": _gameover}


def _note(sr, start, duration, freq, wave="sine", glide_to=None, gain=1.0, attack=0.012, release=0.03, decay=None):
    """Return (first sample, samples (n,) float64) of one enveloped note.

    The pitch slides exponentially from freq to glide_to (Hz) if given.
    Harmonics at or above the Nyquist frequency are left out.
    """
    n = round(duration * sr)
    t = np.arange(n) / sr
    pitch = freq * (glide_to / freq) ** (t / duration) if glide_to else np.full(n, freq)
    phase = 2 * np.pi * np.cumsum(pitch) / sr
    top = pitch.max()
    wave_samples = sum(a * np.sin(k * phase) for k, a in zip(*_WAVES[wave]) if k * top < sr / 2)
    return round(start * sr), gain * wave_samples * _envelope(t, attack, release, decay)


def _scratch(sr, start, duration, seed):
    """Return (first sample, samples (n,)) of a short burst of smoothed, seeded noise."""
    n = round(duration * sr)
    t = np.arange(n) / sr
    noise = np.random.default_rng(seed).uniform(-1.0, 1.0, n)
    smooth = np.convolve(noise, np.ones(6) / 6, mode="same")  # soften the hiss
    return round(start * sr), 0.6 * smooth * _envelope(t, 0.006, 0.01, 0.008)


def _envelope(t, attack, release, decay):
    """Return gains (n,) for times t (n,): 0 at both ends, rising and falling as sin**2.

    decay : seconds for the body to fall by a factor e, or None to hold.
    """
    rise = np.sin(0.5 * np.pi * np.clip(t / attack, 0.0, 1.0)) ** 2
    fall = np.sin(0.5 * np.pi * np.clip((t[-1] - t) / release, 0.0, 1.0)) ** 2
    body = np.exp(-t / decay) if decay else 1.0
    return rise * fall * body


def _mix(notes, peak):
    """Return int16 (n,): the notes [(first sample, samples)] summed, loudest at peak * full scale."""
    mix = np.zeros(max(start + len(samples) for start, samples in notes))
    for start, samples in notes:
        mix[start : start + len(samples)] += samples
    return np.round(mix * (peak * FULL_SCALE / np.abs(mix).max())).astype(np.int16)


def _check_name(name):
    """Raise ValueError unless name is one of SOUND_NAMES."""
    if name not in SOUND_NAMES:
        raise ValueError(f"unknown sound {name!r}; expected one of {SOUND_NAMES}")


class SoundBoard:
    """The game's sound effects on pygame's mixer, or silence when there is no audio.

    available : bool, False when the mixer could not start (no audio device,
        no mixer module); then play() does nothing.
    muted : bool, settable; a muted board plays nothing.
    """

    def __init__(self, enabled=True):
        """Start the mixer if it is not running and build every sound; muted unless enabled."""
        self.muted = not enabled
        self._sounds = _load_sounds()
        self.available = bool(self._sounds)

    def set_volume(self, percent):
        """Play every sound at this volume, 0 to 100."""
        for sound in self._sounds.values():
            sound.set_volume(max(0, min(100, percent)) / 100)

    def toggle_mute(self):
        """Flip muted and return the new state (True = silent)."""
        self.muted = not self.muted
        return self.muted

    def play(self, name):
        """Play the sound `name` unless muted or unavailable; raise ValueError on an unknown name."""
        _check_name(name)
        if self.muted or not self.available:
            return
        import pygame

        try:
            self._sounds[name].play()
        except pygame.error:  # the mixer was shut down under us: stay quiet, keep playing
            pass


def _load_sounds():
    """Return {name: pygame.mixer.Sound} for every sound, or {} when there is no mixer."""
    try:
        import pygame
        import pygame.sndarray
    except ImportError:
        return {}
    try:
        frequency, size, channels = _start_mixer(pygame)
        return {name: _make_sound(pygame, synthesize(name, frequency), size, channels) for name in SOUND_NAMES}
    except (pygame.error, NotImplementedError, ImportError, OSError):
        return {}


def _start_mixer(pygame):
    """Return the mixer's (frequency, size, channels), starting it first if needed."""
    if pygame.mixer.get_init() is None:
        pygame.mixer.init(frequency=44100, size=-16, channels=2, buffer=512)
    settings = pygame.mixer.get_init()
    if settings is None:
        raise pygame.error("the mixer did not start")
    return settings


def _make_sound(pygame, samples, size, channels):
    """Return a pygame Sound of int16 mono samples (n,) on a mixer of that size and channels."""
    frames = np.repeat(_to_mixer_format(samples, size)[:, None], channels, axis=1)
    return pygame.sndarray.make_sound(frames if channels > 1 else frames[:, 0])


def _to_mixer_format(samples, size):
    """Return int16 samples (n,) in the mixer's sample format, `size` as get_init() reports it.

    make_sound copies the bytes as they are, so a wrong dtype would play as noise.
    """
    if size == -16:
        return samples
    if size == -32:  # pygame-ce's 32-bit mixer is float
        return (samples / 32768).astype(np.float32)
    if size == 16:
        return (samples.astype(np.int32) + 32768).astype(np.uint16)
    if size == -8:
        return (samples >> 8).astype(np.int8)
    if size == 8:
        return ((samples >> 8) + 128).astype(np.uint8)
    raise NotImplementedError(f"mixer sample format {size}")

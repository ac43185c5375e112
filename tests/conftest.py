"""Shared test setup: the game runs headless, without a display or a sound card."""

import os

import pytest
from hypothesis import settings

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

# CI runs the property-based tests with a fixed seed so that a run can be
# repeated; locally they explore new random cases every time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def player(tmp_path):
    """A player at the title screen of a fresh data directory (targets 3, 7, 1; 3 rounds)."""
    import pygame

    from tests.helpers import Player

    p = Player(tmp_path / "data")
    yield p
    if pygame.get_init():
        p.close()

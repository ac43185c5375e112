"""The game's screens, one small class each; a scene hands over by setting `next`."""

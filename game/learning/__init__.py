"""Learning the player's hand between games: when a session runs, the session behind its gate, and
what it learns from. The rooms under it (memory.py, history.py, lineage.py) live in game/."""

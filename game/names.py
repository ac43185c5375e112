"""Names people give themselves (players, high scores): how long, and which characters."""

MAX_NAME = 16


def cleaned(name):
    """Return a name fit to show: printable characters only, at most MAX_NAME, no spaces around."""
    return "".join(c for c in str(name) if c.isprintable())[:MAX_NAME].strip()

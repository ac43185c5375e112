"""Names people give themselves (players, high scores): how long, and which characters."""

import unicodedata

MAX_NAME = 16


def normalized(name):
    """Return a name as typed, made comparable: Unicode NFC ("José" typed either way is one
    name), runs of spaces made one, no spaces around."""
    return " ".join(unicodedata.normalize("NFC", str(name)).split())


def cleaned(name):
    """Return a name fit to show: normalized, printable characters only, at most MAX_NAME."""
    return normalized("".join(c for c in normalized(name) if c.isprintable()))[:MAX_NAME].strip()

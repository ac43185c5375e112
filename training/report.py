"""Reports of the training scripts: the JSON last line, the loss/accuracy plot."""

import json
import sys


def print_json(data):
    """Print data as one line of JSON on stdout (the scripts' machine-readable last line): ASCII,
    any text in it escaped (a writer's name with a lone surrogate too)."""
    print(json.dumps(data, ensure_ascii=True), flush=True)


def shown(name):
    """Return a name (a writer's: any text) as a report line prints it: as it is when it is
    printable text the output can encode and does not start with a quote, else as its JSON
    string (quoted, its odd characters escaped), so that no two names print alike."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        name.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return json.dumps(name)
    return name if name.isprintable() and not name.startswith('"') else json.dumps(name)


def pyplot():
    """Return matplotlib.pyplot drawing to files only, or None if matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    return plt


def plot_history(history, path):
    """Save a PNG of training/validation loss and accuracy per epoch; return path or None.

    history : list of dicts with loss, accuracy and any val_* / strokes_* keys.
    Returns None (and draws nothing) when matplotlib is not installed.
    """
    plt = pyplot()
    if plt is None:
        return None
    epochs = range(1, len(history) + 1)
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 4))
    for key, label in [
        ("loss", "training"),
        ("val_loss", "MNIST validation"),
        ("strokes_loss", "pen strokes (held out)"),
    ]:
        if key in history[0]:
            ax_loss.plot(epochs, [h[key] for h in history], label=label)
    for key, label in [
        ("accuracy", "training (augmented)"),
        ("val_accuracy", "MNIST validation"),
        ("strokes_accuracy", "pen strokes (held out)"),
    ]:
        if key in history[0]:
            ax_acc.plot(epochs, [100 * h[key] for h in history], label=label)
    ax_loss.set(title="Loss (cross-entropy)", xlabel="epoch", yscale="log")
    ax_acc.set(title="Accuracy (%)", xlabel="epoch", ylim=(95, 100))
    for ax in (ax_loss, ax_acc):
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def contact_sheet(rows, path, split=0, title=""):
    """Save a grid of 28x28 images as a PNG, one row per list in rows; return path or None.

    split : draw a gap after this many images in each row (e.g. originals | variants).
    Returns None (and draws nothing) when matplotlib is not installed.
    """
    plt = pyplot()
    if plt is None:
        return None
    columns = max(len(row) for row in rows) + (1 if split else 0)
    fig, axes = plt.subplots(len(rows), columns, figsize=(columns * 0.6, len(rows) * 0.62 + 0.4))
    for r, row in enumerate(rows):
        cells = list(row[:split]) + ([None] if split else []) + list(row[split:])
        for c in range(columns):
            ax = axes[r, c]
            ax.axis("off")
            if c < len(cells) and cells[c] is not None:
                ax.imshow(cells[c], cmap="gray_r", vmin=0, vmax=1)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout(pad=0.2)
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return path

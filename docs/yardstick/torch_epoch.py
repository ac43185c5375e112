"""The PyTorch yardstick for Digit Dash's training speed: a measurement recipe, not part of
the game (never imported by it, never installed with it; PyTorch is no dependency).

    python3 -m venv ../torchvenv && ../torchvenv/bin/pip install torch==2.13.0 numpy
    ../torchvenv/bin/python docs/yardstick/torch_epoch.py --mnist ../shared/mnist [--threads 2] [--epochs 5]

The same two networks as training/benchmark.py, on the same 60,000 MNIST training images
(float32 in 0..1), batch 128, Adam (lr 1e-3), a fresh shuffle each epoch, the batch
gathered by index each step, the loss and the count of right answers computed as ours does:
  MLP 784-128-10 (ReLU), the median of --epochs epochs;
  CNN conv5x32-pool-conv5x64-pool-128-10 (valid 5x5 convolutions, 2x2 max-pooling, ReLU
  after each pool as ours, channels first as PyTorch's default), --cnn-epochs epochs (median).
After a warm-up on 5,000 images. The last line of stdout is one JSON object.
"""

import argparse
import gzip
import json
import os
import statistics
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn


def mnist_train(directory):
    """Return (X (60000, 784) float32 in 0..1, y (60000,) int64) from the IDX files, as ours reads them."""
    with gzip.open(Path(directory) / "train-images-idx3-ubyte.gz") as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784)
    with gzip.open(Path(directory) / "train-labels-idx1-ubyte.gz") as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    return images.astype(np.float32) / 255.0, labels.astype(np.int64)


def mlp():
    return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))


def cnn():
    return nn.Sequential(
        nn.Unflatten(1, (1, 28, 28)),
        nn.Conv2d(1, 32, 5),
        nn.MaxPool2d(2),
        nn.ReLU(),
        nn.Conv2d(32, 64, 5),
        nn.MaxPool2d(2),
        nn.ReLU(),
        nn.Flatten(),
        nn.Linear(1024, 128),
        nn.ReLU(),
        nn.Linear(128, 10),
    )


def epoch(model, optimizer, X, y, batch_size, generator):
    """Train one shuffled epoch; return (seconds, mean loss, accuracy)."""
    loss_fn = nn.CrossEntropyLoss()
    start = time.perf_counter()
    order = torch.randperm(len(X), generator=generator)
    total_loss = total_correct = 0.0
    for first in range(0, len(X), batch_size):
        batch = order[first : first + batch_size]
        xb, yb = X[batch], y[batch]
        optimizer.zero_grad(set_to_none=True)
        logits = model(xb)
        loss = loss_fn(logits, yb)
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(batch)
        total_correct += int((logits.argmax(1) == yb).sum())
    return time.perf_counter() - start, total_loss / len(X), total_correct / len(X)


def timed(name, model, X, y, epochs, batch_size):
    """Return {name_epoch_seconds: median, name_epochs: [...]} after a warm-up."""
    torch.manual_seed(0)
    generator = torch.Generator().manual_seed(0)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    epoch(model, optimizer, X[:5000], y[:5000], batch_size, generator)
    runs = [epoch(model, optimizer, X, y, batch_size, generator) for _ in range(epochs)]
    seconds = [r[0] for r in runs]
    median = statistics.median(seconds)
    return {f"{name}_epoch_seconds": median, f"{name}_epochs": seconds, f"{name}_accuracy": runs[-1][2]}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mnist", default=os.environ.get("MNIST_DIR", "../shared/mnist"))
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--epochs", type=int, default=5, help="MLP epochs timed (median)")
    p.add_argument("--cnn-epochs", type=int, default=1)
    p.add_argument("--only", choices=("mlp", "cnn"))
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    X, y = (torch.from_numpy(a) for a in mnist_train(args.mnist))
    results = {"torch": torch.__version__, "threads": torch.get_num_threads(), "load_before": os.getloadavg()}
    if args.only != "cnn":
        torch.manual_seed(0)
        results.update(timed("mlp", mlp(), X, y, args.epochs, 128))
    if args.only != "mlp":
        torch.manual_seed(0)
        results.update(timed("cnn", cnn(), X, y, args.cnn_epochs, 128))
    results["load_after"] = os.getloadavg()
    for key, value in results.items():
        print(f"{key:>22}: {value}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()

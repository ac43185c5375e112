"""Which line of weights a session learns into: the player's own (versions of the shipped
network, in their weights/ folder) or a network they kept from the Playground (its own
versions, in networks/NAME.learned/, learned from the network as it was kept).

A drawing is new to a line until a session of that line learned it. The player's own
line marks each drawing in the feedback store (its learned_version); a kept network's line
keeps the number of the newest drawing it learned (learned.json): drawings are numbered in
the order they are stored, and the one store serves every line.
"""

from dataclasses import dataclass, replace

from .atomic import json_field, read_json, write_json
from .model import read_info
from .model.serialization import ModelFileError
from .weights_store import WeightsStore

LEARNED = "learned.json"  # in a kept network's versions folder: {"through": the newest drawing's number}
MIN_BASELINE = 0.9  # the shipped network reads the gate's MNIST images at about 99%: a gate that
# reads it under this measures damaged files (images, cache), and its floor means nothing
KEPT_BASELINE_SLACK = 0.05  # a kept network's gate reading may be this far under its own validation


@dataclass(frozen=True)
class Lineage:
    """A player's line of weights: their own (network None) or the one of a kept network."""

    files: object  # profile.PlayerFiles
    network: str | None = None

    @property
    def weights(self):
        """Return the WeightsStore of the line: its versions, and the base they are learned from."""
        if self.network is None:
            return WeightsStore(self.files.weights)
        return WeightsStore(self.files.network_versions(self.network), base=self.files.network(self.network))

    @property
    def base_name(self):
        """Return how the base weights are called: "shipped", or the kept network's name."""
        return "shipped" if self.network is None else self.network

    def with_learned(self, records):
        """Return the feedback records as this line sees them: learned_version None where the
        line has not learned the drawing yet."""
        if self.network is None:
            return records
        through = self.learned_through()
        return [replace(r, learned_version="kept" if r.id <= through else None) for r in records]

    def learned_through(self):
        """Return the number of the newest drawing a kept network's line learned (0: none yet)."""
        return json_field(read_json(self.weights.folder / LEARNED, {}), "through", int, 0) or 0

    def mark_learned(self, feedback, records, version):
        """Note that the line learned these records (raise sqlite3.Error or OSError if it cannot)."""
        if self.network is None:
            feedback.mark_learned([r.id for r in records], version)
        else:
            newest = max([self.learned_through(), *(r.id for r in records)])
            write_json(self.weights.folder / LEARNED, {"through": newest})

    def waiting(self, feedback):
        """Return how many stored drawings the line has not learned yet (raise sqlite3.Error, OSError)."""
        if self.network is None:
            return feedback.counts()["not_learned"]
        return feedback.count_after(self.learned_through())

    def trusted_at(self):
        """Return the lowest gate reading of the base weights a working gate gives: MIN_BASELINE
        for the shipped network, a kept network's own validation accuracy less a little (a weak
        network of the Playground is no damaged file)."""
        if self.network is None:
            return MIN_BASELINE
        try:
            card = read_info(self.weights.base).get("playground", {})
        except ModelFileError:
            return MIN_BASELINE
        accuracy = json_field(card.get("scores", {}) if isinstance(card, dict) else {}, "validation_accuracy", float)
        return MIN_BASELINE if accuracy is None else max(0.1, min(MIN_BASELINE, accuracy - KEPT_BASELINE_SLACK))

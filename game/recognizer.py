"""The network as the game uses it: strokes in, a reading (image + probabilities) out."""

import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .feedback import FeedbackStore
from .ink import strokes_to_image
from .memory import PersonalMemory
from .model import ModelFileError, load_network
from .paths import SHIPPED_WEIGHTS
from .segment import split_digits
from .slant import slant_of, upright
from .weights_store import describe
from .words import counted


@dataclass(frozen=True)
class Reading:
    """What the network made of a drawing."""

    image: np.ndarray  # (28, 28) float32, the input the network saw
    probabilities: np.ndarray  # (10,) float32: the network's softmax, with the player's memory's say
    network_guess: int | None = None  # what the network alone read, before the memory had its say
    features: np.ndarray | None = field(default=None, repr=False, compare=False)  # (d,): its last hidden layer

    @property
    def guess(self):
        """Return the most likely digit."""
        return int(self.probabilities.argmax())

    @property
    def confidence(self):
        """Return the probability of the guess, 0..1."""
        return float(self.probabilities.max())

    @property
    def digits(self):
        """Return the digits' readings: this one alone."""
        return (self,)

    def probability_of(self, answer):
        """Return the probability the network gives the answer (0 for one that is not a digit)."""
        return float(self.probabilities[answer]) if 0 <= answer <= 9 else 0.0


@dataclass(frozen=True)
class NumberReading:
    """What the network made of a drawing of a whole number: one Reading per digit, left to right,
    and the strokes of each digit (segment.split_digits)."""

    digits: tuple  # Readings
    groups: tuple  # the strokes of each digit

    @property
    def guess(self):
        """Return the number read: the digits' guesses side by side."""
        return int("".join(str(d.guess) for d in self.digits))

    @property
    def confidence(self):
        """Return the probability of the number read: the product of its digits'."""
        return float(np.prod([d.confidence for d in self.digits]))

    @property
    def image(self):
        """Return the last digit's 28x28 input (the one the X-ray looks at)."""
        return self.digits[-1].image

    def probability_of(self, answer):
        """Return the probability of the whole answer: the product of each of its digits'
        probability, 0 if the drawing has another number of digits."""
        wanted = [int(c) for c in str(answer)]
        if len(wanted) != len(self.digits):
            return 0.0
        return float(np.prod([d.probabilities[w] for d, w in zip(self.digits, wanted)]))


class Recognizer:
    """A loaded network plus where it came from (shown to the player, stored with feedback)."""

    def __init__(self, network, path, version="shipped", description="the shipped model"):
        self.network, self.path = network, Path(path)
        self.version, self.description = version, description
        self.memory = PersonalMemory(network)  # the player's labelled drawings: see memory.py
        self.slant = slant_of(network.metadata)  # the player's slant, learned with these weights: slant.py

    def remember(self, readings, labels):
        """Add drawings the player labelled (Readings of this recognizer, each with its label)
        to the memory; they count from the next drawing on. No digit is left out."""
        features = np.stack([r.features for r in readings])
        self.memory.remember_features(features, labels, [r.network_guess for r in readings])

    @classmethod
    def load(cls, path=None):
        """Return a Recognizer for the weights at path (default: the shipped ones).

        Raise ModelFileError if the file cannot be used.
        """
        path = Path(path or SHIPPED_WEIGHTS)
        network = load_network(path)
        card = network.metadata.get("playground")
        if isinstance(card, dict):  # a network kept from the Playground, as kept or learned since
            name, learned = str(card.get("name") or path.stem), network.metadata.get("version")
            if not learned:
                return cls(network, path, f"net:{name}", f"your network {name}")
            corrections = counted(network.metadata.get("corrections_learned", 0), "correction")
            description = f"your network {name} {learned}, learned from {corrections}"
            return cls(network, path, f"net:{name}:{learned}", description)
        version = str(network.metadata.get("version", "shipped"))
        return cls(network, path, version, describe(network.metadata))

    @classmethod
    def load_best(cls, candidates):
        """Return (recognizer, warning) for the first usable path; shipped weights last.

        warning says which files were skipped and why (None if the first one
        worked). Raise ModelFileError if even the shipped weights fail.
        """
        problems = []
        for path in [*candidates, SHIPPED_WEIGHTS]:
            try:
                recognizer = cls.load(path)
            except ModelFileError as error:
                problems.append(str(error))
                continue
            return recognizer, ("; ".join(problems) or None)
        raise ModelFileError(SHIPPED_WEIGHTS, "; ".join(problems))

    def image(self, strokes):
        """Return the (28, 28) image the network reads of a drawing (stood upright by the player's
        slant), or None if nothing is drawn."""
        return strokes_to_image(upright(strokes, self.slant))

    def read(self, strokes):
        """Return the Reading of a drawing, or None if nothing is drawn."""
        image = self.image(strokes)
        if image is None:
            return None
        probabilities, features = self.network.predict_proba_and_features(image.reshape(1, -1))
        adjusted = self.memory.adjust(probabilities, features)[0]
        return Reading(image, adjusted, network_guess=int(probabilities[0].argmax()), features=features[0])

    def read_number(self, strokes):
        """Return the NumberReading of a drawing of a whole number, or None if nothing is drawn."""
        pairs = [(group, self.read(group)) for group in split_digits(strokes)]
        pairs = [(group, reading) for group, reading in pairs if reading is not None]
        if not pairs:
            return None
        return NumberReading(tuple(r for _, r in pairs), tuple(g for g, _ in pairs))


class BackgroundLoad:
    """A Recognizer loaded by a thread of its own, the player's drawings remembered, so the
    window keeps running meanwhile (with thousands of drawings that takes a second or so).

    images (n, 784) and labels (n,) are the drawings to remember, read beforehand
    (the feedback database belongs to the thread that opened it). Weights that read the
    player's drawings stood upright by a slant remember them drawn again that way from their
    strokes, read by the thread from `feedback` (the store's path) with a connection of its own.
    """

    def __init__(self, path, images, labels, feedback=None):
        self.path, self.recognizer, self.error = Path(path), None, None
        self._thread = threading.Thread(target=self._load, args=(images, labels, feedback), daemon=True)
        self._thread.start()

    def _load(self, images, labels, feedback):
        """Load the weights and remember the drawings (runs in the thread)."""
        try:
            recognizer = Recognizer.load(self.path)
            remember_stored(recognizer, images, labels, feedback)
            self.recognizer = recognizer
        except ModelFileError as error:
            self.error = error

    @property
    def done(self):
        """Return True once the recognizer (or the error) is there."""
        return not self._thread.is_alive()


def remember_stored(recognizer, images, labels, feedback=None):
    """Give the recognizer's memory the player's stored drawings: images (n, 784) as the game saw
    them and labels (n,), or, if the recognizer reads drawings stood upright by a slant, the newest
    n drawn again that way from their strokes, read from the store at `feedback` (its path) with a
    connection of this thread's own (the images given, if it cannot be read)."""
    if recognizer.slant and feedback is not None and len(labels):
        try:
            with FeedbackStore(feedback) as store:
                records = store.records()[0][-len(labels) :]
        except (sqlite3.Error, OSError):
            records = None
        if records is not None:
            drawn = [recognizer.image(r.strokes) for r in records]
            images = [r.image if image is None else image for r, image in zip(records, drawn)]
            images, labels = np.array(images, np.float32).reshape(len(records), -1), [r.label for r in records]
    recognizer.memory.remember(images, labels)

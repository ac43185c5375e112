"""Instant adaptation: the player's own drawings, remembered until the next retrain.

Each drawing the player confirms or corrects is kept as the network's own
description of it, the activations of its last hidden layer (one vector per
drawing, scaled to length 1), with the digit the player said it is. When a
new drawing is read, the remembered drawings most like it vote for their
digits, and the more alike they are, the more their vote counts against the
network's reading:

    p = (1 - a) * p_network + a * p_memory,  a = MAX_SAY * clip((s - ALIKE) / (1 - ALIKE), 0, 1)

where s is the similarity (cosine, 1 = the same) of the nearest remembered
drawing that votes. A drawing unlike any the player made keeps the network's
reading; one the player already labelled (similarity above SAME) gets that
label back, whatever its neighbours say (labelled several times, the newest
label): what the player confirmed is never read differently.

Only a drawing the network misreads teaches it something: one the network
reads right (a confirmation, or a correction a learning session has taught it
since) votes only for the network's own reading, never against it. So it
guards that reading where the player writes two digits alike, and once a
session has learned the player's drawings the memory leaves the network's
readings of drawings like them alone (a sparse memory of drawings already
learned misread more than it mended: chosen on writers held out whole). Pure
NumPy.
"""

import numpy as np

from .model import CLASSES

CAPACITY = 5000  # remembered drawings at most: the oldest make way
NEIGHBOURS = 5  # how many remembered drawings vote
ALIKE = 0.75  # similarity under which a remembered drawing has no say (chosen on writers held out whole)
MAX_SAY = 0.9  # the share of the vote the memory has for an identical drawing
SHARPNESS = 0.03  # a vote weighs exp((s - 1) / SHARPNESS): the nearest count most
SAME = 0.9999  # a similarity this high is the same drawing: its label alone counts


class PersonalMemory:
    """The drawings one player labelled, as the network sees them, for one network."""

    def __init__(self, network, capacity=CAPACITY):
        self.network, self.capacity = network, capacity
        self.features = np.zeros((0, 0), dtype=np.float32)  # (m, d), rows of length 1
        self.labels = np.zeros(0, dtype=np.int64)  # (m,)
        self.misread = np.zeros(0, dtype=bool)  # (m,): the network reads it as another digit

    def __len__(self):
        return len(self.labels)

    def forget(self):
        """Forget every remembered drawing."""
        self.features, self.labels, self.misread = self.features[:0], self.labels[:0], self.misread[:0]

    def remember(self, images, labels):
        """Add drawings: images (n, 784) as the network saw them, labels (n,) the player's digits."""
        if len(labels):
            images = np.asarray(images, dtype=np.float32).reshape(len(labels), -1)
            probabilities, features = self.network.predict_proba_and_features(images)
            self.remember_features(features, labels, probabilities.argmax(axis=1))

    def remember_features(self, features, labels, read_as):
        """Add drawings as the network describes them, features (n, d) (what a reading of them
        gave), with the player's labels (n,) and what the network alone read them as, read_as
        (n,); drawings that are no digit are left out."""
        labels = np.asarray(labels, dtype=np.int64).reshape(-1)
        digits = (labels >= 0) & (labels < CLASSES)
        if not digits.any():
            return
        features = _unit(np.asarray(features, dtype=np.float32).reshape(len(labels), -1)[digits])
        misread = np.asarray(read_as, dtype=np.int64).reshape(-1)[digits] != labels[digits]
        self.features = features if not len(self) else np.concatenate([self.features, features])
        self.labels = np.concatenate([self.labels, labels[digits]])
        self.misread = np.concatenate([self.misread, misread])
        keep = slice(-self.capacity, None)
        self.features, self.labels, self.misread = self.features[keep], self.labels[keep], self.misread[keep]

    def predict_proba(self, images):
        """Return the probabilities (n, 10) of images (n, 784): the network's, adjusted by the memory."""
        probabilities, features = self.network.predict_proba_and_features(np.asarray(images, dtype=np.float32))
        return self.adjust(probabilities, features)

    def adjust(self, probabilities, features):
        """Return probabilities (n, 10) blended with the votes of the remembered drawings most
        like each one; features (n, d) are the network's for the same drawings."""
        if not len(self):
            return probabilities
        similarity = _unit(features) @ self.features.T  # (n, m)
        k = min(NEIGHBOURS, len(self))
        nearest = np.argpartition(-similarity, k - 1, axis=1)[:, :k]  # (n, k)
        alike = np.take_along_axis(similarity, nearest, axis=1)
        reading = probabilities.argmax(axis=1)[:, None]  # (n, 1): the network's
        voting = (alike > ALIKE) & (self.misread[nearest] | (self.labels[nearest] == reading))
        alike = np.where(voting, alike, -1.0)
        weights = np.exp((alike - 1.0) / SHARPNESS) * voting  # (n, k)
        seen = similarity >= SAME  # (n, m): the same drawing, remembered before
        newest = len(self) - 1 - np.argmax(seen[:, ::-1], axis=1)  # (n,): its latest label counts alone
        same = seen.any(axis=1, keepdims=True)
        nearest = np.where(same, newest[:, None], nearest)
        weights = np.where(same, np.arange(k) == 0, weights)
        votes = np.zeros_like(probabilities)
        np.add.at(votes, (np.arange(len(votes))[:, None], self.labels[nearest]), weights)
        total = votes.sum(axis=1, keepdims=True)
        say = MAX_SAY * np.clip((alike.max(axis=1, keepdims=True) - ALIKE) / (1 - ALIKE), 0.0, 1.0)
        memory = np.divide(votes, total, out=np.zeros_like(votes), where=total > 0)
        return ((1 - say) * probabilities + say * memory).astype(probabilities.dtype)


def _unit(vectors):
    """Return the rows of vectors (n, d) scaled to length 1 (a row of zeros stays zeros)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)

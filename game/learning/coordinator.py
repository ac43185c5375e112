"""When the game learns: it starts a session between games (or when the player asks), loads
the weights a session made without freezing the window, and switches to them between rounds.

    game over, or the idle title  -> consolidate_soon(): a session if drawings are waiting
    Settings, "Learn now"         -> learn_now()
    every frame                   -> update(in_round): a session that ended is told, its
                                     weights start loading; loaded weights are switched
                                     in, never in the middle of a round
"""

from ..recognizer import BackgroundLoad
from .background import BackgroundRetrain


class Learning:
    """The learning of one player's open Profile; `say(text, error=False, seconds=4.0)` tells
    the player how it went."""

    def __init__(self, profile, say):
        self.profile, self.say = profile, say
        self.session = None  # a BackgroundRetrain while a learning session runs
        self.last = None  # the SessionResult of the last one, once it ended
        self._tried_with = None  # how many drawings were waiting when the last automatic session began
        self._loading = None  # (BackgroundLoad, drawings stored when it began, quiet) of new weights
        self._remember_stored()

    def _remember_stored(self):
        """Give the network the memory of the player's stored drawings, made in the background
        (5,000 drawings take a second or two): the game plays on meanwhile."""
        if len(self.profile.labelled_drawings(1)[1]):  # a drawing to remember, at least
            self._load(self.profile.recognizer.path, quiet=True)

    @property
    def fixed(self):
        """Return True if the game plays with weights from the command line: nothing to learn into."""
        return bool(self.profile.weights_file)

    @property
    def loading(self):
        """Return the BackgroundLoad of new weights, or None."""
        return None if self._loading is None else self._loading[0]

    @property
    def idle(self):
        """Return True when no session runs and no weights are being loaded."""
        return self.session is None and self._loading is None

    def learn_now(self):
        """Start a session on the stored feedback, as the player asked (one already running:
        the player hears how it went)."""
        if self.session is None:
            self.session = BackgroundRetrain(self.profile.folder, network=self.profile.network_name)
        self.session.automatic = False
        self.say("Learning from your corrections... keep playing if you like.", seconds=6)

    def consolidate_soon(self):
        """Between games or on the idle title: if the setting is on and drawings were stored since
        the last session, start one; the player is told only when it helped."""
        if not self.profile.settings.auto_learn or self.fixed or self.session is not None:
            return
        waiting = self.profile.waiting()
        if waiting and waiting != self._tried_with:  # a session the gate refused is not tried again as is
            self._tried_with = waiting
            self.session = BackgroundRetrain(self.profile.folder, automatic=True, network=self.profile.network_name)

    def update(self, in_round):
        """Hear the end of a session; switch to loaded weights unless a round is under way."""
        if self.session is not None and not self.session.running:
            self._ended(self.session)
        if not in_round:
            self.switch_if_loaded()

    def _ended(self, session):
        """Say how a session went (an automatic one only if it helped, or has a warning: weights
        set aside, say) and load its weights."""
        self.session, self.last = None, session.poll()
        if not session.automatic or self.last.promoted or self.last.error is not None or self.last.warning:
            self.say(self.last.describe(), error=self.last.error is not None, seconds=8)
        self.reload_if_new(quiet=True)

    def reload_if_new(self, quiet=False):
        """Start loading the player's active weights if they changed (a session, or a tool, made
        new ones); the game switches to them once loaded, between rounds."""
        if self.fixed:
            return
        _, path = self.profile.versions.active()
        if path in (self.profile.recognizer.path, self.loading and self.loading.path):
            return
        self._load(path, quiet)

    def _load(self, path, quiet):
        """Start loading the weights at path, with the memory of the player's newest drawings."""
        images, labels = self.profile.labelled_drawings(self.profile.recognizer.memory.capacity)
        loading = BackgroundLoad(path, images, labels, feedback=self.profile.files.feedback)
        self._loading = (loading, self.profile.stored(), quiet)

    def switch_if_loaded(self):
        """Play with the weights loaded in the background, if they are loaded."""
        if self._loading is None or not self._loading[0].done:
            return
        (loaded, stored_then, quiet), self._loading = self._loading, None
        if loaded.error is not None:
            self.say(f"Kept the current model: {loaded.error}", error=True)
            return
        recognizer = self.profile.recognizer = loaded.recognizer
        recognizer.memory.remember(*self.profile.labelled_drawings(self.profile.stored() - stored_then))
        if not quiet:
            self.say(f"Now playing with {recognizer.description}.")

    def stop(self):
        """Stop a running session and forget what was being loaded (what a stopped session had
        not learned is learned next time; the weights on disk stay intact)."""
        if self.session is not None:
            self.session.stop()
        self.session, self._loading = None, None

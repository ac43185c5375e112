"""End of game: every drawing with target, guess, confidence and correction; the score."""

import pygame

from .. import ui
from ..model.xray import contrast
from ..names import MAX_NAME
from ..theme import COLORS, color_word
from ..words import with_article
from .actions import ENTER, Action, Actions
from .base import Scene
from .layout import KEY, row_of
from .menu import Menu
from .pictures import evidence_surface

CARDS = 15  # a long game (Time Attack, practice) shows its last 15 drawings
CARD_LINES = 3  # the most lines a card has under its picture

ACTIONS = (  # while the name is typed, Enter and Esc are its OK and Skip, other keys type it
    Action("OK", "keep_name", keys=ENTER, hint="Enter", shown="naming", when="naming_now", about="keep the name typed"),
    Action(
        "Skip",
        "skip_name",
        keys=(pygame.K_ESCAPE,),
        hint="Esc",
        shown="naming",
        when="naming_now",
        about="keep the player's name on the high score",
    ),
    Action("Play again", "play_again", keys=(pygame.K_SPACE, *ENTER), hint="Enter", shown="menu"),
    Action("High scores", "scores", keys=(pygame.K_h,), shown="menu", when="ranked", about="the high scores"),
    Action("Title", "to_title", keys=(pygame.K_ESCAPE,), hint="Esc", shown="menu", about="back to the title"),
)


class ReviewScene(Scene):
    """A results board, like Quick, Draw!'s: one card per round. Ends "play" (again), "scores"
    (with the game's rank) or "title"."""

    kind = "review"

    def __init__(self, app, game, rounds):
        super().__init__(app)
        self.game, self.rounds = game, rounds
        self.hits = sum(r.score.hit for r in rounds)
        self.played = sum(not r.cut_off for r in rounds)  # the round Time Attack's clock cut short is not one
        self.table = app.profile.highscores(game.mode)
        self.rank = None  # a practice game (no clock to beat) enters no table
        if game.mode.ranked:
            self.rank = self.table.add(game.score, self.hits, self.played, game.best_streak, app.players.current)
            if self.table.error:  # not saved, or a table that could not be read kept aside
                app.toast(self.table.error, error=True, seconds=8)
        self.naming = self.rank is not None and not app.robot  # the name on the new high score
        if self.naming:
            pygame.key.start_text_input()
        self.name = app.players.current
        self.actions = Actions(self, ACTIONS)
        self.menu = Menu(self.actions)
        self._thumbs = {}
        self.why = {id(r): _why_wrong(app.profile.recognizer.network, r) for r in rounds if _misread(r)}
        app.sounds.play("levelup" if self.rank == 0 else "gameover")

    def naming_now(self):
        """Return True while the name on the new high score is being typed."""
        return self.naming

    def ranked(self):
        """Return True if the game's mode keeps high scores."""
        return self.game.mode.ranked

    def keep_name(self):
        """Put the name typed on the high score (the player's, if none is typed)."""
        self._name_done(self.name or self.app.players.current)

    def skip_name(self):
        """Leave the player's name on the high score."""
        self._name_done(self.app.players.current)

    def _name_done(self, name):
        """Stop typing and write the name on the high score (once); say if it could not be."""
        if not self.naming:
            return
        self.naming = False
        pygame.key.stop_text_input()
        error = self.table.rename(self.rank, name)
        if error:
            self.app.toast(error, error=True)

    def play_again(self):
        """A new game (the name typed so far kept)."""
        self.keep_name()
        self.finish("play")

    def scores(self):
        """The high scores, this game lit (the name typed so far kept)."""
        self.keep_name()
        self.finish("scores", rank=self.rank)

    def to_title(self):
        """Back to the title (the name typed so far kept)."""
        self.keep_name()
        self.finish("title")

    def handle_event(self, event):
        """While the name is typed, the keys type it (Enter: OK, Esc: Skip); clicks and taps reach
        OK, Skip and the menu alike, the name typed so far kept."""
        if self.naming and event.type in (pygame.KEYDOWN, pygame.TEXTINPUT):
            answered = event.type == pygame.KEYDOWN and event.key in (*ENTER, pygame.K_ESCAPE)
            if not (answered and self.actions.key(event)):
                self.name = ui.edited(self.name, event, MAX_NAME)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.actions.press(event.pos)
        else:
            self.menu.handle_event(event)

    def frame_key(self):
        """Return None: the board does not move; it is redrawn on events."""
        return None

    def draw(self, surface):
        """Draw the headlines, the cards and the menu."""
        ui.background(surface)
        w, h = surface.get_size()
        self._draw_headlines(surface, w, h)
        top = h * (0.28 if self.why else 0.26)
        self._draw_cards(surface, pygame.Rect(w * 0.04, top, w * 0.92, h * 0.82 - top))
        area = pygame.Rect(w * 0.15, h * 0.86, w * 0.7, h * 0.07)
        self.menu.draw(surface, self.app.fonts, row_of(area, len(self.menu.buttons), gap=16), size=30)

    def _draw_headlines(self, surface, w, h):
        """Draw the score, the high score (or the name being typed for it), the game in numbers
        and, if a card shows why it misread, how to read its maps."""
        fonts, room = self.app.fonts, w - 40
        score = f"SCORE {self.game.score}"
        ui.text(surface, fonts, score, 90, (w // 2, h * 0.08), color="gold", anchor="center", bold=True, max_width=room)
        color = "accent2" if self.rank == 0 else "accent"
        if self.naming:
            self._draw_naming(surface, w, h)
        else:
            where, headline = (w // 2, h * 0.16), self._headline()
            ui.text(surface, fonts, headline, 40, where, color=color, anchor="center", bold=True, max_width=room)
        rounds = len(self.rounds)
        detail = f"hit the target {self.hits} of {self.played}   |   best streak {self.game.best_streak}"
        if rounds > CARDS:
            detail += f"   |   cards: the last {CARDS} of {rounds}"
        ui.text(surface, fonts, detail, 28, (w // 2, h * 0.21), color="muted", anchor="center", max_width=room)
        if self.why:
            legend = (
                f"{color_word('bad').capitalize()} cards: orange ink made its guess, blue your digit; "
                "right: where your digit needed ink"
            )
            ui.text(surface, fonts, legend, 22, (w // 2, h * 0.25), color="muted", anchor="center", max_width=room)

    def _draw_naming(self, surface, w, h):
        """Draw the line where the name for the high score is typed: what it is, the name in a
        field, and its OK and Skip buttons (the menu's buttons take clicks meanwhile too)."""
        fonts = self.app.fonts
        height = max(KEY[1], round(h * 0.065))
        line = pygame.Rect(0, 0, min(w - 40, round(900 * fonts.scale)), height)
        line.center = (w // 2, round(h * 0.16))
        each = max(KEY[0] + 24, round(120 * fonts.scale))
        buttons = [pygame.Rect(line.right - (2 - i) * each - (1 - i) * 8, line.y, each, height) for i in range(2)]
        label = "High score! Your name:" if self.rank == 0 else f"#{self.rank + 1} in the high scores! Your name:"
        size = fonts.fit(34, [label], line.width * 0.45, height, bold=True)
        said = ui.text(surface, fonts, label, size, line.midleft, color="accent2", anchor="midleft", bold=True)
        field = pygame.Rect(said.right + 12, line.y, buttons[0].x - 12 - said.right - 12, height)
        ui.panel(surface, field, "background", "accent", radius=8)
        where, room = (field.x + 10, field.centery), field.width - 20
        size = fonts.size_for(30, height - 6)
        ui.text(surface, fonts, f"{self.name}_", size, where, anchor="midleft", max_width=room)
        self.actions.draw(surface, fonts, "naming", buttons, 26)

    def _headline(self):
        """Return the line under the score: the high score it made, or the best to beat."""
        if self.rank == 0:
            return "NEW HIGH SCORE!"
        if self.rank is not None:
            return f"#{self.rank + 1} in the high scores"
        if not self.game.mode.ranked:
            return f"{self.game.mode.title}: no clock, no high scores"
        return f"Best: {self.table.best}"

    def _draw_cards(self, surface, rect):
        """Draw one card per round, five to a row, centred in rect (the last CARDS of a long game)."""
        rounds = self.rounds[-CARDS:]
        columns = min(5, max(1, len(rounds)))
        rows = max(1, -(-len(rounds) // 5))
        width = rect.width / 5
        height = min(rect.height / rows, width * 1.15)
        left = rect.centerx - columns * width / 2
        top = rect.centery - rows * height / 2
        for i, record in enumerate(rounds):
            card = pygame.Rect(left + (i % 5) * width + 6, top + (i // 5) * height + 6, width - 12, height - 12)
            self._draw_card(surface, card, record)

    def _draw_why(self, surface, card, side, record):
        """Draw a misread round's two maps side by side: why it read its guess (orange ink
        pushed to the guess, blue to the digit drawn) and what the digit drawn needed (orange:
        more ink there, blue: less). Return the rect they cover."""
        (why, needs), guess, wanted = self.why[id(record)], record.reading.guess, _wanted(record)
        half = max(16, min(side, (card.width - 26) // 2))
        area = pygame.Rect(0, card.y + 10, 2 * half + 6, half)
        area.centerx = card.centerx
        maps = [(why, f"why {guess}", 0.6), (needs, f"{with_article(wanted)} needs", 1.5)]  # 1.5: where it matters most
        for i, (values, caption, sharpness) in enumerate(maps):
            box = pygame.Rect(area.x + i * (half + 6), area.y, half, half)
            surface.blit(evidence_surface(record.reading.image, values, half, sharpness), box)
            ui.text(surface, self.app.fonts, caption, 18, (box.x + 3, box.y + 2), color="text", max_width=half - 4)
        return area

    def _draw_card(self, surface, card, record):
        """Draw one round: thumbnail on top; target, guess, confidence, points below, in lines
        as tall as the card leaves room for (the picture keeps a line's height at least)."""
        fonts, hit = self.app.fonts, record.score.hit
        ui.panel(surface, card, edge="good" if hit else "panel_edge" if record.cut_off else "bad", radius=10)
        line_h = min(fonts.get(24, True).get_height(), (card.height - 32) / (CARD_LINES + 1))
        side = max(16, min(card.width - 20, round(card.height - 22 - CARD_LINES * line_h)))
        if id(record) in self.why:
            thumb = self._draw_why(surface, card, side, record)
        else:
            key = (id(record), side)
            if key not in self._thumbs:
                self._thumbs[key] = ui.strokes_thumbnail(record.strokes, side)
            thumb = self._thumbs[key].get_rect(midtop=(card.centerx, card.y + 10))
            surface.blit(self._thumbs[key], thumb)
        x, y, room = card.x + 12, thumb.bottom + 6, card.width - 24
        size = fonts.size_for(24, line_h, bold=True)
        for i, (line, color) in enumerate(_card_lines(record)):
            ui.text(surface, fonts, line, size, (x, y + i * line_h), color=color, bold=i == 0, max_width=room)
        if not record.saved and record.label is not None:
            pygame.draw.circle(surface, COLORS["bad"], (card.right - 12, card.y + 12), 6)


def _card_lines(record):
    """Return a card's lines under its picture, (text, colour), CARD_LINES at most: what was
    asked and read, how sure and how many points, what the player said."""
    if record.cut_off:
        return [(f"asked {record.target}: the clock ran out", "muted"), *_answer_line(record)]
    if record.reading is None:
        return [(f"asked {record.target}: no drawing", "bad")]
    verdict = f"asked {record.target}, read {record.reading.guess}"
    lines = [
        (verdict, "good" if record.score.hit else "bad"),
        (f"{100 * record.reading.confidence:.0f}% sure   +{record.score.points}", "text"),
    ]
    return lines + _answer_line(record)


def _answer_line(record):
    """Return [the card's line saying what the player answered], or [] if they did not."""
    if record.not_digit:
        return [("not a digit, you said", "muted")]
    if record.corrected:
        return [(f"you fixed it: {with_article(record.label)}", "accent2")]
    if record.sure:
        return [("it was sure: kept as read", "accent")]
    if record.label is not None:
        return [("you confirmed it", "accent")]
    return []


def _wanted(record):
    """Return the digit the player meant: the one they named, else the target."""
    return record.label if record.label is not None else record.target


def _misread(record):
    """Return True if the network read a single digit other than the one the player meant
    (whole numbers get no maps: their card shows the number read)."""
    reading = record.reading
    return reading is not None and len(reading.digits) == 1 and reading.guess != _wanted(record) <= 9


def _why_wrong(network, record):
    """Return (why, needs), each (28, 28): the evidence for the guess rather than the digit meant,
    and how ink on each pixel would have moved the score towards the digit meant."""
    evidence, gradient = contrast(network, record.reading.image, record.reading.guess, _wanted(record))
    return evidence, -gradient

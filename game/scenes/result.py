"""After a submission: the guess and its confidence; the player confirms or corrects."""

import math

import pygame

from .. import ui
from ..feedback import NOT_A_DIGIT, FeedbackRecord
from ..segment import MAX_DIGITS
from ..theme import COLORS
from ..words import counted, with_article
from . import xray
from .actions import ENTER, Action, Actions, digit_keys
from .base import Scene
from .hud import draw_hud, draw_reading
from .layout import answer_layout, go_on_rect

EFFECT_SECONDS = 0.8  # the points float up this long
SHAKE_SECONDS = 0.35  # a miss shakes and flashes this long

ACTIONS = (
    *xray.ACTIONS,  # first: Esc stops stepping through the sums before it pauses
    Action("X-ray", "app.toggle_xray", keys=(pygame.K_x,), shown="corner", about="the X-ray on or off"),
    Action("Pause", "pause", keys=(pygame.K_ESCAPE,), hint="Esc", shown="corner", about="pause"),
    Action(
        "Next round",
        "go_on",
        keys=(*ENTER, pygame.K_SPACE),
        hint="Enter",
        shown="answers",
        when="nothing_read",
        caption="_go_on_label",
        about="nothing drawn: on to the next round (any key)",
    ),
    Action(
        "Yes",
        "confirm",
        keys=(*ENTER, pygame.K_y),
        hint="Enter, Y",
        shown="answers",
        when="read",
        caption="_first_label",
        about="yes, it read what you drew (Math: teach the number typed)",
    ),
    *(
        Action(
            str(d),
            "digit",
            keys=digit_keys(d),
            shown="answers",
            when="read",
            args=(d,),
            about="no: this is the digit I drew (Math: type the number you wrote)",
        )
        for d in range(10)
    ),
    Action(
        "Erase",
        "erase",
        keys=(pygame.K_BACKSPACE,),
        hint="Backspace",
        shown="answers",
        when="typing_numbers",
        ready="typed_digits",
        about="Math: erase the last digit typed",
    ),
    Action(
        "Not a digit",
        "not_a_digit",
        keys=(pygame.K_n,),
        shown="answers",
        when="read",
        about="not a digit at all: kept, never learned as one",
    ),
)


class ResultScene(Scene):
    """Show the verdict and wait for Enter (confirm) or a digit (correct). Ends "answered",
    "paused", or "unit" (an X-ray cell clicked)."""

    kind = "result"
    in_round = True  # a round is under way: new weights wait for the next one

    def __init__(self, app, game, record, play):
        super().__init__(app)
        self.game, self.record, self.play = game, record, play
        self.number = game.round_index  # the round just played (1-based)
        self.numbers = game.mode.numbers  # answers are whole numbers, typed digit by digit
        self.shown_at = app.game_time  # when the verdict appeared: the effects play from here
        self.typed = ""  # the digits typed so far (Math), a string: "07" keeps its 0
        self.actions = Actions(self, ACTIONS)

    @property
    def answer_buttons(self):
        """Return the answer buttons offered: "Yes", the digits (Math: and Erase), "Not a digit";
        or, nothing drawn, the one that goes on."""
        return self.actions.buttons("answers")

    # ------------------------------------------------------------- what is offered
    def read(self):
        """Return True if something was drawn and read: it can be confirmed or corrected."""
        return self.record.reading is not None

    def nothing_read(self):
        """Return True if the clock ran out on an empty canvas: there is nothing to answer."""
        return self.record.reading is None

    def typing_numbers(self):
        """Return True if the answer is a whole number typed digit by digit (Math)."""
        return self.numbers and self.read()

    def typed_digits(self):
        """Return True if digits are typed (they can be erased)."""
        return bool(self.typed)

    def _mismatch(self):
        """Return True if the number typed has another count of digits than the drawing."""
        return bool(self.typed) and len(self.typed) != len(self.record.reading.digits)

    def _go_on_label(self):
        """Return the words of the button that goes on after a round with nothing drawn."""
        return "See your results" if self.game.over else "Next round"

    def _first_label(self):
        """Return what the first button does now: skip an unsure drawing (or a number typed with
        a digit too many or too few), teach the number typed, or confirm the guess."""
        if self._mismatch():
            return "Skip it"
        if self.typed:
            return f"Teach {self.typed}"
        if self.record.unsure:
            return "Skip it"
        return f"Yes, {self._read() if self.numbers else with_article(self.record.reading.guess)}"

    def _read(self):
        """Return what the network read, digit by digit, as a string: "07" keeps its 0 (the
        guess, a number, would not, and would no longer have a digit for each drawing)."""
        return "".join(str(digit.guess) for digit in self.record.reading.digits)

    # ------------------------------------------------------------- what the player does
    def pause(self):
        """Pause over the result."""
        self.finish("paused")

    def go_on(self):
        """Nothing was drawn: on to the next round (or the results)."""
        self._advance()

    def confirm(self):
        """Enter, or the first button: the number typed, else the guess (an unsure drawing is
        skipped, and a number typed with another count of digits than the drawing's too)."""
        if self._mismatch():
            self._advance()
        elif self.typed:
            self.answer(self.typed)
        elif self.record.unsure:
            self._advance()
        else:
            self.answer(self._read())

    def digit(self, digit):
        """A digit key or button: the answer for a digit, the next digit typed for a number."""
        if not self.numbers:
            self.answer(digit)
        elif len(self.typed) < MAX_DIGITS:
            self.typed += str(digit)

    def erase(self):
        """Take the last digit typed off."""
        self.typed = self.typed[:-1]

    def handle_event(self, event):
        """A key or a button of the table; with nothing drawn, any other key goes on too; a click
        on an X-ray cell opens what it looks for."""
        if event.type == pygame.KEYDOWN:
            if not self.actions.key(event) and self.nothing_read():
                self._advance()
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            cell = self.app.xray.unit_at(event.pos) if self.app.xray_on else None
            if cell is not None:
                self.finish("unit", column=cell.column, unit=cell.unit)
            else:
                self.actions.press(event.pos)
        elif event.type == pygame.MOUSEMOTION:
            self.actions.light(event.pos)

    def answer(self, label):
        """Store the player's answer (before anything else happens), then move on. A whole
        number is stored digit by digit, each digit's strokes with its own label.

        label : a digit, or a number's digits as a string, as typed or read ("07": a 0 and a 7).
        """
        if self.finished:
            return
        record, reading = self.record, self.record.reading
        labels = [int(c) for c in str(label)]
        if len(labels) != len(reading.digits):
            drawn, given = counted(len(reading.digits), "digit"), counted(len(labels), "digit")
            self.app.toast(f"Your drawing has {drawn} and the answer {given}: not learned.", error=True)
            self._advance()
            return
        record.label = int(label)
        self._store(labels)
        if record.saved and record.corrected:
            remember = f"your {label}s" if len(labels) == 1 else "it"
            self.app.toast(f"Got it: that was {with_article(label)}. I will remember how you write {remember}.")
        self._advance()

    def not_a_digit(self):
        """Store the drawing as no digit at all (a scribble, a letter): kept, never learned as a digit."""
        if self.finished or self.record.reading is None:
            return
        self.record.not_digit = True
        self._store([NOT_A_DIGIT] * len(self.record.reading.digits))
        if self.record.saved:
            self.app.toast("Kept as not a digit: it will never learn it as one.")
        self._advance()

    def _store(self, labels):
        """Store one FeedbackRecord per digit of the reading, with these labels; remember them."""
        record, reading = self.record, self.record.reading
        groups = getattr(reading, "groups", (record.strokes,))
        targets = [int(c) for c in str(record.target).zfill(len(labels))]  # 7 written "07": 0, 7
        targets = targets if len(targets) == len(labels) else [None] * len(labels)
        recognizer, store = self.app.profile.recognizer, self.app.profile.store
        feedback = [
            FeedbackRecord.from_reading(digit, group, want, target, recognizer.version)
            for group, digit, want, target in zip(groups, reading.digits, labels, targets)
        ]
        record.feedback, record.saved = tuple(feedback), all([store.add(f) for f in feedback])
        recognizer.remember(reading.digits, labels)  # it counts from the next drawing on (digits only)
        if not record.saved:
            self.app.toast(store.last_error, error=True)

    def _advance(self):
        """Go on: to the next round, or to the review when the game is over."""
        if self.record.level_up:
            self.app.sounds.play("levelup")
        self.finish("answered")

    def update(self, dt):
        """Nothing moves on this screen; the play scene's state is frozen."""

    def resize(self, size):
        """Lay the screen out again for a new window size."""
        self.play.resize(size)

    def frame_key(self):
        """Return what moves: the effects for a moment (30 pictures a second), then nothing;
        the verdict is redrawn on events."""
        age = self.app.game_time - self.shown_at
        return self.app.xray_on, int(age * 30) if age < EFFECT_SECONDS else None

    def draw(self, surface):
        """Paint the frozen round with the verdict card, the answer buttons and the prompt."""
        layout, fonts = self.play.layout, self.app.fonts
        ui.background(surface)
        self.actions.forget()
        draw_hud(surface, self.app, self.game, layout, round_number=self.number)
        xray = self.actions.button("X-ray") if self.app.xray_on else None
        self.actions.draw(surface, fonts, "corner", layout.corner_rects(2), 26, selected=xray)
        self.play.canvas.draw(surface)
        if self.app.xray_on:
            self.app.xray.refresh(self.record.reading, self.record.target)
            self.app.xray.draw(surface, layout.xray, self.actions)
        else:
            draw_reading(surface, self.app, layout, self.record.reading, self.record.target)
        self._draw_verdict(surface, layout.target)
        self._draw_answers(surface, layout)
        self._draw_effects(surface)

    def _draw_answers(self, surface, layout):
        """Draw the answer buttons, a row at a time with one font size, and the prompt."""
        fonts, buttons = self.app.fonts, self.answer_buttons
        if self.nothing_read():  # nothing to correct: one button, under the canvas
            rects, hint = [go_on_rect(layout)], layout.hint
        else:  # "Yes", the keys (Math: with Erase), "Not a digit"
            rects, hint = answer_layout(layout, surface.get_height(), keys=len(buttons) - 2)
        rows = {}
        for button, rect in zip(buttons, rects):
            button.rect = rect
            rows.setdefault(rect.y, []).append(button)
        for row in rows.values():  # none lit: the target is not the answer to suggest
            ui.draw_buttons(surface, fonts, row, 24 if len(buttons) > 1 else 30)
        self.actions.shown("answers", buttons)
        _draw_prompt(surface, fonts, self._prompt(), hint)

    def _prompt(self):
        """Return the line under the buttons: what the player can do now."""
        reading, typed = self.record.reading, self.typed
        if reading is None:
            if self.game.over:
                return "Time's up and nothing was drawn: the game is over. Press a key to see your results."
            return "Time's up and nothing was drawn. Press a key, or Next round."
        guess = self._read()  # as drawn: "07", not 7
        if self._mismatch() and len(typed) < len(reading.digits):  # on the way to the number
            more = counted(len(reading.digits) - len(typed), "more digit")
            return f"You typed {typed}: {more} to type, then Enter (or Enter now to skip it)."
        if self._mismatch():
            typed_count, drawn = counted(len(typed), "digit"), counted(len(reading.digits), "digit")
            return f"You typed {typed_count}, you drew {drawn}: Erase to fix it, or Enter to skip it."
        if self.numbers and typed:
            return f"You typed {typed}: Enter to teach it."
        if self.record.unsure and self.record.score.hit:  # read right, but maybe half a digit
            reason = self.record.unsure.capitalize()
            return f"{reason}, though it read your {guess}: press {guess} to teach it, or Enter to skip."
        if self.record.unsure:
            return f"{self.record.unsure.capitalize()}: press the digit you drew to teach it, or Enter to skip."
        if self.record.score.hit:
            return f"It read your {guess}! Enter to confirm."
        if self.numbers:
            answer = self.record.target
            return f"It read {guess}; the answer was {answer}. Type what you wrote, or Enter if {guess}."
        read = with_article(guess)
        return f"It read {read}. What did you draw? Press the digit (or Enter if it is {read})."

    def _draw_effects(self, surface):
        """A hit's points float up from the canvas (with the streak it builds); a miss shakes
        the screen and flashes it red, for a fraction of a second."""
        age, score, canvas = self.app.game_time - self.shown_at, self.record.score, self.play.canvas.rect
        if age >= EFFECT_SECONDS:
            return
        fade = 1.0 - age / EFFECT_SECONDS
        if score.hit:
            where = (canvas.centerx, canvas.centery - round(canvas.height * 0.25 * age / EFFECT_SECONDS))
            pop = ui.text(
                surface,
                self.app.fonts,
                f"+{score.points}",
                120 + 60 * fade,
                where,
                color="gold",
                anchor="center",
                bold=True,
                max_width=canvas.width,  # over the drawing, never beyond it
            )
            if score.multiplier > 1:
                streak = f"STREAK x{score.multiplier:g}!"
                fonts, where, room = self.app.fonts, pop.midbottom, canvas.width
                ui.text(surface, fonts, streak, 48, where, color="accent2", anchor="midtop", bold=True, max_width=room)
        elif score.guess is not None and age < SHAKE_SECONDS:
            left = 1.0 - age / SHAKE_SECONDS
            surface.scroll(round(12 * left * math.sin(age * 70)), 0)
            flash = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
            flash.fill((*COLORS["bad"], round(90 * left)))
            surface.blit(flash, (0, 0))

    def _draw_verdict(self, surface, rect):
        """Draw HIT/MISS and the points breakdown in the left card (a strip over the canvas, in
        the X-ray's layout and a tall window's)."""
        score = self.record.score
        ui.panel(surface, rect, edge="good" if score.hit else "bad")
        title = "HIT!" if score.hit else ("TIME'S UP" if score.guess is None else "MISS")
        if rect.width > 2 * rect.height:
            self._draw_verdict_strip(surface, rect, title)
        else:
            self._draw_verdict_card(surface, rect, title)

    def _draw_verdict_strip(self, surface, rect, title):
        """Draw the verdict in a wide, low strip: the title and the points on one line, each in
        half of it; the breakdown on a line of its own under them."""
        score, fonts = self.record.score, self.app.fonts
        inner = rect.inflate(-32, -12)
        top = pygame.Rect(inner.x, inner.y, inner.width, round(inner.height * 0.6))
        bottom = pygame.Rect(inner.x, top.bottom, inner.width, inner.bottom - top.bottom)
        size, half = fonts.size_for(60, top.height, bold=True), (top.width - 16) // 2
        color = "good" if score.hit else "bad"
        ui.text(surface, fonts, title, size, top.midleft, color=color, anchor="midleft", bold=True, max_width=half)
        points, gold = f"+{score.points}", "gold" if score.hit else "muted"  # a miss scores, but no win
        ui.text(surface, fonts, points, size, top.midright, color=gold, anchor="midright", bold=True, max_width=half)
        detail = self._breakdown()
        size = fonts.size_for(28, bottom.height)
        ui.text(surface, fonts, detail, size, bottom.center, color="muted", anchor="center", max_width=bottom.width)

    def _breakdown(self):
        """Return how the round scored, in words: "100% sure + 50 time, x1.5 streak" for a hit
        (no time where the round has no clock), "17% sure of a 3" for a miss."""
        score = self.record.score
        if score.guess is None:
            return "nothing drawn: no points"
        if not score.hit:
            return f"{score.confidence}% sure of {with_article(score.target)}: +{score.points}"
        parts = f"{score.confidence}% sure" + (f" + {score.time_bonus} time" if self.game.mode.round_timer else "")
        return parts + (f", x{score.multiplier:g} streak" if score.multiplier > 1 else "")

    def _draw_verdict_card(self, surface, rect, title):
        """Draw the verdict in a card: the title, the breakdown line by line, the points, a level up."""
        score, fonts, room = self.record.score, self.app.fonts, rect.width - 24
        color = "good" if score.hit else "bad"
        where = (rect.centerx, rect.y + rect.height * 0.12)
        ui.text(surface, fonts, title, 80, where, color=color, anchor="center", bold=True, max_width=room)
        lines = [(f"{score.confidence}%", "sure")]
        if score.hit and self.game.mode.round_timer:  # no clock, no time bonus (practice, Time Attack)
            lines.append((f"+{score.time_bonus}", "time bonus"))
        if score.hit and score.multiplier > 1:
            lines.append((f"x{score.multiplier:g}", "streak"))
        half = rect.width // 2 - 16
        for i, (value, label) in enumerate(lines):
            y = rect.y + rect.height * (0.3 + 0.11 * i)
            ui.text(surface, fonts, value, 44, (rect.centerx - 10, y), anchor="midright", bold=True, max_width=half)
            ui.text(surface, fonts, label, 26, (rect.centerx + 4, y), color="muted", anchor="midleft", max_width=half)
        where, gold = (rect.centerx, rect.y + rect.height * 0.72), "gold" if score.hit else "muted"
        ui.text(surface, fonts, f"+{score.points}", 90, where, color=gold, anchor="center", bold=True, max_width=room)
        if self.record.level_up:
            where, level = (rect.centerx, rect.y + rect.height * 0.9), f"LEVEL {self.game.level}!"
            ui.text(surface, fonts, level, 44, where, color="accent2", anchor="center", bold=True, max_width=room)


def _draw_prompt(surface, fonts, prompt, rect):
    """Draw the prompt centred in rect, as large as it fits (28 at most), wrapped on as many
    lines as that takes (never cut short: it says what to do)."""
    size = 28
    while size > 8 and _prompt_height(fonts, prompt, size, rect.width) > rect.height:
        size -= 0.5
    lines = ui.wrapped(fonts.get(size, True), prompt, rect.width)
    step = fonts.get(size, True).get_linesize()
    top = rect.centery - step * len(lines) / 2
    for i, line in enumerate(lines):
        where = (rect.centerx, top + step * (i + 0.5))
        ui.text(surface, fonts, line, size, where, color="gold", anchor="center", bold=True, max_width=rect.width)


def _prompt_height(fonts, prompt, size, width):
    """Return the height of the prompt wrapped to width at size."""
    font = fonts.get(size, True)
    return len(ui.wrapped(font, prompt, width)) * font.get_linesize()

"""The round: a task (a digit to draw, or a sum to answer), a canvas, live probabilities and a timer."""

import math
import time

import pygame

from .. import ui
from ..canvas import Canvas
from ..ink import bounding_box
from ..modes import SURE
from ..rounds import RoundRecord
from ..settings import BRUSHES
from ..theme import COLORS
from . import xray
from .actions import CTRL, ENTER, Action, Actions
from .base import Scene
from .hud import draw_hud, draw_reading
from .layout import ROUND_BUTTONS, play_layout, row_of

HINT_SECONDS = 2.5
COUNT_STEP = 0.4  # seconds per number of the 3-2-1 countdown before a round
RESUMED_COUNT = 2  # numbers counted down again when a paused round goes on: the hand back on the canvas
LEAST_AFTER_PAUSE = 2.0  # seconds a paused clock has left at least when it goes on: time to draw
RESTED = 0.4  # seconds the pen rests before Time Attack moves on: a digit's next stroke is still its own
SCRAP_SIZE = 0.06  # ink spanning less than this share of the canvas is a dot, not a digit

ACTIONS = (
    *xray.ACTIONS,  # first: Esc stops stepping through the sums before it pauses
    Action("Pause", "pause", keys=(pygame.K_ESCAPE, pygame.K_p), hint="Esc, P", shown="corner", about="pause"),
    Action(
        "Undo",
        "canvas.undo",
        keys=((pygame.K_z, CTRL),),
        shown="row",
        about="undo the last stroke (or a right click, or a tap with two fingers)",
    ),
    Action(
        "Clear",
        "canvas.clear",
        keys=(pygame.K_c, pygame.K_BACKSPACE, pygame.K_DELETE),
        hint="C",
        shown="row",
        about="clear the canvas (C, Backspace, Delete)",
    ),
    Action("X-ray", "app.toggle_xray", keys=(pygame.K_x,), shown="row", about="the X-ray on or off"),
    Action("Submit", "submit", keys=(pygame.K_SPACE, *ENTER), hint="Space", shown="row", about="submit the drawing"),
)


class PlayScene(Scene):
    """Draw the target digit before the timer runs out; Space/Enter submits. Ends "submitted"
    (with the RoundRecord), "paused", or "unit" (an X-ray cell clicked)."""

    kind = "play"
    in_round = True  # a round is under way: new weights wait for the next one

    def __init__(self, app, game, task):
        super().__init__(app)
        self.game, self.task, self.target = game, task, task.answer
        self.time_left = game.round_time  # None: the round has no timer of its own
        first_of_clock = game.clock is not None and game.round_index == 0  # Time Attack: before its first
        self.countdown = 3 * COUNT_STEP if game.mode.round_timer or first_of_clock else 0.0
        self.layout = play_layout(app.screen.get_size(), app.xray_on)
        self.canvas = Canvas(self.layout.canvas, BRUSHES[app.profile.settings.brush])
        self.reading, self._read_version = None, self.canvas.version
        self.hint, self.hint_left = None, 0.0
        self.pressing, self.lifted = False, 0.0  # the pen is down (on the canvas or not), and since when up
        self.actions = Actions(self, ACTIONS)
        app.xray.forget()  # nothing of the round before, nor of another game

    @property
    def buttons(self):
        """Return the row of buttons under the canvas: Undo, Clear, X-ray and, last, Submit."""
        return self.actions.buttons_of("row")

    # ------------------------------------------------------------- events
    def handle_event(self, event):
        """Draw with the left button, undo with the right; a button or its key for the rest."""
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.pressing = True
            if self.actions.press(event.pos) or self._click_unit(event.pos) or self.countdown > 0:
                return
            if self.app.xray.stepping():  # the clock stands still: so does the pen
                self.hint, self.hint_left = "Stepping through the sums: Stop (or Esc) to stop, then draw.", HINT_SECONDS
                return
            if self.canvas.pen_down(event.pos):
                self.app.sounds.play("stroke")
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 3:
            self.canvas.undo()
        elif event.type == pygame.MOUSEMOTION:
            self.canvas.pen_move(event.pos)
            self.actions.light(event.pos)
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            self.canvas.pen_up()
            self.pressing, self.lifted = False, self.app.game_time
        elif event.type == pygame.KEYDOWN:
            self.actions.key(event)

    def pause(self):
        """Pause the round: its clock and its ink stop until it goes on."""
        self.canvas.pen_up()
        self.pressing = False
        self.finish("paused")

    def resumed(self):
        """Go on after a pause (or a page over the round): count down again, and leave the clock
        LEAST_AFTER_PAUSE seconds at least, so the hand is back on the canvas in time to draw."""
        if self._clock() is None:
            return
        self.countdown = max(self.countdown, RESUMED_COUNT * COUNT_STEP)
        if self.time_left is not None:
            self.time_left = max(self.time_left, LEAST_AFTER_PAUSE)
        elif self.game.clock is not None:
            self.game.clock = max(self.game.clock, LEAST_AFTER_PAUSE)

    def _click_unit(self, pos):
        """Open what an X-ray cell under pos looks for; return True if there was one."""
        cell = self.app.xray.unit_at(pos) if self.app.xray_on else None
        if cell is not None:
            self.canvas.pen_up()
            self.finish("unit", column=cell.column, unit=cell.unit)
        return cell is not None

    # ------------------------------------------------------------- logic
    def update(self, dt):
        """Count the timer down and keep the network's reading up to date; the clock stops
        while the player steps through the X-ray, and before the round it counts 3, 2, 1."""
        if self.countdown > 0:
            before, self.countdown = self.countdown, max(0.0, self.countdown - dt)
            if int(before / COUNT_STEP) != int(self.countdown / COUNT_STEP):
                self.app.sounds.play("tick")
            return
        self._refresh_reading()
        if self.app.xray_on:
            self.app.xray.refresh(self.reading, self.target)
            if self.app.xray.stepping():
                return
        self.hint_left = max(0.0, self.hint_left - dt)
        if self.game.clock is not None:  # Time Attack: one clock for the whole game
            self.game.tick(dt)
            if self.game.clock == 0.0 and not self.finished:
                self.submit(time_up=True)
        if self.time_left is not None:
            self._count_down(dt)
        if self.game.mode.auto_next and self._sure() and not self.finished:
            self.submit(sure=True)

    def _count_down(self, dt):
        """Run the round's timer; tick in the last three seconds; submit when it runs out."""
        before = self.time_left
        self.time_left = max(0.0, self.time_left - dt)
        if self.time_left < 3.0 and int(before) != int(self.time_left) and self.time_left > 0:
            self.app.sounds.play("tick")
        if self.time_left == 0.0 and not self.finished:
            self.submit(time_up=True)

    def _sure(self):
        """Return True if the network gives the target at least SURE and the pen has rested
        RESTED seconds (no finger on the screen either): a stroke under way, or the next
        stroke of the same digit, never lands on the next round's canvas."""
        reading = self.reading
        if reading is None or reading.probability_of(self.target) < SURE:
            return False
        pen_down = self.pressing or self.canvas.drawing or self.app.touch.down
        return not pen_down and self.app.game_time - self.lifted >= RESTED

    def _refresh_reading(self):
        """Read the drawing again if it changed since the last reading."""
        if self.canvas.version == self._read_version:
            return
        start = time.perf_counter()
        recognizer = self.app.profile.recognizer
        read = recognizer.read_number if self.game.mode.numbers else recognizer.read  # whole numbers, or a digit
        self.reading = read(self.canvas.strokes)
        self.app.stats.predict_ms.append((time.perf_counter() - start) * 1000)
        self._read_version = self.canvas.version

    def submit(self, time_up=False, sure=False):
        """Score the drawing and end the round with it; hint if nothing is drawn.

        sure : the network is sure it is the target (Time Attack): it counts as confirmed and
        the next round starts at once, without a result screen.
        """
        self.canvas.pen_up()
        self._refresh_reading()
        if self.reading is None and not time_up:
            self.hint, self.hint_left = "Draw the digit first, then press Space.", HINT_SECONDS
            return
        level = self.game.level
        reading = self.reading
        score = self.game.score_round(
            self.target,
            None if reading is None else reading.probability_of(self.target),
            None if reading is None else reading.guess,
            self.time_left,
        )
        record = RoundRecord(
            self.target,
            [list(s) for s in self.canvas.strokes],
            reading,
            score,
            level_up=not self.game.over and self.game.level > level,
            unsure=self._unsure(time_up),
            cut_off=time_up and self.game.clock == 0.0 and not score.hit,  # Time Attack's end
        )
        self.app.sounds.play("hit" if score.hit else "miss")
        self.finish("submitted", record=record, sure=sure)

    def _unsure(self, time_up):
        """Return why the drawing may not be a whole digit, or None: it is then learned only if
        the player names its digit (a key or a click), never on a plain Enter."""
        if self.reading is None:
            return None
        box = bounding_box(self.canvas.strokes)
        if max(box[2] - box[0], box[3] - box[1]) < SCRAP_SIZE * self.canvas.rect.width:
            return "too small to be a digit"
        return "time ran out" if time_up else None

    # ------------------------------------------------------------- drawing
    def frame_key(self):
        """Return what the picture shows that changes without an event, or with a pen's event
        alone (in_place): the clock (as drawn: the bar's pixels, the tenths of a second), the
        countdown, the hint, the X-ray, the Pause button lit, then the ink, the reading (and
        the X-ray's buttons lit) and the row's button under the pointer."""
        clock = self._clock()
        shown = None if clock is None else (round(self.layout.timer.width * clock[0] / clock[1]), f"{clock[0]:0.1f}")
        countdown = math.ceil(self.countdown / COUNT_STEP - 1e-9)
        hot = tuple(button.hot for button in self.buttons)
        corner = tuple(button.hot for button in self.actions.buttons_of("corner"))  # Pause, in no part
        reading = self._read_version, tuple(button.hot for button in self.actions.buttons_of("xray"))
        ink = self.canvas.version, self.canvas.painted
        return shown, countdown, self.hint_left > 0, self.app.xray_on, corner, ink, reading, hot

    def in_place(self, event):
        """Return True for the pen's events: they change the ink, the reading and the button
        under the pointer, which frame_key() follows, and nothing else."""
        if event.type == pygame.MOUSEBUTTONDOWN:
            return event.button == 3 or (event.button == 1 and self.canvas.rect.collidepoint(event.pos))
        return event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONUP)

    def moving(self, before):
        """Return the parts that changed when only the clock, the ink, the reading or the button
        under the pointer did: the timer and the task's card, the canvas, the bars (or the
        X-ray), the buttons (None: anything else changed, draw it all)."""
        now = self.frame_key()
        if before[1:5] != now[1:5]:
            return None
        parts = zip(self._parts(), _by_part(before), _by_part(now))
        return [rect for (rect, _), was, is_ in parts if was != is_]

    def _parts(self):
        """Return the parts of the screen that move on their own, each (rect, painter), in the
        order of frame_key()'s last values: timer, card, canvas, reading, buttons."""
        reading = self.layout.xray or self.layout.bars.union(self.layout.preview)
        return [
            (self.layout.timer, self._draw_timer),
            (self.layout.target, self._draw_target),
            (self.canvas.rect.inflate(8, 8), self.canvas.draw),  # with its edge
            (reading, self._draw_reading),
            (self.layout.buttons, self._draw_buttons),
        ]

    def draw_moving(self, surface, rects):
        """Paint the parts moving() named, alone."""
        for rect, paint in self._parts():
            if rect in rects:
                ui.background(surface, rect)
                paint(surface)

    def resize(self, size):
        """Lay the screen out again for a new window size."""
        self.layout = play_layout(size, self.app.xray_on)
        self.canvas.set_rect(self.layout.canvas)

    def draw(self, surface):
        """Paint HUD (and its Pause button), timer, target card, canvas, buttons, bars and preview."""
        ui.background(surface)
        self.actions.forget()
        draw_hud(surface, self.app, self.game, self.layout)
        self.actions.draw(surface, self.app.fonts, "corner", self.layout.corner_rects(1), 26)
        self._draw_timer(surface)
        self._draw_target(surface)
        self.canvas.draw(surface)
        self._draw_buttons(surface)
        self._draw_reading(surface)
        message = self.hint if self.hint_left > 0 else self.app.toast_text()
        offered = [*self.actions.buttons("row"), *self.actions.buttons("corner")]
        keys = "   ".join(f"{b.key_hint}: {b.label.lower()}" for b in offered)
        hint = message or f"Left mouse, a finger: draw   {keys}"
        ui.text(
            surface,
            self.app.fonts,
            hint,
            24,
            self.layout.hint.center,
            color="gold" if message else "muted",
            anchor="center",
            max_width=self.layout.hint.width,
        )
        if self.countdown > 0:
            self._draw_countdown(surface)

    def _draw_buttons(self, surface):
        """Draw Undo, Clear, X-ray and Submit in their row."""
        xray = self.buttons[2] if self.app.xray_on else None
        rects = row_of(self.layout.buttons, ROUND_BUTTONS)  # Submit last, where the result puts no answer
        self.actions.draw(surface, self.app.fonts, "row", rects, 26, selected=xray)

    def _draw_reading(self, surface):
        """Draw what the network reads: the bars and the preview, or the X-ray."""
        if self.app.xray_on:
            self.app.xray.draw(surface, self.layout.xray, self.actions)
        else:
            shown = self.target if self.task.prompt == str(self.target) else None  # a sum's answer stays hidden
            draw_reading(surface, self.app, self.layout, self.reading, shown)

    def _draw_countdown(self, surface):
        """Draw "Ready" and 3, 2 or 1 over a veiled canvas, in words and the round's colour of
        the clock, not the target's: nothing there looks like a second digit to draw."""
        rect, fonts = self.canvas.rect, self.app.fonts
        veil = pygame.Surface(rect.size, pygame.SRCALPHA)
        veil.fill((*COLORS["background"], 200))
        surface.blit(veil, rect)
        number = math.ceil(self.countdown / COUNT_STEP - 1e-9)
        words, room = f"Ready... {number}", rect.width
        ui.text(surface, fonts, words, 80, rect.center, color="accent", anchor="center", bold=True, max_width=room)

    def _clock(self):
        """Return (seconds left, of how many) on the round's timer or the game's clock, or None."""
        if self.time_left is not None:
            return self.time_left, self.game.round_time
        if self.game.clock is not None:
            return self.game.clock, self.game.mode.game_seconds
        return None

    def _draw_timer(self, surface):
        """Draw the timer bar; it turns red in the last three seconds (none in practice)."""
        clock, rect = self._clock(), self.layout.timer
        if clock is None:
            return
        pygame.draw.rect(surface, COLORS["panel"], rect, border_radius=rect.height // 2)
        fill = rect.copy()
        fill.width = round(rect.width * clock[0] / clock[1])
        color = COLORS["bad"] if clock[0] < 3 else COLORS["accent"]
        if fill.width > 0:
            pygame.draw.rect(surface, color, fill, border_radius=rect.height // 2)

    def _draw_target(self, surface):
        """Draw the card with the task (the digit to draw, or the sum) and the seconds left; in
        one row on a strip."""
        rect, fonts = self.layout.target, self.app.fonts
        ui.panel(surface, rect)
        clock = self._clock()
        seconds = "no clock" if clock is None else f"{clock[0]:0.1f}s"
        color = "bad" if clock is not None and clock[0] < 3 else "text"
        verb = "ANSWER" if self.task.prompt != str(self.target) else "DRAW"
        room, strip = rect.width - 16, rect.width > 2 * rect.height
        big = (90 if strip else 300) if len(self.task.prompt) < 3 else (64 if strip else 110)
        if strip:  # the verb and the clock at the ends, the task between them, as large as fits there
            y, side = rect.centery, round(room * 0.3)
            where = (rect.x + 16, y)
            left = ui.text(surface, fonts, verb, 40, where, color="muted", anchor="midleft", bold=True, max_width=side)
            where = (rect.right - 16, y)
            end = ui.text(surface, fonts, seconds, 48, where, color=color, anchor="midright", bold=True, max_width=side)
            middle = pygame.Rect(left.right + 12, rect.y, end.left - left.right - 24, rect.height)
            big = fonts.size_for(big, rect.height - 8, bold=True)
            where, task = middle.center, self.task.prompt
            ui.text(surface, fonts, task, big, where, color="gold", anchor="center", bold=True, max_width=middle.width)
            return
        top = ui.text(surface, fonts, verb, 40, (rect.centerx, rect.y + 8), color="muted", anchor="midtop", bold=True)
        bottom = ui.text(
            surface, fonts, seconds, 56, (rect.centerx, rect.bottom - 8), color=color, anchor="midbottom", bold=True
        )
        big = fonts.size_for(big, bottom.top - top.bottom, bold=True)  # the task between them, as large as fits
        middle = (rect.centerx, (top.bottom + bottom.top) // 2)
        ui.text(surface, fonts, self.task.prompt, big, middle, color="gold", anchor="center", bold=True, max_width=room)


def _by_part(key):
    """Return what each of PlayScene._parts() shows, from a frame_key(): the clock for the timer
    and the card, the ink, the reading, the button under the pointer."""
    clock, _, _, _, _, ink, reading, hot = key
    return clock, clock, ink, reading, hot

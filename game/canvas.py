"""The drawing canvas: graph paper that turns mouse positions into strokes of ink."""

import numpy as np
import pygame

from .ink import BOX, MAX_POINTS, MAX_STROKES, PEN_WIDTH, bounded_strokes, bounding_box
from .model import SIDE
from .theme import COLORS

GRID_CELLS = 14  # graph-paper squares per side (one per two network pixels)
EDGE = 0.12  # a stroke begun this far outside the canvas (share of its side) is clipped to it
SHOWN_PEN = PEN_WIDTH / (BOX - PEN_WIDTH - 1)  # the network's pen, for the longer side of the ink (ink.py)


class Canvas:
    """Collects strokes in canvas-local pixels and paints them smoothly.

    strokes : list of strokes, each a list of (x, y) floats relative to the
    canvas' top-left corner. `version` grows with every change, so readers
    know when to look again without comparing strokes.
    """

    def __init__(self, rect, brush_scale=1.0):
        self.rect = pygame.Rect(rect)
        self.brush_scale = brush_scale
        self.strokes, self.version, self.drawing = [], 0, False
        self.painted = 0  # grows with every repaint of the ink (a new brush width too): what it shows
        self._outside = None  # where the button went down off the canvas, while it is held
        self._fitted = None  # the brush width fitted to the drawing's size, after a stroke
        self._paper = self._ink = None
        self._build_surfaces()

    @property
    def empty(self):
        """Return True if nothing has been drawn."""
        return not self.strokes

    @property
    def brush_width(self):
        """Return the pen width on screen: the player's brush, or thinner for a small drawing, as
        thin as the network's pen looks once it scales the drawing up (set after each stroke)."""
        chosen = max(3.0, self.rect.width * PEN_WIDTH / SIDE * self.brush_scale)
        return chosen if self._fitted is None else min(chosen, self._fitted)

    def _fit_brush(self):
        """Fit the brush to the drawing's size and repaint if that changes it visibly."""
        box = bounding_box(self.strokes)
        if box is None:
            self._fitted = None
            return
        before = self.brush_width
        self._fitted = max(3.0, max(box[2] - box[0], box[3] - box[1]) * SHOWN_PEN)
        if abs(self.brush_width - before) > 0.5:
            self._repaint()

    def set_rect(self, rect):
        """Move/resize the canvas, scaling the strokes with it."""
        rect = pygame.Rect(rect)
        if rect.size != self.rect.size:
            factor = rect.width / max(self.rect.width, 1)
            self.strokes = [[(x * factor, y * factor) for x, y in s] for s in self.strokes]
        self.rect = rect
        self._build_surfaces()

    def pen_down(self, pos):
        """Start a stroke at screen position pos if it is on the canvas; return True if so.

        Off the canvas, the stroke starts where the pen enters it, if it does while the
        button is held: a stroke begun just outside the grid is clipped, not lost. Past
        MAX_STROKES strokes (not handwriting any more), new ones are not started.
        """
        if len(self.strokes) >= MAX_STROKES:
            return False
        if not self.rect.collidepoint(pos):
            margin = round(EDGE * self.rect.width)
            self._outside = pos if self.rect.inflate(2 * margin, 2 * margin).collidepoint(pos) else None
            return False
        self._start(self._local(pos))
        return True

    def _start(self, point):
        """Begin a stroke at a canvas-local point."""
        self.drawing, self._outside = True, None
        self.strokes.append([point])
        self._paint_segment(point, point)
        self.version += 1

    def pen_move(self, pos):
        """Extend the current stroke to screen position pos (clamped to the canvas)."""
        if self._outside is not None:
            if not self.rect.collidepoint(pos):
                self._outside = pos  # still outside: the last position before it enters
                return
            self._start(self._local(self._outside))  # on the edge, where it crossed, near enough
        if not self.drawing:
            return
        point, last = self._local(pos), self.strokes[-1][-1]
        if (point[0] - last[0]) ** 2 + (point[1] - last[1]) ** 2 < 1.0:
            return  # under a pixel: nothing to add
        self.strokes[-1].append(point)
        self._paint_segment(last, point)
        self.version += 1
        if len(self.strokes[-1]) > MAX_POINTS // 2 and sum(map(len, self.strokes)) > MAX_POINTS:
            self._thin()

    def _thin(self):
        """Keep the drawing within MAX_POINTS points (ink.bounded_strokes): no visible change."""
        thinned = bounded_strokes([np.array(stroke, dtype=np.float64) for stroke in self.strokes])
        self.strokes = [[(x, y) for x, y in stroke.tolist()] for stroke in thinned]

    def pen_up(self):
        """End the current stroke, and fit the brush to the drawing's size."""
        if self.drawing:
            self._fit_brush()
        self.drawing, self._outside = False, None

    def undo(self):
        """Remove the last stroke; return True if there was one."""
        if not self.strokes:
            return False
        self.strokes.pop()
        self.drawing = False
        self.version += 1
        self._fit_brush()
        self._repaint()
        return True

    def clear(self):
        """Remove every stroke."""
        self.strokes, self.drawing, self._fitted = [], False, None
        self.version += 1
        self._repaint()

    def draw(self, surface):
        """Blit the paper and the ink onto surface."""
        surface.blit(self._paper, self.rect)
        surface.blit(self._ink, self.rect)
        pygame.draw.rect(surface, COLORS["canvas_edge"], self.rect.inflate(6, 6), width=3, border_radius=6)

    def _local(self, pos):
        """Return screen position pos as canvas-local floats, clamped to the canvas."""
        x = min(max(pos[0] - self.rect.x, 0), self.rect.width - 1)
        y = min(max(pos[1] - self.rect.y, 0), self.rect.height - 1)
        return (float(x), float(y))

    def _build_surfaces(self):
        """Make the graph paper and repaint the ink at the current size."""
        self._paper = pygame.Surface(self.rect.size)
        self._paper.fill(COLORS["paper"])
        step = self.rect.width / GRID_CELLS
        for i in range(1, GRID_CELLS):
            color = COLORS["grid_major"] if i == GRID_CELLS // 2 else COLORS["grid"]
            offset = round(i * step)
            pygame.draw.line(self._paper, color, (offset, 0), (offset, self.rect.height))
            pygame.draw.line(self._paper, color, (0, offset), (self.rect.width, offset))
        self._repaint()

    def _repaint(self):
        """Paint every stroke again on a fresh transparent ink layer."""
        self.painted += 1
        self._ink = pygame.Surface(self.rect.size, pygame.SRCALPHA)
        for stroke in self.strokes:
            for a, b in zip(stroke, stroke[1:] or stroke):
                self._paint_segment(a, b)

    def _paint_segment(self, a, b):
        """Paint one anti-aliased segment with round caps, from a to b (canvas-local).

        The segment is a filled quadrilateral outlined with anti-aliased
        lines, and each end a filled anti-aliased disc, so consecutive
        segments join smoothly whatever the angle between them.
        """
        radius, color = self.brush_width / 2, COLORS["ink"]
        pygame.draw.aacircle(self._ink, color, a, radius)
        pygame.draw.aacircle(self._ink, color, b, radius)
        length = ((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5
        if length < 0.5:
            return
        nx, ny = (a[1] - b[1]) / length * radius, (b[0] - a[0]) / length * radius
        corners = [(a[0] + nx, a[1] + ny), (b[0] + nx, b[1] + ny), (b[0] - nx, b[1] - ny), (a[0] - nx, a[1] - ny)]
        pygame.draw.polygon(self._ink, color, corners)
        pygame.draw.aaline(self._ink, color, corners[0], corners[1])
        pygame.draw.aaline(self._ink, color, corners[2], corners[3])

"""Numbers made pictures, for the X-ray and the pages around it: activations on a dark-cyan-white
ramp, signed values (weights, evidence) in orange and blue, tiles laid out in grids."""

from dataclasses import dataclass

import numpy as np
import pygame

from ..theme import COLORS

TOWARDS, AWAY = (255, 160, 40), (70, 150, 255)  # orange / blue: apart for every kind of colour vision
DARK = (22, 26, 58)
GAP = 1  # design pixels between two tiles


def evidence_surface(image, evidence, side, sharpness=0.6):
    """Return a side x side surface of the drawing, faint, coloured by evidence (28, 28):
    orange where positive (ink pushed towards the first digit), blue where negative.
    sharpness : the power of the colour's strength; above 1 only the strongest pixels show."""
    peak = max(float(np.abs(evidence).max()), 1e-9)
    strength = np.clip(np.abs(evidence) / peak, 0, 1)[..., None] ** sharpness
    base = np.array(DARK) + np.clip(image, 0, 1)[..., None] * 70
    hue = np.where(evidence[..., None] >= 0, TOWARDS, AWAY)
    rgb = (base * (1 - strength) + hue * strength).astype(np.uint8)
    return pygame.transform.scale(pygame.surfarray.make_surface(rgb.transpose(1, 0, 2)), (side, side))


def weights_surface(values, size):
    """Return a surface of size (w, h) for weights (rows, columns) in -1..1: orange where
    positive, blue where negative (NaN, no weight at all: dark)."""
    v = np.nan_to_num(values)[..., None]
    hue = np.where(v >= 0, TOWARDS, AWAY)
    rgb = np.array(DARK) + (hue - np.array(DARK)) * np.abs(v)
    return pygame.transform.scale(pygame.surfarray.make_surface(rgb.astype(np.uint8).transpose(1, 0, 2)), size)


def stage_surface(tiles, grid):
    """Return one surface of every tile (count, rows, columns), values 0..1, lit on the activation
    ramp and laid out on grid (a Grid), gaps in the panel's colour."""
    count, th, tw = tiles.shape
    padded = np.full((grid.rows * grid.columns, th + GAP, tw + GAP), np.nan)
    padded[:count, :th, :tw] = tiles
    picture = padded.reshape(grid.rows, grid.columns, th + GAP, tw + GAP).transpose(0, 2, 1, 3)
    picture = picture.reshape(grid.rows * (th + GAP), grid.columns * (tw + GAP))
    rgb = ramp(picture.reshape(-1)).reshape(*picture.shape, 3)
    rgb[np.isnan(picture)] = COLORS["panel"]
    surface = pygame.surfarray.make_surface(np.ascontiguousarray(rgb.transpose(1, 0, 2)))
    return pygame.transform.scale(surface, (grid.columns * grid.pitch_x, grid.rows * grid.pitch_y))


def ramp(values):
    """Return RGB (n, 3) uint8 for values (n,) in 0..1: dark, then cyan, then white."""
    stops, colors = [0.0, 0.6, 1.0], np.array([DARK, COLORS["accent"], (255, 255, 255)], dtype=float)
    v = np.clip(np.nan_to_num(values), 0, 1)
    return np.rint(np.stack([np.interp(v, stops, colors[:, k]) for k in range(3)], axis=-1)).astype(np.uint8)


@dataclass(frozen=True)
class Grid:
    """Tiles of equal size in rows: the top-left corner, how many across and down, the pitch
    from one tile to the next and a tile's size, in screen pixels."""

    left: int
    top: int
    columns: int
    rows: int
    pitch_x: int
    pitch_y: int
    width: int
    height: int

    def rects(self, count):
        """Return the rects of the first `count` tiles, row by row."""
        return [
            pygame.Rect(
                self.left + (k % self.columns) * self.pitch_x,
                self.top + (k // self.columns) * self.pitch_y,
                self.width,
                self.height,
            )
            for k in range(count)
        ]


def fit_grid(box, count, tile):
    """Return the Grid of `count` tiles of shape tile (rows, columns) as large as fit in box, centred."""
    th, tw = tile
    best = None
    for columns in range(1, count + 1):
        rows = -(-count // columns)
        scale = min(box.width / (columns * (tw + GAP)), box.height / (rows * (th + GAP)))
        if best is None or scale > best[0]:
            best = (scale, columns, rows)
    scale, columns, rows = best
    pitch_x, pitch_y = max(1, int((tw + GAP) * scale)), max(1, int((th + GAP) * scale))
    left = box.x + (box.width - columns * pitch_x) // 2
    top = box.y + (box.height - rows * pitch_y) // 2
    return Grid(left, top, columns, rows, pitch_x, pitch_y, max(1, int(tw * scale)), max(1, int(th * scale)))


def tile_grid(box, count, tile):
    """Return `count` tile rects, as large as fit in box, in rows of equal tiles (tile: rows, columns)."""
    return fit_grid(box, count, tile).rects(count)

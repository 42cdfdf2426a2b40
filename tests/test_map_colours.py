"""The map's verdict colours stay apart for colour-blind readers (issue 18).

Each colour is passed through the colour-vision-deficiency simulation of Machado,
Oliveira and Fernandes (2009, "A physiologically-based model for simulation of color
vision deficiency", IEEE TVCG 15(6); the matrices for severity 1.0, applied to linear
sRGB) and compared in CIELAB (ΔE 1976). Every pair of verdict colours, and each against
the grey of a statement not checked, must differ by at least ``MIN_DELTA_E`` for normal
vision and under protanopia, deuteranopia and tritanopia.
"""

from __future__ import annotations

import math
from itertools import combinations

import pytest

from conflictmap.mapping.stated import VERDICT_COLOURS, verdict_colour

#: Smallest ΔE*ab between two verdict colours under any simulation. About 25 is the
#: difference between two clearly different named colours; the former green/red pair
#: was 19.6 under protanopia.
MIN_DELTA_E = 25.0

MACHADO_2009 = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
    "normal": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
}  # fmt: skip


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


def seen(colour: str, deficiency: str) -> tuple[float, float, float]:
    """CIELAB of ``colour`` (``#rrggbb``) as seen with ``deficiency``."""
    rgb = [_linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5)]
    m = MACHADO_2009[deficiency]
    out = [min(1.0, max(0.0, sum(m[row][k] * rgb[k] for k in range(3)))) for row in range(3)]
    return _lab((out[0], out[1], out[2]))


def test_the_simulation_confuses_red_and_green_as_it_should() -> None:
    """The check can fail: pure red and a green of similar lightness nearly merge."""
    red, green = "#c0392b", "#7f8c00"
    normal = math.dist(seen(red, "normal"), seen(green, "normal"))
    deutan = math.dist(seen(red, "deuteranopia"), seen(green, "deuteranopia"))
    assert normal > 50 and deutan < 15


@pytest.mark.parametrize("deficiency", sorted(MACHADO_2009))
def test_verdict_colours_stay_apart(deficiency: str) -> None:
    colours = {**VERDICT_COLOURS, "not checked": verdict_colour(None)}
    close = {
        (a, b): round(math.dist(seen(colours[a], deficiency), seen(colours[b], deficiency)), 1)
        for a, b in combinations(colours, 2)
    }
    assert {pair: d for pair, d in close.items() if d < MIN_DELTA_E} == {}

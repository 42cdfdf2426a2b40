"""Stated versus measured geography: labels, colours and the points a statement joins.

A statement such as "Diabali, some 400 kilometres north of Bamako" is drawn as a
line from the anchor (Bamako) to the subject (Diabali) coloured by its verdict,
labelled with what the article says and what the gazetteer measures, plus a
dashed "ghost" line to where the stated distance and direction would put it.

Examples
--------
>>> from conflictmap.model import Measured, Stated, Statement
>>> s = Statement(start=0, end=10, text="...", kind="distance",
...               anchor="bamako", subject="diabaly",
...               stated=Stated(distance_km=400, direction="N", hedge="some"),
...               measured=Measured(distance_km=313.4, bearing_deg=42.0, direction="NE"),
...               verdict="approximate")
>>> label(s)
'stated: some 400 km N · measured: 313 km NE · approximate'
>>> verdict_colour("contradicts"), verdict_colour(None)
('#762a83', '#6b6b6b')
>>> [round(x, 2) for x in stated_point(12.60915, -7.97522, s)]
[16.22, -7.98]
"""

from __future__ import annotations

from conflictmap.geo.geodesy import COMPASS_16, compass, destination
from conflictmap.model import Statement

__all__ = [
    "VERDICT_COLOURS",
    "VERDICT_LABELS",
    "direction_bearing",
    "label",
    "measured_text",
    "stated_point",
    "stated_text",
    "verdict_colour",
]

#: Line colours by verdict: green and purple (the ends of ColorBrewer's PRGn, which
#: colour-blind readers tell apart; green against red was 19.6 ΔE under protanopia) and
#: amber. tests/test_map_colours.py checks every pair, and the grey of "not checked",
#: under simulated protanopia, deuteranopia and tritanopia.
VERDICT_COLOURS = {
    "consistent": "#1a9850",
    "approximate": "#e08214",
    "contradicts": "#762a83",
}
VERDICT_LABELS = {
    "consistent": "stated = measured",
    "approximate": "roughly right",
    "contradicts": "contradicts the gazetteer",
}
_OTHER = "#6b6b6b"

_WORDS = {
    "north": "N",
    "south": "S",
    "east": "E",
    "west": "W",
}


def verdict_colour(verdict: str | None) -> str:
    """The line colour of a verdict (grey when unchecked or unknown)."""
    return VERDICT_COLOURS.get(verdict or "", _OTHER)


def direction_bearing(direction: str | None) -> float | None:
    """The bearing of a compass direction ("NE", "north-east", "NNW"), or ``None``.

    Examples
    --------
    >>> direction_bearing("NE"), direction_bearing("north-west"), direction_bearing("up")
    (45.0, 315.0, None)
    """
    if not direction:
        return None
    text = direction.strip().lower().replace("-", "").replace(" ", "").replace("_", "")
    for word, letter in _WORDS.items():
        text = text.replace(word, letter)
    code = text.upper()
    if code in COMPASS_16:
        return COMPASS_16.index(code) * 22.5
    return None


def _km(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}".rstrip("0").rstrip(".")


def stated_text(statement: Statement) -> str:
    """What the article states, e.g. ``"some 400 km N"`` or ``"30–40 km SW"``."""
    stated = statement.stated
    parts = []
    if stated.hedge:
        parts.append(stated.hedge)
    if stated.distance_km is not None:
        distance = _km(stated.distance_km)
        if stated.distance_max_km is not None and stated.distance_max_km != stated.distance_km:
            distance += f"–{_km(stated.distance_max_km)}"
        parts.append(f"{distance} km")
    if stated.direction:
        parts.append(stated.direction)
    if stated.distance_km is None and not stated.direction:
        # "near Algeria", "along the border with Mauritania": the words say it best.
        words = " ".join(statement.text.split())
        return words if len(words) <= 60 else words[:59] + "…"
    return " ".join(parts)


def measured_text(statement: Statement) -> str:
    """What the gazetteer measures, e.g. ``"313 km NE"`` (empty when unmeasured)."""
    measured = statement.measured
    if measured is None:
        return ""
    direction = measured.direction or compass(measured.bearing_deg)
    return f"{_km(measured.distance_km)} km {direction}"


def label(statement: Statement) -> str:
    """The line's label: stated, measured and verdict, joined by middle dots."""
    parts = []
    stated = stated_text(statement)
    if stated:
        parts.append(f"stated: {stated}")
    measured = measured_text(statement)
    if measured:
        parts.append(f"measured: {measured}")
    if statement.verdict:
        parts.append(statement.verdict)
    return " · ".join(parts)


def stated_point(lat: float, lon: float, statement: Statement) -> tuple[float, float] | None:
    """Where the stated distance and direction put the subject, from the anchor at lat/lon."""
    bearing = direction_bearing(statement.stated.direction)
    distance = statement.stated.distance_km
    if bearing is None or distance is None or distance <= 0:
        return None
    if statement.stated.distance_max_km:
        distance = (distance + statement.stated.distance_max_km) / 2
    return destination(lat, lon, distance, bearing)

"""Measure a statement against the gazetteer and judge it; place unnamed spots.

Measurements are geodesic on WGS84 (geopy and geographiclib through
:mod:`conflictmap.geo.geodesy`): the distance and initial bearing from the
anchor to the subject, or from the nearest point of a border line or a
country's outline (:mod:`.measure`).

Verdicts
--------
``consistent``
    what the article says fits the gazetteer within the statement's own precision;
``approximate``
    it fits only loosely: off by up to the same margin again, or a stated
    distance that fits as a *road* distance but not as a straight line;
``contradicts``
    it does not fit.

(:class:`~conflictmap.model.Verdict`). A statement with a distance and a direction gets
the worse of the two verdicts.
One module per rule: :mod:`.distances` (with :mod:`.ranges` for what a hedge and
a rounding allow), :mod:`.bearings`, :mod:`.nears` ("near", the outskirts, along
the border), :mod:`.betweens`, :mod:`.parts`; :mod:`.estimates` places unnamed
spots. Every tolerance is in :class:`~conflictmap.tuning.statements.StatementsTuning`.
"""

from __future__ import annotations

import math

from conflictmap.geo.geodesy import bearing_difference, compass
from conflictmap.model import Measured, Place, PlaceKind, StatementKind, Verdict
from conflictmap.statements.base import Judgement, Parsed
from conflictmap.statements.directions import Compass, Direction
from conflictmap.statements.geometry import Anchor, extent_km
from conflictmap.statements.judge.bearings import judge_direction
from conflictmap.statements.judge.betweens import between
from conflictmap.statements.judge.distances import judge_distance
from conflictmap.statements.judge.estimates import estimate
from conflictmap.statements.judge.measure import measure
from conflictmap.statements.judge.nears import judge_near, near_radius_km
from conflictmap.statements.judge.parts import part_of
from conflictmap.statements.judge.ranges import Range, distance_range
from conflictmap.statements.judge.words import ORDER, border_note, km, worst
from conflictmap.tuning.statements import DEFAULT, StatementsTuning

__all__ = ["Judgement", "Range", "distance_range", "judge", "near_radius_km"]

_BETWEENS = frozenset({StatementKind.BETWEEN, StatementKind.ROAD_BETWEEN})
_DISTANCES = frozenset({StatementKind.OFFSET, StatementKind.DISTANCE})
_DIRECTIONS = frozenset({StatementKind.OFFSET, StatementKind.DIRECTION})
_NEARS = frozenset({StatementKind.NEAR, StatementKind.ALONG_BORDER, StatementKind.OUTSKIRTS})


def judge(
    parsed: Parsed,
    subject: Place | None,
    anchor: Anchor | None,
    anchor2: Anchor | None = None,
    *,
    tuning: StatementsTuning = DEFAULT,
) -> Judgement:
    """Measure, judge and (for an unnamed subject) place one statement.

    Parameters
    ----------
    parsed : Parsed
        The statement as written.
    subject : Place or None
        The place it describes; ``None`` for an unnamed spot (or a name the
        gazetteer lacks): the statement then yields an
        :class:`~conflictmap.model.Estimate` when it locates a spot (an offset, a
        distance, "near", "outskirts", "between").
    anchor, anchor2 : Anchor or None
        What it is measured from (``anchor2``: the other end of "between").
    tuning : StatementsTuning, optional
        The tolerances.

    Returns
    -------
    Judgement

    Examples
    --------
    >>> from conflictmap.model import Place, StatementKind
    >>> from conflictmap.statements.base import Quantity
    >>> from conflictmap.statements.directions import parse_direction
    >>> from conflictmap.statements.units import Unit
    >>> bamako = Place(id="t:1", name="Bamako", lat=12.60915, lon=-7.97522, kind="capital",
    ...                population=1_297_281)
    >>> diabaly = Place(id="t:2", name="Diabaly", lat=14.6937, lon=-6.0197, kind="town")
    >>> stated = Parsed(kind=StatementKind.OFFSET, start=0, end=0, anchor=1,
    ...                 distance=Quantity(value_km=400.0, unit=Unit.KM, text="400 km",
    ...                                   hedge="some", step_km=100.0),
    ...                 direction=parse_direction("north"))
    >>> j = judge(stated, diabaly, Anchor(place=bamako))
    >>> round(j.measured.distance_km), round(j.measured.bearing_deg), j.verdict.value
    (313, 42, 'approximate')
    """
    if anchor is None:
        return Judgement(note="the anchor is not in the gazetteer")
    kind = parsed.kind
    if kind is StatementKind.BORDER:
        return Judgement(note=border_note(anchor))
    if kind in _BETWEENS:
        return between(parsed, subject, anchor, anchor2, tuning)
    if kind is StatementKind.PART_OF:
        return part_of(parsed, subject, anchor, tuning)
    if anchor.place.kind is PlaceKind.CONTINENT:
        return Judgement(note=f"{anchor.place.name} is too large to measure from")
    if subject is None:
        return estimate(parsed, anchor, tuning)
    return _named(parsed, subject, anchor, tuning)


def _named(parsed: Parsed, subject: Place, anchor: Anchor, tuning: StatementsTuning) -> Judgement:
    """Distance, direction and proximity of a named subject, each judged."""
    distance, bearing, origin = measure(anchor, subject)
    if subject.kind.is_area:
        origin += f" to the centre point of {subject.name} (a region)"
    direction = parsed.direction
    shown_points = 16 if direction is not None and direction.points == 16 else 8
    measured = Measured(
        distance_km=distance, bearing_deg=bearing if bearing is not None else 0.0,
        direction=compass(bearing, points=shown_points) if bearing is not None else None,
    )  # fmt: skip
    slack = anchor.extent(tuning) + extent_km(subject, tuning)
    parts: list[tuple[Verdict, str]] = []
    kind = parsed.kind
    if kind in _DISTANCES and parsed.distance is not None:
        parts.append(judge_distance(parsed.distance, distance, slack, origin, tuning))
    if kind in _DIRECTIONS and direction is not None:
        if bearing is None or distance <= slack:
            parts.append((Verdict.CONSISTENT, f"too close ({km(distance)}) to judge a direction"))
        else:
            parts.append(_listed_direction(parsed, bearing, distance, slack, tuning))
    if kind in _NEARS:
        parts.append(judge_near(parsed, anchor, distance, origin, tuning))
    if not parts:
        return Judgement(measured=measured, note=origin)
    return Judgement(
        measured=measured,
        verdict=worst(v for v, _ in parts),
        note="; ".join(n for _, n in parts),
    )


def _listed_direction(
    parsed: Parsed, bearing: float, distance: float, slack: float, tuning: StatementsTuning
) -> tuple[Verdict, str]:
    """The verdict on the stated direction; of a list ("west and south of X"), the best."""
    listed = parsed.listed or ((parsed.direction,) if parsed.direction is not None else ())
    judged = [
        judge_direction(d, bearing, distance, slack, tuning) for d in (*listed, *_between(listed))
    ]
    if len(judged) == 1:
        return judged[0]
    verdict, note = min(judged, key=lambda pair: ORDER.index(pair[0]))
    points = ", ".join(d.code.value for d in listed)
    return verdict, f"{note} (listed {points}: any of them, or between two a right angle apart)"


def _between(listed: tuple[Direction, ...]) -> list[Direction]:
    """The points midway between listed points at most a right angle apart: "south and
    east of X" also covers the south-east, so the listed sectors join up."""
    found = []
    for i, a in enumerate(listed):
        for b in listed[i + 1 :]:
            if bearing_difference(a.bearing, b.bearing) > 90.0:
                continue
            mid = math.degrees(
                math.atan2(
                    math.sin(math.radians(a.bearing)) + math.sin(math.radians(b.bearing)),
                    math.cos(math.radians(a.bearing)) + math.cos(math.radians(b.bearing)),
                )
            )
            code = Compass(compass(mid % 360.0, points=16))
            found.append(Direction(code=code, text=f"{a.text} and {b.text}"))
    return found

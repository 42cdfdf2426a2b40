"""A name read as a region where a statement needs a point: "14 km north of Hama".

GeoNames has a region and a city of many names (Hama, Ma'rib, Tahoua, Kidal), and
the resolver may prefer the region. A distance, a direction or "near" is measured
from a point, and a reporter who writes "14 km north of Hama" means the city: the
region's centre point is tens of kilometres away; and the subject of "Kidal lies
in the north of Mali's Kidal region" is the town. :func:`prefer_points` moves
such a name to the populated place of the same name in the same first-level area
(among the resolver's own candidates), unless the article calls it a region
("Tahoua region", "Hama province", "the province of Hama") or also reads it as
an area ("northern Hama"), or the user corrected it.

Examples
--------
>>> from conflictmap.model import StatementKind
>>> sorted(kind.value for kind in POINT_KINDS)[:3]
['between', 'direction', 'distance']
>>> names_an_area("Hama province", "", ""), names_an_area("Hama", "", " governorate said")
(True, True)
>>> names_an_area("Hama", "in the province of ", ""), names_an_area("Hama", "north of ", ".")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from conflictmap.model import Mention, Place, PlaceKind, StatementKind
from conflictmap.resolve import Resolution, Scored
from conflictmap.resolve.assemble import CORRECTION
from conflictmap.statements.base import Parsed
from conflictmap.statements.spotted import Spotted, spotted
from conflictmap.text.patterns import lazy

__all__ = ["POINT_KINDS", "REASON", "names_an_area", "prefer_points"]

#: the reason a mention moved to its populated place reports
REASON = "statement-point"
#: kinds measured from a point
POINT_KINDS = frozenset(
    {
        StatementKind.OFFSET,
        StatementKind.DISTANCE,
        StatementKind.DIRECTION,
        StatementKind.NEAR,
        StatementKind.OUTSKIRTS,
        StatementKind.BETWEEN,
        StatementKind.ROAD_BETWEEN,
    }
)
_REGIONS = frozenset({PlaceKind.REGION, PlaceKind.DISTRICT})
_AREA_WORDS = (
    r"regions?|provinces?|governorates?|states?|districts?|departments?|prefectures?|"
    r"count(?:y|ies)|oblasts?|wilayas?|cercles?|municipalit(?:y|ies)|territor(?:y|ies)|"
    r"countryside|muhafaza"
)
_AREA_IN = lazy(rf"\b(?:{_AREA_WORDS})\b", re.IGNORECASE)
_AREA_AFTER = lazy(rf"\s*(?:{_AREA_WORDS})\b", re.IGNORECASE)
_AREA_BEFORE = lazy(rf"\b(?:{_AREA_WORDS})\s+of\s+(?:the\s+)?\Z", re.IGNORECASE)


def names_an_area(text: str, before: str, after: str) -> bool:
    """Whether a mention's words (or the words around it) call it an area.

    Parameters
    ----------
    text : str
        The mention as written.
    before, after : str
        The article's text just before and just after it.
    """
    return bool(_AREA_IN.search(text) or _AREA_AFTER.match(after) or _AREA_BEFORE.search(before))


def _named_ends(
    parsed: Sequence[Parsed], name: Sequence[str | None]
) -> tuple[list[str], list[str]]:
    """The names of the mentions the statements read as points (every end of a
    measure, any subject) and as areas (the anchors of parts and borders), statement
    by statement, in order; mentions of no name left out."""
    points: list[str] = []
    areas: list[str] = []
    for p in parsed:
        ends = (p.subject, p.anchor, p.anchor2)
        if p.kind in POINT_KINDS:
            points.extend(k for i in ends if i is not None and (k := name[i]) is not None)
            continue
        if p.subject is not None and (k := name[p.subject]) is not None:
            points.append(k)
        areas.extend(k for i in ends[1:] if i is not None and (k := name[i]) is not None)
    return points, areas


def _counterpart(region: Place, ranked: Sequence[Scored]) -> Place | None:
    """The best-scored settlement among the candidates in the region's first-level area."""
    for scored in ranked:
        place = scored.place
        if (
            place.kind.is_settlement
            and place.country == region.country
            and region.admin1 is not None
            and place.admin1 == region.admin1
        ):
            return place
    return None


def prefer_points(text: str, parsed: Sequence[Parsed], resolution: Resolution) -> Resolution | None:
    """``resolution`` with region readings moved to their cities where statements need points.

    Parameters
    ----------
    text : str
        The article (mentions index into it).
    parsed : sequence of Parsed
        The article's statements.
    resolution : Resolution
        The resolver's answer.

    Returns
    -------
    Resolution or None
        ``None`` when no name moved.
    """
    keys = spotted(resolution)
    name = keys.key
    mentions = resolution.mentions
    places = {p.id: p for p in resolution.places}
    points, areas = _named_ends(parsed, name)
    wanted = set(points)
    wanted -= set(areas)
    named: dict[str, list[int]] = {}  # each wanted name's mentions, in order
    for i, k in enumerate(name):
        if k in wanted:
            named.setdefault(k, []).append(i)
    moves: dict[str, Place] = {}
    for key in wanted:  # (one pass over the mentions above, not one per name)
        indexes = named[key]
        target = _move(text, indexes, mentions, places, resolution, keys)
        if target is not None:
            moves[key] = target
    if not moves:
        return None
    return _moved(resolution, keys, moves)


def _move(
    text: str,
    indexes: Sequence[int],
    mentions: Sequence[Mention],
    places: dict[str, Place],
    resolution: Resolution,
    keys: Spotted,
) -> Place | None:
    """The settlement a name's mentions move to, if they should."""
    current = {mentions[i].place for i in indexes}
    if len(current) != 1:
        return None
    (pid,) = current
    region = places.get(pid) if pid is not None else None
    if region is None or region.kind not in _REGIONS:
        return None
    for i in indexes:
        m = mentions[i]
        if m.reason == CORRECTION or names_an_area(
            m.text, text[max(0, m.start - 30) : m.start], text[m.end : m.end + 20]
        ):
            return None
    spot = keys.spot[indexes[0]]
    return _counterpart(region, resolution.ranked.get(spot, ()) if spot is not None else ())


def _moved(resolution: Resolution, keys: Spotted, moves: dict[str, Place]) -> Resolution:
    mentions: list[Mention] = []
    replaced: set[str] = set()
    key = keys.key
    for index, m in enumerate(resolution.mentions):
        target = moves.get(key[index] or "")
        if target is None or m.place is None:
            mentions.append(m)
            continue
        replaced.add(m.place)
        others = tuple(a for a in (m.place, *m.alternatives) if a != target.id)
        others = others[: max(1, len(m.alternatives))]
        mentions.append(replace(m, place=target.id, alternatives=others, reason=REASON))
    named = {m.place for m in mentions}
    places = [p for p in resolution.places if p.id not in replaced or p.id in named]
    known = {p.id for p in places}
    places.extend(p for p in {t.id: t for t in moves.values()}.values() if p.id not in known)
    return replace(resolution, mentions=tuple(mentions), places=tuple(places))

"""Streets and buildings put at the town the article locates them in.

Examples
--------
>>> from conflictmap.model import Place
>>> from conflictmap.tuning.resolve import ResolveTuning
>>> koro = Place(id="t:koro", name="Koro", lat=14.06, lon=-3.08, country="ML", kind="town")
>>> named = [Mention(start=3, end=7, text="Koro", place="t:koro", confidence=0.9),
...          Mention(start=9, end=21, text="Grand Mosque", kind=MentionKind.FACILITY)]
>>> [(m.text, m.place, m.reason) for m in place_facilities(named, {"t:koro": koro}, ResolveTuning())]
[('Koro', 't:koro', None), ('Grand Mosque', 't:koro', 'facility in town')]
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from itertools import pairwise

from conflictmap.model import Mention, MentionKind, Place
from conflictmap.tuning.resolve import ResolveTuning

__all__ = ["FACILITY_IN_TOWN", "place_facilities"]

#: ``Mention.reason`` of a street or building placed at its town
FACILITY_IN_TOWN = "facility in town"


def place_facilities(
    mentions: Sequence[Mention], places: Mapping[str, Place], config: ResolveTuning
) -> list[Mention]:
    """Put each street or building at the town the article locates it in.

    That is the nearest town of the article's main country named before it (or,
    failing that, after it) with confidence; with no such town it stays
    unresolved. Confidence is modest: the pin is the town, not the building.
    When the mentions come in text order, the town before each building is found by
    bisection, so an article naming thousands of both stays linear (issue 20).
    """
    if not any(m.kind is MentionKind.FACILITY for m in mentions):
        return list(mentions)  # nothing to place (what the full reading gives too)
    countries: dict[str, int] = defaultdict(int)
    for m in mentions:
        if m.place is not None and places[m.place].country:
            countries[places[m.place].country or ""] += 1
    if not countries:
        return list(mentions)
    main = max(countries, key=countries.__getitem__)  # a stray foreign namesake is no host
    towns = [
        (m.start, m.place)
        for m in mentions
        if m.place is not None
        and m.kind in (MentionKind.NAME, MentionKind.VARIANT)
        and places[m.place].kind.is_settlement
        and m.confidence >= config.facility_host_confidence
        and places[m.place].country == main
    ]
    if not towns:
        return list(mentions)
    host = _host(towns)
    out = []
    for m in mentions:
        if m.kind is not MentionKind.FACILITY:
            out.append(m)
            continue
        out.append(
            replace(
                m,
                place=host(m.start),
                confidence=config.facility_confidence,
                alternatives=(),
                reason=FACILITY_IN_TOWN,
            )
        )
    return out


def _host(towns: Sequence[tuple[int, str]]) -> Callable[[int], str]:
    """The town named last before an offset (else the first town): by bisection when the
    towns come in text order, by a scan when they do not."""
    starts = [start for start, _ in towns]
    if all(a <= b for a, b in pairwise(starts)):

        def bisected(at: int) -> str:
            before = bisect_left(starts, at)  # the towns starting before ``at``
            return towns[before - 1][1] if before else towns[0][1]

        return bisected

    def scanned(at: int) -> str:
        before = [pid for start, pid in towns if start < at]
        return before[-1] if before else towns[0][1]

    return scanned

"""Score ``names.tsv`` (issue 14): does each name, in its sentence, resolve within tolerance?

A case *resolves* when a mention that covers the name's first occurrence in its
``context_sentence`` is placed within ``tolerance_km`` of the table's point. It is
*found* when such a mention exists at all (placed or not). The outcome of every case
is kept, so a bench script can list what fails.

Examples
--------
>>> from conflictmap.model import Mention, Place, Result
>>> from tests.devset.tables import load_names
>>> case = next(c for c in load_names() if c.name == "Cabo Delgado")
>>> region = Place(id="p", name="Cabo Delgado", lat=-12.6, lon=39.2)
>>> text = case.context_sentence
>>> start = text.index("Cabo Delgado")
>>> mention = Mention(start=start, end=start + 12, text="Cabo Delgado", place="p")
>>> placed = Result(text=text, mentions=(mention,), places=(region,))
>>> outcome = judge(case, placed)
>>> outcome.status.value, round(outcome.error_km or 0)
('resolved', 16)
>>> judge(case, Result(text=text)).status.value
'not found'
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from conflictmap.geo.geodesy import distance_km
from conflictmap.model import Result

from .tables import ExpectedKind, NameCase

__all__ = ["Outcome", "Status", "Summary", "judge", "summarise"]


class Status(str, enum.Enum):
    """What became of one case."""

    RESOLVED = "resolved"
    #: placed, but further than the tolerance
    WRONG = "wrong place"
    #: spotted, left unplaced
    UNRESOLVED = "unresolved"
    NOT_FOUND = "not found"


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """One case and what the tool made of it."""

    case: NameCase
    status: Status
    #: the text of the mention covering the name, if any
    mention: str | None = None
    #: the name of the place it was given, if any
    placed_as: str | None = None
    error_km: float | None = None


@dataclass(frozen=True, kw_only=True)
class Summary:
    """The table's figure: resolved cases over all cases, overall and per kind."""

    total: int
    resolved: int
    countries: int
    by_kind: dict[ExpectedKind, tuple[int, int]]

    @property
    def rate(self) -> float:
        return self.resolved / self.total if self.total else 0.0


def judge(case: NameCase, result: Result) -> Outcome:
    """The outcome of ``case`` given the result of parsing its sentence."""
    start = result.text.find(case.name)
    if start < 0:
        start = result.text.lower().find(case.name.lower())
    end = start + len(case.name)
    covering = [m for m in result.mentions if m.start < end and start < m.end]
    if start < 0 or not covering:
        return Outcome(case=case, status=Status.NOT_FOUND)
    places = result.place_by_id
    best: Outcome | None = None
    for mention in covering:
        place = places.get(mention.place) if mention.place else None
        if place is None:
            continue
        error = distance_km(case.lat, case.lon, place.lat, place.lon)
        ok = error <= case.tolerance_km
        status = Status.RESOLVED if ok else Status.WRONG
        outcome = Outcome(
            case=case, status=status, mention=mention.text, placed_as=place.name, error_km=error
        )
        if best is None or (ok and best.status is not Status.RESOLVED):
            best = outcome
    if best is not None:
        return best
    return Outcome(case=case, status=Status.UNRESOLVED, mention=covering[0].text)


def summarise(outcomes: Sequence[Outcome]) -> Summary:
    """Totals over ``outcomes``, per expected kind."""
    by_kind: dict[ExpectedKind, tuple[int, int]] = {}
    for kind in ExpectedKind:
        mine = [o for o in outcomes if o.case.expected_kind is kind]
        if mine:
            by_kind[kind] = (sum(o.status is Status.RESOLVED for o in mine), len(mine))
    return Summary(
        total=len(outcomes),
        resolved=sum(o.status is Status.RESOLVED for o in outcomes),
        countries=len(_countries(o.case for o in outcomes)),
        by_kind=by_kind,
    )


def _countries(cases: Iterable[NameCase]) -> Counter[str]:
    return Counter(cc for case in cases for cc in case.countries)

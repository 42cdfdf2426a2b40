"""Stated geography: distances, directions, proximity and borders, measured and judged.

Reporters write where things are: "Diabali, some 400 kilometres (250 miles) north
of the capital Bamako", "a convoy was attacked about 50km west of Gao", "sites
along the border with Mauritania". :func:`find_statements` finds these phrases
in an article whose place mentions are already resolved, measures them against
the gazetteer, judges them (``consistent``, ``approximate``, ``contradicts``),
places unnamed spots with an uncertainty radius, and uses them as evidence to
re-rank ambiguous names.

One module per concept: :mod:`.numbers`, :mod:`.units`, :mod:`.directions` and
:mod:`.hedges` read the words; :mod:`.parse` is the phrase grammar;
:mod:`.geometry` and :mod:`.borders` give anchors their points, lines and
outlines; :mod:`.judge` measures and judges; :mod:`.evidence` re-ranks.

Examples
--------
>>> from conflictmap.store.gazetteer import Gazetteer
>>> from conflictmap.model import Place
>>> from conflictmap.pipeline import geoparse
>>> gaz = Gazetteer.from_places([
...     Place(id="t:1", name="Bamako", lat=12.60915, lon=-7.97522, country="ML",
...           kind="capital", population=1_297_281),
...     Place(id="t:2", name="Diabaly", lat=14.6937, lon=-6.0197, country="ML", kind="town"),
...     Place(id="t:3", name="Gao", lat=16.27167, lon=-0.04472, country="ML", kind="city",
...           population=133_110)])
>>> text = ("Rebels took Diabaly, some 400 km north of Bamako. "
...         "A convoy was attacked about 50km west of Gao.")
>>> first, second = geoparse(text, gazetteer=gaz).statements
>>> first.subject, first.anchor, round(first.measured.distance_km), first.verdict.value
('t:2', 't:1', 313, 'approximate')
>>> second.subject, round(second.estimate.lat, 3), round(second.estimate.lon, 3)
(None, 16.271, -0.512)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from conflictmap.model import Mention, Place, Stated, Statement, StatementKind, Verdict
from conflictmap.statements.borders import border_codes, partner_country
from conflictmap.statements.evidence import rerank
from conflictmap.statements.geometry import Anchor, Geometries
from conflictmap.statements.judge import Judgement, judge
from conflictmap.statements.parse import CENTRAL, Parsed, parse

if TYPE_CHECKING:
    from conflictmap.resolve import Resolution, Resolver
    from conflictmap.store.gazetteer import Gazetteer

__all__ = ["Found", "find_statements", "parse"]

#: "near"-like cues that say nothing useful about a whole country ("outside of Libya")
_LOOSE_CUES = frozenset(
    {"outside", "outside of", "just outside", "just outside of", "around", "next to", "adjacent to"}
)
_BIG = frozenset({"country", "continent"})
#: kinds that contain places rather than sit next to them
_AREAS = frozenset({"country", "continent", "region", "district"})


@dataclass(frozen=True, slots=True)
class Found:
    statements: tuple[Statement, ...] = ()
    #: places the statements add (borders named by one or two countries)
    places: tuple[Place, ...] = ()
    #: the resolution re-ranked with the statements as evidence, if it changed
    resolution: Resolution | None = None


def find_statements(
    text: str, resolution: Resolution, gazetteer: Gazetteer, *, resolver: Resolver | None = None
) -> Found:
    """Find, measure and judge the stated geography of an article.

    Parameters
    ----------
    text : str
        The article, as given to the spotter (offsets index into it).
    resolution : Resolution
        The resolver's answer for ``text``.
    gazetteer : Gazetteer
        For country outlines and shared borders.
    resolver : Resolver, optional
        Not needed any more: the softmax temperature of a re-ranking comes with
        ``resolution`` (``Resolution.temperature``). Kept for callers.

    Returns
    -------
    Found
        The statements in text order, the border places they introduce, and the
        re-ranked resolution when a statement changed a choice (else ``None``).
    """
    parsed = parse(text, resolution.mentions)
    if not parsed:
        return Found()
    assembler = _Assembler(gazetteer, resolution)
    reranked = rerank(parsed, resolution, assembler.verdict_of)
    final = reranked or resolution
    assembler = _Assembler(gazetteer, final, geometries=assembler.geometries)
    statements = []
    for item in parsed:
        statement = assembler.statement(text, item)
        if statement is not None:
            statements.append(statement)
    known = {p.id for p in final.places}
    extra = tuple(p for pid, p in assembler.added.items() if pid not in known)
    return Found(tuple(statements), extra, reranked)


@dataclass(frozen=True, slots=True)
class _Ends:
    subject: Place | None
    anchor: Anchor | None
    anchor2: Anchor | None
    dropped: bool = False
    note: str | None = None


class _Assembler:
    """Turns parsed statements into judged :class:`Statement` objects for one article."""

    def __init__(
        self,
        gazetteer: Gazetteer | None,
        resolution: Resolution,
        *,
        geometries: Geometries | None = None,
    ) -> None:
        self.gazetteer = gazetteer
        self.mentions: tuple[Mention, ...] = resolution.mentions
        self.places = {p.id: p for p in resolution.places}
        self.focus = resolution.focus
        self.geometries = geometries or Geometries(gazetteer)
        self.added: dict[str, Place] = {}

    # -- places of a statement -------------------------------------------------

    def _place(self, index: int | None) -> Place | None:
        if index is None:
            return None
        pid = self.mentions[index].place
        if pid is None:
            return None
        place = self.places.get(pid)
        if place is None and self.gazetteer is not None and self.gazetteer.exists(pid):
            place = self.gazetteer.get(pid)
        return place

    def ends(
        self,
        item: Parsed,
        subject: Place | None,
        anchor: Place | None,
        anchor2: Place | None,
    ) -> _Ends:
        kind = item.kind
        if subject is not None and (
            (anchor is not None and subject.id == anchor.id)
            or subject.kind == "border"
            or (kind != "part-of" and subject.kind in _AREAS)
            or (
                kind == "part-of"
                and subject.kind in _BIG
                and (anchor is None or anchor.kind != "continent")
            )
        ):
            subject = None  # "Mali, 400 km north of ...", "Alberta around Hinton": no point
        if kind in ("border", "along-border"):
            return self._border_ends(item, subject, anchor, anchor2)
        if anchor is None:
            return _Ends(subject, None, None, note="the anchor is not in the gazetteer")
        if (
            kind in ("near", "outskirts")
            and anchor.kind in _BIG
            and (
                kind == "outskirts" or (item.cue or "") in _LOOSE_CUES or anchor.kind == "continent"
            )
        ):
            return _Ends(None, None, None, dropped=True)
        if kind in ("between", "road-between"):
            if anchor2 is None or anchor.kind in _AREAS or anchor2.kind in _AREAS:
                return _Ends(None, None, None, dropped=True)  # "talks between Mali and France"
            return _Ends(subject, self.geometries.anchor(anchor), self.geometries.anchor(anchor2))
        if kind in ("offset", "distance", "direction") and anchor.kind == "continent":
            return _Ends(None, None, None, dropped=True)
        return _Ends(subject, self.geometries.anchor(anchor), None)

    def _border_ends(
        self, item: Parsed, subject: Place | None, anchor: Place | None, anchor2: Place | None
    ) -> _Ends:
        if anchor is None:
            return _Ends(subject, None, None, note="the border's country is not in the gazetteer")
        if border_codes(anchor.id) is not None:
            return _Ends(subject, self.geometries.anchor(anchor), None)
        if anchor.kind != "country" or not anchor.country:
            return _Ends(None, None, None, dropped=True)  # "the Gao border"?
        side = anchor.country
        if anchor2 is not None and anchor2.kind == "country" and anchor2.country:
            other: str | None = anchor2.country
        else:
            other = partner_country(
                side,
                self.focus,
                shares_border=self.geometries.shares_border,
                prefer=subject.country if subject is not None else None,
            )
        if other is None:
            return _Ends(
                subject,
                None,
                None,
                note=f"no country of the article shares a border with {anchor.name}",
            )
        place = self.geometries.border_place(side, other)
        if place is None:
            return _Ends(subject, None, None, note=f"no shared border {side}–{other}")
        place = self.places.get(place.id, place)
        self.added.setdefault(place.id, place)
        return _Ends(subject, self.geometries.anchor(place), None)

    # -- evidence and statements -------------------------------------------------

    def verdict_of(
        self, item: Parsed, subject: Place | None, anchor: Place | None, anchor2: Place | None
    ) -> str | None:
        ends = self.ends(item, subject, anchor, anchor2)
        if ends.dropped or ends.subject is None or ends.anchor is None:
            return None
        return judge(item, ends.subject, ends.anchor, ends.anchor2).verdict

    def statement(self, text: str, item: Parsed) -> Statement | None:
        subject_mention = self.mentions[item.subject] if item.subject is not None else None
        subject_place = self._place(item.subject)
        ends = self.ends(item, subject_place, self._place(item.anchor), self._place(item.anchor2))
        if ends.dropped:
            return None
        if subject_place is not None and ends.subject is None:
            subject_mention = None  # a region or country is no subject: an unnamed spot
        if ends.anchor is None:
            verdict = Judgement(note=ends.note)
        elif subject_mention is not None and ends.subject is None and item.kind != "part-of":
            # a named place the gazetteer lacks (or a country): place it like an unnamed spot
            verdict = judge(item, None, ends.anchor, ends.anchor2)
        else:
            verdict = judge(item, ends.subject, ends.anchor, ends.anchor2)
        q = item.distance
        direction = item.direction
        stated = Stated(
            distance_km=q.value_km if q else None,
            distance_max_km=q.max_km if q else None,
            unit=q.unit if q else None,
            value_text=(
                q.text if q else (direction.text.lower() if direction is not None else item.cue)
            ),
            direction=(direction.code if direction and direction.code != CENTRAL else None),
            hedge=q.hedge if q else None,
        )
        anchor2 = ends.anchor2.place.id if ends.anchor2 is not None else None
        return Statement(
            start=item.start,
            end=item.end,
            text=text[item.start : item.end],
            kind=StatementKind(item.kind),
            anchor=ends.anchor.place.id if ends.anchor is not None else None,
            subject=ends.subject.id if ends.subject is not None else None,
            anchor2=anchor2,
            stated=stated,
            measured=verdict.measured,
            verdict=Verdict(verdict.verdict) if verdict.verdict else None,
            estimate=verdict.estimate,
            note=verdict.note,
            subject_text=subject_mention.text if subject_mention is not None else None,
        )

"""Where an event happened: one place (or an estimate) among those its clause names.

Not every place in the clause is the event's. :func:`choose_place` leaves out demonyms,
the administrative units a note puts in parentheses ("(Kati, Koulikoro)"), the anchor
of a stated offset ("Diabali, 400 km north of Bamako" happened at Diabali), the
possessor in "Yangon's Hlaingthaya" and, where another is named, a place the action
comes from ("rockets fired from Gaza hit Ashkelon"). Among the rest it prefers
settlements to regions, regions to borders and borders to countries, then the place
nearest after the trigger word. An unnamed spot placed by a stated offset ("a village
about 20 km west of Beni") is an :class:`~conflictmap.model.Estimate`.

Examples
--------
>>> from conflictmap.model import Mention, Place
>>> text = "Rockets fired from Gaza hit a house in Ashkelon."
>>> gaza = Place(id="t:1", name="Gaza", lat=31.5, lon=34.47, kind="city")
>>> ashkelon = Place(id="t:2", name="Ashkelon", lat=31.67, lon=34.57, kind="city")
>>> mentions = [Mention(start=19, end=23, text="Gaza", place="t:1"),
...             Mention(start=39, end=47, text="Ashkelon", place="t:2")]
>>> where = Where(text=text, mentions=tuple(mentions), places={"t:1": gaza, "t:2": ashkelon},
...               statements=())
>>> choose_place(where, 0, len(text), trigger=8).place
't:2'
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from operator import attrgetter
from typing import NamedTuple

from conflictmap.events.presence import may_find
from conflictmap.model import Estimate, Mention, MentionKind, Place, PlaceKind, Statement
from conflictmap.model.direct import direct
from conflictmap.model.kinds import StatementKind
from conflictmap.text.patterns import lazy
from conflictmap.tuning.events import DEFAULT

__all__ = ["Located", "Where", "also_places", "candidates", "choose_place", "settlement_before"]

#: Kinds ranked: a lower tier is preferred as an event's place.
_TIER = {
    PlaceKind.SPOT: 0,
    PlaceKind.VILLAGE: 0,
    PlaceKind.TOWN: 0,
    PlaceKind.CITY: 0,
    PlaceKind.CAPITAL: 0,
    PlaceKind.FEATURE: 1,
    PlaceKind.DISTRICT: 1,
    PlaceKind.REGION: 2,
    PlaceKind.BORDER: 3,
    PlaceKind.COUNTRY: 4,
    PlaceKind.CONTINENT: 5,
}
#: where the action comes from or moves to, not where it happens ("fired from Gaza",
#: "crossed into Gaza near Rafah")
_FROM = lazy(r"\b(?:from|fled|left|into|towards?)\s+(?:the\s+)?$", re.IGNORECASE)
#: an aside after the trigger: what follows it is not where the event happened
_ASIDE = lazy(
    r"\b(?:said|says|told|according\s+to|(?<!was\s)(?<!were\s)reported)\b|,\s+(?:who|which)\b",
    re.I,
)
#: a coder's note locates the event by the units after it: "near Siby (Kati, Koulikoro)"
_UNITS = lazy(r"^\s*\([^()]*,[^()]*\)")
#: "the Algiers peace agreement", "the Gaza border fence": a name used as a modifier
_THE = lazy(r"\bthe\s+$", re.IGNORECASE)
_NEXT_NOUN = lazy(
    r"^\s+(?!(?:on|in|at|near|and|or|of|to|from|for|with|by|as|after|before|since|was|were|is|"
    r"are|had|has|have|said|which|who|where|when|that|but|while|late|early)\b)[a-z]"
)
_AND = lazy(r",?\s+(?:and|or|as\s+well\s+as)\s+(?:on\s+|in\s+|at\s+)?|,\s+")
_POSSESSIVE = lazy(r"^['’]s\s")
#: what the mentions and statements are ordered by (in C, not a lambda per item)
_START = attrgetter("start")
#: statements whose anchor only measures where their subject is
_MEASURED = (StatementKind.OFFSET, StatementKind.DIRECTION, StatementKind.DISTANCE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Where:
    """What the earlier stages found in the article: mentions, places, statements."""

    text: str
    mentions: tuple[Mention, ...]
    places: Mapping[str, Place]
    statements: tuple[Statement, ...]
    # Indexes by start, so that each clause looks only at what lies inside it
    # (a scan of every mention per clause was quadratic in the article's length).
    _mentions: tuple[Mention, ...] = field(init=False, repr=False, compare=False)
    _mention_starts: list[int] = field(init=False, repr=False, compare=False)
    _statements: tuple[Statement, ...] = field(init=False, repr=False, compare=False)
    _statement_starts: list[int] = field(init=False, repr=False, compare=False)
    _longest_statement: int = field(init=False, repr=False, compare=False)
    #: :func:`candidates` of each span asked for (a clause asks up to three times)
    _candidates: dict[tuple[int, int], tuple[tuple[Mention, Place], ...]] = field(
        init=False, repr=False, compare=False
    )
    #: what may be a place wherever a span is asked for (:func:`_pool`), made at first need
    _pool: _Pool | None = field(init=False, repr=False, compare=False)
    #: :func:`_rank`'s order by what it reads (:func:`_ranked`)
    _ranks: dict[tuple[object, ...], list[int]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        mentions = tuple(sorted(self.mentions, key=_START))
        statements = tuple(sorted(self.statements, key=_START))
        object.__setattr__(self, "_mentions", mentions)
        object.__setattr__(self, "_mention_starts", [m.start for m in mentions])
        object.__setattr__(self, "_statements", statements)
        object.__setattr__(self, "_statement_starts", [s.start for s in statements])
        longest = max((s.end - s.start for s in statements), default=0)
        object.__setattr__(self, "_longest_statement", longest)
        object.__setattr__(self, "_candidates", {})
        object.__setattr__(self, "_ranks", {})
        object.__setattr__(self, "_pool", None)

    def mentions_within(self, start: int, end: int) -> tuple[Mention, ...]:
        """The mentions that start in ``[start, end)``, in text order."""
        starts = self._mention_starts
        return self._mentions[bisect_left(starts, start) : bisect_left(starts, end)]

    def statements_overlapping(self, start: int, end: int) -> tuple[Statement, ...]:
        """The statements that overlap ``[start, end)`` (and a few that end just before)."""
        starts = self._statement_starts
        low = bisect_left(starts, start - self._longest_statement)
        return self._statements[low : bisect_left(starts, end)]


@dataclass(frozen=True, slots=True, kw_only=True)
class Located:
    """An event's place id or estimate (both ``None`` when nothing fits)."""

    place: str | None = None
    estimate: Estimate | None = None
    #: the place an estimate is measured from
    anchor: str | None = None
    #: where the chosen mention or statement starts (for "where" clauses)
    position: int = -1


#: a :class:`Located` from ``place, estimate, anchor, position`` (one or more per event)
_LOCATED = direct(Located)


def _in_parentheses(text: str, start: int, floor: int) -> bool:
    return text.rfind("(", floor, start) > text.rfind(")", floor, start)


class _Pool(NamedTuple):
    """An article's mentions that may be an event's place in any span that holds them,
    and the border phrases that may be one in a span that holds them whole."""

    starts: list[int]
    mentions: list[tuple[Mention, Place]]
    border_starts: list[int]
    borders: list[Mention]
    #: the text has an opening parenthesis (a mention inside one is left out)
    parentheses: bool


def _anchored(statement: Statement) -> bool:
    """A statement whose anchor has its own subject or estimate ("Diabali, 400 km north
    of Bamako": Bamako only anchors it)."""
    own = statement.subject is not None or statement.estimate is not None
    own = own or statement.subject_text is not None
    return statement.anchor is not None and own and statement.kind in _MEASURED


def _pool(where: Where) -> _Pool:
    """The article's :class:`_Pool`, made once (the statements around each mention were
    looked at again for every clause, issue 20).

    A mention inside a statement :func:`_anchored` says only anchors is left out of
    every span: any span that holds the mention overlaps that statement.
    """
    if where._pool is not None:
        return where._pool
    # the anchoring statements by start (as ``_statements`` are), and the furthest end
    # of those starting up to each: a mention is inside one iff that end passes it
    anchoring = [s for s in where._statements if _anchored(s)]
    firsts = [s.start for s in anchoring]
    reach = list(accumulate((s.end for s in anchoring), max))
    mentions: list[tuple[Mention, Place]] = []
    known, demonym, count = where.places, MentionKind.DEMONYM, len(firsts)
    k = 0  # bisect_right(firsts, m.start), walked along: the mentions come by start
    for m in where._mentions:
        if m.place is None or m.kind is demonym:
            continue
        place = known.get(m.place)
        start = m.start
        while k < count and firsts[k] <= start:
            k += 1
        if place is not None and not (k and reach[k - 1] > start):
            mentions.append((m, place))
    borders = []
    for s in where._statements:
        place = where.places.get(s.anchor or "") if s.kind is StatementKind.ALONG_BORDER else None
        if place is not None and place.kind is PlaceKind.BORDER and s.subject is None:
            kind = MentionKind.BORDER
            borders.append(
                Mention(start=s.start, end=s.end, text=s.text, place=place.id, kind=kind)
            )
    starts, corners = [m.start for m, _ in mentions], [b.start for b in borders]
    pool = _Pool(starts, mentions, corners, borders, "(" in where.text)
    object.__setattr__(where, "_pool", pool)
    return pool


def candidates(where: Where, start: int, end: int) -> tuple[tuple[Mention, Place], ...]:
    """The resolved, non-demonym mentions of ``text[start:end]`` that may be the place
    (the tuple kept for the span: a clause asks up to three times, issue 20)."""
    known = where._candidates.get((start, end))
    if known is None:
        known = where._candidates[start, end] = tuple(_candidates(where, start, end))
    return known


def _candidates(where: Where, start: int, end: int) -> list[tuple[Mention, Place]]:
    pool = _pool(where)
    # "along the border with Mauritania" as a mention of the border it names
    first, last = bisect_left(pool.border_starts, start), bisect_left(pool.border_starts, end)
    borders = [b for b in pool.borders[first:last] if b.start < b.end <= end]
    low, high = bisect_left(pool.starts, start), bisect_left(pool.starts, end)
    inside = [item for item in pool.mentions[low:high] if item[0].end <= end]
    if pool.parentheses:
        text = where.text
        inside = [item for item in inside if not _in_parentheses(text, item[0].start, start)]
    if not borders:
        return inside
    found: list[tuple[Mention, Place]] = [(b, where.places[str(b.place)]) for b in borders]
    for item in inside:
        if not any(b.start <= item[0].start < b.end for b in borders):
            found.append(item)  # not "Mauritania" in "along the border with Mauritania"
    return sorted(found, key=lambda item: item[0].start)


def _offset_estimate(where: Where, start: int, end: int) -> Statement | None:
    for s in where.statements_overlapping(start, end):
        offset = s.kind is StatementKind.OFFSET and s.estimate is not None
        if offset and start <= s.start < end and s.subject is None and s.stated.distance_km:
            return s
    return None


def _rank(
    where: Where, found: Sequence[tuple[Mention, Place]], trigger: int, start: int
) -> list[Mention]:
    text = where.text
    if len(found) < 2:
        return [m for m, _ in found]  # nothing to rank
    several = len({p.id for _, p in found}) > 1

    def demoted(m: Mention) -> bool:
        before, after_text = text[max(start, m.start - 12) : m.start], text[m.end : m.end + 20]
        origin = bool(_FROM.search(before))
        possessor = bool(_POSSESSIVE.match(after_text)) and any(
            0 < other.start - m.end <= 30 for other, _ in found
        )  # "Yangon's Hlaingthaya": the possessed place, named right after
        modifier = bool(_THE.search(before)) and bool(_NEXT_NOUN.match(after_text))
        return origin or possessor or modifier

    def key(item: tuple[Mention, Place]) -> tuple[bool, bool, int, int, int]:
        m, place = item
        after = 0 if m.start >= trigger else 1
        # a coder's note "(Kati, Koulikoro)" opens with a parenthesis
        opened = text.find("(", m.end, m.end + 80) >= 0
        noted = opened and bool(_UNITS.match(text[m.end : m.end + 80]))
        lower = several and demoted(m)
        return (not noted, lower, _TIER.get(place.kind, 2), after, abs(m.start - trigger))

    return [m for m, _ in sorted(found, key=key)]


def _ranked(
    where: Where, found: Sequence[tuple[Mention, Place]], trigger: int, start: int, end: int
) -> list[Mention]:
    """:func:`_rank` of the places of ``text[start:end]``, ranked once per article for
    each clause written alike: by the words it reads (up to 80 characters after the
    clause) and the places, relative to the clause (issue 20)."""
    if len(found) < 2:
        return [m for m, _ in found]
    marks = tuple([(m.start - start, m.end - start, m.place, p.id, p.kind) for m, p in found])
    key = (where.text[start : end + 80], trigger - start, marks)
    order = where._ranks.get(key)
    if order is None:
        index = {id(m): i for i, (m, _) in enumerate(found)}
        order = where._ranks[key] = [index[id(m)] for m in _rank(where, found, trigger, start)]
    return [found[i][0] for i in order]


def choose_place(where: Where, start: int, end: int, *, trigger: int) -> Located:
    """The event's place in the clause ``text[start:end]`` whose trigger is at ``trigger``.

    Places after an aside that follows the trigger ("pushed into its outskirts,
    officials said, as Moscow's offensive ...") are not the event's.
    """
    after = max(start, trigger)
    aside = (
        _ASIDE.search(where.text, after, end) if may_find(_ASIDE, where.text, after, end) else None
    )
    end = aside.start() if aside is not None else end
    offset = _offset_estimate(where, start, end)
    if offset is not None:
        return Located(estimate=offset.estimate, anchor=offset.anchor, position=offset.start)
    ranked = _ranked(where, candidates(where, start, end), trigger, start, end)
    if not ranked:
        return Located()
    return _LOCATED(ranked[0].place, None, None, ranked[0].start)


def settlement_before(where: Where, position: int) -> Located | None:
    """The last settlement named before ``position`` ("the town" refers back to it).

    >>> from conflictmap.model import Mention, Place
    >>> t = "Rebels took Diabaly. The town fell."
    >>> w = Where(text=t, mentions=(Mention(start=12, end=19, text="Diabaly", place="d"),),
    ...           places={"d": Place(id="d", name="Diabaly", lat=0, lon=0)}, statements=())
    >>> settlement_before(w, 21).place
    'd'
    """
    window = max(0, position - DEFAULT.refer_back_chars)
    for m in reversed(candidates(where, window, position)):
        place = where.places[str(m[0].place)]
        if place.kind.is_settlement:
            return Located(place=place.id, position=m[0].start)
    return None


def also_places(where: Where, start: int, end: int, chosen: Located) -> list[Located]:
    """The other places coordinated with the chosen one ("around Lashio and Kyaukme").

    Countries join only a country. Each gives an event of its own.

    >>> from conflictmap.model import Mention, Place
    >>> t = "attacked Lashio and Kyaukme"
    >>> ps = {"a": Place(id="a", name="Lashio", lat=0, lon=0), "b": Place(id="b", name="Kyaukme", lat=0, lon=0)}
    >>> ms = (Mention(start=9, end=15, text="Lashio", place="a"), Mention(start=20, end=27, text="Kyaukme", place="b"))
    >>> w = Where(text=t, mentions=ms, places=ps, statements=())
    >>> [x.place for x in also_places(w, 0, len(t), Located(place="a", position=9))]
    ['b']
    """
    if chosen.place is None:
        return []
    found = [m for m, _ in candidates(where, start, end)]
    index = -1
    for i, m in enumerate(found):  # a loop, not a generator: called per event
        if m.start == chosen.position:
            index = i
            break
    if index < 0:
        return []
    chain = [found[index]]
    for step in (-1, 1):
        i = index
        while 0 <= i + step < len(found):
            a, b = (found[i + step], found[i]) if step < 0 else (found[i], found[i + step])
            if not _AND.fullmatch(where.text[a.end : b.start]):
                break
            chain.append(found[i + step])
            i += step
    if len(chain) == 1 and chain[0].place == chosen.place:
        return []  # the chosen place alone: most events (issue 20)
    country = where.places[chosen.place].kind is PlaceKind.COUNTRY
    out: list[Located] = []
    seen = {chosen.place}
    for m in sorted(chain, key=lambda m: m.start):
        place = where.places[str(m.place)]
        if m.place in seen or (place.kind is PlaceKind.COUNTRY) is not country:
            continue
        seen.add(str(m.place))
        out.append(_LOCATED(m.place, None, None, m.start))
    return out

"""The phrase grammar: stated geography in an article, tied to its place mentions.

:func:`parse` reads an article and the spans of its place mentions (anything
with ``start``/``end``/``place``, such as :class:`~conflictmap.model.Mention`)
and returns :class:`Parsed` statements. A statement knows its character span,
its *anchor* (the mention it is measured from), an optional second anchor
("between X and Y"), and its *subject*: the named place it describes, found
where English puts it (an appositive "Diabali, some 400 km north of Bamako",
a copula "Konna lies 50 km ...", "Diabaly in central Mali"), or ``None`` for
an unnamed spot ("a convoy was attacked about 50km west of Gao").

Phrase families, tried in this order of precedence where they overlap:

=============== ==========================================================
``offset``      a distance and a compass direction: "some 400 kilometres
                (250 miles) north of the capital Bamako", "30 to 40 km NE of"
``distance``    a distance alone: "50 km from Gao", "within 20 km of Gao"
``road-between`` "on the road between X and Y", "on the X-Y road"
``between``     "between X and Y", "halfway between X and Y"
``along-border`` "along the border with X", "near the Mauritanian border"
``border``      "the border with X", "X's border", "the X-Y border"
``part-of``     "northern X", "central X", "the north of X", "X's south"
``outskirts``   "on the outskirts of X", "X's suburbs"
``near``        "near X", "close to X", "outside X", "not far from X"
``direction``   a direction alone: "north of X", "to the east of X"
=============== ==========================================================

Parsing needs no gazetteer; :mod:`conflictmap.statements.judge` measures.

Examples
--------
>>> from conflictmap.model import Mention
>>> text = "Rebels attacked Diabali, some 400 kilometres (250 miles) north of the capital Bamako."
>>> mentions = [Mention(start=16, end=23, text="Diabali"), Mention(start=78, end=84, text="Bamako")]
>>> (s,) = parse(text, mentions)
>>> s.kind, text[s.start:s.end]
('offset', 'some 400 kilometres (250 miles) north of the capital Bamako')
>>> s.subject, s.anchor, s.distance.value_km, s.distance.hedge, s.direction.code
(0, 1, 400.0, 'some', 'N')
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from conflictmap.statements.directions import (
    DIRECTION,
    DIRECTION_ADJECTIVE,
    DIRECTION_WORD,
    Direction,
    parse_direction,
)
from conflictmap.statements.hedges import HEDGE, normalise_hedge
from conflictmap.statements.numbers import NUMBER, parse_number, rounding_step
from conflictmap.statements.scan import Hinted, Lowered
from conflictmap.statements.units import UNIT, to_km, unit_code

__all__ = ["KINDS", "MentionLike", "Parsed", "Quantity", "parse"]

#: statement kinds, in order of precedence where two phrases overlap
KINDS = (
    "offset",
    "distance",
    "road-between",
    "between",
    "along-border",
    "border",
    "part-of",
    "outskirts",
    "near",
    "direction",
)
_PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}
#: kinds that describe a subject (a "border" reference does not)
_TAKES_SUBJECT = frozenset(KINDS) - {"border"}

#: the centre, for "central X", "the heart of X"
CENTRAL = "C"


class MentionLike(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def place(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Quantity:
    """A stated distance, converted to kilometres.

    ``value_km`` is the number (the lower end of a range), ``max_km`` the upper
    end of a range (else ``None``); ``step_km`` is how finely the number was
    rounded; ``hedge`` the normalised hedge ("some", "more than", ...).
    """

    value_km: float
    max_km: float | None
    unit: str
    text: str
    hedge: str | None = None
    step_km: float = 1.0
    #: "by road" was written: the number is a road distance
    road: bool = False
    #: "as the crow flies" was written: the number is a straight-line distance
    straight: bool = False


@dataclass(frozen=True, slots=True)
class Parsed:
    """One statement as written: its span, mention indices and stated values."""

    kind: str
    start: int
    end: int
    anchor: int | None
    anchor2: int | None = None
    subject: int | None = None
    distance: Quantity | None = None
    direction: Direction | None = None
    #: the word that made the statement ("near", "outside", "along", "halfway", ...)
    cue: str | None = None


# -- regular-expression fragments ------------------------------------------------

_VAGUE = {"a few": (2.0, 5.0), "several": (3.0, 9.0), "a couple of": (2.0, 3.0)}
_CONVERSION = (
    rf"\s*[(\[]\s*(?:{HEDGE}\s+)?{NUMBER}(?:\s*(?:-|–|—|to)\s*{NUMBER})?[\s-]*{UNIT}\s*[)\]]"
)
_OFFSET = re.compile(
    rf"""
    (?<![\w.,])
    (?:(?P<hedge>{HEDGE})\s+)?
    (?:between\s+)?
    (?:
        (?P<vague>a\s+few|several|a\s+couple\s+of)
      | (?P<num>{NUMBER})
        (?:\s*(?:-|–|—|to|or|and)\s*(?P<num2>{NUMBER}))?
        (?P<odd>\s*-?\s*odd)?
    )
    [\s-]{{0,3}}(?P<unit>{UNIT})
    (?P<conv>{_CONVERSION})?
    (?:,?\s+or\s+(?:{HEDGE}\s+)?{NUMBER}[\s-]*{UNIT},?)?
    (?P<orso>\s+or\s+so)?
    (?P<adverbs>(?:\s+(?:away|further|farther|due|directly|straight|
                      as\s+the\s+crow\s+flies|by\s+road|overland|by\s+air)){{0,3}})
    (?:
        \s+(?:to\s+the\s+)?(?P<dir>{DIRECTION})\s+(?:of|from)\b
      | \s+(?P<prep>from|outside(?:\s+of)?|away\s+from|of|short\s+of|beyond|past)\b
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
_BETWEEN = re.compile(
    r"""
    \b(?:(?P<road>(?:on|along|off|via)\s+(?:the|a)\s+(?:main\s+|national\s+|paved\s+|dirt\s+)?
                  (?:road|highway|route|axis|track|motorway|corridor)\s+)
         (?P<link>between|from|linking|connecting|joining)
      |(?P<half>(?:halfway|midway|half-way|mid-way)\s+)?between)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_ROAD_PAIR = re.compile(
    r"\b(?:on|along|off|via)\s+the\s+(?:main\s+)?$",
    re.IGNORECASE,
)
_ROAD_WORD = re.compile(r"\s+(?:road|highway|route|axis|motorway)\b", re.IGNORECASE)
_BORDER_WORD = r"(?:border\s+(?:areas?|regions?|zones?|towns?)|borders?|frontiers?|borderlands?)"
_ALONG = (
    r"along|on|near|nearer|close\s+to|at|by|astride|straddling|next\s+to|in|inside|"
    r"not\s+far\s+from|within\s+reach\s+of|towards?|across|over|beyond|from|to"
)
_ALONG_KINDS = frozenset(
    (
        "along",
        "on",
        "near",
        "nearer",
        "close to",
        "at",
        "by",
        "astride",
        "straddling",
        "next to",
        "in",
        "inside",
        "not far from",
        "within reach of",
    )
)
_PREP_BEFORE = re.compile(rf"\b(?P<prep>{_ALONG})\s+(?:the\s+|its\s+|their\s+)?\Z", re.IGNORECASE)
_BORDER_WITH = re.compile(
    rf"\b(?:the|its|their|his|her|a)\s+{_BORDER_WORD}\s+(?P<link>with|between)\s+",
    re.IGNORECASE,
)
_AFTER_POSSESSIVE_BORDER = re.compile(
    rf"['’]s\s+(?:(?:northern|southern|eastern|western|long|porous|remote|desert)\s+)?"
    rf"{_BORDER_WORD}\b(?P<with>\s+with\s+)?",
    re.IGNORECASE,
)
_AFTER_PAIR_BORDER = re.compile(r"\s*[-–—/]\s*", re.IGNORECASE)
_BORDER_AFTER = re.compile(rf"\s+{_BORDER_WORD}\b", re.IGNORECASE)
_BORDER_BEFORE = re.compile(rf"\b{_BORDER_WORD}\s+\Z", re.IGNORECASE)
_CENTRE_WORDS = r"central|centre|center|heart|heartland|interior|middle|mid"
_PART_ADJ = re.compile(
    rf"\b(?P<adj>(?:far[\s-]+|extreme\s+)?(?:{DIRECTION_ADJECTIVE}|{DIRECTION_WORD})|central|mid-?(?:western|eastern))\s+\Z",
    re.IGNORECASE,
)
_PART_OF_THE = re.compile(
    rf"""
    (?<!\bto\s)\bthe\s+(?:far\s+|extreme\s+|deep\s+)?
    (?:
        (?P<noun>{DIRECTION_WORD}|{_CENTRE_WORDS})
      | (?P<adj>{DIRECTION_ADJECTIVE}|central)\s+
        (?:part|parts|region|regions|half|section|areas?|reaches|tip|edge|fringes|zone|
           provinces?|territories|desert|districts?)
    )
    \s+of\s+
    """,
    re.IGNORECASE | re.VERBOSE,
)
_POSSESSIVE_PART = re.compile(
    rf"""
    ['’]s\s+(?:(?-i:[a-z])[\w‐-]*\s+){{0,2}}?
    (?:
        (?P<noun>{DIRECTION_WORD})\b
        (?!\s+of\b)(?![‐-])(?!\s+(?-i:[A-Z]))
      | (?P<adj>{DIRECTION_ADJECTIVE}|central)\s+
        (?:part|parts|region|regions|half|section|areas?|reaches|desert|provinces?|territories)\b
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
_NEAR = re.compile(
    r"""
    \b(?P<prep>near|nearby|close\s+to|not\s+far\s+from|in\s+the\s+vicinity\s+of|next\s+to|
       adjacent\s+to|around|just\s+outside(?:\s+of)?|outside(?:\s+of)?|
       a\s+short\s+distance\s+from|on\s+the\s+approaches\s+to)\s+
    """,
    re.IGNORECASE | re.VERBOSE,
)
_OUTSKIRTS = re.compile(
    r"\b(?:(?:on|in|at|to|from)\s+)?the\s+(?P<prep>outskirts|suburbs|edges?|fringes|periphery|gates)\s+of\s+",
    re.IGNORECASE,
)
_POSSESSIVE_OUTSKIRTS = re.compile(
    r"['’]s\s+(?P<prep>outskirts|suburbs|periphery)\b", re.IGNORECASE
)
_DIRECTION_ONLY = re.compile(
    r"""
    \b(?:(?P<pre>just|due|slightly|further|farther|far|deep|well|directly|immediately)\s+)?
    (?P<to>to\s+the\s+)?
    (?P<dir>(?:north|south|east|west)(?:[ \t‐‑–-]?(?:north|south|east|west)){0,2})
    \s+(?:of|from)\s+
    """,
    re.IGNORECASE | re.VERBOSE,
)
# The same patterns, tried only around their keywords (see :mod:`.scan`). Whitespace
# runs are squeezed to two characters before parsing, so every match is short.
_BETWEENS = Hinted(
    _BETWEEN, r"between|road|highway|route|axis|track|motorway|corridor", before=60, after=60
)
_BORDERS_WITH = Hinted(_BORDER_WITH, r"border|frontier", before=40, after=60)
_PARTS_OF_THE = Hinted(
    _PART_OF_THE,
    r"north|south|east|west|central|centre|center|heart|interior|middle|mid",
    before=40,
    after=80,
)
_OUTSKIRTS_OF = Hinted(
    _OUTSKIRTS, r"outskirts|suburbs|edge|fringes|periphery|gates", before=40, after=60
)
_NEARS = Hinted(
    _NEAR,
    r"near|close|far|vicinity|next|adjacent|around|outside|distance|approaches",
    before=40,
    after=60,
)
_DIRECTIONS_ONLY = Hinted(_DIRECTION_ONLY, r"north|south|east|west", before=40, after=60)
_SUBJECT_GAP = re.compile(
    r"""
    \s*
    (?:
        ,\s*(?:(?:which|that)\s+)?(?:(?:is|was|lies|lay|sits|sat|stands|are|were)\s+)?
           (?:(?:located|situated|based|lying|sitting)\s+)?
      | ,\s*(?:a|an|the)\s+(?:[a-z][\w'’‐-]*,?\s+){0,5}
      | (?:(?:is|was|lies|lay|sits|sat|stands)\s+)?(?:(?:located|situated|based|lying)\s+)?
    )
    (?:(?:in|at|on)\s+)?
    \Z
    """,
    re.VERBOSE,
)
_ARTICLE = re.compile(r"(?:the|a|an)\s+", re.IGNORECASE)
_DESCRIPTOR_WORD = re.compile(r"[a-z][a-z'’‐-]*")
_OF_OR_COMMA = re.compile(r"(?:of\s+|,\s*)?")
_SPACE = re.compile(r"\s+")
_DESCRIPTOR_STOP = frozenset(
    (
        "border borders frontier frontiers road roads highway route outskirts suburbs edge "
        "and or with between from to in on at near by into onto over under than "
        "north south east west northern southern eastern western central "
        "northeast northwest southeast southwest "
        "where which that who whom whose when while as is are was were has have had be been "
        "said says"
    ).split()
)
_SUBJECT_GAP_MAX = 60


# -- the parser ------------------------------------------------------------------


class _Context:
    def __init__(self, text: str, mentions: Sequence[MentionLike]) -> None:
        self.text = text
        self.lowered = Lowered(text)
        self.mentions = mentions
        self.starts: dict[int, int] = {}
        for index, mention in enumerate(mentions):
            self.starts.setdefault(mention.start, index)
        order = sorted(range(len(mentions)), key=lambda i: (mentions[i].end, mentions[i].start))
        self.by_end = order
        self.ends = [mentions[i].end for i in order]
        #: "name", "demonym", "border", ... (``Mention.kind``; "name" when absent)
        self.kinds = [getattr(m, "kind", "name") or "name" for m in mentions]

    def is_demonym(self, index: int | None) -> bool:
        return index is not None and self.kinds[index] == "demonym"

    def is_border(self, index: int) -> bool:
        place = self.mentions[index].place
        return place is not None and place.startswith("border:")

    def mention_at(self, pos: int) -> int | None:
        return self.starts.get(pos)

    def anchor_at(self, pos: int, *, descriptors: bool = True) -> tuple[int, int] | None:
        """The mention that starts at ``pos`` (after spaces and "the capital"-like words)."""
        text = self.text
        space = _SPACE.match(text, pos)
        i = space.end() if space else pos
        found = self.mention_at(i)
        if found is not None:
            return self._possessive_chain(found)
        if not descriptors:
            return None
        article = _ARTICLE.match(text, i)
        if article is None:
            return None
        j = article.end()
        for _ in range(5):
            lead = _OF_OR_COMMA.match(text, j)
            k = lead.end() if lead else j
            found = self.mention_at(k)
            if found is not None:
                return self._possessive_chain(found)
            word = _DESCRIPTOR_WORD.match(text, j)
            if word is None or word.group().lower() in _DESCRIPTOR_STOP:
                return None
            space = _SPACE.match(text, word.end())
            if space is None:
                return None
            j = space.end()
        return None

    def _possessive_chain(self, index: int) -> tuple[int, int]:
        """The later mention of "Mali's capital Bamako" or "Mali's capital, Bamako"."""
        text = self.text
        end = self.mentions[index].end
        if text[end : end + 1] not in ("'", "’") or text[end + 1 : end + 2] not in ("s", "S"):
            return index, end
        j = end + 2
        for words in range(4):
            space = _SPACE.match(text, j)
            if space is None:
                break
            j = space.end()
            if words:
                lead = _OF_OR_COMMA.match(text, j)
                k = lead.end() if lead else j
                found = self.mention_at(k)
                if found is not None:
                    return found, self.mentions[found].end
            word = _DESCRIPTOR_WORD.match(text, j)
            if word is None or word.group().lower() in _DESCRIPTOR_STOP:
                break
            j = word.end()
            if text[j : j + 1] == ",":
                j += 1
        return index, end

    def subject_before(self, pos: int) -> int | None:
        """The mention a statement starting at ``pos`` describes, if English says so."""
        k = bisect.bisect_right(self.ends, pos) - 1
        if k < 0:
            return None
        index = self.by_end[k]
        if self.is_demonym(index):
            return None
        gap = self.text[self.mentions[index].end : pos]
        if len(gap) > _SUBJECT_GAP_MAX or "\n\n" in gap:
            return None
        return index if _SUBJECT_GAP.match(gap) else None


def parse(text: str, mentions: Sequence[MentionLike]) -> tuple[Parsed, ...]:
    """Every statement of stated geography in ``text``, in text order.

    Parameters
    ----------
    text : str
        The article.
    mentions : sequence
        Its place mentions (``start``, ``end``, ``place``), as the resolver made them.
        Indices into this sequence identify subjects and anchors.

    Returns
    -------
    tuple of Parsed
        Non-overlapping statements; spans always lie within ``text``.
    """
    if not text or not mentions:
        return ()
    squeezed = _Squeezed(text)
    ctx = _Context(squeezed.text, squeezed.mentions(mentions))
    found: list[Parsed] = []
    for family in (_offsets, _betweens, _borders, _parts, _outskirts, _nears, _directions):
        found.extend(family(ctx))
    chosen: list[Parsed] = []
    starts: list[int] = []  # accepted spans never overlap, so starts and ends sort alike
    ends: list[int] = []
    for item in sorted(found, key=lambda p: (_PRIORITY[p.kind], p.start, -(p.end - p.start))):
        if item.kind != "part-of" and (ctx.is_demonym(item.anchor) or ctx.is_demonym(item.anchor2)):
            continue  # "near Malian troops" is not "near Mali"
        at = bisect.bisect_left(starts, item.end)
        if at > 0 and ends[at - 1] > item.start:
            continue
        starts.insert(at, item.start)
        ends.insert(at, item.end)
        chosen.append(item)
    chosen.sort(key=lambda p: p.start)
    return tuple(squeezed.restore(p) for p in _with_subjects(ctx, chosen))


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    place: str | None
    kind: str


_RUN = re.compile(r"\s{2,}")


class _Squeezed:
    """The text with each run of whitespace squeezed to one or two characters.

    Every pattern then sees at most two spaces in a row, so none can backtrack
    over a long run; offsets are mapped back to the original text at the end.
    """

    def __init__(self, text: str) -> None:
        runs = list(_RUN.finditer(text))
        self.identity = not runs
        if self.identity:
            self.text = text
            return
        pieces: list[str] = []
        to_orig: list[int] = []
        pos = 0
        for run in runs:
            pieces.append(text[pos : run.start()])
            to_orig.extend(range(pos, run.start()))
            newlines = run.group().count("\n")
            short = "\n\n" if newlines >= 2 else "\n" if newlines else " "
            pieces.append(short)
            to_orig.extend(range(run.start(), run.start() + len(short)))
            pos = run.end()
        pieces.append(text[pos:])
        to_orig.extend(range(pos, len(text)))
        to_orig.append(len(text))
        self.text = "".join(pieces)
        self.to_orig = to_orig
        to_new = [0] * (len(text) + 1)
        last = 0
        j = 0
        for i in range(len(text) + 1):
            if j < len(to_orig) and to_orig[j] == i:
                last = j
                j += 1
            to_new[i] = last
        self.to_new = to_new

    def mentions(self, mentions: Sequence[MentionLike]) -> Sequence[MentionLike]:
        if self.identity:
            return mentions
        size = len(self.to_new) - 1
        out = []
        for m in mentions:
            start = self.to_new[min(max(m.start, 0), size)]
            end = self.to_new[min(max(m.end - 1, 0), size)] + 1 if m.end > m.start else start
            out.append(_Span(start, end, m.place, getattr(m, "kind", "name") or "name"))
        return out

    def restore(self, item: Parsed) -> Parsed:
        if self.identity:
            return item
        start = self.to_orig[item.start]
        end = self.to_orig[item.end - 1] + 1
        return Parsed(
            item.kind,
            start,
            end,
            item.anchor,
            item.anchor2,
            item.subject,
            item.distance,
            item.direction,
            item.cue,
        )


def _with_subjects(ctx: _Context, items: list[Parsed]) -> Iterator[Parsed]:
    # "50 km west of Gao, a town..." describes the unnamed spot, not Gao; but in
    # "outside Niono, some 300 km north-east of Bamako" the apposition describes Niono.
    ends_of_anchor = {
        ctx.mentions[a].end: a
        for p in items
        for a in (p.anchor, p.anchor2)
        if a is not None and ctx.mentions[a].end == p.end and p.kind not in ("near", "outskirts")
    }
    for item in items:
        if item.kind not in _TAKES_SUBJECT:
            yield item
            continue
        subject = ctx.subject_before(item.start)
        if subject is not None and (
            subject in (item.anchor, item.anchor2)
            or ends_of_anchor.get(ctx.mentions[subject].end) == subject
            or ctx.is_border(subject)
        ):
            subject = None
        if subject is None and item.kind == "part-of":
            subject = _part_subject_after(ctx, item)
        yield Parsed(
            item.kind,
            item.start,
            item.end,
            item.anchor,
            item.anchor2,
            subject,
            item.distance,
            item.direction,
            item.cue,
        )


_TOWN_OF = re.compile(
    r"\s+(?:town|city|village|region|district|province|commune|settlement|garrison\s+town)\s+of\s+",
    re.IGNORECASE,
)


def _part_subject_after(ctx: _Context, item: Parsed) -> int | None:
    """The subject after a part phrase: "the northern Mali town of Gao"."""
    match = _TOWN_OF.match(ctx.text, item.end)
    if match is None:
        return None
    found = ctx.mention_at(match.end())
    return None if ctx.is_demonym(found) else found


# -- families --------------------------------------------------------------------


def _quantity(match: re.Match[str]) -> Quantity | None:
    unit = unit_code(match.group("unit"))
    if unit is None:
        return None
    hedge = normalise_hedge(match.group("hedge"))
    adverbs = (match.group("adverbs") or "").lower()
    if match.group("orso") or match.group("odd"):
        hedge = hedge or ("or so" if match.group("orso") else "about")
    vague = match.group("vague")
    if vague is not None:
        low, high = _VAGUE[re.sub(r"\s+", " ", vague.lower())]
        value, top, step = low, high, 1.0
        written = vague
    else:
        number = parse_number(match.group("num"))
        if number is None:
            return None
        value, step = number, rounding_step(match.group("num"))
        top = None
        if match.group("num2"):
            second = parse_number(match.group("num2"))
            if second is None:
                return None
            top = second
            if top < value:
                value, top = top, value
        written = match.group("num")
    if value <= 0 and not top:
        return None
    text = match.group(0)
    unit_end = match.end("unit") - match.start(0)
    number_start = match.start("vague" if vague is not None else "num") - match.start(0)
    return Quantity(
        value_km=to_km(value, unit),
        max_km=to_km(top, unit) if top is not None else None,
        unit=unit,
        text=text[number_start:unit_end] if written else text,
        hedge=hedge,
        step_km=to_km(step, unit),
        road="road" in adverbs or "overland" in adverbs,
        straight="crow" in adverbs or "by air" in adverbs,
    )


_UPPER_BOUNDS = frozenset(
    ("within", "up to", "less than", "under", "no more than", "not more than", "at most")
)


#: every offset names a unit ("km", "miles") after a digit, a space or a dash
_UNIT_HINT = rf"(?<=[\d\s\-–])(?:{UNIT})"
_OFFSETS = Hinted(_OFFSET, _UNIT_HINT, before=160, after=260)


def _offsets(ctx: _Context) -> Iterator[Parsed]:
    for match in _OFFSETS.finditer(ctx.lowered):
        anchor = ctx.anchor_at(match.end())
        if anchor is None:
            continue
        quantity = _quantity(match)
        if quantity is None:
            continue
        direction = parse_direction(match.group("dir")) if match.group("dir") else None
        if match.group("dir") and direction is None:
            continue
        prep = (match.group("prep") or "").lower()
        if prep == "of" and direction is None and quantity.hedge not in _UPPER_BOUNDS:
            continue  # "200 km of desert", "200 km of Mali": no position stated
        yield Parsed(
            "offset" if direction is not None else "distance",
            match.start(),
            anchor[1],
            anchor[0],
            distance=quantity,
            direction=direction,
            cue=prep or None,
        )


def _betweens(ctx: _Context) -> Iterator[Parsed]:
    text = ctx.text
    for match in _BETWEENS.finditer(ctx.lowered):
        if _BORDER_BEFORE.search(text, max(0, match.start() - 30), match.start()):
            continue  # "the border between Mali and Niger" is a border
        first = ctx.anchor_at(match.end())
        if first is None:
            continue
        link = (match.group("link") or "between").lower()
        joiner = re.compile(r"\s+(?:and|to|with)\s+" if link != "between" else r"\s+and\s+")
        glue = joiner.match(text, first[1])
        if glue is None:
            continue
        second = ctx.anchor_at(glue.end())
        if second is None:
            continue
        road = match.group("road") is not None
        half = match.group("half")
        yield Parsed(
            "road-between" if road else "between",
            match.start(),
            second[1],
            first[0],
            anchor2=second[0],
            cue=("halfway" if half else ("road" if road else "between")),
        )
    # "on the Gao-Ansongo road"
    for index, mention in enumerate(ctx.mentions):
        before = _ROAD_PAIR.search(text, max(0, mention.start - 40), mention.start)
        if before is None:
            continue
        dash = _AFTER_PAIR_BORDER.match(text, mention.end)
        if dash is None:
            continue
        other = ctx.mention_at(dash.end())
        if other is None:
            continue
        tail = _ROAD_WORD.match(text, ctx.mentions[other].end)
        if tail is None:
            continue
        yield Parsed("road-between", before.start(), tail.end(), index, anchor2=other, cue="road")


def _prep_before(ctx: _Context, pos: int) -> re.Match[str] | None:
    return _PREP_BEFORE.search(ctx.text, max(0, pos - 30), pos)


def _border_kind(prep: re.Match[str] | None) -> tuple[str, int | None, str | None]:
    if prep is None:
        return "border", None, None
    word = re.sub(r"\s+", " ", prep.group("prep").lower())
    return ("along-border" if word in _ALONG_KINDS else "border"), prep.start(), word


def _borders(ctx: _Context) -> Iterator[Parsed]:
    text = ctx.text
    # "(along) the border with Mauritania", "the border between Mali and Niger"
    for match in _BORDERS_WITH.finditer(ctx.lowered):
        first = ctx.anchor_at(match.end(), descriptors=False)
        if first is None:
            continue
        second: tuple[int, int] | None = None
        glue = re.compile(r"\s+and\s+").match(text, first[1])
        if glue is not None and match.group("link").lower() == "between":
            second = ctx.anchor_at(glue.end(), descriptors=False)
        kind, start, cue = _border_kind(_prep_before(ctx, match.start()))
        end = second[1] if second else first[1]
        yield Parsed(
            kind,
            start if start is not None else match.start(),
            end,
            first[0],
            anchor2=second[0] if second else None,
            cue=cue,
        )
    for index, mention in enumerate(ctx.mentions):
        if ctx.is_border(index):
            # "the Mauritanian border", spotted and resolved as a border
            kind, start, cue = _border_kind(_prep_before(ctx, mention.start))
            yield Parsed(
                kind, start if start is not None else mention.start, mention.end, index, cue=cue
            )
            continue
        # "Mali's border (with Niger)"
        possessive = _AFTER_POSSESSIVE_BORDER.match(text, mention.end)
        if possessive is not None:
            other = None
            end = possessive.end()
            if possessive.group("with"):
                found = ctx.anchor_at(possessive.end(), descriptors=False)
                if found is not None:
                    other, end = found
                else:
                    end = possessive.start("with")
            kind, start, cue = _border_kind(_prep_before(ctx, mention.start))
            yield Parsed(
                kind,
                start if start is not None else mention.start,
                end,
                index,
                anchor2=other,
                cue=cue,
            )
            continue
        # "the Mali-Niger border"
        dash = _AFTER_PAIR_BORDER.match(text, mention.end)
        if dash is not None:
            other_index = ctx.mention_at(dash.end())
            if other_index is not None:
                tail = _BORDER_AFTER.match(text, ctx.mentions[other_index].end)
                if tail is not None:
                    kind, start, cue = _border_kind(_prep_before(ctx, mention.start))
                    yield Parsed(
                        kind,
                        start if start is not None else mention.start,
                        tail.end(),
                        index,
                        anchor2=other_index,
                        cue=cue,
                    )
                    continue
        # "the Algeria border"
        tail = _BORDER_AFTER.match(text, mention.end)
        if tail is not None and text[max(0, mention.start - 4) : mention.start].lower() == "the ":
            kind, start, cue = _border_kind(_prep_before(ctx, mention.start))
            yield Parsed(
                kind, start if start is not None else mention.start - 4, tail.end(), index, cue=cue
            )


_CENTRE = frozenset("central centre center heart heartland interior middle mid".split())


def _part_direction(word: str) -> Direction | None:
    lowered = re.sub(r"^(?:far|extreme|deep)[\s‐-]+", "", word.strip().lower())
    if lowered in _CENTRE:
        return Direction(code=CENTRAL, bearing=0.0, points=8, text=word)
    if lowered.startswith("mid"):
        return parse_direction(lowered[3:].lstrip("-"))
    return parse_direction(word)


_PART_PREP = re.compile(r"\b(?:in|across|throughout|of|from|into|for|over)\s+\Z", re.IGNORECASE)


_OPENING = re.compile(r"(?:^|[.!?:;\n][\"“”'‘’)\]]*\s*|[\"“‘(\[]\s*)\Z")


def _lower_or_first(text: str, start: int, word: str) -> bool:
    """A compass word in lower case, or capitalised only because it opens a sentence.

    "northern Mali" is a part of Mali; "North Africa", "West Surrey" and "Central
    American" mid-sentence are names.
    """
    if word == word.lower():
        return True
    return _OPENING.search(text, max(0, start - 4), start) is not None


def _parts(ctx: _Context) -> Iterator[Parsed]:
    text = ctx.text
    for index, mention in enumerate(ctx.mentions):
        if ctx.is_border(index):
            continue
        # "northern Mali", "central Mali", "north-east Nigeria"
        adjective = _PART_ADJ.search(text, max(0, mention.start - 30), mention.start)
        if adjective is not None and _lower_or_first(
            text, adjective.start(), adjective.group("adj")
        ):
            word = adjective.group("adj")
            direction = _part_direction(word)
            is_noun = not re.search(r"ern$|central|^mid", word, re.IGNORECASE)
            if direction is not None and (
                not is_noun
                or _PART_PREP.search(text, max(0, adjective.start() - 15), adjective.start())
            ):
                item = Parsed(
                    "part-of", adjective.start(), mention.end, index, direction=direction, cue=word
                )
                # "the northern Malian town of Gao", never "Central American" alone
                if not ctx.is_demonym(index) or _part_subject_after(ctx, item) is not None:
                    yield item
                continue
        # "Mali's government-held south", "Mali's northern regions"
        possessive = _POSSESSIVE_PART.match(text, mention.end)
        if possessive is not None and not ctx.is_demonym(index):
            word = possessive.group("noun") or possessive.group("adj")
            direction = _part_direction(word)
            if direction is not None and word == word.lower():
                yield Parsed(
                    "part-of", mention.start, possessive.end(), index, direction=direction, cue=word
                )
    # "the north of Mali", "the northern part of the country of Mali"
    for match in _PARTS_OF_THE.finditer(ctx.lowered):
        anchor = ctx.anchor_at(match.end())
        if anchor is None:
            continue
        word = match.group("noun") or match.group("adj")
        direction = _part_direction(word)
        if direction is None:
            continue
        yield Parsed("part-of", match.start(), anchor[1], anchor[0], direction=direction, cue=word)


def _outskirts(ctx: _Context) -> Iterator[Parsed]:
    for match in _OUTSKIRTS_OF.finditer(ctx.lowered):
        anchor = ctx.anchor_at(match.end())
        if anchor is None:
            continue
        yield Parsed(
            "outskirts", match.start(), anchor[1], anchor[0], cue=match.group("prep").lower()
        )
    for index, mention in enumerate(ctx.mentions):
        after = _POSSESSIVE_OUTSKIRTS.match(ctx.text, mention.end)
        if after is not None:
            yield Parsed(
                "outskirts", mention.start, after.end(), index, cue=after.group("prep").lower()
            )


def _nears(ctx: _Context) -> Iterator[Parsed]:
    for match in _NEARS.finditer(ctx.lowered):
        anchor = ctx.anchor_at(match.end())
        if anchor is None:
            continue
        cue = re.sub(r"\s+", " ", match.group("prep").lower())
        yield Parsed("near", match.start(), anchor[1], anchor[0], cue=cue)


def _directions(ctx: _Context) -> Iterator[Parsed]:
    text = ctx.text
    for match in _DIRECTIONS_ONLY.finditer(ctx.lowered):
        if (
            match.group("to") is None
            and text[max(0, match.start() - 4) : match.start()].lower() == "the "
        ):
            continue  # "the north of Mali" is a part, not a direction
        anchor = ctx.anchor_at(match.end())
        if anchor is None:
            continue
        direction = parse_direction(match.group("dir"))
        if direction is None:
            continue
        yield Parsed(
            "direction",
            match.start(),
            anchor[1],
            anchor[0],
            direction=direction,
            cue=(match.group("pre") or "").lower() or None,
        )

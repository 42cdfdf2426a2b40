"""The phrase grammar: stated geography in an article, tied to its place mentions.

:func:`parse` reads an article and the spans of its place mentions (anything
with ``start``/``end``/``place``, such as :class:`~conflictmap.model.Mention`)
and returns :class:`~conflictmap.statements.base.Parsed` statements. A statement
knows its character span, its *anchor* (the mention it is measured from), an
optional second anchor ("between X and Y"), and its *subject*: the named place it
describes (:mod:`.subjects`), or ``None`` for an unnamed spot ("a convoy was
attacked about 50km west of Gao").

One module per phrase family; where two phrases overlap, the kind that comes first
in :class:`~conflictmap.model.StatementKind` wins:

- :mod:`.offsets`: ``offset`` ("some 400 kilometres (250 miles) north of the capital
  Bamako", "30 to 40 km NE of Gao") and ``distance`` ("50 km from Gao", "within 20 km
  of Gao");
- :mod:`.betweens`: ``road-between`` ("on the road between X and Y", "on the X-Y
  road") and ``between`` ("between X and Y", "halfway between X and Y");
- :mod:`.borders`: ``along-border`` ("along the border with X", "near the Mauritanian
  border") and ``border`` ("the border with X", "X's border", "the X-Y border");
- :mod:`.parts`: ``part-of`` ("northern X", "central X", "the north of X", "X's south");
- :mod:`.nears`: ``outskirts`` ("on the outskirts of X", "X's suburbs") and ``near``
  ("near X", "close to X", "outside X", "not far from X");
- :mod:`.directions`: ``direction`` ("north of X", "to the east of X").

Whitespace runs are squeezed first (:mod:`.squeeze`); a long article is then read a
stretch of sentences at a time, each distinct stretch once (:mod:`.pieces`);
:mod:`.context` indexes the mentions; :mod:`.quantities` reads distances. Parsing
needs no gazetteer; :mod:`conflictmap.statements.judge` measures.

Examples
--------
>>> from conflictmap.model import Mention
>>> text = "Rebels attacked Diabali, some 400 kilometres (250 miles) north of the capital Bamako."
>>> mentions = [Mention(start=16, end=23, text="Diabali"), Mention(start=78, end=84, text="Bamako")]
>>> (s,) = parse(text, mentions)
>>> s.kind.value, text[s.start:s.end]
('offset', 'some 400 kilometres (250 miles) north of the capital Bamako')
>>> s.subject, s.anchor, s.distance.value_km, s.distance.hedge, s.direction.code.value
(0, 1, 400.0, 'some', 'N')
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace

from conflictmap.model import StatementKind
from conflictmap.statements.base import KINDS, MentionLike, Parsed, Quantity
from conflictmap.statements.parse.betweens import betweens
from conflictmap.statements.parse.borders import borders
from conflictmap.statements.parse.context import Context
from conflictmap.statements.parse.directions import directions
from conflictmap.statements.parse.nears import nears, outskirts
from conflictmap.statements.parse.offsets import offsets
from conflictmap.statements.parse.parts import parts
from conflictmap.statements.parse.pieces import parse_pieces
from conflictmap.statements.parse.squeeze import Squeezed
from conflictmap.statements.parse.subjects import with_subjects
from conflictmap.tuning.statements import DEFAULT, StatementsTuning

__all__ = ["FAMILIES", "KINDS", "MentionLike", "Parsed", "Quantity", "parse"]

#: the phrase families, each reading every phrase of its kinds from a context
FAMILIES: tuple[Callable[[Context], Iterator[Parsed]], ...] = (
    offsets,
    betweens,
    borders,
    parts,
    outskirts,
    nears,
    directions,
)


def parse(
    text: str, mentions: Sequence[MentionLike], *, tuning: StatementsTuning = DEFAULT
) -> tuple[Parsed, ...]:
    """Every statement of stated geography in ``text``, in text order.

    Parameters
    ----------
    text : str
        The article.
    mentions : sequence
        Its place mentions (``start``, ``end``, ``place``), as the resolver made them.
        Indices into this sequence identify subjects and anchors.
    tuning : StatementsTuning, optional
        The stage's numbers (subject gap, descriptor words, vague counts).

    Returns
    -------
    tuple of Parsed
        Non-overlapping statements (but those of one list of compass points, "west
        and south of X", which share its span); spans always lie within ``text``.

    Examples
    --------
    >>> from conflictmap.model import Mention
    >>> text = "Jets flew near Gao."
    >>> [(p.kind.value, p.cue) for p in parse(text, [Mention(start=15, end=18, text="Gao")])]
    [('near', 'near')]
    >>> parse("", [])
    ()
    """
    if not text or not mentions:
        return ()
    squeezed = Squeezed(text)

    def read(stretch: str, spans: Sequence[MentionLike]) -> tuple[Parsed, ...]:
        ctx = Context(stretch, spans, tuning=tuning)
        found = [item for family in FAMILIES for item in family(ctx)]
        if not found:
            return ()
        return tuple(_each_point(with_subjects(ctx, _non_overlapping(ctx, found))))

    moved = squeezed.mentions(mentions)
    out: list[Parsed] = []
    for by, first, found in parse_pieces(squeezed.text, moved, read, least=tuning.piece_chars):
        if not by and not first:
            out.extend(squeezed.restore(p) for p in found)
        elif squeezed.identity:
            out.extend(p.relocated(p.start + by, p.end + by, first) for p in found)
        else:
            original = squeezed.original
            out.extend(
                p.relocated(original(p.start + by), original(p.end - 1 + by) + 1, first)
                for p in found
            )
    return tuple(out)


def _each_point(items: Iterable[Parsed]) -> Iterator[Parsed]:
    """``items`` with a list of compass points as one statement per point, over one span."""
    for item in items:
        if not item.listed:
            yield item
            continue
        for direction in item.listed:
            yield replace(item, direction=direction)


def _non_overlapping(ctx: Context, found: Iterable[Parsed]) -> list[Parsed]:
    """The statements that win where phrases overlap (by kind, then first, then longest).

    Kinds are taken in precedence order; within a kind, statements come in text
    order, so each kind's winners are checked against the earlier kinds' (a fixed
    sorted list) and its own (appended in order) with a binary search each:
    linear in the number of statements, whatever the article.
    """
    by_kind: dict[StatementKind, list[Parsed]] = {kind: [] for kind in KINDS}
    for item in found:
        by_kind[item.kind].append(item)
    chosen: list[Parsed] = []  # accepted spans never overlap, so starts and ends sort alike
    for kind in KINDS:
        items = sorted(by_kind[kind], key=lambda p: (p.start, -(p.end - p.start)))
        earlier = [p.start for p in chosen], [p.end for p in chosen]
        won: list[Parsed] = []
        ours: tuple[list[int], list[int]] = ([], [])
        for item in items:
            if kind is not StatementKind.PART_OF and (
                ctx.is_demonym(item.anchor) or ctx.is_demonym(item.anchor2)
            ):
                continue  # "near Malian troops" is not "near Mali"
            if _overlaps(earlier, item) or _overlaps(ours, item):
                continue
            ours[0].append(item.start)
            ours[1].append(item.end)
            won.append(item)
        chosen = sorted(chosen + won, key=lambda p: p.start)
    return chosen


def _overlaps(spans: tuple[list[int], list[int]], item: Parsed) -> bool:
    """Whether ``item`` overlaps one of the disjoint spans (starts and ends, sorted)."""
    starts, ends = spans
    at = bisect.bisect_left(starts, item.end)
    return at > 0 and ends[at - 1] > item.start

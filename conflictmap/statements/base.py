"""The statements stage's data types: what the parser reads and what the judge says.

:class:`Parsed` is one statement as written (its span, the indices of its subject
and anchors among the article's mentions, the stated :class:`Quantity` and
:class:`~conflictmap.statements.directions.Direction`); :class:`Judgement` is what
:func:`~conflictmap.statements.judge.judge` makes of it. :class:`MentionLike` is all
the parser needs of a mention. The public result is
:class:`~conflictmap.model.Statement`, assembled from both.

Examples
--------
>>> from conflictmap.statements.units import Unit
>>> q = Quantity(value_km=400.0, unit=Unit.KM, text="400 km", hedge="some", step_km=100.0)
>>> q.bound, q.max_km
(<Bound.ABOUT: 'about'>, None)
>>> p = Parsed(kind=StatementKind.OFFSET, start=0, end=20, anchor=1, distance=q)
>>> p.takes_subject, p.with_subject(0).subject
(True, 0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from conflictmap.model import Estimate, Measured, StatementKind, Verdict
from conflictmap.model.direct import direct
from conflictmap.statements.directions import Direction
from conflictmap.statements.hedges import Bound, hedge_bound
from conflictmap.statements.units import Unit

__all__ = ["HALFWAY", "KINDS", "Judgement", "MentionLike", "Parsed", "Quantity"]

#: statement kinds, in order of precedence where two phrases overlap
KINDS: tuple[StatementKind, ...] = tuple(StatementKind)
#: the cue of "halfway between", "midway between"
HALFWAY = "halfway"


class MentionLike(Protocol):
    """What the parser reads of a mention (a ``kind`` attribute is read when present)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def place(self) -> str | None: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    """A stated distance, converted to kilometres.

    ``value_km`` is the number (the lower end of a range), ``max_km`` the upper
    end of a range (else ``None``); ``step_km`` is how finely the number was
    rounded; ``hedge`` the normalised hedge ("some", "more than", ...).
    """

    value_km: float
    max_km: float | None = None
    unit: Unit
    text: str
    hedge: str | None = None
    step_km: float = 1.0
    #: "by road" was written: the number is a road distance
    road: bool = False
    #: "as the crow flies" was written: the number is a straight-line distance
    straight: bool = False

    @property
    def bound(self) -> Bound:
        """How the hedge relates the true distance to the number."""
        return hedge_bound(self.hedge)


@dataclass(frozen=True, slots=True, kw_only=True)
class Parsed:
    """One statement as written: its span, mention indices and stated values."""

    kind: StatementKind
    start: int
    end: int
    #: index of the mention measured from (``None`` only while a family is reading)
    anchor: int | None
    #: the second anchor of "between X and Y" and of "the X-Y border"
    anchor2: int | None = None
    #: index of the mention the statement describes; ``None`` for an unnamed spot
    subject: int | None = None
    distance: Quantity | None = None
    direction: Direction | None = None
    #: the word that made the statement ("near", "outside", "along", "halfway", ...)
    cue: str | None = None
    #: every compass point of a list ("west and south of X": W, S), else empty; the
    #: parser gives one statement per point, and a named subject in any of them fits
    listed: tuple[Direction, ...] = ()
    #: the subject is linked by a verb ("Marib is 120 km ...", "Marib, which lies ..."):
    #: the sentence is about it even when it is a region
    predicated: bool = False

    @property
    def takes_subject(self) -> bool:
        """Whether the statement can describe a subject (a "border" reference cannot)."""
        return self.kind is not StatementKind.BORDER

    @property
    def halfway(self) -> bool:
        """ "halfway between X and Y": the subject sits near the midpoint."""
        return self.cue == HALFWAY

    @property
    def rank(self) -> int:
        """Precedence where two statements overlap (lower wins)."""
        return KINDS.index(self.kind)

    def with_subject(self, subject: int | None, *, predicated: bool = False) -> Parsed:
        """The same statement describing mention ``subject`` (linked by a verb or not)."""
        linked = predicated and subject is not None
        if subject == self.subject and linked == self.predicated:
            return self  # frozen: the same value (and no copy per statement)
        return self._copy(self.start, self.end, subject, linked)

    def with_span(self, start: int, end: int) -> Parsed:
        """The same statement over another span (offsets mapped back to the text)."""
        if start == self.start and end == self.end:
            return self
        return self._copy(start, end, self.subject, self.predicated)

    def relocated(self, start: int, end: int, mentions: int) -> Parsed:
        """The same statement over another span, its mention indices ``mentions`` on
        (read from a stretch of the text whose first mention is mention ``mentions``)."""
        anchor, anchor2, subject = self.anchor, self.anchor2, self.subject
        return _PARSED(
            self.kind, start, end,
            None if anchor is None else anchor + mentions,
            None if anchor2 is None else anchor2 + mentions,
            None if subject is None else subject + mentions,
            self.distance, self.direction, self.cue, self.listed, self.predicated,
        )  # fmt: skip

    def _copy(self, start: int, end: int, subject: int | None, predicated: bool) -> Parsed:
        # every field set directly: a fraction of the time of dataclasses.replace, which
        # the parser called once or twice per statement (tests/test_statements_parse.py
        # checks that a copy keeps every other field)
        return _PARSED(
            self.kind, start, end, self.anchor, self.anchor2, subject, self.distance,
            self.direction, self.cue, self.listed, predicated,
        )  # fmt: skip


#: a statement from every field, in declaration order, set directly (one per statement)
_PARSED = direct(Parsed)


@dataclass(frozen=True, slots=True, kw_only=True)
class Judgement:
    """What the gazetteer makes of a statement.

    ``measured`` and ``verdict`` for a named subject; ``estimate`` for an unnamed
    spot; ``note`` says how it was measured, or why it was not.
    """

    measured: Measured | None = None
    verdict: Verdict | None = None
    estimate: Estimate | None = None
    note: str | None = None

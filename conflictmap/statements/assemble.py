"""From parsed phrases to judged :class:`~conflictmap.model.Statement` objects.

:class:`Assembler` reads one article's resolution: it finds the place of each
mention, the ends of each statement (:mod:`.ends`), has the judge measure them
(:mod:`.judge`) and writes the public statement with what was stated
(:func:`stated`), measured, judged and estimated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from conflictmap.model import Mention, Place, Stated, Statement, StatementKind, Verdict
from conflictmap.model.direct import direct
from conflictmap.statements.base import Judgement, Parsed, Quantity
from conflictmap.statements.directions import Compass
from conflictmap.statements.ends import EndFinder, Ends
from conflictmap.statements.geometry import Geometries
from conflictmap.statements.judge import judge
from conflictmap.tuning.statements import DEFAULT, StatementsTuning

if TYPE_CHECKING:
    from conflictmap.resolve import Resolution
    from conflictmap.store.gazetteer import Gazetteer

__all__ = ["Assembler", "stated"]

#: a statement from every field, in declaration order, set directly (one per statement)
_STATEMENT = direct(Statement)
#: what a statement comes to: its ends, the judgement, what it states, whether its
#: subject is a place of the gazetteer
_Judged = tuple[Ends, Judgement, Stated, bool]


def stated(item: Parsed) -> Stated:
    """What the article states: the distance, its unit and hedge, the direction.

    Examples
    --------
    >>> from conflictmap.model import StatementKind
    >>> from conflictmap.statements.directions import parse_direction
    >>> from conflictmap.statements.units import Unit
    >>> item = Parsed(kind=StatementKind.OFFSET, start=0, end=20, anchor=0,
    ...               distance=Quantity(value_km=50.0, unit=Unit.KM, text="50km", hedge="about"),
    ...               direction=parse_direction("west"))
    >>> s = stated(item)
    >>> s.distance_km, s.unit, s.value_text, s.direction, s.hedge
    (50.0, 'km', '50km', 'W', 'about')
    """
    q: Quantity | None = item.distance
    direction = item.direction
    if q is not None:
        value_text: str | None = q.text
    else:
        value_text = direction.text.lower() if direction is not None else item.cue
    code = direction.code if direction is not None else None
    return Stated(
        distance_km=q.value_km if q else None,
        distance_max_km=q.max_km if q else None,
        unit=q.unit.value if q else None,
        value_text=value_text,
        direction=code.value if code is not None and code is not Compass.CENTRE else None,
        hedge=q.hedge if q else None,
    )


def _escapes(item: Parsed, subject: Place | None, anchor: Place | None) -> bool:
    """Whether reading the subject as ``subject`` leaves the statement no subject to judge."""
    if subject is None:
        return False
    if anchor is not None and subject.id == anchor.id:
        return True
    return subject.kind.is_area and item.kind is not StatementKind.PART_OF


class Assembler:
    """Turns parsed statements into judged :class:`Statement` objects for one article."""

    def __init__(
        self,
        gazetteer: Gazetteer | None,
        resolution: Resolution,
        *,
        geometries: Geometries | None = None,
        tuning: StatementsTuning = DEFAULT,
    ) -> None:
        self.gazetteer = gazetteer
        self.tuning = tuning
        self.mentions: tuple[Mention, ...] = resolution.mentions
        self.places = {p.id: p for p in resolution.places}
        self.geometries = geometries or Geometries(gazetteer, tuning=tuning)
        self.finder = EndFinder(self.geometries, self.places, resolution.focus)
        self._memo: dict[tuple[object, ...], _Judged | None] = {}

    @property
    def added(self) -> dict[str, Place]:
        """Border places the statements introduced, by id."""
        return self.finder.added

    def place(self, index: int | None) -> Place | None:
        """The place mention ``index`` resolved to, if the gazetteer has it."""
        if index is None:
            return None
        pid = self.mentions[index].place
        if pid is None:
            return None
        place = self.places.get(pid)
        if place is None and self.gazetteer is not None and self.gazetteer.exists(pid):
            place = self.gazetteer.get(pid)
        return place

    def verdict_of(
        self, item: Parsed, subject: Place | None, anchor: Place | None, anchor2: Place | None
    ) -> Verdict | None:
        """The verdict ``item`` gets when its mentions are these places (for re-ranking).

        A reading that turns the statement's named subject into an area it cannot
        describe ("Marib, 120 km west of Sanaa" read as the governorate), or into
        the anchor itself ("Kidal lies in the north of Kidal region" read as the
        region), explains nothing the sentence says: it counts as a contradiction,
        so that it never wins over a place the statement contradicts.
        """
        ends = self.finder.ends(item, subject, anchor, anchor2)
        if ends.dropped or ends.anchor is None:
            return None
        if ends.subject is None:
            return Verdict.CONTRADICTS if _escapes(item, subject, anchor) else None
        return judge(item, ends.subject, ends.anchor, ends.anchor2, tuning=self.tuning).verdict

    def statement(self, text: str, item: Parsed) -> Statement | None:
        """The judged statement of ``item``, or ``None`` when it is no geography."""
        subject_mention = self.mentions[item.subject] if item.subject is not None else None
        judged = self._judged(item)
        if judged is None:
            return None
        ends, verdict, said, placed = judged
        if placed and ends.subject is None:
            subject_mention = None  # a region or country is no subject: an unnamed spot
        kind, judged_as = item.kind, verdict.verdict
        if type(kind) is not StatementKind:  # what Statement.__post_init__ would do
            kind = StatementKind(kind)
        if judged_as is not None and type(judged_as) is not Verdict:
            judged_as = Verdict(judged_as)
        return _STATEMENT(
            item.start, item.end, text[item.start : item.end], kind,
            ends.anchor.place.id if ends.anchor is not None else None,
            ends.subject.id if ends.subject is not None else None,
            ends.anchor2.place.id if ends.anchor2 is not None else None,
            said, verdict.measured, judged_as, verdict.estimate, verdict.note,
            subject_mention.text if subject_mention is not None else None,
        )  # fmt: skip

    def _judged(self, item: Parsed) -> _Judged | None:
        """The ends, judgement and stated values of ``item`` (``None``: no geography), and
        whether its subject is a place of the gazetteer.

        They depend only on what the statement states and on the places of its mentions,
        so a phrase repeated about the same places is measured and judged once per article
        (issue 20: an article that repeats one pair of places thousands of times).
        """
        pid = self._pid
        key = (
            item.kind, item.cue, item.direction, item.distance, item.listed, item.predicated,
            pid(item.subject), pid(item.anchor), pid(item.anchor2),
        )  # fmt: skip
        if key in self._memo:
            return self._memo[key]
        subject_place = self.place(item.subject)
        ends = self.finder.ends(
            item, subject_place, self.place(item.anchor), self.place(item.anchor2)
        )
        judged: _Judged | None = None
        if not ends.dropped:
            if ends.anchor is None:
                verdict = Judgement(note=ends.note)
            else:
                # a named place the gazetteer lacks, or a country, has no subject here
                # (``ends.subject`` is None): it is placed like an unnamed spot
                verdict = judge(item, ends.subject, ends.anchor, ends.anchor2, tuning=self.tuning)
            judged = ends, verdict, stated(item), subject_place is not None
        self._memo[key] = judged
        return judged

    def _pid(self, index: int | None) -> str | None:
        return self.mentions[index].place if index is not None else None

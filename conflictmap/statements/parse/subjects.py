"""Subjects: the named place a statement describes, found where English puts it.

An appositive ("Diabali, some 400 km north of Bamako", "Kidal, a remote trading
post near Algeria"), a copula ("Konna lies 60 km ...", "Konna, which is ..."), a
bare juxtaposition ("They took Konna 60 km north-east of Mopti"), or after a part
phrase ("the northern Mali town of Gao"). No subject means an unnamed spot ("a
convoy was attacked about 50km west of Gao").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence

from conflictmap.model import StatementKind
from conflictmap.statements.base import Parsed
from conflictmap.statements.parse.context import Context
from conflictmap.text.patterns import lazy

__all__ = ["part_subject_after", "subject_before", "with_subjects"]

#: what may stand between a subject and its statement
_SUBJECT_GAP = lazy(
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
#: a verb in the gap: the statement is said of the subject ("Konna lies", "which is")
_PREDICATE = lazy(
    r"\b(?:is|was|lies|lay|sits|sat|stands|are|were|located|situated|lying|sitting)\b"
)
_TOWN_OF = lazy(
    r"\s+(?:town|city|village|region|district|province|commune|settlement|garrison\s+town)\s+of\s+",
    re.IGNORECASE,
)
#: kinds whose anchor may still be the subject of the next statement ("outside Niono,
#: some 300 km north-east of Bamako" describes Niono)
_OPEN_ANCHORS = frozenset({StatementKind.NEAR, StatementKind.OUTSKIRTS})


def subject_before(ctx: Context, pos: int) -> int | None:
    """The mention a statement starting at ``pos`` describes, if English says so.

    Examples
    --------
    >>> from conflictmap.model import Mention
    >>> from conflictmap.statements.parse.context import Context
    >>> text = "They took Konna, which is 60 km north-east of Mopti."
    >>> ctx = Context(text, [Mention(start=10, end=15, text="Konna"),
    ...                      Mention(start=46, end=51, text="Mopti")])
    >>> subject_before(ctx, text.index("60 km"))
    0
    >>> subject_before(ctx, text.index("Mopti")) is None
    True
    """
    k = bisect.bisect_right(ctx.ends, pos) - 1
    if k < 0:
        return None
    index = ctx.by_end[k]
    if ctx.is_demonym(index):
        return None
    gap = ctx.text[ctx.mentions[index].end : pos]
    if len(gap) > ctx.tuning.subject_gap_chars or "\n\n" in gap:
        return None
    return index if _SUBJECT_GAP.match(gap) else None


def part_subject_after(ctx: Context, item: Parsed) -> int | None:
    """The subject after a part phrase: "the northern Mali town of Gao".

    Examples
    --------
    >>> from conflictmap.model import Mention, StatementKind
    >>> text = "the northern Mali town of Gao"
    >>> ctx = Context(text, [Mention(start=13, end=17, text="Mali"),
    ...                      Mention(start=26, end=29, text="Gao")])
    >>> part_subject_after(ctx, Parsed(kind=StatementKind.PART_OF, start=4, end=17, anchor=0))
    1
    """
    match = _TOWN_OF.match(ctx.text, item.end)
    if match is None:
        return None
    found = ctx.mention_at(match.end())
    return None if ctx.is_demonym(found) else found


def with_subjects(ctx: Context, items: Sequence[Parsed]) -> Iterator[Parsed]:
    """``items`` (in text order) with the subject each one describes, if any.

    Examples
    --------
    >>> from conflictmap.model import Mention, StatementKind
    >>> text = "Konna lies near Mopti."
    >>> ctx = Context(text, [Mention(start=0, end=5, text="Konna"),
    ...                      Mention(start=16, end=21, text="Mopti")])
    >>> near = Parsed(kind=StatementKind.NEAR, start=11, end=21, anchor=1, cue="near")
    >>> [p.subject for p in with_subjects(ctx, [near])]
    [0]
    """
    # "50 km west of Gao, a town..." describes the unnamed spot, not Gao; but in
    # "outside Niono, some 300 km north-east of Bamako" the apposition describes Niono.
    ends_of_anchor = {
        ctx.mentions[a].end: a
        for p in items
        for a in (p.anchor, p.anchor2)
        if a is not None and ctx.mentions[a].end == p.end and p.kind not in _OPEN_ANCHORS
    }
    for item in items:
        if not item.takes_subject:
            yield item
            continue
        subject = subject_before(ctx, item.start)
        if subject is not None and (
            subject in (item.anchor, item.anchor2)
            or ends_of_anchor.get(ctx.mentions[subject].end) == subject
            or ctx.is_border(subject)
        ):
            subject = None
        if subject is None and item.kind is StatementKind.PART_OF:
            subject = part_subject_after(ctx, item)
        yield item.with_subject(subject, predicated=_predicated(ctx, subject, item))


def _predicated(ctx: Context, subject: int | None, item: Parsed) -> bool:
    """Whether a verb links ``subject`` to the statement ("Marib is 120 km west of ...")."""
    if subject is None or ctx.mentions[subject].end > item.start:
        return False
    return _PREDICATE.search(ctx.text, ctx.mentions[subject].end, item.start) is not None

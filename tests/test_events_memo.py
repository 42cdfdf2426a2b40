"""What the events stage reads once per article and shares reads as if read every time.

An article that repeats a clause (issue 20's long families repeat whole sentences)
has it read once: :func:`conflictmap.events.drafts._key` says what a clause's reading
depends on. Each check here compares the shared readings against readings that are
never shared, on the examples, the dev set and texts built to tell the keys apart.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re._parser as sre_parse
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.events import clauses as clauses_module
from conflictmap.events import drafts as drafts_module
from conflictmap.events import fatalities
from conflictmap.events import places as places_module
from conflictmap.events.drafts import REACH, Draft, drafts
from conflictmap.events.lexicon import _LOOKED_UP, _WEAPONS, Family, lexicon
from conflictmap.events.places import Where
from conflictmap.events.presence import lowered
from conflictmap.events.when import Dated, When
from conflictmap.model import Mention, MentionKind, Place, PlaceKind, Statement
from conflictmap.model.kinds import StatementKind
from conflictmap.text.gates import StartScan
from conflictmap.text.patterns import compiled

from .test_start_scan import _texts

_FILLER = " Residents said the market stayed shut for days." * 6

#: the same clause told apart only by what follows it (a weapon word within the context),
#: by its date words and by the character before it
_TWINS = [
    "Troops hit Gao. Artillery shells fell." + _FILLER + " Troops hit Gao. Nothing else.",
    "Troops hit Gao. Nothing else." + _FILLER + " Troops hit Gao. Artillery shells fell.",
    "Gunmen attacked Siby on Monday, killing four."
    + _FILLER
    + " Gunmen attacked Siby on Monday, killing four.",
    "Rebels attacked Gao, some 300 km north-east of Bamako, and fled towards Kidal. " * 40,
    "They said that gunmen who stormed a school took 30 boys; police fired tear gas. " * 12,
]


def _drafts(text: str) -> list[Draft]:
    where = Where(text=text, mentions=(), places={}, statements=())
    return drafts(where, When(text=text, phrases=None, anchor=None), 0)


def _unshared(monkeypatch: pytest.MonkeyPatch, text: str) -> list[Draft]:
    fresh = itertools.count()
    with monkeypatch.context() as patch:
        patch.setattr(drafts_module, "_key", lambda *_args: (next(fresh),))
        return _drafts(text)


def test_a_clause_read_once_per_article_reads_as_if_read_every_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [*_texts()[:80], *_TWINS]
    assert len(texts) > 40
    for text in texts:
        assert _drafts(text) == _unshared(monkeypatch, text)


def test_the_twins_are_read_apart() -> None:
    """The keys must tell these apart: the same words give different readings."""
    first, second = (_drafts(t) for t in _TWINS[:2])
    assert {d.sub_type for d in first} == {d.sub_type for d in second}
    assert first[0].sub_type != first[-1].sub_type


def test_a_key_that_leaves_out_the_context_would_be_wrong(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The check above can fail: a key without the words after the clause mixes the twins."""

    def narrow(when: When, span: tuple[int, int], sentence: tuple[int, int], hits: list) -> tuple:
        return (when.text[span[0] : span[1]],)

    monkeypatch.setattr(drafts_module, "_key", narrow)
    mixed = _drafts(_TWINS[0])
    monkeypatch.undo()
    assert mixed != _drafts(_TWINS[0])


def _reach(items: Any) -> int:
    """How far back of where it is tried a (parsed) pattern may look: a word boundary
    one character, a look-behind its width and what it looks at in turn."""
    far = 0
    for op, arg in items:
        if op is sre_parse.AT and arg in (sre_parse.AT_BOUNDARY, sre_parse.AT_NON_BOUNDARY):
            far = max(far, 1)
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            direction, inner = arg
            width = inner.getwidth()[1] if direction < 0 else 0
            far = max(far, width + _reach(inner))
        elif op is sre_parse.SUBPATTERN:
            far = max(far, _reach(arg[-1]))
        elif op is sre_parse.BRANCH:
            far = max([far, *(_reach(branch) for branch in arg[1])])
        elif op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT):
            far = max(far, _reach(arg[2]))
    return far


def test_a_sentence_plan_is_keyed_by_all_its_patterns_look_back_at() -> None:
    """The clause and trigger patterns read at most ``REACH`` characters before a sentence."""
    lex = lexicon()
    lex.may_trigger("x", 0, 1)  # the trigger patterns are gathered at the first scan
    patterns = [clauses_module._BOUNDARY, clauses_module._AND, *lex._scan.patterns]  # type: ignore[union-attr]
    patterns += [lex.pattern(name) for name in _WEAPONS]
    reaches = {compiled(p).pattern: _reach(sre_parse.parse(compiled(p).pattern)) for p in patterns}
    assert max(reaches.values()) <= REACH, reaches
    assert (
        _reach(sre_parse.parse(r"(?<!\bstabbed,)x")) == 9 and _reach(sre_parse.parse(r"\bx")) == 1
    )


def test_a_sentence_planned_once_per_article_plans_as_if_planned_every_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = drafts_module._plan

    def unshared(lex: Any, text: str, sentence: Any, plans: dict) -> Any:
        plans.clear()  # nothing planned before is used
        return real(lex, text, sentence, plans)

    texts = [*_texts()[:80], *_TWINS, "He was stabbed, and killed. " * 3 + "Then, and killed. " * 3]
    for text in texts:
        shared = _drafts(text)
        with monkeypatch.context() as patch:
            patch.setattr(drafts_module, "_plan", unshared)
            assert _drafts(text) == shared


def test_a_toll_kept_is_the_toll_read_again() -> None:
    texts = ["killing at least five", "No casualties were reported.", "killing dozens of people"]
    for text in texts * 2:
        assert fatalities.toll(text) == fatalities.toll.__wrapped__(text)


# -- places: what may be a place in a span, from the article's pool -------------------

_KINDS = [PlaceKind.TOWN, PlaceKind.REGION, PlaceKind.BORDER, PlaceKind.COUNTRY]
_STATED = [StatementKind.OFFSET, StatementKind.DIRECTION, StatementKind.ALONG_BORDER]


def _plain_candidates(where: Where, start: int, end: int) -> list:
    """The candidates as they were found before the pool: every statement and mention
    around the span looked at again for each span."""
    anchored = []
    for s in where.statements_overlapping(start, end):
        if s.end <= start or s.start >= end or s.anchor is None:
            continue
        own = s.subject is not None or s.estimate is not None or s.subject_text is not None
        if own and s.kind in (
            StatementKind.OFFSET,
            StatementKind.DIRECTION,
            StatementKind.DISTANCE,
        ):
            anchored.append((s.start, s.end))
    borders = []
    for s in where.statements_overlapping(start, end):
        if s.kind is not StatementKind.ALONG_BORDER or not start <= s.start < s.end <= end:
            continue
        place = where.places.get(s.anchor or "")
        if place is not None and place.kind is PlaceKind.BORDER and s.subject is None:
            kind = MentionKind.BORDER
            borders.append(
                Mention(start=s.start, end=s.end, text=s.text, place=place.id, kind=kind)
            )
    found = [(b, where.places[str(b.place)]) for b in borders]
    for m in where.mentions_within(start, end):
        if m.start < start or m.end > end or m.place is None or m.kind is MentionKind.DEMONYM:
            continue
        place = where.places.get(m.place)
        if place is None or places_module._in_parentheses(where.text, m.start, start):
            continue
        if any(a <= m.start < b for a, b in anchored) or any(
            b.start <= m.start < b.end for b in borders
        ):
            continue
        found.append((m, place))
    return sorted(found, key=lambda item: item[0].start)


_SPAN = st.tuples(st.integers(0, 60), st.integers(0, 12))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(_SPAN, st.sampled_from(["p0", "p1", "p2", "p3", "gone", None]), st.booleans()),
        max_size=8,
    ),
    st.lists(
        st.tuples(
            _SPAN,
            st.sampled_from(_STATED),
            st.sampled_from(["p0", "p2", None]),
            st.sampled_from([None, "p1"]),
        ),
        max_size=5,
    ),
    st.text(alphabet="ab ()", min_size=70, max_size=70),
    st.lists(_SPAN, min_size=1, max_size=6),
)
def test_candidates_from_the_pool_are_the_plain_candidates(
    marks: list, stated: list, text: str, spans: list
) -> None:
    _check(marks, stated, text, spans)


def test_candidates_at_the_edges_of_an_anchoring_statement() -> None:
    marks = [((9, 1), "p0", False), ((10, 2), "p0", False), ((19, 1), "p2", False)]
    marks += [((20, 3), "p3", False), ((30, 2), "p1", False)]
    stated = [((10, 10), StatementKind.OFFSET, "p0", "p1"), ((28, 8), _STATED[2], "p2", None)]
    _check(marks, stated, "a (b) " * 12, [(0, 12), (10, 2), (20, 4), (28, 2)])


def _check(marks: list, stated: list, text: str, spans: list) -> None:
    places = {
        f"p{i}": Place(id=f"p{i}", name="x", lat=0, lon=0, kind=k) for i, k in enumerate(_KINDS)
    }
    mentions = tuple(
        Mention(start=a, end=a + w, text="x", place=place,
                kind=MentionKind.DEMONYM if demonym else MentionKind.NAME)
        for (a, w), place, demonym in marks
    )  # fmt: skip
    statements = tuple(
        Statement(start=a, end=a + w, text="y", kind=kind, anchor=anchor, subject=subject)
        for (a, w), kind, anchor, subject in stated
    )
    where = Where(text=text, mentions=mentions, places=places, statements=statements)
    for a, w in spans:
        assert places_module._candidates(where, a, a + w * 5) == _plain_candidates(
            where, a, a + w * 5
        )


def test_places_ranked_once_per_article_rank_as_if_ranked_every_time() -> None:
    unit = "Rebels attacked Gao and fled from Kidal to Menaka. "
    text = unit * 4
    places = {
        f"p{i}": Place(id=f"p{i}", name="x", lat=0, lon=0, kind=k) for i, k in enumerate(_KINDS)
    }
    places["t"] = Place(id="t", name="y", lat=0, lon=0, kind=PlaceKind.TOWN)
    ids = [("t", "p0", "t"), ("p1", "p0", "t"), ("t", "p0", "t"), ("t", "t", "p3")]
    mentions = []
    for copy, chosen in enumerate(ids):
        for name, place in zip(("Gao", "Kidal", "Menaka"), chosen, strict=True):
            at = copy * len(unit) + unit.index(name)
            mentions.append(Mention(start=at, end=at + len(name), text=name, place=place))
    shared = Where(text=text, mentions=tuple(mentions), places=places, statements=())
    picks = []
    for copy in range(len(ids)):
        start, trigger = copy * len(unit), copy * len(unit) + 7
        alone = Where(text=text, mentions=tuple(mentions), places=places, statements=())
        one = places_module.choose_place(shared, start, start + len(unit), trigger=trigger)
        assert one == places_module.choose_place(alone, start, start + len(unit), trigger=trigger)
        picks.append(one.position - start)
    assert len(set(picks)) > 1  # the copies are told apart by their places' kinds


def test_one_scan_for_triggers_and_lexicons_finds_what_two_scans_find() -> None:
    lex = lexicon()
    lex.may_trigger("x", 0, 1)
    assert lex._scan is not None
    triggers = StartScan(lex._scan.patterns)
    looked_up = StartScan([lex.pattern(name) for name in _LOOKED_UP])
    texts = [
        *_texts()[:80],
        *_TWINS,
        "Al-Shabaab's 9/11-style car-bomb (air-strike) hit 300 troops.",
    ]
    for text in texts:
        lex.may_trigger(text, 0, 1)
        low = lowered(text)
        assert lex._positions.positions == triggers.positions(low)
        assert [lex._starts(name, text) for name in _LOOKED_UP] == looked_up.positions(low)


def _plain_date_of(
    when: When, start: int, end: int, trigger: int, sentence: Any, previous: Any, claim: Any
) -> Any:
    """:meth:`When.date_of` as it was before sentences with no date words were passed over."""
    before = previous.date if previous is not None else None
    claimed = when._claimed(start, claim) if claim is not None else []
    for phrase in [*claimed, *when._own(start, end, trigger)]:
        dated = when._dated(phrase, before, own=True)
        if dated is not None:
            return dated
    earlier = [p for p in when.within(sentence[0], start) if not when.is_report(p)]
    for phrase in reversed(earlier):
        dated = when._dated(phrase, before, own=False)
        if dated is not None:
            return dated
    if previous is not None and previous.date is not None:
        return Dated(date=previous.date, precision=previous.precision, text=previous.text)
    for phrase in when.within(start, sentence[1]):
        dated = when._dated(phrase, before, own=False)
        if dated is not None:
            return dated
    return Dated()


def test_a_sentence_without_date_words_is_dated_as_before() -> None:
    texts = [
        *_texts()[:80],
        *_TWINS,
        "Gunmen attacked Siby on Monday. Rebels took Gao. Jets hit Kidal.",
    ]
    checked = carried = 0
    for text in texts:
        when = When(text=text, phrases=None, anchor=dt.date(2024, 5, 20))
        previous = None
        for d in _drafts(text):
            claim = d.trigger.start if d.trigger.family is Family.TAKEOVER else None
            args = (d.start, d.end, d.trigger.start, d.sentence, previous, claim)
            plain = _plain_date_of(when, *args)
            fast = when.date_of(
                *args[:2], trigger=args[2], sentence=d.sentence, previous=previous, claim=claim
            )
            assert fast == plain
            checked += 1
            carried += bool(not when.within(*d.sentence) and plain.date is not None)
            previous = fast
    assert checked > 100 and carried > 0

"""What the events stage reads once per article and shares reads as if read every time.

An article that repeats a clause (issue 20's long families repeat whole sentences)
has it read once: :func:`conflictmap.events.drafts._key` says what a clause's reading
depends on. Each check here compares the shared readings against readings that are
never shared, on the examples, the dev set and texts built to tell the keys apart.
"""

from __future__ import annotations

import itertools
import re._parser as sre_parse
from typing import Any

import pytest

from conflictmap.events import clauses as clauses_module
from conflictmap.events import drafts as drafts_module
from conflictmap.events import fatalities
from conflictmap.events.drafts import REACH, Draft, drafts
from conflictmap.events.lexicon import _WEAPONS, lexicon
from conflictmap.events.places import Where
from conflictmap.events.when import When
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

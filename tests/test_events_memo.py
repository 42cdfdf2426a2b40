"""What the events stage reads once per article and shares reads as if read every time.

An article that repeats a clause (issue 20's long families repeat whole sentences)
has it read once: :func:`conflictmap.events.drafts._key` says what a clause's reading
depends on. Each check here compares the shared readings against readings that are
never shared, on the examples, the dev set and texts built to tell the keys apart.
"""

from __future__ import annotations

import itertools

import pytest

from conflictmap.events import drafts as drafts_module
from conflictmap.events.drafts import Draft, drafts
from conflictmap.events.places import Where
from conflictmap.events.when import When

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

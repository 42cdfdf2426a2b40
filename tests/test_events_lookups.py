"""The events stage's cheaper lookups find exactly what the plain ones find (issues 19/20).

Each speed-up of the events stage is checked here against the plain form it replaces:
the clause and sentence patterns rewritten to start with a character class, a lexicon
looked up in a stretch of the article from one scan of it (:class:`Piece`), the trigger
matches from one bisection of all the patterns' positions, the word gate of
:func:`may_find`, and the date phrases of a span found by bisection.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.events import clauses as clauses_module
from conflictmap.events.dates import find_dates
from conflictmap.events.lexicon import _LOOKED_UP, Lexicon, Piece
from conflictmap.events.presence import lowered, may_find
from conflictmap.events.when import When

from .test_start_scan import _texts

#: the forms the rewritten patterns had (and must keep the matches of)
_AND_BEFORE = re.compile(r"(?<!\bshot)(?<!\bstabbed),?\s+and\s+(?:(?:also|later|then)\s+)?")
_END_BEFORE = re.compile(r"[.!?]+[\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9])|\n\s*")

_PIECES = [",", " ", "  ", "\n", "\t", ".", "!", "?", "..", '"', "'", "”", "’", ")", "(", "“"]
_PIECES += ["and", "And", "also", "then", "later", "shot", "stabbed", "ashot", "sand", "A", "b"]
_PIECES += ["1", "Jan", "x", "killed", "Gao", "where", "which", ";"]
_SHAPES = st.lists(st.sampled_from(_PIECES), max_size=16).map("".join)


def _spans(pattern: re.Pattern[str] | object, text: str, start: int, end: int) -> list:
    return [m.span() for m in pattern.finditer(text, start, end)]  # type: ignore[attr-defined]


@settings(max_examples=400, deadline=None)
@given(_SHAPES, st.data())
def test_rewritten_clause_patterns_match_as_before(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert _spans(clauses_module._AND, text, start, end) == _spans(_AND_BEFORE, text, start, end)
    assert _spans(clauses_module._END, text, 0, len(text)) == _spans(
        _END_BEFORE, text, 0, len(text)
    )


def test_the_rewritten_patterns_differ_from_nothing() -> None:
    """The checks above can fail: a pattern that lost its look-behind is told apart."""
    loose = re.compile(r",?\s+and\s+")
    text = "he was shot and killed"
    assert _spans(loose, text, 0, len(text)) != _spans(_AND_BEFORE, text, 0, len(text))
    assert _spans(clauses_module._AND, text, 0, len(text)) == []


def _stretches(text: str, step: int) -> list[tuple[int, int]]:
    out = []
    for start in range(0, len(text), step):
        for width in (0, 1, 7, 40, 200):
            out.append((start, min(len(text), start + width)))
    return out


def test_a_lexicon_looked_up_in_a_piece_finds_what_a_search_of_the_copy_finds() -> None:
    lex = Lexicon()
    texts = _texts()[:40]
    assert texts
    for text in texts:
        for start, end in _stretches(text, 13):
            piece = Piece(text, start, end, indexed=True)
            for name in _LOOKED_UP:
                fast, plain = lex.has(name, piece), lex.has(name, text[start:end])
                assert (fast and fast.span()) == (plain and plain.span()), (name, start, end)


def test_a_piece_is_cut_as_a_string_is_sliced() -> None:
    piece = Piece("Rebels attacked Gao, then Kidal.", 7, 24)
    for a in (None, -40, -3, 0, 2, 9, 40):
        for b in (None, -40, -2, 0, 5, 40):
            assert str(piece.cut(a, b)) == str(piece)[a:b]


def test_triggers_from_one_bisection_are_those_of_the_start_scan() -> None:
    lex = Lexicon()
    for text in _texts()[:60]:
        scan, positions = lex._where(text)
        for start, end in _stretches(text, 29):
            fast = [(i, m.span()) for i, m in lex._matches(text, start, end)]
            plain = [(i, m.span()) for i, m in scan.find_all(text, positions, start, end)]
            assert fast == plain, (start, end)


def test_the_word_gate_only_skips_a_pattern_that_finds_nothing() -> None:
    gated = [clauses_module._BOUNDARY, clauses_module._AND, clauses_module._RELATIVE]
    skipped = 0
    for text in _texts()[:40]:
        for start, end in _stretches(text, 17):
            for pattern in gated:
                if not may_find(pattern, text, start, end):
                    skipped += 1
                    assert pattern.search(text, start, end) is None
    assert skipped > 0  # the gate does skip


def test_lowered_keeps_the_last_text_only() -> None:
    one, two = "Gao FELL.", "Kidal Fell."
    assert lowered(one) == "gao fell." and lowered(two) == "kidal fell."
    assert lowered(one) == "gao fell."


def test_date_phrases_within_a_span_by_bisection() -> None:
    for text in _texts()[:60]:
        when = When(text=text, phrases=None, anchor=None)
        phrases = find_dates(text)
        for start, end in _stretches(text, 31):
            plain = [p for p in phrases if start <= p.start and p.end <= end]
            assert when.within(start, end) == plain
    backwards = list(reversed(find_dates("On Monday and on 3 May.")))
    unordered = When(text="x", phrases=backwards, anchor=None)
    assert unordered.within(0, 30) == backwards  # not in text order: kept as given


def test_a_toll_pattern_without_its_last_words_is_not_tried() -> None:
    from conflictmap.events import fatalities

    assert set(fatalities._ENDS) == {fatalities._PASSIVE, fatalities._REDUCED}
    gated = 0
    for text in [*_texts()[:60], "Two soldiers were killed.", "five rebels killed in Gao"]:
        for start, end in _stretches(text, 23):
            for pattern, ending in fatalities._ENDS.items():
                if ending.search(text[start:end]) is None:
                    gated += 1
                    assert pattern.search(text[start:end]) is None
    assert gated > 0
    assert fatalities.toll("Two soldiers were killed.").fatalities == 2
    assert fatalities.toll("the army said five rebels killed in Gao").fatalities == 5

"""The date scan tries a pattern with a whole start word only where the word stands whole
(events/wordscan.py), and finds exactly what ``finditer`` finds (issue 20)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.events import dates
from conflictmap.events.wordscan import WordScan, whole_starts
from conflictmap.text.gates import DIGIT, StartScan, folded, starts
from conflictmap.text.patterns import compiled

from .test_start_scan import _PIECES, _texts
from .test_text_gates import _dates_by_scan

DATES = [p for _rule, p in dates._COMPILED]
WORD_SCAN = WordScan(DATES)


def test_whole_start_words_read_from_the_syntax_tree() -> None:
    assert whole_starts(re.compile(r"\blast\s+month\b", re.I)) == {"last"}
    assert whole_starts(re.compile(r"\b(?:on\s+)?(?:jan|feb)\.?\s+\d", re.I)) == {
        "on",
        "jan",
        "feb",
    }
    # a start word that may end the match, or go on with a word character, is not whole
    assert whole_starts(re.compile(r"\blast\b", re.I)) == set()
    assert whole_starts(re.compile(r"(?<![\w-])kill(?![\w-])", re.I)) == set()
    assert whole_starts(re.compile(r"\b(?:monday)(?:'s)?\b", re.I)) == set()
    assert whole_starts(re.compile(r"\bthe(?:\s+x|)", re.I)) == set()  # whole in one branch
    assert whole_starts(re.compile(r"\bthe(?:\s+x|y)", re.I)) == {"the"}  # and "they"
    assert whole_starts(re.compile(r"\bthe\s*x", re.I)) == set()  # "thex"
    assert whole_starts(re.compile(r"\bon_x", re.I)) == set()
    assert whole_starts(re.compile(r"\b(?:an|by)[\s,]+x", re.I)) == {"an", "by"}
    for pattern in DATES:
        assert whole_starts(pattern) <= (starts(pattern) or set()) - {DIGIT}


def test_a_whole_word_is_not_looked_for_inside_a_longer_one() -> None:
    text = "An army attacked then a day later the next day"
    low = folded(text)
    index = next(i for i, (rule, _) in enumerate(dates._COMPILED) if rule is dates.Rule.NEXT_DAY)
    (where,) = [p for i, p in enumerate(WORD_SCAN.positions(low, [index])) if i == index]
    assert where == [text.index("a day"), text.index("the next")]
    # the plain start scan tries it at every word starting with "a" or "the"
    plain = StartScan(DATES).positions(low)[index]
    assert plain is not None and len(plain) > len(where)


def _scanned(text: str, wanted: list[int] | None = None) -> list[list[tuple[int, int]]]:
    positions = WORD_SCAN.positions(folded(text), wanted)
    return [[m.span() for m in WORD_SCAN.finditer(i, text, positions)] for i in range(len(DATES))]


def _plain(text: str, wanted: list[int] | None = None) -> list[list[tuple[int, int]]]:
    return [
        [m.span() for m in compiled(p).finditer(text)] if wanted is None or i in wanted else []
        for i, p in enumerate(DATES)
    ]


_MORE = ["then", "they", "attacked", "army", "an", "at", "at10", "_", "’s", "'s", "3", "10:30"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from([*_PIECES, *_MORE]), max_size=40),
    st.sets(st.integers(0, len(DATES) - 1)),
)
def test_scanned_matches_are_those_of_finditer(parts: list[str], wanted: set[int]) -> None:
    text = "".join(parts)
    for flip in (text, text.upper(), text.title()):
        assert _scanned(flip) == _plain(flip)
        assert _scanned(flip, sorted(wanted)) == _plain(flip, sorted(wanted))


def test_find_dates_equals_the_full_scan_on_the_examples_and_the_dev_set() -> None:
    texts = _texts()
    assert len(texts) > 50
    for text in [*texts, *(t.upper() for t in texts[:20])]:
        assert dates.find_dates(text) == _dates_by_scan(text)


def test_nothing_wanted_scans_nothing() -> None:
    assert WORD_SCAN.positions(folded("on Monday, a day later"), []) == [[] for _ in DATES]
    assert WORD_SCAN.positions(None) == [None for _ in DATES]

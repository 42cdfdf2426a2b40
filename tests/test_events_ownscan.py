"""The date scan of some patterns only: the positions of the scan of every pattern's.

:meth:`WordScan.positions` with ``wanted`` maps each scanned item to the wanted
patterns it may start (from a per-pattern list of items), and from ``own_from``
characters on scans with a scanner of the wanted patterns' items alone; either way the
positions are those the scan of every item gives, filtered to the wanted patterns
(what it did before, issue 20).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.events import dates
from conflictmap.events.wordscan import WordScan
from conflictmap.text.gates import DIGIT, folded
from conflictmap.text.patterns import Pattern

from .test_start_scan import _PIECES, _texts

DATES: list[Pattern] = [p for _rule, p in dates._COMPILED]
_MORE = ["then", "they", "attacked", "army", "an", "at", "at10", "_", "’s", "3", "10:30", "1999"]
#: patterns whose start words are digits, prefixes of other items and whole words
_OTHERS: list[Pattern] = [
    re.compile(r"\b(?:19|20)\d\d\b"),
    re.compile(r"\ba(?:\s+day)?", re.I),
    re.compile(r"\bthe\s+x", re.I),
    re.compile(r"\b(?:at|after)\s+\d", re.I),
    re.compile(r"\bthen\b", re.I),
]


def _filtered(scan: WordScan, low: str, wanted: list[int]) -> list[list[int] | None]:
    """The positions as they were found before: every item's patterns filtered."""
    out: list[list[int] | None] = [[] for _ in scan.patterns]
    for i in scan._always:
        out[i] = None
    keep = set(wanted)
    by_word = {w: t for w, ps in scan._by_word.items() if (t := [i for i in ps if i in keep])}
    if not by_word:
        return out
    for match in scan._scanner.finditer(low):
        word = match.group()
        for i in by_word.get(DIGIT if word[0].isdigit() else word, ()):
            out[i].append(match.start())  # type: ignore[union-attr]
    return out


def _check(scan: WordScan, text: str, wanted: list[int]) -> None:
    low = folded(text) or text.lower()  # a text not to be gated is scanned all the same
    expected = _filtered(scan, low, wanted)
    assert scan.positions(low, wanted) == expected
    assert scan.positions(low, wanted, own_from=0) == expected
    assert scan.positions(low, wanted, own_from=len(low) + 1) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*_PIECES, *_MORE]), max_size=40),
    st.sets(st.integers(0, len(DATES) + len(_OTHERS) - 1)),
)
def test_positions_of_some_patterns_are_those_of_all_filtered(
    parts: list[str], wanted: set[int]
) -> None:
    text = "".join(parts)
    for patterns in (DATES, [*DATES, *_OTHERS]):
        scan = WordScan(patterns)
        for flip in (text, text.upper(), text.title()):
            _check(scan, flip, sorted(i for i in wanted if i < len(patterns)))


def test_positions_on_the_articles_for_each_pattern_alone_and_all_wanted() -> None:
    scan = WordScan(DATES)
    for text in _texts()[:12]:
        for wanted in ([i] for i in range(len(DATES))):
            _check(scan, text, wanted)
        _check(scan, text, list(range(len(DATES))))


def test_indexes_out_of_range_and_repeated_are_as_before() -> None:
    scan = WordScan(DATES)
    _check(scan, "On Monday, three days ago, at 10:30 the next day", [-1, 3, 3, 99, 10])
    assert scan.positions(None, [1]) == [None] * len(DATES)


def test_the_scanners_of_sets_of_patterns_are_kept_a_bounded_number() -> None:
    scan = WordScan(DATES)
    low = folded("the next day, on Monday, at 10:30")
    assert low is not None
    for i in range(len(DATES)):
        for j in range(len(DATES)):
            scan.positions(low, [i, j], own_from=0)
    assert len(scan._own_scanners) <= 32

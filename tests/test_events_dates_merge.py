"""find_dates merges each pattern's phrases in at once, as the phrase-by-phrase form did.

The phrases were inserted one by one into a list kept in text order, which was
quadratic in a long text (issue 20); now a pattern's matches are checked against the
phrases of the patterns before it only, then merged. The form below is the former
one, kept as the reference: both must give the same phrases, in the same order.
"""

from __future__ import annotations

import bisect
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.events import dates
from conflictmap.events.dates import DatePhrase, find_dates
from conflictmap.events.presence import holds, lowered, required

ROOT = Path(__file__).resolve().parents[1]


def _phrase_by_phrase(text: str) -> list[DatePhrase]:
    """The former find_dates: each phrase inserted where it goes as it is taken."""
    taken: list[DatePhrase] = []
    starts: list[int] = []
    kept: list[DatePhrase] = []
    scan = dates._scan()
    low = lowered(text)
    positions = scan.positions(low)
    seen: dict[str, bool] = {}
    wanted = required(scan.patterns)
    for index, (rule, _pattern) in enumerate(dates._COMPILED):
        if not holds(wanted[index], low, seen):
            continue
        for match in scan.finditer(index, text, positions):
            if dates._overlaps(kept, starts, match.start(), match.end()):
                continue
            fields = tuple((k, v) for k, v in match.groupdict().items() if v is not None)
            phrase = DatePhrase(
                start=match.start(), end=match.end(), text=match.group(0), rule=rule, fields=fields
            )
            taken.append(phrase)
            at = bisect.bisect_right(starts, phrase.start)
            starts.insert(at, phrase.start)
            kept.insert(at, phrase)
    return sorted(taken, key=lambda p: p.start)


def test_examples_and_dev_set_alike() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("examples/*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("tests/devset/**/*.txt"))]
    assert len(texts) > 5
    found = 0
    for text in texts:
        expected = _phrase_by_phrase(text)
        assert find_dates(text) == expected
        found += len(expected)
    assert found > 20


#: words the date patterns are made of, so that random texts hold phrases that overlap
_WORDS = [
    "on", "the", "a", "day", "days", "later", "earlier", "before", "after", "next", "same",
    "last", "week", "month", "this", "weekend", "in", "since", "early", "late", "night",
    "morning", "Monday", "Friday", "and", "March", "Jan", "14", "3rd", "2013", "20:00",
    "at", "two", "ago", "of", "yesterday", "today", "Christmas", "eve", "between", "over",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_WORDS, " ", ", ", ". "]), max_size=40))
def test_random_texts_alike(parts: list[str]) -> None:
    text = " ".join(parts)
    assert find_dates(text) == _phrase_by_phrase(text)


def test_a_long_text_alike() -> None:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("examples/*.txt")))
    assert find_dates(text * 4) == _phrase_by_phrase(text * 4)

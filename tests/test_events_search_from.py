"""A search begun at the first start word: the match of a plain search.

:func:`~conflictmap.events.presence.search_from` tries a pattern only from the first
place one of its start words is in the lowered text (``str.find`` per word); it gives
what the plain search gave (issue 20).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.events import drafts, extract, places
from conflictmap.events.presence import search_from
from conflictmap.text.patterns import Pattern

_PATTERNS: list[Pattern] = [
    drafts._ASIDE,
    places._ASIDE,  # no start words: searched the plain way
    extract._THE_TOWN,
    re.compile(r"\bthe\s+(?:town|city)\b"),  # case-sensitive: matched on the text as is
    re.compile(r"(?<![\w-])(?:fell|hands?)\b", re.I),
    re.compile(r"\d+\s+km", re.I),  # a digit start: searched the plain way
]
_PIECES = [
    *("said", "says", "told", "according", "to", "reported", "was", "were", "who", "which"),
    *("whose", "the", "its", "town", "city", "fell", "hands", "hand", "km", "12", "saidx"),
    *(" ", "  ", "\n", "-", ",", ", ", ".", "'", "x", "a", "é", "İ", "\u017f", "K", "_"),
]


def _span(match: re.Match[str] | None) -> tuple[int, int] | None:
    return None if match is None else match.span()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.integers(0, 80), st.integers(0, 80))
def test_search_from_finds_the_plain_search_match(parts: list[str], a: int, b: int) -> None:
    text = "".join(parts)
    for flip in (text, text.upper(), text.title()):
        start, end = min(a, b, len(flip)), min(max(a, b), len(flip))
        for pattern in _PATTERNS:
            plain = pattern.search(flip, start, end)
            assert _span(search_from(pattern, flip, start, end)) == _span(plain)


def test_search_from_on_an_article() -> None:
    text = (
        "Gunmen who stormed the town, which lies near Gao, killed 12, officials said. "
        "According to residents the city fell into the hands of rebels, who SAID so."
    )
    for pattern in _PATTERNS:
        for start in range(0, len(text), 7):
            assert _span(search_from(pattern, text, start, len(text))) == _span(
                pattern.search(text, start, len(text))
            )

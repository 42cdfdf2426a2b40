"""Datelines: "GOMA, Congo (AP) —", "EL FASHER / Zalingei —", "MOPTI —".

A wire report opens with where it was filed: one or more places in capitals (more
than one joined by "/"), maybe the region or country after a comma, maybe a date
and the agency in brackets, then a dash. The names there are places whatever the
word lists say ("MARIB" and "DIFFA" are no acronyms), and their spots carry the
cue :data:`DATELINE`, a strong place cue.

Examples
--------
>>> from conflictmap.text.tokens import tokenize
>>> text = "Clashes near Goma\\nGOMA, Congo (AP) — Rebels advanced."
>>> tokens = tokenize(text)
>>> [tokens[i].text for i in sorted(dateline_tokens(text, tokens))]
['GOMA', 'Congo']
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from itertools import chain
from operator import attrgetter

from conflictmap.recognize.lexicon import MONTHS_DAYS
from conflictmap.text.patterns import lazy
from conflictmap.text.tokens import Token

__all__ = ["DATELINE", "dateline_tokens"]

#: the cue of a spot in a dateline
DATELINE = "dateline"

_CAPS_WORD = r"[A-Z][A-Z'’.\-]+"
_WORD = r"[A-Za-z][\w'’.\-]*"
#: the first place, in capitals: "GOMA", "GAZA CITY", "PORT-AU-PRINCE", "EL FASHER"
_FIRST = rf"{_CAPS_WORD}(?:[ \-]{_CAPS_WORD}){{0,4}}"
#: a later place, any case: "Zalingei", "Democratic Republic of the Congo"
_LATER = rf"[A-Z][\w'’.\-]*(?:[ \-]{_WORD}){{0,5}}"
_MONTH = "|".join(sorted((m for m in MONTHS_DAYS if len(m) >= 3), key=lambda m: (-len(m), m)))
_DATE = rf"(?:,?\s*(?i:{_MONTH})\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?)"
_AGENCY = r"\([A-Za-z][\w .&\-]{0,20}\)"
_PLACES = rf"{_FIRST}(?:\s*/\s*{_LATER})*(?:,\s*(?!(?i:{_MONTH})\b){_LATER})*"
#: at a line start or after a sentence: places, a date, an agency, a dash
_DATELINE = lazy(  # compiled for the first text with a dash (issue 19: start-up)
    rf"(?:^|(?<=[.!?] ))[ \t]*(?P<head>{_PLACES}){_DATE}?\s*(?:{_AGENCY})?\s*(?:—|–|--| - )",
    re.MULTILINE,
)
#: the dashes :data:`_DATELINE` ends with
_DASHES = ("—", "–", "--", " - ")
#: what stands just before every position a dateline can start at (but the text's
#: start): a line break, or a sentence's end and a space; only where the first place's
#: two capitals follow (what :data:`_DATELINE` needs there: every other position is
#: skipped without trying it). Written to open with one character class, which the
#: engine scans for fast (issue 20)
_OPENING = lazy(r"[\n.!?](?:(?<=\n)|(?<!\n) )(?=[ \t]*[A-Z][A-Z'’.\-])")


_START = attrgetter("start")


def _matches(text: str) -> Iterator[re.Match[str]]:
    """``_DATELINE.finditer(text)``, the pattern tried only where a match can start: at
    the text's start, after a line break, after a sentence's end and a space."""
    done = 0
    for at in chain((0,), (m.end() for m in _OPENING.finditer(text))):
        if at < done:
            continue
        match = _DATELINE.match(text, at)
        if match is not None:
            yield match
            done = match.end()


def dateline_tokens(
    text: str, tokens: Sequence[Token], starts: Sequence[int] | None = None
) -> frozenset[int]:
    """The indexes of the tokens that name the places of a dateline (``starts``: each
    token's start, when the caller has them)."""
    if not tokens or not any(dash in text for dash in _DASHES):
        return frozenset()  # every dateline ends in a dash
    out: set[int] = set()
    for match in _matches(text):
        start, end = match.span("head")
        at = (
            bisect_left(tokens, start, key=_START) if starts is None else bisect_left(starts, start)
        )
        while at < len(tokens) and tokens[at].end <= end:
            if tokens[at].text[:1].isupper():
                out.add(at)
            at += 1
    return frozenset(out)

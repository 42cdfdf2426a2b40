"""Where one reported incident can start and end: sentences, clauses, relative clauses.

Spans are ``(start, end)`` pairs of Python string indices into the original text.
A sentence ends at ``.``, ``!`` or ``?`` before a capital (not after a short
abbreviation such as "Jan." or "U.S.") and at every line break. A clause ends at a
semicolon, at ", while", ", where", ", but", ", and then", and at "and" / ", and"
when a new incident verb follows (the caller says which words are verbs).

Examples
--------
>>> text = "Rebels took Gao. Jets struck Kidal; troops fought in Konna."
>>> [text[a:b] for a, b in sentences(text)]
['Rebels took Gao.', 'Jets struck Kidal; troops fought in Konna.']
>>> [text[a:b] for a, b in clauses(text, 17, len(text), re.compile("fought|struck"))]
['Jets struck Kidal', 'troops fought in Konna.']
"""

from __future__ import annotations

import re

from conflictmap.events.presence import may_find
from conflictmap.text.patterns import Pattern, lazy

__all__ = ["Span", "clauses", "inside", "relative_clauses", "sentences"]

Span = tuple[int, int]

_ABBREVIATIONS = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr gen lt col maj capt sgt "
    "st no vs u.s u.n u.k e.g i.e approx est".split()
)
#: ``[.!?]+["'”’)]*(?=\s+["'“‘(]?[A-Z0-9])|\n\s*``, written to start with a character
#: class (which ``re`` skips to in C instead of trying the pattern at every position)
_END = lazy(r"[.!?\n](?:(?<=[.!?])[.!?]*[\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9])|(?<=\n)\s*)")
_BOUNDARY = lazy(r"\s*;\s*|,\s+(?:while|whereas|where|but|and then|then)\s+|\s+while\s+|\s+but\s+")
#: ``(?<!\bshot)(?<!\bstabbed),?\s+and\s+(?:(?:also|later|then)\s+)?`` written to start
#: with a character class, which ``re`` skips to in C (the look-behinds, tried at every
#: position, were most of the clause splitting); its matches are the same
_AND = lazy(
    r"[,\s](?:(?<=,)(?<!\bshot,)(?<!\bstabbed,)\s+|(?<=\s)(?<!\bshot\s)(?<!\bstabbed\s)\s*)"
    r"and\s+(?:(?:also|later|then)\s+)?"
)
#: one word of subject before the verb after "and" ("and police fired"), no punctuation
_SUBJECT = lazy(r"[A-Za-z][\w-]*\s+(?=[a-z])")
#: a verb in the past tense (regular, or one of the irregular incident verbs)
_PAST = lazy(
    r"\w+ed\b|(?:struck|hit|shot|fought|took|overran|set|blew|beat|seized|threw|hurled|led)\b",
    re.IGNORECASE,
)
_RELATIVE = lazy(r",\s+(?:which|who|whose|whom)\b[^,;.]*")


def sentences(text: str) -> list[Span]:
    """The sentences of ``text``, trimmed of surrounding whitespace."""
    spans: list[Span] = []
    start = 0
    for match in _END.finditer(text):
        found = match.group(0)
        end = match.end() if found.strip() else match.start()
        if found.startswith("."):
            word = text[max(start, match.start() - 6) : match.start()].split()
            if word and word[-1].lower().strip("(") in _ABBREVIATIONS:
                continue
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(text)))
    return [trimmed for a, b in spans if (trimmed := _trim(text, a, b))[0] < trimmed[1]]


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def clauses(text: str, start: int, end: int, verbs: Pattern) -> list[Span]:
    """The clauses of the sentence ``text[start:end]``.

    ``verbs`` matches the incident verbs: "and" starts a new clause only when one of
    them comes right after it or after one word of subject ("set fire to a school and
    abducted two teachers", "and police fired"), not in "Lashio and Kyaukme" or
    "on Saturday and Sunday, killing".
    """
    cuts: list[Span] = []
    # each scan only where a word its matches hold is in the sentence (";", "and")
    if may_find(_BOUNDARY, text, start, end):
        cuts.extend(m.span() for m in _BOUNDARY.finditer(text, start, end))
    ands = _AND.finditer(text, start, end) if may_find(_AND, text, start, end) else ()
    for match in ands:
        head = text[match.end() : min(end, match.end() + 40)]
        subject = _SUBJECT.match(head)
        found = verbs.match(head)
        if found is None and subject is not None:
            found = verbs.match(head, subject.end())
            if found is not None and not _PAST.match(found.group(0)):
                found = None  # "and UK air strikes": a noun, not "and police fired"
        if found is not None and not any(a <= match.start() < b for a, b in cuts):
            cuts.append((match.start(), match.end()))
    spans: list[Span] = []
    position = start
    for cut_start, cut_end in sorted(cuts):
        if cut_start > position:
            spans.append(_trim(text, position, cut_start))
        position = max(position, cut_end)
    spans.append(_trim(text, position, end))
    return [s for s in spans if s[0] < s[1]]


def relative_clauses(text: str, start: int, end: int) -> list[Span]:
    """The ", which ...", ", who ..." stretches of ``text[start:end]`` (up to a comma).

    >>> t = "Jets from France, which arrived on Friday, hit Gao."
    >>> [t[a:b] for a, b in relative_clauses(t, 0, len(t))]
    [', which arrived on Friday']
    """
    if not may_find(_RELATIVE, text, start, end):
        return []
    return [(m.start(), min(m.end(), end)) for m in _RELATIVE.finditer(text, start, end)]


def inside(position: int, spans: list[Span]) -> Span | None:
    """The span of ``spans`` holding ``position``, or ``None``.

    >>> inside(3, [(0, 2), (2, 5)])
    (2, 5)
    """
    return next((s for s in spans if s[0] <= position < s[1]), None)

"""Place names inside the names of organisations, media and agreements are not places.

A place name is part of a longer name when

* a capitalised word of the same run opens an organisation or a medium
  (:data:`~conflictmap.recognize.lexicon.ORG_OPENERS`): "Radio Free Asia", "Voice of
  America", "Central Bank of Nigeria";
* it is followed by an initialism joined with "&": "Texas A&M";
* an article precedes it and an agreement word follows, maybe after a qualifier
  (:data:`~conflictmap.recognize.lexicon.AGREEMENT_WORDS`): "the Sweden agreement",
  "the Sudan peace agreement" (but "how will Cairo deal with" is about Cairo).

Organisation words *after* the place ("Wall Street Journal", "Texas Instruments")
are :mod:`conflictmap.recognize.reject`'s neighbour rule.
"""

from __future__ import annotations

from conflictmap.recognize.base import Span, State
from conflictmap.recognize.context import JOINERS, adjacent
from conflictmap.recognize.lexicon import AGREEMENT_QUALIFIERS, AGREEMENT_WORDS, ORG_OPENERS

__all__ = ["organisation_reason"]

#: lower-case words a capitalised organisation name may hold ("Voice of America")
_INNER = frozenset({"of", "for", "the"})
#: how many words before a place an opener is looked for ("Central Bank of the
#: Republic of Guinea" is four back); a bound, so that a long capitalised run costs
#: linear time, not quadratic
_OPENER_REACH = 4
#: what opens a phrase naming an agreement: "the Sweden agreement", "an Iran deal"
_ARTICLES = frozenset({"the", "a", "an", "this", "that"})


def organisation_reason(state: State, span: Span) -> str | None:
    """ "organisation" or "agreement" when the span is part of such a name, else ``None``."""
    if _opened_by_organisation(state, span) or _ampersand_initialism(state, span):
        return "organisation"
    if _agreement_follows(state, span):
        return "agreement"
    return None


def _opened_by_organisation(state: State, span: Span) -> bool:
    """True when the capitalised run before the span holds an organisation opener."""
    text, tokens = state.text, state.tokens
    k = span.i
    stop = max(0, span.i - _OPENER_REACH)
    while k > stop and text[tokens[k - 1].end : tokens[k].start] in JOINERS:  # adjacent
        before = tokens[k - 1]
        lowered = before.text.lower()
        if before.capitalised and not before.all_caps:
            if lowered in ORG_OPENERS:
                return not _inside_a_place(state, before.start, before.end)
        elif lowered not in _INNER:
            return False
        k -= 1
    return False


def _inside_a_place(state: State, start: int, end: int) -> bool:
    """True when the word at ``start:end`` is inside a longer place found ("West Bank")."""
    return any(
        s.start <= start and end <= s.end and (s.start, s.end) != (start, end)
        for s in state.spots[-3:]
    )


def _ampersand_initialism(state: State, span: Span) -> bool:
    """ "Texas A&M": the next word is the first half of an initialism joined by "&"."""
    text, tokens = state.text, state.tokens
    if span.j + 1 >= len(tokens):
        return False
    nxt = tokens[span.j + 1]
    return (
        text[tokens[span.j].end : nxt.start] in JOINERS  # adjacent
        and nxt.text[:1].isupper()
        and text[nxt.end : nxt.end + 1] == "&"
    )


def _agreement_follows(state: State, span: Span) -> bool:
    """ "the Sweden agreement", "the Sudan peace agreement", "the Minsk Accords"."""
    text, tokens = state.text, state.tokens
    if span.i == 0 or tokens[span.i - 1].text.lower() not in _ARTICLES:
        return False
    k = span.j + 1
    if k < len(tokens) and tokens[k].text.lower() in AGREEMENT_QUALIFIERS:
        if not adjacent(text, tokens[k - 1], tokens[k]):
            return False
        k += 1
    return (
        k < len(tokens)
        and adjacent(text, tokens[k - 1], tokens[k])
        and tokens[k].text.lower() in AGREEMENT_WORDS
    )

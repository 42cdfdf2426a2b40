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
from conflictmap.recognize.context import JOINERS
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
    """ "organisation" or "agreement" when the span is part of such a name, else ``None``.

    Each rule is asked only where the word before the span (or the text after its
    next word) can let it apply: the reader asks this of every name it finds.
    """
    i = span.i
    before = state.lowers[i - 1] if i > 0 else ""
    if (
        before
        and state.gaps[i] in JOINERS  # adjacent: where _opened_by_organisation looks first
        and (state.capitalised[i - 1] or before in _INNER)
        and _opened_by_organisation(state, span)
    ) or (state.ampersand and _ampersand_initialism(state, span)):
        return "organisation"
    if before in _ARTICLES and _agreement_follows(state, span):
        return "agreement"
    return None


def _opened_by_organisation(state: State, span: Span) -> bool:
    """True when the capitalised run before the span holds an organisation opener."""
    gaps, lowers, capitalised, all_caps = (
        state.gaps,
        state.lowers,
        state.capitalised,
        state.all_caps,
    )
    k = span.i
    stop = max(0, span.i - _OPENER_REACH)
    while k > stop and gaps[k] in JOINERS:  # adjacent
        before = k - 1
        lowered = lowers[before]
        if capitalised[before] and not all_caps[before]:
            if lowered in ORG_OPENERS:
                tok = state.tokens[before]
                return not _inside_a_place(state, tok.start, tok.end)
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
    nxt = span.j + 1
    if nxt >= len(state.gaps):
        return False
    end = state.tokens[nxt].end
    return (
        state.text[end : end + 1] == "&"
        and state.gaps[nxt] in JOINERS  # adjacent
        and state.texts[nxt][:1].isupper()
    )


def _agreement_follows(state: State, span: Span) -> bool:
    """ "the Sweden agreement", "the Sudan peace agreement", "the Minsk Accords"."""
    lowers, gaps = state.lowers, state.gaps
    if span.i == 0 or lowers[span.i - 1] not in _ARTICLES:
        return False
    k = span.j + 1
    if k < len(gaps) and lowers[k] in AGREEMENT_QUALIFIERS:
        if gaps[k] not in JOINERS:  # not adjacent
            return False
        k += 1
    return k < len(gaps) and gaps[k] in JOINERS and lowers[k] in AGREEMENT_WORDS

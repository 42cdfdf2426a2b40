"""Candidate spans, pieces of long texts, and "A, B" containers.

Examples
--------
>>> from conflictmap.text.tokens import tokenize
>>> text = "Rio de Janeiro, Gao"
>>> [text[s.start:s.end] for s in candidate_spans(text, tokenize(text))]
['Rio', 'Rio de Janeiro', 'Janeiro', 'Gao']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from itertools import compress, count, repeat
from operator import attrgetter

from conflictmap.model import MentionKind
from conflictmap.recognize.base import Span, Spot, fold_memo
from conflictmap.recognize.context import ABBREVIATED_FIRST, JOINERS
from conflictmap.recognize.lexicon import ADMIN_COMPLETIONS, ADMIN_HEADS, CONNECTORS
from conflictmap.recognize.regions import REGION_WORDS
from conflictmap.text.folding import fold
from conflictmap.text.tokens import Columns, Token, gaps_of
from conflictmap.tuning.recognize import DEFAULT

__all__ = [
    "article_variant",
    "candidate_spans",
    "chunks",
    "completions",
    "elided",
    "link_containers",
]

#: a French or Italian elided article or preposition before a capital: "d'Ivoire",
#: "d’Oise", "l'Aquila" (the tokenizer keeps the particle on the word)
_ELIDED = re.compile(r"^[dlDL]['’][A-ZÀ-Ý]")
#: the marks of :data:`_ELIDED` (a word without one in second place is no elision)
_ELISIONS = ("'", "’")
#: "of" then a capitalised word: where an official name may drop its "the"
_ARTICLE_DROPPED = "of"
_SENTENCE_CUT = re.compile(r"[.!?]['\"”’)]*\s+")
_CONTAINED = (MentionKind.NAME, MentionKind.VARIANT)
_CONTAINERS = (MentionKind.NAME, MentionKind.ABBREVIATION)
#: what stands between a place and its container in "A, B"
_CONTAINER_GAPS = (", ", ",\n", " , ", ",")
#: what stands between a place and the region it is said to be in, when the region is
#: written with its region word: "Oleksandrivka in the Bohodukhiv district"
_IN_GAPS = (" in ", " in the ")
#: "Tal Rifaat, a town in the north of Aleppo province"-like gaps: what the place is,
#: then where (the container is read as a region only when its candidates are regions)
_APPOSITION = re.compile(
    r",\s+(?:a|an|the)\s+(?:[a-z]+\s+)?(?:village|town|city|hamlet|settlement|locality|"
    r"district|area|region|province|suburb|neighbourhood|neighborhood|camp)\s+in\s+(?:the\s+)?"
)


def candidate_spans(
    text: str,
    tokens: Sequence[Token],
    max_words: int = DEFAULT.max_words,
    extends: Callable[[str], bool] | None = None,
    columns: Columns | None = None,
) -> list[Span]:
    """Every capitalised span of up to ``max_words`` words, connectors inside.

    With ``extends``, only the spans that may matter are made: none from a word whose
    key ``extends`` says no key worth a span starts with, and a span is not
    lengthened past one whose key it says that of. The key of a longer span (and of
    its article variant, and of an administrative word added) starts with the key of
    the shorter one, since the words are joined by punctuation or spaces
    (:data:`~conflictmap.recognize.context.JOINERS`, ". "), which fold to nothing and
    start no combining sequence. ``columns``, when given, are those of ``tokens``.
    """
    spans: list[Span] = []
    append = spans.append
    n = len(tokens)
    texts = list(map(_TEXT, tokens)) if columns is None else columns.texts
    capitals = list(map(_CAPITALISED, tokens)) if columns is None else columns.capitalised
    gaps = gaps_of(tokens, text) if columns is None else columns.gaps
    heads = {
        j - 1: tokens[j]
        for j in compress(count(), map(ADMIN_HEADS.__contains__, texts))
        if j and gaps[j] == " "
    }  # "Lakes state": the lower-case administrative word right after token j - 1
    firsts = list(compress(count(), capitals))
    # each capitalised word's key (the token's text: text[start:end]), and which of them
    # may start a name: asked of every word at once, in C where ``extends`` is a memo's
    # lookup (no name starts with a word ``extends`` says no to: no span from it is one)
    keys = list(map(fold_memo.__getitem__, compress(texts, capitals)))
    chosen: Iterator[tuple[int, str]] = zip(firsts, keys, strict=True)
    if extends is not None:
        chosen = compress(chosen, map(extends, keys))
    for i, key in chosen:
        start, end, word, _, _, _ = tokens[i]
        if word.isdigit():
            continue
        append(Span(i, i, start, end, key))
        if i in heads:
            head_end = heads[i].end
            append(Span(i, i + 1, start, head_end, fold_memo[text[start:head_end]], key))
        if i + 1 == n or (gaps[i + 1] not in _JOINER_SET and gaps[i + 1] != ". "):
            continue  # the loop below would stop at once (its first test)
        for j in range(i + 1, min(n, i + max_words)):
            _, cur_end, cur, _, capitalised, _ = tokens[j]
            gap = gaps[j]  # text[end:cur_start]: ``end`` is token j - 1's
            if gap not in _JOINER_SET and not (gap == ". " and word.lower() in ABBREVIATED_FIRST):
                break  # see context.joinable
            end, word = cur_end, cur
            if not capitalised and not cur.isdigit():
                if cur.lower() in CONNECTORS:
                    continue  # inside a span, never its last word
                if not (cur[1:2] in _ELISIONS and _ELIDED.match(cur) is not None):
                    break  # not elided(cur)
            if extends is not None and j > i + 1 and not extends(key):
                break  # no longer span from i can be a name (see the docstring)
            key = fold_memo[text[start:end]]
            append(Span(i, j, start, end, key))
            if j in heads:
                head_end = heads[j].end
                append(Span(i, j + 1, start, head_end, fold_memo[text[start:head_end]], key))
    return spans


#: :data:`~conflictmap.recognize.context.JOINERS` as a set (one hash probe, not four)
_JOINER_SET = frozenset(JOINERS)
_TEXT = attrgetter("text")
_CAPITALISED = attrgetter("capitalised")
_END = attrgetter("end")
#: how every gap of link_containers opens (_CONTAINER_GAPS, _IN_GAPS, an apposition's ",")
_GAP_OPENINGS = (",", " ,", " in ")


def elided(word: str) -> bool:
    """True for a word that is an elided particle and a capitalised name: "d'Ivoire".

    >>> elided("d'Ivoire"), elided("d’Oise"), elided("don't"), elided("Ivoire")
    (True, True, False, False)
    """
    return word[1:2] in _ELISIONS and _ELIDED.match(word) is not None


def article_variant(text: str, tokens: Sequence[Token], span: Span) -> str | None:
    """The key of ``span`` with the article of an official name put in or taken out.

    Official names are written with and without "the" after "of": "Democratic
    Republic of Congo" and "... of the Congo", "Republic of the Gambia". The
    variant is looked up when the name as written is not known.

    >>> from conflictmap.text.tokens import tokenize
    >>> text = "the Democratic Republic of Congo"
    >>> tokens = tokenize(text)
    >>> article_variant(text, tokens, Span(1, 4, 4, len(text), "democraticrepublicofcongo"))
    'democraticrepublicofthecongo'
    """
    if span.j - span.i < 2:
        return None
    words = [t.text.lower() for t in tokens[span.i : span.j + 1]]
    if _ARTICLE_DROPPED not in words[1:-1]:
        return None
    at = words.index(_ARTICLE_DROPPED, 1)
    if words[at + 1] == "the":
        if at + 2 > len(words) - 1:
            return None
        cut = tokens[span.i + at + 1]
        return fold(text[span.start : cut.start] + text[cut.end : span.end])
    after = tokens[span.i + at]
    return fold(text[span.start : after.end] + " the" + text[after.end : span.end])


def completions(key: str) -> tuple[str, ...]:
    """``key`` with an administrative word added.

    >>> completions("rakhine")[:2]
    ('rakhinestate', 'rakhineprovince')
    """
    return tuple(key + word for word in ADMIN_COMPLETIONS)


def chunks(text: str, size: int = DEFAULT.chunk_chars) -> list[tuple[int, int]]:
    """Cut ``text`` into pieces of about ``size`` characters at paragraph or sentence ends.

    >>> chunks("a" * 10)
    [(0, 10)]
    >>> chunks("One. Two. Three.", size=8)
    [(0, 5), (5, 10), (10, 16)]
    """
    out = []
    start = 0
    n = len(text)
    while n - start > size:
        cut = text.rfind("\n\n", start + size // 2, start + size)
        if cut < 0:
            ends = [m.end() for m in _SENTENCE_CUT.finditer(text, start + size // 2, start + size)]
            cut = ends[-1] if ends else -1
        if cut <= start:
            cut = text.rfind(" ", start + size // 2, start + size) + 1 or start + size
        out.append((start, cut))
        start = cut
    out.append((start, n))
    return out


def link_containers(text: str, spots: list[Spot]) -> list[Spot]:
    """Mark the pairs where B (a region, country or state abbreviation) contains A.

    "A, B"; "A in B" and "A in the B" when B ends in a region word ("in the
    Bohodukhiv district", "in Kharkiv region"); "A, a village in B".

    >>> from conflictmap.recognize.base import Spot
    >>> text = "Oleksandrivka in the Bohodukhiv district"
    >>> spots = [Spot(start=0, end=13, text="Oleksandrivka", key="oleksandrivka"),
    ...          Spot(start=21, end=40, text="Bohodukhiv district", key="bohodukhivdistrict")]
    >>> [s.container for s in link_containers(text, spots)]
    [1, None]
    >>> spots[1] = Spot(start=21, end=31, text="Bohodukhiv", key="bohodukhiv")
    >>> [s.container for s in link_containers(text[:31], spots)]
    [None, None]
    """
    out = list(spots)
    # every gap tried below opens with one of _GAP_OPENINGS: only the spots followed by
    # one are looked at (one pass in C over the others)
    ends = map(_END, out[:-1])
    for index in compress(count(), map(text.startswith, repeat(_GAP_OPENINGS), ends)):
        a, b = out[index], out[index + 1]
        if a.kind not in _CONTAINED or b.kind not in _CONTAINERS:
            continue
        gap = text[a.end : b.start]
        if (
            gap in _CONTAINER_GAPS
            or (gap in _IN_GAPS and _region_worded(b.text))
            or (gap[:1] == "," and _APPOSITION.fullmatch(gap))  # an apposition opens so
        ):
            out[index] = replace(a, container=index + 1)
    return out


def _region_worded(name: str) -> bool:
    """True when ``name`` ends in a region word ("Bohodukhiv district", "Idlib Province")."""
    return name.rsplit(" ", 1)[-1].lower() in REGION_WORDS

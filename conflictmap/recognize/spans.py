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
from collections.abc import Sequence
from dataclasses import replace

from conflictmap.model import MentionKind
from conflictmap.recognize.base import Span, Spot
from conflictmap.recognize.context import joinable
from conflictmap.recognize.lexicon import CONNECTORS
from conflictmap.text.folding import fold
from conflictmap.text.tokens import Token
from conflictmap.tuning.recognize import DEFAULT

__all__ = ["candidate_spans", "chunks", "link_containers"]

_SENTENCE_CUT = re.compile(r"[.!?]['\"”’)]*\s+")
_CONTAINED = (MentionKind.NAME, MentionKind.VARIANT)
_CONTAINERS = (MentionKind.NAME, MentionKind.ABBREVIATION)
#: what stands between a place and its container in "A, B"
_CONTAINER_GAPS = (", ", ",\n", " , ", ",")


def candidate_spans(
    text: str, tokens: Sequence[Token], max_words: int = DEFAULT.max_words
) -> list[Span]:
    """Every capitalised span of up to ``max_words`` words, connectors inside."""
    spans = []
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if not tok.capitalised or tok.text.isdigit():
            continue
        j = i
        while j < n and j - i < max_words:
            cur = tokens[j]
            if j > i:
                gap = text[tokens[j - 1].end : cur.start]
                if not joinable(gap, tokens[j - 1]):
                    break
                if not (cur.capitalised or cur.text.lower() in CONNECTORS or cur.text.isdigit()):
                    break
            if cur.capitalised or (cur.text.isdigit() and j > i):
                spans.append(Span(i, j, tok.start, cur.end, fold(text[tok.start : cur.end])))
            j += 1
    return spans


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
    """Mark "A, B" pairs where B (a region, country or state abbreviation) contains A."""
    out = list(spots)
    for index in range(len(out) - 1):
        a, b = out[index], out[index + 1]
        if a.kind not in _CONTAINED or b.kind not in _CONTAINERS:
            continue
        if text[a.end : b.start] in _CONTAINER_GAPS:
            out[index] = replace(a, container=index + 1)
    return out

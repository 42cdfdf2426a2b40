"""Facts about a result's places that several exports share.

Examples
--------
>>> from conflictmap.model import Mention, Place, Result
>>> gao = Place(id="g:1", name="Gao", lat=16.27, lon=-0.04, country="ML", kind="city")
>>> result = Result(id="a", text="Gao fell. Rebels left Gao.", places=(gao,), mentions=(
...     Mention(start=0, end=3, text="Gao", place="g:1", confidence=0.6),
...     Mention(start=22, end=25, text="Gao", place="g:1", confidence=0.9, reason="correction")))
>>> best_confidence(result), first_sentences(result), corrected_ids(result)
({'g:1': 0.9}, {'g:1': 'Gao fell.'}, frozenset({'g:1'}))
"""

from __future__ import annotations

from conflictmap.model import Result
from conflictmap.text.tokens import sentence_spans

__all__ = ["best_confidence", "corrected_ids", "first_sentences"]


def best_confidence(result: Result) -> dict[str, float]:
    """The highest confidence among each place's mentions, by place id."""
    best: dict[str, float] = {}
    for m in result.mentions:
        if m.place is not None:
            best[m.place] = max(best.get(m.place, 0.0), m.confidence)
    return best


def first_sentences(result: Result) -> dict[str, str]:
    """The sentence of each place's first mention, by place id (as written)."""
    spans = sentence_spans(result.text) if result.text else []
    out: dict[str, str] = {}
    for mention in result.mentions:
        if mention.place is None or mention.place in out:
            continue
        for start, end in spans:
            if start <= mention.start < end:
                out[mention.place] = result.text[start:end]
                break
    return out


def corrected_ids(result: Result) -> frozenset[str]:
    """Ids of the places a user's correction chose for some mention."""
    return frozenset(
        m.place for m in result.mentions if m.reason == "correction" and m.place is not None
    )

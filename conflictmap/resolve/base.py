"""What resolution is: the :class:`Resolver` protocol and its answer, :class:`Resolution`.

A resolver takes the article and what recognition spotted in it and chooses a
place for each spot. Its answer keeps the ranked candidates of every name with
their scores (log-odds-like units) and the softmax temperature that turns scores
into shares, so that later evidence (the article's own statements,
:mod:`conflictmap.statements.evidence`) can re-rank without the resolver.

Examples
--------
>>> [round(p, 3) for p in softmax([2.0, 0.0], temperature=1.0)]
[0.881, 0.119]
>>> from conflictmap.model import Place
>>> ranked = [Scored(place=Place(id=f"t:{n}", name="X", lat=0.0, lon=0.0), score=s)
...           for n, s in enumerate([2.0, 0.0])]
>>> round(share(ranked, 2.0, temperature=1.0), 3)
0.881
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from conflictmap.model import Mention, Place
from conflictmap.recognize.spotter import Spot, Spots

__all__ = ["Resolution", "Resolver", "Scored", "share", "softmax"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Scored:
    """A candidate place of a name and its score."""

    place: Place
    score: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolution:
    """A resolver's answer for one article."""

    mentions: tuple[Mention, ...]
    places: tuple[Place, ...]
    #: ranked candidates of each spot, by spot index
    ranked: Mapping[int, tuple[Scored, ...]]
    spots: tuple[Spot, ...]
    #: the article's focus: country code → share of the evidence, largest first
    focus: Mapping[str, float]
    #: the article's first-level regions: (country, admin1) → share of the region
    #: votes, largest first (the same votes as ``focus``)
    regions: Mapping[tuple[str, str], float] = field(default_factory=dict)
    #: the confidence model's inputs for each resolved name, by spot index
    features: Mapping[int, Mapping[str, float]] = field(default_factory=dict)
    #: the softmax temperature of the scores in ``ranked`` (see :func:`share`)
    temperature: float = 1.0


class Resolver(Protocol):
    """Anything that chooses places for spots (:class:`~conflictmap.resolve.GazetteerResolver`)."""

    def resolve(self, text: str, spots: Spots) -> Resolution: ...


def softmax(scores: Sequence[float], temperature: float) -> list[float]:
    """The shares of ``exp(score / temperature)``, one per score (empty for none)."""
    if not scores:
        return []
    top = max(scores)
    exps = [math.exp((s - top) / temperature) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def share(ranked: Sequence[Scored], top: float, temperature: float, *, first: int = 10) -> float:
    """The softmax share of the score ``top`` among the ``first`` ranked candidates."""
    denominator = sum(math.exp((s.score - top) / temperature) for s in ranked[:first])
    return 1.0 / denominator if denominator > 0 else 1.0

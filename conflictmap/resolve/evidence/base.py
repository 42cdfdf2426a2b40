"""What a piece of evidence is: a unit that adds one score term per candidate.

The resolver sums, for each candidate of each name, the terms of its **priors**
(what the candidate is: kind, size, corrections), computed once per article, and
of its **evidence** (what the article says around it: containers, focus,
proximity, other spellings), computed again in every round from the current
:class:`Belief`. A unit may add several terms (``names``, one per term, in the
order they are added); the order of terms is the order of the sum.

A unit is built from the tuning (``Unit(config)``), so swapping, removing or
re-weighting one is a matter of the list the resolver is given.

Examples
--------
>>> class Nothing:
...     names = ("nothing",)
...     def start(self, article):
...         return lambda belief: [[[0.0] * len(g.candidates) for g in article.groups]]
>>> isinstance(Nothing(), Evidence)
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from conflictmap.model import Place
from conflictmap.recognize.spotter import Spot
from conflictmap.resolve.groups import Group
from conflictmap.store.gazetteer import Gazetteer

__all__ = ["Article", "Belief", "Evidence", "Prior", "Scorer", "Terms", "zeros"]

#: one term per candidate of each group: ``terms[group][candidate]``
Terms = list[list[float]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """What evidence reads: the article's spots, its name groups and the places named outright."""

    spots: tuple[Spot, ...]
    groups: tuple[Group, ...]
    #: places that demonym, abbreviation and border spots name, by id
    fixed: Mapping[str, Place]
    #: demonyms' place ids and how often they occur ("Malian" → Mali)
    demonyms: Mapping[str, int]
    gazetteer: Gazetteer


@dataclass(frozen=True, slots=True, kw_only=True)
class Belief:
    """The resolver's belief after a round: each group's scores and softmax shares."""

    scores: tuple[tuple[float, ...], ...]
    shares: tuple[tuple[float, ...], ...]

    def best(self, group: int) -> int | None:
        """The index of the group's most believed candidate (the first on a tie)."""
        shares = self.shares[group]
        return max(range(len(shares)), key=shares.__getitem__) if shares else None


#: a unit's per-article scorer: the current belief in, one :data:`Terms` per name out
Scorer = Callable[[Belief], Sequence[Terms]]


@runtime_checkable
class Prior(Protocol):
    """Evidence about what a candidate is, the same in every round."""

    @property
    def names(self) -> tuple[str, ...]:
        """The names of the terms :meth:`prior` returns, in order."""
        ...

    def prior(self, article: Article) -> Sequence[Terms]: ...


@runtime_checkable
class Evidence(Protocol):
    """Evidence that depends on what the other names are believed to be."""

    @property
    def names(self) -> tuple[str, ...]:
        """The names of the terms its scorer returns, in order."""
        ...

    def start(self, article: Article) -> Scorer: ...


def zeros(article: Article) -> Terms:
    """A :data:`Terms` of zeros, shaped like ``article``'s groups."""
    return [[0.0] * len(group.candidates) for group in article.groups]

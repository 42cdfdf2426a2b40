"""The user's corrections, above everything.

A correction either attaches the name to a place (the candidate is
``corrected``: a large bonus, :attr:`~conflictmap.tuning.resolve.ResolveTuning.corrected`)
or chooses the place for the name outright (the candidate is ``preferred``: it is
*pinned* at :attr:`~conflictmap.tuning.resolve.ResolveTuning.preferred_score` and
no other evidence touches it). Either way the mention reports the correction as
its reason and a fixed high confidence.

Examples
--------
>>> from conflictmap.model import Place
>>> from conflictmap.store.gazetteer import CORRECTED, PREFERRED, Candidate
>>> place = Place(id="user:1", name="Kona", lat=14.9, lon=-3.9)
>>> corrections = Corrections(ResolveTuning())
>>> chosen, attached = Candidate(place=place, flags=PREFERRED), Candidate(place=place, flags=CORRECTED)
>>> corrections.pin(chosen), corrections.pin(attached)
(1000.0, None)
>>> is_correction(attached), is_correction(Candidate(place=place))
(True, False)
"""

from __future__ import annotations

from collections.abc import Sequence

from conflictmap.resolve.evidence.base import Article, Terms
from conflictmap.store.gazetteer import Candidate
from conflictmap.tuning.resolve import ResolveTuning

__all__ = ["Corrections", "is_correction"]


class Corrections:
    """A prior term for corrected candidates, and the pinned score of a chosen one."""

    names = ("corrected",)

    def __init__(self, config: ResolveTuning) -> None:
        self.bonus = config.corrected
        self.pinned = config.preferred_score

    def prior(self, article: Article) -> Sequence[Terms]:
        return (
            [
                [self.bonus if c.corrected else 0.0 for c in group.candidates]
                for group in article.groups
            ],
        )

    def pin(self, candidate: Candidate) -> float | None:
        """The fixed score of a candidate the user chose for the name, else ``None``."""
        return self.pinned if candidate.preferred else None


def is_correction(candidate: Candidate) -> bool:
    """True when the user's corrections attach the name to this place or choose it."""
    return candidate.corrected or candidate.preferred

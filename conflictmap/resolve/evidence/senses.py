"""One sense per article, across spellings: "Diabaly" where "Diabali" is already placed.

Every spot of one name is one :class:`~conflictmap.resolve.groups.Group`, so it
gets one place. A name written another way ("Diabili", "Diabaly": the same first
letter, at most :attr:`~conflictmap.tuning.resolve.ResolveTuning.spelling_edits`
edits apart) whose anchor is one of this name's candidates makes that candidate
the likely one: it earns ``named_elsewhere``.

Examples
--------
>>> spelled_alike("diabali", "diabili", edits=2), spelled_alike("diabali", "kidal", edits=2)
(True, False)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

from conflictmap.resolve.evidence.base import Article, Belief, Scorer, Terms
from conflictmap.resolve.evidence.proximity import anchors_of
from conflictmap.tuning.resolve import ResolveTuning

__all__ = ["NamedElsewhere", "spelled_alike"]


def spelled_alike(a: str, b: str, *, edits: int) -> bool:
    """Two different folded names that are one name spelled two ways."""
    return (
        a != b
        and a[:1] == b[:1]
        and abs(len(a) - len(b)) <= edits
        and Levenshtein.distance(a, b, score_cutoff=edits) <= edits
    )


class NamedElsewhere:
    """``named_elsewhere`` for a candidate that another spelling of the name is anchored at."""

    names = ("named_elsewhere",)

    def __init__(self, config: ResolveTuning) -> None:
        self.config = config

    def start(self, article: Article) -> Scorer:
        last: list[tuple[list[tuple[str, str]], Terms]] = []

        def scorer(belief: Belief) -> Sequence[Terms]:
            anchored = self._anchored(article, belief)
            if not last or last[0][0] != anchored:  # else the last round's terms hold
                last[:] = [(anchored, self._terms(article, anchored))]
            return (last[0][1],)

        return scorer

    def terms(self, article: Article, belief: Belief) -> Terms:
        """The term of every candidate under ``belief``."""
        return self._terms(article, self._anchored(article, belief))

    def _anchored(self, article: Article, belief: Belief) -> list[tuple[str, str]]:
        """The names of the article's anchors and their places' ids."""
        anchors = anchors_of(article, belief, self.config.anchor_share)
        return [(article.spots[idx].key, place.id) for idx, place in anchors.items()]

    def _terms(self, article: Article, anchored: Sequence[tuple[str, str]]) -> Terms:
        """Each group compared with the anchors that share its first letter and have a
        length within ``spelling_edits`` of its own (only those can be spelled alike),
        so that an article of many names and anchors stays near linear."""
        config = self.config
        edits = config.spelling_edits
        by_head: defaultdict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
        for key, pid in anchored:
            by_head[(key[:1], len(key))].append((key, pid))
        terms: Terms = []
        for group in article.groups:
            head, size = group.key[:1], len(group.key)
            elsewhere = {
                pid
                for length in range(size - edits, size + edits + 1)
                for key, pid in by_head.get((head, length), ())
                if spelled_alike(key, group.key, edits=edits)
            }
            if not elsewhere:
                terms.append([0.0] * len(group.candidates))
                continue
            terms.append(
                [
                    config.named_elsewhere if c.place.id in elsewhere else 0.0
                    for c in group.candidates
                ]
            )
        return terms

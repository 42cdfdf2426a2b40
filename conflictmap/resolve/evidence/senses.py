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
from conflictmap.resolve.groups import Group
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
        alike = _Alike(article.groups, self.config.spelling_edits)

        def scorer(belief: Belief) -> Sequence[Terms]:
            anchored = self._anchored(article, belief)
            if not last or last[0][0] != anchored:  # else the last round's terms hold
                last[:] = [(anchored, self._terms(article, anchored, alike))]
            return (last[0][1],)

        return scorer

    def terms(self, article: Article, belief: Belief) -> Terms:
        """The term of every candidate under ``belief``."""
        return self._terms(article, self._anchored(article, belief))

    def _anchored(self, article: Article, belief: Belief) -> list[tuple[str, str]]:
        """The names of the article's anchors and their places' ids."""
        anchors = anchors_of(article, belief, self.config.anchor_share)
        return [(article.spots[idx].key, place.id) for idx, place in anchors.items()]

    def _terms(
        self, article: Article, anchored: Sequence[tuple[str, str]], alike: _Alike | None = None
    ) -> Terms:
        """Each candidate's term: ``named_elsewhere`` when an anchor spelled like its
        name is at it. ``alike``: the groups each anchor's name is spelled like, kept
        for the article (the anchors of one round are mostly those of the last)."""
        config = self.config
        if alike is None:
            alike = _Alike(article.groups, config.spelling_edits)
        elsewhere: dict[int, set[str]] = {}
        for key, pid in anchored:
            for number in alike.of(key):
                elsewhere.setdefault(number, set()).add(pid)
        terms: Terms = []
        for number, group in enumerate(article.groups):
            found = elsewhere.get(number)
            if not found:
                terms.append([0.0] * len(group.candidates))
                continue
            terms.append(
                [config.named_elsewhere if c.place.id in found else 0.0 for c in group.candidates]
            )
        return terms


class _Alike:
    """The groups a name is spelled like, found once per name.

    A name is compared only with the groups that share its first letter and have a
    length within ``edits`` of its own (only those can be spelled alike), so that an
    article of many names and anchors stays near linear.
    """

    def __init__(self, groups: Sequence[Group], edits: int) -> None:
        self.groups = groups
        self.edits = edits
        self.by_head: defaultdict[tuple[str, int], list[int]] | None = None
        self.found: dict[str, list[int]] = {}

    def of(self, key: str) -> list[int]:
        """The indexes of the groups whose name ``key`` is spelled like."""
        found = self.found.get(key)
        if found is not None:
            return found
        if self.by_head is None:
            self.by_head = defaultdict(list)
            for number, group in enumerate(self.groups):
                self.by_head[(group.key[:1], len(group.key))].append(number)
        edits, head, size = self.edits, key[:1], len(key)
        found = self.found[key] = [
            number
            for length in range(size - edits, size + edits + 1)
            for number in self.by_head.get((head, length), ())
            if spelled_alike(key, self.groups[number].key, edits=edits)
        ]
        return found

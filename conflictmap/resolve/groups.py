"""One sense per article: the spots that share a name form one :class:`Group`.

Every spot of a name (its folded ``key``) gets the same place, so the resolver
scores a name's candidates once, for the whole group. Candidates the gazetteer
marks as all-capitals only ("US" the country, never "Us") are kept only when one
of the spots is written in capitals, or when a correction names them. A name
always written with a region word ("the Bohodukhiv district", "Kharkiv region")
names a region or district when it can: its other candidates are left out (a
town one of whose GeoNames alternate names is "Bohodukhiv district"); a name
written once with "city" or "town" ("Hama city") names a settlement when it can;
a name made with a word for a natural feature ("the Red Sea", "Lake Chad") names
the feature when it can, not the governorate named after it.

Examples
--------
>>> from conflictmap.model import Place
>>> from conflictmap.recognize.base import Spot
>>> from conflictmap.store.gazetteer import Gazetteer
>>> gaz = Gazetteer.from_places([
...     Place(id="t:1", name="Gao", lat=16.27, lon=-0.04, country="ML", kind="city")])
>>> spots = [Spot(start=0, end=3, text="Gao", key="gao"),
...          Spot(start=10, end=17, text="Malians", key="malian", kind="demonym"),
...          Spot(start=20, end=23, text="Gao", key="gao")]
>>> [(g.key, g.indexes, [c.place.id for c in g.candidates]) for g in groups_of(spots, gaz)]
[('gao', (0, 2), ['t:1'])]
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from conflictmap.model import MentionKind, Place, PlaceKind
from conflictmap.recognize.base import Spot, is_strong_cue
from conflictmap.recognize.regions import REGION_WORDS, TOWN_WORDS
from conflictmap.recognize.variants import is_guess
from conflictmap.resolve.variants import variant_candidates
from conflictmap.store.gazetteer import Candidate, Gazetteer
from conflictmap.tuning.resolve import ResolveTuning

__all__ = [
    "RESOLVED_KINDS",
    "Group",
    "fixed_places",
    "groups_of",
    "is_guess",
    "supported",
    "written_upper",
]

#: spots whose name the resolver chooses a place for
RESOLVED_KINDS = frozenset({MentionKind.NAME, MentionKind.VARIANT, MentionKind.UNKNOWN})
#: what a name written with a region word names, when it can
_AREAS = frozenset({PlaceKind.DISTRICT, PlaceKind.REGION})
#: words for natural and man-made features, first or last in a feature's name
_FEATURE_WORDS = frozenset(
    """sea gulf lake river mountains mountain desert strait straits valley plateau
    island islands peninsula bay coast corridor crossing heights massif hills""".split()
)
_FEATURES = frozenset({PlaceKind.FEATURE})
#: what a name written with "city" or "town" names, when it can
_POINT = frozenset(k for k in PlaceKind if k.is_point)
#: spots that name their places outright (``Spot.places``)
_FIXED_KINDS = frozenset({MentionKind.DEMONYM, MentionKind.ABBREVIATION, MentionKind.BORDER})


@dataclass(frozen=True, slots=True, kw_only=True)
class Group:
    """All spots sharing one name, and the name's candidate places."""

    key: str
    #: indexes of the spots, in text order
    indexes: tuple[int, ...]
    candidates: tuple[Candidate, ...]
    #: for each spot that has a container ("Paris, Texas"), the container's spot index
    containers: tuple[int, ...] = ()
    #: the candidates are those of names this one may be a spelling of
    variant: bool = False
    #: every spot lies inside a guess (a run no layer knows that took it in: "Numan"
    #: in "Ma'arat al-Numan"), so the name may be no name of its own
    inside: bool = False

    @property
    def first(self) -> int:
        """The index of the group's first spot (it stands for the group)."""
        return self.indexes[0]

    @property
    def vote_weight(self) -> float:
        """How much the name counts in the article's focus: 1, plus log of its repeats."""
        return 1.0 + math.log(len(self.indexes))


def written_upper(spot: Spot) -> bool:
    """True when the spot is written in capitals ("US", "U.S.")."""
    return _upper(spot.text)


def _upper(text: str) -> bool:
    return text.replace(".", "").isupper()


def supported(spot: Spot) -> bool:
    """A strong place cue or a container backs the spot up: "in Titan", "Titan, Texas".

    The cues are the spotter's (:func:`~conflictmap.recognize.base.is_strong_cue`).
    """
    return spot.container is not None or is_strong_cue(spot.cue)


def groups_of(
    spots: Sequence[Spot], gazetteer: Gazetteer, config: ResolveTuning | None = None
) -> tuple[Group, ...]:
    """The name groups of ``spots``, in order of each name's first spot.

    A name spotted only as ``unknown`` (after a place cue, no gazetteer name) takes
    the candidates of the names it may be a spelling of
    (:func:`~conflictmap.resolve.variants.variant_candidates`).
    """
    inside = _inside_guesses(spots)
    by_key: dict[str, list[int]] = defaultdict(list)
    for idx, spot in enumerate(spots):
        if spot.kind in RESOLVED_KINDS:
            by_key[spot.key].append(idx)
    groups = []
    for key, indexes in by_key.items():
        # what is read of the spots' words, read once per way the name is written (a
        # long article repeats a name thousands of times; any and all keep no order)
        texts = {spots[i].text for i in indexes}
        upper = any(_upper(text) for text in texts)
        found = gazetteer.candidates(key)
        variant = not found and all(spots[i].kind is MentionKind.UNKNOWN for i in indexes)
        if variant:
            found = variant_candidates(gazetteer, key, config)  # a spelling variant?
        candidates = tuple(c for c in found if not c.upper_only or upper or c.corrected)
        if any(text.rsplit(" ", 1)[-1] in TOWN_WORDS for text in texts):
            candidates = _kinds_first(candidates, _POINT)
        elif all(_region_worded(text) for text in texts):
            candidates = _kinds_first(candidates, _AREAS)
        elif all(_feature_worded(text) for text in texts):
            candidates = _kinds_first(candidates, _FEATURES)
        containers = tuple(
            container for i in indexes if (container := spots[i].container) is not None
        )
        groups.append(
            Group(key=key, indexes=tuple(indexes), candidates=candidates, containers=containers,
                  variant=variant, inside=bool(inside) and all(i in inside for i in indexes))
        )  # fmt: skip
    return tuple(groups)


def _inside_guesses(spots: Sequence[Spot]) -> set[int]:
    """The indexes of the spots that lie inside a longer guess (a run that took them in)."""
    runs = sorted((s.start, s.end) for s in spots if is_guess(s))
    if not runs:
        return set()
    starts = [start for start, _ in runs]
    out = set()
    for idx, spot in enumerate(spots):
        if is_guess(spot):
            continue
        k = bisect_right(starts, spot.start) - 1
        # runs do not overlap one another, so the run starting last before it is the one
        if k >= 0 and spot.end <= runs[k][1]:
            out.add(idx)
    return out


def _region_worded(text: str) -> bool:
    """True when a name ends in a region word ("Bohodukhiv district", "Idlib Province")."""
    return text.rsplit(" ", 1)[-1].lower() in REGION_WORDS


def _feature_worded(text: str) -> bool:
    """True when a name's first or last word is a feature word ("Red Sea", "Lake Chad")."""
    words = text.lower().split()
    return len(words) > 1 and (words[0] in _FEATURE_WORDS or words[-1] in _FEATURE_WORDS)


def _kinds_first(
    candidates: tuple[Candidate, ...], kinds: frozenset[PlaceKind]
) -> tuple[Candidate, ...]:
    """The candidates of ``kinds`` (and corrected ones), when there are any."""
    kept = tuple(c for c in candidates if c.place.kind in kinds or c.corrected)
    return kept if any(c.place.kind in kinds for c in kept) else candidates


def fixed_places(spots: Sequence[Spot], gazetteer: Gazetteer) -> dict[str, Place]:
    """The places that demonym, abbreviation and border spots name outright, by id."""
    out: dict[str, Place] = {}
    for spot in spots:
        if spot.kind in _FIXED_KINDS:
            for pid in spot.places:
                if pid not in out and gazetteer.exists(pid):
                    out[pid] = gazetteer.get(pid)
    return out

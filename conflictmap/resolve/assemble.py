"""From scores to mentions: rank each name's candidates, choose, and say how sure.

For each name the candidates are ranked by score (ties by place id). The best is
chosen unless the evidence that the name is a place at all is too thin (a low
score and no place cue or container: "Titan", "Metro"); then the name's spots
yield no mention. In a plainly focused article a settlement abroad that wins by
its prior alone gives way to a namesake in the focus country, or, with none, is
left unplaced (a capital then stays the capital). A place is never deleted for a
low calibrated confidence: below
:attr:`~conflictmap.tuning.resolve.ResolveTuning.doubtful_confidence` the mention
stays, with its low confidence and the reason :data:`DOUBTFUL` (the map draws it
hollow); a user who wants fewer cuts them (``geoparse(min_confidence=...)``,
``--min-confidence``).
Demonyms and state abbreviations become mentions of the place they name, border
spots of the border they name, and streets and buildings are put at the town the
article locates them in.

Examples
--------
>>> from conflictmap.model import Place
>>> koro = Place(id="t:koro", name="Koro", lat=14.06, lon=-3.08, country="ML", kind="town")
>>> named = [Mention(start=3, end=7, text="Koro", place="t:koro", confidence=0.9),
...          Mention(start=9, end=21, text="Grand Mosque", kind=MentionKind.FACILITY)]
>>> [(m.text, m.place, m.reason) for m in place_facilities(named, {"t:koro": koro}, ResolveTuning())]
[('Koro', 't:koro', None), ('Grand Mosque', 't:koro', 'facility in town')]
"""

from __future__ import annotations

import enum
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter, neg

from conflictmap.model import Mention, MentionKind, Place, PlaceKind
from conflictmap.model.direct import direct
from conflictmap.recognize.spotter import Spot
from conflictmap.resolve.base import Resolution, Scored
from conflictmap.resolve.borders import border_of
from conflictmap.resolve.confidence import Calibrator, Words, features_of, words_of
from conflictmap.resolve.evidence.base import Article, Belief
from conflictmap.resolve.evidence.corrections import is_correction
from conflictmap.resolve.evidence.focus import (
    focus_votes,
    group_votes,
    main_region,
    others_focus,
    votes_of,
)
from conflictmap.resolve.facilities import FACILITY_IN_TOWN, place_facilities
from conflictmap.resolve.groups import Group, is_guess, supported
from conflictmap.tuning.resolve import ResolveTuning

__all__ = ["CORRECTION", "DOUBTFUL", "FACILITY_IN_TOWN", "Assembler", "Choice", "Dropped", "rank"]

#: ``Mention.reason`` of a place the user's corrections chose
CORRECTION = "correction"
#: what is left of the article's votes without a name's own: rounding, not a vote
_NO_VOTES = 1e-9
#: a mention from every field in declaration order, set directly (one per spot)
_MENTION = direct(Mention)
#: a ranked candidate (place, score), set directly (one per candidate)
_SCORED = direct(Scored, ("place", "score"))
#: spots whose place the spotter fixed (or that are placed later): no choice to read
_FIXED_KINDS = frozenset(
    {MentionKind.DEMONYM, MentionKind.ABBREVIATION, MentionKind.BORDER, MentionKind.FACILITY}
)
#: ``Mention.reason`` of a place kept although its calibrated confidence is very low
DOUBTFUL = "doubtful"


class Dropped(enum.Enum):
    """Why a name yields no mention."""

    #: a low score and no place cue or container: judged not a place at all
    THIN = "thin evidence"


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice:
    """The place chosen for a name, with what the mention reports."""

    place: Place
    confidence: float
    alternatives: tuple[str, ...]
    reason: str | None = None


def rank(group: Group, scores: Sequence[float]) -> list[int]:
    """The indexes of the group's candidates, best score first (ties by place id).

    Sorted as ``(-score, place id, index)`` triples, compared in C: the order a stable
    sort by ``(-score, place id)`` gives (equal keys keep their index order).
    """
    candidates = group.candidates
    if len(scores) != len(candidates):  # not the group's: as the key reads them
        return sorted(range(len(scores)), key=lambda i: (-scores[i], candidates[i].place.id))
    ids = [candidate.place.id for candidate in candidates]
    return [i for _, _, i in sorted(zip(map(neg, scores), ids, range(len(ids)), strict=True))]


class Assembler:
    """Turns one article's final belief into a :class:`Resolution`."""

    def __init__(
        self,
        article: Article,
        *,
        config: ResolveTuning,
        calibrator: Calibrator | None,
        calibrate: bool,
    ) -> None:
        self.article = article
        self.config = config
        self.calibrator = calibrator if calibrate else None
        self.ranked: dict[int, tuple[Scored, ...]] = {}
        self.features: dict[int, Mapping[str, float]] = {}
        self.chosen: dict[int, Choice | Dropped] = {}
        self.focus: dict[str, float] = {}
        self.regions: dict[tuple[str, str], float] = {}
        self.votes: dict[str, float] = {}
        #: the votes of the article's names (not its demonyms), summed
        self.name_votes = 0.0
        #: each name's own country votes, by its first spot's index
        self.own_votes: dict[int, Mapping[str, float]] = {}
        #: the border of each border spot's places, found once (a text may repeat one)
        self.borders: dict[tuple[str, ...], Place | None] = {}
        self.words: Words | None = None

    def resolution(self, belief: Belief) -> Resolution:
        """Rank, choose and build the mentions of every spot."""
        votes, owns = group_votes(self.article.groups, belief.shares, self.config.min_vote_share)
        groups = self.article.groups
        self.own_votes = {group.first: own for group, own in zip(groups, owns, strict=True)}
        self.focus, self.regions, self.votes = focus_votes(self.article, belief, self.config, votes)
        self.name_votes = sum(votes.country.values())
        for number, group in enumerate(self.article.groups):
            scores = belief.scores[number]
            order, candidates = rank(group, scores), group.candidates
            ranked = tuple([_SCORED(candidates[i].place, scores[i]) for i in order])
            for idx in group.indexes:
                self.ranked[idx] = ranked
            if ranked:
                self._choose(group, order[0], ranked, belief.shares[number])
        places: dict[str, Place] = {}
        mentions = self._mentions(places)
        mentions.sort(key=attrgetter("start"))  # the guesses come after the spots
        mentions = place_facilities(mentions, places, self.config)
        return Resolution(
            mentions=tuple(mentions),
            places=tuple(places.values()),
            ranked=self.ranked,
            spots=self.article.spots,
            focus=self.focus,
            regions=self.regions,
            features=self.features,
            temperature=self.config.temperature,
        )

    def _choose(
        self, group: Group, top: int, ranked: Sequence[Scored], shares: Sequence[float]
    ) -> None:
        """Choose candidate ``top`` (``ranked[0]``) or drop the name, for all its spots."""
        config = self.config
        candidate = group.candidates[top]
        spots = [self.article.spots[i] for i in group.indexes]
        trusted = candidate.corrected or candidate.curated
        floor = config.lone_min_score if self._alone(group, shares) else config.min_score
        thin = ranked[0].score < floor and not trusted
        if group.variant and not self._variant_placed(
            group, candidate.place, ranked[0].score, thin
        ):
            return  # a guessed spelling the article does not back: spotted, not placed
        if thin and not any(map(supported, spots)):
            self._record(group, Dropped.THIN)
            return
        if not trusted:
            local = self._in_context(group, top, shares, spots)
            if local is None:
                return  # the article is about elsewhere: spotted, not placed
            if local != top:  # a namesake where the story is outranks the one abroad
                top, candidate = local, group.candidates[local]
                home = candidate.place.id
                ranked = sorted(ranked, key=lambda r: r.place.id != home)  # stable: home first

        if self.words is None:  # asked of the gazetteer once per article
            self.words = words_of(self.article.gazetteer)
        inputs = features_of(
            key=group.key,
            candidate=candidate,
            ranked=ranked,
            share=shares[top],
            spots=spots,
            focus=self.focus,
            gazetteer=self.article.gazetteer,
            tuning=config.confidence,
            words=self.words,
        )
        confidence = shares[top]
        reason = CORRECTION if candidate.corrected else None
        if is_correction(candidate):
            confidence = config.corrected_confidence
        elif self.calibrator is not None:
            confidence = self.calibrator.probability(inputs)
            if confidence < config.doubtful_confidence and reason is None:
                reason = DOUBTFUL  # kept, flagged: perhaps not a place, or not this one
        choice = Choice(
            place=candidate.place,
            confidence=confidence,
            alternatives=tuple(s.place.id for s in ranked[1 : 1 + config.alternatives]),
            reason=reason,
        )
        for idx in group.indexes:
            self.features[idx] = inputs
        self._record(group, choice)

    def _alone(self, group: Group, shares: Sequence[float]) -> bool:
        """No other name of the article votes: no place can back this one.

        Demonyms do not count: "Russian troops neared Kupiansk" names one place.
        """
        own = self._own(group, shares)
        return self.name_votes - sum(own.values()) <= _NO_VOTES

    def _own(self, group: Group, shares: Sequence[float]) -> Mapping[str, float]:
        """The group's own country votes (counted with the article's, if it is one of its)."""
        own = self.own_votes.get(group.first)
        if own is None:
            own = votes_of([group], [shares], self.config.min_vote_share).country
        return own

    def _variant_placed(self, group: Group, place: Place, score: float, thin: bool) -> bool:
        """May a name placed through the spellings it may be (``group.variant``) be placed?

        Its best candidate must be in the article's main country and not thin. A guess
        (no spot with a cue: :func:`~conflictmap.resolve.groups.is_guess`) must be a
        settlement in the article's focus region, and score at least
        ``variant_guess_min_score`` instead.
        """
        if not self._in_focus(place):
            return False
        if not all(is_guess(self.article.spots[i]) for i in group.indexes):
            return not thin
        region = main_region(self.focus, self.regions)
        return (
            score >= self.config.variant_guess_min_score
            and place.kind.is_settlement
            and region is not None
            and (place.country, place.admin1) == region
        )

    def _in_focus(self, place: Place) -> bool:
        """Is ``place`` in the article's main country (or has the article no focus)?

        The name's own votes count in the focus, so a share threshold would let a
        lone guess carry itself; the main country is what the rest of the article says.
        """
        return not self.focus or next(iter(self.focus)) == place.country

    def _in_context(
        self, group: Group, top: int, shares: Sequence[float], spots: Sequence[Spot]
    ) -> int | None:
        """The candidate the article's context allows: ``top``, a namesake at home, or none.

        In a plainly focused article, a settlement in a country the rest of the
        article never names wins by its prior alone. Then a candidate of the same
        name in the focus country is chosen instead ("Juba" in a Marib story, where
        the gazetteer knows Yemen's, is not South Sudan's capital); with none, a
        lesser place is left unplaced ("Palma" in a Cabo Delgado story, when the
        gazetteer knows only Mallorca's) and a capital stays the capital ("talks in
        Doha").
        """
        config = self.config
        place = group.candidates[top].place
        if not place.kind.is_settlement or place.population >= config.abroad_max_population:
            return top
        if any(s.container is not None for s in spots):
            return top
        rest = others_focus(self.votes, group, shares, config, own=self._own(group, shares))
        if not rest:
            return top
        main = max(rest, key=rest.__getitem__)
        if rest[main] < config.abroad_focus_share:
            return top
        if rest.get(place.country or "", 0.0) >= config.abroad_country_share:
            return top
        order = sorted(range(len(shares)), key=lambda i: (-shares[i], i))
        home = [i for i in order if group.candidates[i].place.country == main]
        if home:
            return home[0]
        return top if place.kind is PlaceKind.CAPITAL else None

    def _hidden(self) -> set[int]:
        """Spots that give way: a run's inner names when the run is placed, else the run.

        The spotter may read a run it does not know ("Ma'arat al-Numan") over a name
        inside it ("Numan"); the run placed as a spelling variant is the mention.
        The names inside a run are found by bisection over the spots' starts.
        """
        spots = self.article.spots
        hidden: set[int] = set()
        runs = [idx for idx, spot in enumerate(spots) if spot.kind is MentionKind.UNKNOWN]
        if not runs:
            return hidden
        order = sorted(range(len(spots)), key=lambda i: spots[i].start)
        starts = [spots[i].start for i in order]
        for idx in runs:
            spot = spots[idx]
            inside = order[bisect_left(starts, spot.start) : bisect_left(starts, spot.end)]
            inner = [k for k in inside if k != idx and spots[k].end <= spot.end]
            if inner:
                hidden.update(inner if isinstance(self.chosen.get(idx), Choice) else [idx])
        return hidden

    def _record(self, group: Group, outcome: Choice | Dropped) -> None:
        for idx in group.indexes:
            self.chosen[idx] = outcome

    def _mentions(self, places: dict[str, Place]) -> list[Mention]:
        """The mentions of the spots in order (adding their places to ``places``).

        A name's spots share its choice: what their mentions report is read once per
        choice, and each plain name's mention made inline (a long article has tens of
        thousands); every other spot goes through :meth:`_mention`.
        """
        hidden, chosen, name = self._hidden(), self.chosen, MentionKind.NAME
        reported: dict[int, tuple[str, float, tuple[str, ...], str | None]] = {}
        mentions = []
        for idx, spot in enumerate(self.article.spots):
            if idx in hidden:
                continue
            outcome = chosen.get(idx)
            if spot.kind is name and type(outcome) is Choice:
                said = reported.get(id(outcome))  # the choices live in self.chosen
                if said is None:
                    said = reported[id(outcome)] = self._reported(outcome)
                    places.setdefault(outcome.place.id, outcome.place)
                mentions.append(_MENTION(spot.start, spot.end, spot.text, *said, name))
                continue
            mention = self._mention(idx, spot, places)
            if mention is not None:
                mentions.append(mention)
        return mentions

    def _reported(self, outcome: Choice) -> tuple[str, float, tuple[str, ...], str | None]:
        """What a placed name's mention reports: place, confidence, alternatives, reason."""
        config = self.config
        confidence = max(config.min_reported, min(outcome.confidence, config.max_reported))
        return outcome.place.id, confidence, outcome.alternatives, outcome.reason

    def _mention(self, idx: int, spot: Spot, places: dict[str, Place]) -> Mention | None:
        """The mention of one spot (``None``: no mention), adding its place to ``places``."""
        kind = spot.kind if type(spot.kind) is MentionKind else MentionKind(spot.kind)
        if kind in _FIXED_KINDS:
            return self._fixed(kind, spot, places)
        outcome = self.chosen.get(idx)
        if isinstance(outcome, Dropped):
            return None
        if outcome is None:  # no candidate: spotted, not resolved (a mere guess: no mention)
            return None if is_guess(spot) else _MENTION(spot.start, spot.end, spot.text, None,
                                                        0.0, (), None, kind)  # fmt: skip
        places.setdefault(outcome.place.id, outcome.place)
        if kind is MentionKind.UNKNOWN:
            kind = MentionKind.VARIANT  # placed through a spelling it may be a variant of
        return _MENTION(spot.start, spot.end, spot.text, *self._reported(outcome), kind)

    def _fixed(self, kind: MentionKind, spot: Spot, places: dict[str, Place]) -> Mention | None:
        """The mention of a demonym, abbreviation, border or facility spot."""
        config, confidence = self.config, 0.0
        place: Place | None = None
        if kind is MentionKind.BORDER:
            sides = tuple(spot.places)
            if sides not in self.borders:
                fixed, gazetteer = self.article.fixed, self.article.gazetteer
                self.borders[sides] = border_of(gazetteer, spot, fixed, self.focus)
            place, confidence = self.borders[sides], config.border_confidence
        elif kind is not MentionKind.FACILITY:  # a demonym or an abbreviation
            place = self.article.fixed.get(spot.places[0]) if spot.places else None
            if place is None:
                return None
            demonym = kind is MentionKind.DEMONYM
            confidence = config.demonym_confidence if demonym else config.abbreviation_confidence
        if place is None:  # an unknown border, or a facility (placed later)
            return _MENTION(spot.start, spot.end, spot.text, None, 0.0, (), None, kind)
        places.setdefault(place.id, place)
        return _MENTION(spot.start, spot.end, spot.text, place.id, confidence, (), None, kind)

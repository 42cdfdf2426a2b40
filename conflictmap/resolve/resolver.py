"""Toponym resolution: choose one gazetteer entry for each spotted name.

The resolver scores every candidate of a name with evidence a careful reader
uses, and picks the best:

* the user's corrections, above everything;
* what kind of place it is (country > capital > city > town > village > feature),
  how many people live there, and whether the name is its own or an alternate one;
* an explicit container: "Paris, Texas", "Louisville, Ky.", "Kidal, Mali";
* the article's focus, found jointly: each name's candidates vote for their
  country and first-level region in proportion to how likely they are, the votes
  re-weight the candidates, and this repeats a few times (so "Athens" and
  "Henderson County" settle together in Texas); demonyms ("Malian army") vote too;
* closeness to the places the article names with confidence;
* one sense per article: every mention of a name gets the same place;
* optional extra evidence, e.g. stated distances (:mod:`conflictmap.statements`).

Confidence is the chosen candidate's softmax share, lowered when the evidence is
thin (a small place far from everything else the article names).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import Levenshtein

from conflictmap.geo.geodesy import distance_km
from conflictmap.model import Layer, Mention, MentionKind, Place, PlaceKind
from conflictmap.recognize.spotter import Spot, Spots
from conflictmap.resolve.confidence import Calibrator, mention_features
from conflictmap.store.gazetteer import Candidate, Gazetteer

__all__ = ["Resolution", "Resolver", "Scored", "Weights", "border_place"]

#: kinds whose ``population`` is a sum over members, not a prior of their own
_AREA_KINDS = frozenset({"region", "district", "country", "continent", "border"})
_POINT_KINDS = frozenset({"capital", "city", "town", "village", "spot", "feature"})

ExtraScore = Callable[[Spot, Place, Mapping[int, Place]], float]


@dataclass(frozen=True, slots=True)
class Weights:
    """Scoring weights (log-odds-like units)."""

    kind: Mapping[str, float] = field(
        default_factory=lambda: {
            "country": 8.0,
            "continent": 6.0,
            "capital": 5.0,
            "region": 4.0,
            "city": 1.5,
            "district": 1.5,
            "town": 1.0,
            "village": 0.0,
            "spot": -0.5,
            "feature": -0.5,
            "border": 0.0,
        }
    )
    population: float = 0.5
    own_name: float = 2.5
    #: a region named like a town inside it ("Gao" region, "Gao" town): the bare name is the town
    region_named_like_town: float = -3.5
    curated: float = 2.0
    container: float = 6.0
    focus_country: float = 4.0
    focus_region: float = 3.0
    near_100km: float = 1.5
    near_500km: float = 0.7
    named_elsewhere: float = 2.0
    iterations: int = 3
    #: below this score a name with no place cue and no container is dropped: the
    #: evidence that it is a place at all is too thin ("Titan", "Metro")
    min_score: float = 6.5
    #: calibrated confidence below which a name is dropped
    min_confidence: float = 0.1
    temperature: float = 1.0


@dataclass(frozen=True, slots=True)
class Scored:
    place: Place
    score: float


@dataclass(frozen=True, slots=True)
class Resolution:
    mentions: tuple[Mention, ...]
    places: tuple[Place, ...]
    #: ranked candidates of each spot, by spot index
    ranked: Mapping[int, tuple[Scored, ...]]
    spots: tuple[Spot, ...]
    #: the article's focus: country code → share of the evidence
    focus: Mapping[str, float]
    #: the confidence model's inputs for each resolved name, by spot index
    features: Mapping[int, Mapping[str, float]] = field(default_factory=dict)


@dataclass(slots=True)
class _Group:
    """All spots sharing one name (one sense per article)."""

    key: str
    indexes: list[int]
    candidates: list[Candidate]
    prior: list[float]
    containers: list[set[str]]  # per container: acceptable (country) or (country, admin1)
    probs: list[float] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)


class Resolver:
    """Chooses a place for each spot.

    Examples
    --------
    >>> from conflictmap.recognize.spotter import Spotter
    >>> gaz = Gazetteer.from_places([
    ...     Place(id="t:1", name="Gao", lat=16.27, lon=-0.04, country="ML", kind="city",
    ...           population=133110),
    ...     Place(id="t:2", name="Gao", lat=11.65, lon=-2.18, country="BF", kind="town",
    ...           population=26453),
    ...     Place(id="t:3", name="Mali", lat=17.0, lon=-4.0, country="ML", kind="country"),
    ... ])
    >>> text = "In Mali, rebels held Gao."
    >>> res = Resolver(gaz).resolve(text, Spotter(gaz).spot(text))
    >>> [(m.text, m.place) for m in res.mentions]
    [('Mali', 't:3'), ('Gao', 't:1')]
    """

    def __init__(
        self,
        gazetteer: Gazetteer,
        *,
        weights: Weights | None = None,
        calibrator: Calibrator | None = None,
        calibrate: bool = True,
    ) -> None:
        self.gazetteer = gazetteer
        self.weights = weights or Weights()
        self.calibrator = calibrator if calibrator is not None else _default_calibrator()
        #: False: report the softmax share and drop nothing by confidence (for training)
        self.calibrate = calibrate

    def candidates(self, spot: Spot) -> list[Candidate]:
        cands = self.gazetteer.candidates(spot.key)
        surface_upper = spot.text.replace(".", "").isupper()
        return [c for c in cands if not c.upper_only or surface_upper or c.corrected]

    # -- main -------------------------------------------------------------------

    def resolve(self, text: str, spots: Spots, *, extra: ExtraScore | None = None) -> Resolution:
        w = self.weights
        items = spots.spots
        groups = self._groups(items)
        fixed = self._fixed_places(items)

        # Evidence that does not depend on choices: demonyms, state abbreviations.
        base_country: dict[str, float] = defaultdict(float)
        base_region: dict[tuple[str, str], float] = defaultdict(float)
        for pid, count in spots.demonyms.items():
            place = fixed.get(pid)
            if place is not None and place.country:
                base_country[place.country] += 0.5 * min(count, 3)
        for spot in items:
            if spot.kind == "abbreviation":
                place = fixed.get(spot.places[0])
                if place is not None and place.country:
                    base_country[place.country] += 0.5
                    if place.admin1:
                        base_region[(place.country, place.admin1)] += 1.0

        for group in groups:
            group.scores = list(group.prior)
            group.probs = _softmax(group.scores, w.temperature)

        anchors: dict[int, Place] = {}
        # Proximity depends only on the anchors: while they stay the same from one
        # iteration to the next, each candidate's bonus is reused.
        nearby: dict[tuple[int, int], float] = {}
        anchored: tuple[tuple[int, str], ...] | None = None
        grid = _AnchorGrid({})
        for _ in range(max(1, w.iterations)):
            country_votes, region_votes = _votes(groups)
            anchors = self._anchors(groups)
            signature = tuple((idx, place.id) for idx, place in anchors.items())
            if signature != anchored:
                anchored = signature
                grid = _AnchorGrid(anchors)
                nearby = {}
            variant_anchors = _variant_anchors(groups, anchors, items)
            country_share = _Shares(country_votes, base_country)
            region_share = _Shares(region_votes, base_region)
            for number, group in enumerate(groups):
                own_country, own_region = _votes([group])
                own_country_total = sum(own_country.values())
                own_region_total = sum(own_region.values())
                scores = []
                for idx, cand in enumerate(group.candidates):
                    place = cand.place
                    score = group.prior[idx]
                    if cand.preferred:
                        scores.append(score)
                        continue
                    score += self._container_bonus(group, place)
                    if place.country:
                        score += w.focus_country * country_share.of(
                            place.country, own_country, own_country_total
                        )
                        if place.admin1 and place.kind != "country":
                            score += w.focus_region * region_share.of(
                                (place.country, place.admin1), own_region, own_region_total
                            )
                    if place.kind in _POINT_KINDS or place.kind == "district":
                        bonus = nearby.get((number, idx))
                        if bonus is None:
                            bonus = nearby[(number, idx)] = self._proximity(place, group, grid)
                        score += bonus
                    if place.id in variant_anchors.get(group.key, ()):
                        score += w.named_elsewhere  # another spelling already names it
                    if extra is not None:
                        score += extra(items[group.indexes[0]], place, anchors)
                    scores.append(score)
                group.scores = scores
                group.probs = _softmax(scores, w.temperature)

        return self._assemble(text, items, groups, fixed, base_country)

    # -- steps ------------------------------------------------------------------

    def _groups(self, items: Sequence[Spot]) -> list[_Group]:
        by_key: dict[str, list[int]] = defaultdict(list)
        for idx, spot in enumerate(items):
            if spot.kind in ("name", "variant", "unknown"):
                by_key[spot.key].append(idx)
        groups = []
        for key, indexes in by_key.items():
            spot = items[indexes[0]]
            upper = any(items[i].text.replace(".", "").isupper() for i in indexes)
            cands = [
                c
                for c in self.gazetteer.candidates(key)
                if not c.upper_only or upper or c.corrected
            ]
            containers = []
            for i in indexes:
                container = items[i].container
                if container is not None:
                    containers.append(self._container_keys(items[container]))
            prior = [self._prior(spot, c) for c in cands]
            towns = {
                (c.place.country, c.place.admin1)
                for c in cands
                if c.place.kind in _POINT_KINDS and c.own_name
            }
            for n, c in enumerate(cands):
                if c.place.kind == "region" and (c.place.country, c.place.admin1) in towns:
                    prior[n] += self.weights.region_named_like_town
            groups.append(_Group(key, indexes, cands, prior, containers))
        return groups

    def _container_keys(self, spot: Spot) -> set[str]:
        """Country codes and ``CC.admin1`` codes a container spot may stand for."""
        keys: set[str] = set()
        if spot.kind == "abbreviation":
            places = [self.gazetteer.get(pid) for pid in spot.places if self.gazetteer.exists(pid)]
        else:
            places = [
                c.place
                for c in self.gazetteer.candidates(spot.key)
                if c.place.kind in ("country", "region")
            ]
        for place in places:
            if place.kind == "country" and place.country:
                keys.add(place.country)
            elif place.country and place.admin1:
                keys.add(f"{place.country}.{place.admin1}")
        return keys

    def _container_bonus(self, group: _Group, place: Place) -> float:
        if not group.containers or place.kind in ("country", "continent"):
            return 0.0
        hits = 0
        for keys in group.containers:
            if not keys:
                continue
            if place.country in keys or f"{place.country}.{place.admin1}" in keys:
                hits += 1
        return self.weights.container * hits / len(group.containers)

    def _prior(self, spot: Spot, cand: Candidate) -> float:
        w = self.weights
        place = cand.place
        if cand.preferred:
            return 1000.0
        score = w.kind.get(place.kind, 0.0)
        if place.kind not in _AREA_KINDS:
            score += w.population * math.log10(place.population + 1)
        if cand.own_name:
            score += w.own_name
        if cand.curated:
            score += w.curated
        if cand.corrected:
            score += 50.0
        return score

    def _anchors(self, groups: Sequence[_Group]) -> dict[int, Place]:
        """Confident point places: the evidence for proximity."""
        anchors: dict[int, Place] = {}
        for group in groups:
            if not group.candidates:
                continue
            best = max(range(len(group.probs)), key=group.probs.__getitem__)
            place = group.candidates[best].place
            if group.probs[best] >= 0.7 and place.kind in _POINT_KINDS | {"district", "region"}:
                anchors[group.indexes[0]] = place
        return anchors

    def _proximity(self, place: Place, group: _Group, anchors: _AnchorGrid) -> float:
        """Bonus for being near a place the article names with confidence."""
        w = self.weights
        own = group.indexes[0]
        near = anchors.nearness(place, 100.0, 500.0, skip=own)
        if near == 1:
            return w.near_100km
        if near == 2:
            return w.near_500km
        return 0.0

    def _fixed_places(self, items: Sequence[Spot]) -> dict[str, Place]:
        out: dict[str, Place] = {}
        for spot in items:
            if spot.kind in ("demonym", "abbreviation", "border"):
                for pid in spot.places:
                    if pid not in out and self.gazetteer.exists(pid):
                        out[pid] = self.gazetteer.get(pid)
        return out

    def _assemble(
        self,
        text: str,
        items: Sequence[Spot],
        groups: Sequence[_Group],
        fixed: Mapping[str, Place],
        base_country: Mapping[str, float],
    ) -> Resolution:
        country_votes, _ = _votes(groups)
        focus = dict(country_votes)
        for cc, value in base_country.items():
            focus[cc] = focus.get(cc, 0.0) + value
        total = sum(focus.values()) or 1.0
        focus = {cc: v / total for cc, v in sorted(focus.items(), key=lambda kv: -kv[1])}

        gaz = self.gazetteer
        ranked_all: dict[int, tuple[Scored, ...]] = {}
        features: dict[int, Mapping[str, float]] = {}
        chosen: dict[int, tuple[Place, float, tuple[str, ...], str | None] | None] = {}
        for group in groups:
            order = sorted(
                range(len(group.candidates)),
                key=lambda i: (-group.scores[i], group.candidates[i].place.id),
            )
            ranked = tuple(Scored(group.candidates[i].place, group.scores[i]) for i in order)
            for idx in group.indexes:
                ranked_all[idx] = ranked
            if not ranked:
                continue
            top = order[0]
            cand = group.candidates[top]
            confidence = group.probs[top]
            if group.scores[top] < self.weights.min_score and not (cand.corrected or cand.curated):
                weak = [i for i in group.indexes if not _supported(items[i])]
                if len(weak) == len(group.indexes):
                    for idx in group.indexes:
                        chosen[idx] = None
                    continue
            reason = "correction" if cand.corrected else None
            alternatives = tuple(s.place.id for s in ranked[1:4])
            spots_here = [items[i] for i in group.indexes]
            inputs = mention_features(
                score=group.scores[top],
                runner_up=ranked[1].score if len(ranked) > 1 else None,
                share=confidence,
                candidates=len(ranked),
                kind=cand.place.kind,
                own_name=cand.own_name,
                cue=any(_supported(sp) and sp.container is None for sp in spots_here),
                container=any(sp.container is not None for sp in spots_here),
                sentence_start=all(sp.sentence_start for sp in spots_here),
                population=cand.place.population,
                mentions=len(group.indexes),
                focus=focus.get(cand.place.country or "", 0.0),
                variant=all(sp.kind == "variant" for sp in spots_here),
                text=spots_here[0].text,
                runner_up_km=(
                    distance_km(
                        cand.place.lat, cand.place.lon, ranked[1].place.lat, ranked[1].place.lon
                    )
                    if len(ranked) > 1
                    else None
                ),
                main_country=bool(focus) and cand.place.country == next(iter(focus)),
                person_name=group.key in gaz.first_names or group.key in gaz.words("last_name"),
                english_word=group.key in gaz.words("english"),
            )
            if cand.corrected or cand.preferred:
                confidence = 0.99
            elif self.calibrate and self.calibrator is not None:
                confidence = self.calibrator.probability(inputs)
                if confidence < self.weights.min_confidence and not cand.curated:
                    for idx in group.indexes:
                        chosen[idx] = None  # almost surely not a place, or not this one
                    continue
            for idx in group.indexes:
                features[idx] = inputs
                chosen[idx] = (cand.place, confidence, alternatives, reason)

        mentions: list[Mention] = []
        places: dict[str, Place] = {}
        for idx, spot in enumerate(items):
            if spot.kind in ("demonym", "abbreviation"):
                place = fixed.get(spot.places[0]) if spot.places else None
                if place is None:
                    continue
                places.setdefault(place.id, place)
                conf = 0.9 if spot.kind == "abbreviation" else 0.8
                mentions.append(
                    Mention(
                        start=spot.start,
                        end=spot.end,
                        text=spot.text,
                        place=place.id,
                        confidence=conf,
                        alternatives=(),
                        reason=None,
                        kind=MentionKind(spot.kind),
                    )
                )
                continue
            if spot.kind == "border":
                border = self._border(spot, fixed, focus)
                if border is not None:
                    places.setdefault(border.id, border)
                mentions.append(
                    Mention(start=spot.start, end=spot.end, text=spot.text, place=border.id if border else None,
                            confidence=0.8 if border else 0.0, alternatives=(), reason=None, kind=MentionKind.BORDER)
                )  # fmt: skip
                continue
            if spot.kind == "facility":
                mentions.append(
                    Mention(
                        start=spot.start,
                        end=spot.end,
                        text=spot.text,
                        place=None,
                        confidence=0.0,
                        alternatives=(),
                        reason=None,
                        kind=MentionKind.FACILITY,
                    )
                )
                continue
            if idx in chosen and chosen[idx] is None:
                continue  # too weak to be a place
            picked = chosen.get(idx)
            if picked is None:
                mentions.append(
                    Mention(
                        start=spot.start,
                        end=spot.end,
                        text=spot.text,
                        place=None,
                        confidence=0.0,
                        alternatives=(),
                        reason=None,
                        kind=MentionKind(spot.kind),
                    )
                )
                continue
            place, conf, alternatives, reason = picked
            places.setdefault(place.id, place)
            mentions.append(
                Mention(start=spot.start, end=spot.end, text=spot.text, place=place.id, confidence=max(0.01, min(conf, 0.99)),
                        alternatives=alternatives, reason=reason, kind=MentionKind(spot.kind))
            )  # fmt: skip
        mentions = _place_facilities(mentions, places)
        return Resolution(
            tuple(mentions), tuple(places.values()), ranked_all, tuple(items), focus, features
        )

    def _border(
        self, spot: Spot, fixed: Mapping[str, Place], focus: Mapping[str, float]
    ) -> Place | None:
        named = [fixed[pid] for pid in spot.places if pid in fixed and fixed[pid].country]
        if not named:
            return None
        side = named[0].country or ""
        gaz = self.gazetteer
        for partner in focus:
            if partner == side:
                continue
            line = gaz.border(side, partner)
            if line is not None:
                return border_place(gaz, side, partner, line)
        return None


_STRONG_CUES = frozenset(
    "in near at outside from into toward towards across through via of town village city "
    "district province region county parish".split()
)


def _supported(spot: Spot) -> bool:
    """A place cue or a container backs the spot up: "in Titan", "Titan, Texas"."""
    return spot.container is not None or (spot.cue is not None and spot.cue in _STRONG_CUES)


def _place_facilities(mentions: list[Mention], places: Mapping[str, Place]) -> list[Mention]:
    """Put each street or building at the town the article locates it in.

    That is the nearest town named before it (or, failing that, after it); with
    no town in the article it stays unresolved. Confidence is modest: the pin
    is the town, not the building (ACLED precision 2).
    """
    points = [
        m
        for m in mentions
        if m.place is not None
        and m.kind in ("name", "variant")
        and places[m.place].kind in ("capital", "city", "town", "village")
        and m.confidence >= 0.6
    ]
    if not points:
        return mentions
    # Towns of the article's main country only: a stray foreign namesake is no host.
    countries: dict[str, int] = defaultdict(int)
    for m in mentions:
        if m.place is not None and places[m.place].country:
            countries[places[m.place].country or ""] += 1
    if not countries:
        return mentions
    main = max(countries, key=countries.__getitem__)
    towns = [(m.start, m.place) for m in points if places[m.place or ""].country == main]
    if not towns:
        return mentions
    out = []
    for m in mentions:
        if m.kind != "facility":
            out.append(m)
            continue
        before = [pid for start, pid in towns if start < m.start]
        pid = before[-1] if before else towns[0][1]
        out.append(
            Mention(
                start=m.start,
                end=m.end,
                text=m.text,
                place=pid,
                confidence=0.5,
                alternatives=(),
                reason="facility in town",
                kind=MentionKind.FACILITY,
            )
        )
    return out


class _AnchorGrid:
    """Confident places in 1° cells, to find one within a distance in constant time."""

    #: below this many anchors a plain scan is faster than the grid
    SCAN = 48

    def __init__(self, anchors: Mapping[int, Place]) -> None:
        self.items = list(anchors.items())
        self.cells: dict[tuple[int, int], list[tuple[int, Place]]] = defaultdict(list)
        for idx, place in self.items:
            self.cells[(math.floor(place.lat), math.floor(place.lon))].append((idx, place))

    def nearness(self, place: Place, near: float, far: float, *, skip: int) -> int:
        """1 when an anchor is within ``near`` km, else 2 when one is within ``far``, else 0.

        Anchors other than ``skip`` (and not ``place`` itself) count. Few anchors are
        scanned in one pass, banded by latitude; many are looked up in the grid.
        """
        if len(self.items) > self.SCAN:
            if self._grid_within(place, near, skip=skip):
                return 1
            return 2 if self._grid_within(place, far, skip=skip) else 0
        band = far / 110.0
        found = 0
        for idx, anchor in self.items:
            if idx == skip or anchor.id == place.id or abs(anchor.lat - place.lat) > band:
                continue
            km = distance_km(place.lat, place.lon, anchor.lat, anchor.lon)
            if km <= near:
                return 1
            if km <= far:
                found = 2
        return found

    def _grid_within(self, place: Place, km: float, *, skip: int) -> bool:
        """True when an anchor in the cells around ``place`` is within ``km``."""
        dlat = math.ceil(km / 111.0)
        coslat = max(math.cos(math.radians(min(abs(place.lat) + dlat, 89.0))), 0.01)
        dlon = min(180, math.ceil(km / (111.0 * coslat)))
        cy, cx = math.floor(place.lat), math.floor(place.lon)
        for y in range(cy - dlat, cy + dlat + 1):
            for x in range(cx - dlon, cx + dlon + 1):
                for idx, anchor in self.cells.get((y, (x + 180) % 360 - 180), ()):
                    if idx == skip or anchor.id == place.id:
                        continue
                    if distance_km(place.lat, place.lon, anchor.lat, anchor.lon) <= km:
                        return True
        return False


def _default_calibrator() -> Calibrator | None:
    try:
        return Calibrator.load()
    except FileNotFoundError:  # a source tree before bench/train_confidence.py has run
        return None


def _variant_anchors(
    groups: Sequence[_Group], anchors: Mapping[int, Place], items: Sequence[Spot]
) -> dict[str, set[str]]:
    """For each name, the confident places of *other spellings* of it ("Diabali" for "Diabili")."""
    anchor_keys = [(items[idx].key, place.id) for idx, place in anchors.items()]
    out: dict[str, set[str]] = {}
    for group in groups:
        for key, pid in anchor_keys:
            if (
                key != group.key
                and key[:1] == group.key[:1]
                and abs(len(key) - len(group.key)) <= 2
                and Levenshtein.distance(key, group.key, score_cutoff=2) <= 2
            ):
                out.setdefault(group.key, set()).add(pid)
    return out


def _softmax(scores: Sequence[float], temperature: float) -> list[float]:
    if not scores:
        return []
    top = max(scores)
    exps = [math.exp((s - top) / temperature) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def _votes(groups: Sequence[_Group]) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    """Soft votes of every group's candidates for countries and first-level regions."""
    country: dict[str, float] = defaultdict(float)
    region: dict[tuple[str, str], float] = defaultdict(float)
    for group in groups:
        weight = 1.0 + math.log(len(group.indexes))
        for cand, p in zip(group.candidates, group.probs, strict=True):
            place = cand.place
            if not place.country or p < 0.01:
                continue
            country[place.country] += p * weight
            if place.admin1 and place.kind != "country":
                region[(place.country, place.admin1)] += p * weight
    return country, region


class _Shares:
    """Shares of the votes for countries (or regions), the vote totals summed once."""

    def __init__(self, votes: Mapping[Any, float], base: Mapping[Any, float]) -> None:
        self.votes = votes
        self.base = base
        self.votes_total = sum(votes.values())
        self.base_total = sum(base.values())

    def of(self, key: Any, own: Mapping[Any, float], own_total: float) -> float:
        """The share of the *other* names' votes (plus fixed evidence) that go to ``key``.

        ``own`` holds the votes of the name being scored and ``own_total`` their sum.
        """
        total_votes = self.votes_total - own_total + self.base_total
        if total_votes <= 1e-9:
            return 0.0
        mine = self.votes.get(key, 0.0) - own.get(key, 0.0) + self.base.get(key, 0.0)
        return max(0.0, mine) / total_votes


def border_place(gaz: Gazetteer, a: str, b: str, line: object) -> Place:
    """A :class:`Place` standing for the shared border of countries ``a`` and ``b``."""
    x, y = sorted((a.upper(), b.upper()))
    point = line.interpolate(0.5, normalized=True)  # type: ignore[attr-defined]
    name_a = gaz.country(x)
    name_b = gaz.country(y)
    label = f"{name_a.name if name_a else x}–{name_b.name if name_b else y} border"
    return Place(
        id=f"border:{x}-{y}",
        name=label,
        lat=point.y,
        lon=point.x,
        country=x,
        feature="BRDR",
        kind=PlaceKind.BORDER,
        layer=Layer.BASE,
        source="Natural Earth shared boundary",
    )

"""Toponym resolution: choose one gazetteer entry for each spotted name.

The resolver scores every candidate of a name with evidence a careful reader
uses, and picks the best:

* the user's corrections, above everything;
* what kind of place it is (country > capital > city > town > village > feature)
  and how many people live there;
* whether the name is the place's own name or only an alternate one;
* the article's focus: countries and first-level regions named unambiguously,
  and demonyms ("Malian army" is evidence for Mali);
* closeness to the other places the article names;
* one sense per article: every mention of a name gets the same place;
* optional extra evidence (stated distances: see :mod:`conflictmap.statements`).

Confidence is the softmax share of the chosen candidate's score, lowered for
names matched only as spelling variants.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from .gazetteer.store import Candidate, Gazetteer
from .geo.geodesy import distance_km
from .models import Mention, Place
from .spot import Spot, Spots

__all__ = ["Resolution", "Resolver", "Weights"]

#: kinds whose ``population`` is a sum over members, not a prior of their own
_AREA_KINDS = frozenset({"region", "district", "country", "continent", "border"})

ExtraScore = Callable[[Spot, Place, Mapping[int, Place]], float]


@dataclass(frozen=True, slots=True)
class Weights:
    """Scoring weights (log-odds-like units)."""

    kind: Mapping[str, float] = field(
        default_factory=lambda: {
            "country": 6.0,
            "continent": 5.0,
            "capital": 4.0,
            "region": 1.5,
            "city": 2.0,
            "district": 1.2,
            "town": 1.0,
            "village": 0.0,
            "spot": -0.5,
            "feature": -0.5,
            "border": 0.0,
        }
    )
    population: float = 0.45
    own_name: float = 1.5
    curated: float = 2.0
    focus_country: float = 3.0
    focus_region: float = 2.0
    near_100km: float = 2.0
    near_500km: float = 1.0
    temperature: float = 1.0
    variant_penalty: float = 0.25


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
    focus: Mapping[str, float]


class Resolver:
    """Chooses a place for each spot.

    Examples
    --------
    >>> from conflictmap.spot import Spotter
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

    def __init__(self, gazetteer: Gazetteer, *, weights: Weights | None = None) -> None:
        self.gazetteer = gazetteer
        self.weights = weights or Weights()

    def candidates(self, spot: Spot) -> list[Candidate]:
        cands = self.gazetteer.candidates(spot.key)
        surface_upper = spot.text.replace(".", "").isupper()
        return [c for c in cands if not c.upper_only or surface_upper or c.corrected]

    def resolve(self, text: str, spots: Spots, *, extra: ExtraScore | None = None) -> Resolution:
        cands: dict[int, list[Candidate]] = {}
        for idx, spot in enumerate(spots.spots):
            if spot.kind == "border":
                continue
            cands[idx] = self.candidates(spot)

        # Pass 1: evidence from unambiguous or dominant readings.
        focus_country: dict[str, float] = defaultdict(float)
        focus_region: dict[tuple[str, str], float] = defaultdict(float)
        anchors: dict[int, Place] = {}
        for cc, count in spots.demonyms.items():
            focus_country[cc] += 0.5 * count
        for idx, options in cands.items():
            ranked = self._rank(spots.spots[idx], options, {}, {}, {}, None)
            if not ranked:
                continue
            top = ranked[0]
            margin = top.score - (ranked[1].score if len(ranked) > 1 else -99)
            if margin >= 2.0 or len(ranked) == 1:
                place = top.place
                anchors[idx] = place
                if place.country:
                    focus_country[place.country] += 1.0 if place.kind == "country" else 0.7
                if place.country and place.admin1:
                    focus_region[(place.country, place.admin1)] += 1.0

        # Pass 2: rank again with focus and proximity; one sense per name.
        decided: dict[str, Scored] = {}
        ranked_all: dict[int, tuple[Scored, ...]] = {}
        by_key: dict[str, list[int]] = defaultdict(list)
        for idx in cands:
            by_key[spots.spots[idx].key].append(idx)
        for key, indexes in by_key.items():
            idx = indexes[0]
            ranked = self._rank(
                spots.spots[idx], cands[idx], focus_country, focus_region, anchors, extra
            )
            for other in indexes:
                ranked_all[other] = tuple(ranked)
            if ranked:
                decided[key] = ranked[0]

        mentions: list[Mention] = []
        places: dict[str, Place] = {}
        for idx, spot in enumerate(spots.spots):
            if spot.kind == "border":
                border = self._border(spot, focus_country)
                if border is None:
                    mentions.append(Mention(spot.start, spot.end, spot.text, None, 0.0, ()))
                    continue
                places.setdefault(border.id, border)
                mentions.append(
                    Mention(spot.start, spot.end, spot.text, border.id, 0.8, (), "border")
                )
                continue
            best = ranked_all.get(idx, ())
            if not best:
                mentions.append(Mention(spot.start, spot.end, spot.text, None, 0.0, ()))
                continue
            top = best[0]
            confidence = self._confidence(spot, best)
            alternatives = tuple(s.place.id for s in best[1:4])
            reason = (
                "correction"
                if top.place.layer == "corrections"
                or any(c.corrected and c.place.id == top.place.id for c in cands[idx])
                else None
            )
            places.setdefault(top.place.id, top.place)
            mentions.append(
                Mention(
                    spot.start, spot.end, spot.text, top.place.id, confidence, alternatives, reason
                )
            )
        return Resolution(
            tuple(mentions),
            tuple(places.values()),
            ranked_all,
            spots.spots,
            dict(focus_country),
        )

    # -- scoring --------------------------------------------------------------

    def _rank(
        self,
        spot: Spot,
        options: Sequence[Candidate],
        focus_country: Mapping[str, float],
        focus_region: Mapping[tuple[str, str], float],
        anchors: Mapping[int, Place],
        extra: ExtraScore | None,
    ) -> list[Scored]:
        w = self.weights
        total_focus = sum(focus_country.values()) or 1.0
        total_region = sum(focus_region.values()) or 1.0
        anchor_places = [p for p in anchors.values() if p.kind not in ("country", "continent")]
        scored = []
        for cand in options:
            place = cand.place
            if cand.preferred:
                scored.append(Scored(place, 1000.0))
                continue
            score = w.kind.get(place.kind, 0.0)
            if place.kind not in _AREA_KINDS:
                score += w.population * math.log10(place.population + 1)
            if cand.own_name:
                score += w.own_name
            if cand.curated:
                score += w.curated
            if cand.corrected:
                score += 50.0
            if place.country and focus_country:
                score += w.focus_country * focus_country.get(place.country, 0.0) / total_focus
            if place.country and place.admin1 and focus_region:
                score += (
                    w.focus_region
                    * focus_region.get((place.country, place.admin1), 0.0)
                    / total_region
                )
            if anchor_places and place.kind not in ("country", "continent", "region"):
                nearest = min(
                    (
                        distance_km(place.lat, place.lon, a.lat, a.lon)
                        for a in anchor_places
                        if a.id != place.id
                    ),
                    default=None,
                )
                if nearest is not None:
                    if nearest <= 100:
                        score += w.near_100km
                    elif nearest <= 500:
                        score += w.near_500km
            if extra is not None:
                score += extra(spot, place, anchors)
            scored.append(Scored(place, score))
        scored.sort(key=lambda s: (-s.score, s.place.id))
        return scored

    def _confidence(self, spot: Spot, ranked: Sequence[Scored]) -> float:
        w = self.weights
        top = ranked[0].score
        denom = sum(math.exp((s.score - top) / w.temperature) for s in ranked[:10])
        confidence = 1.0 / denom
        if spot.kind == "variant":
            confidence *= max(0.0, 1.0 - w.variant_penalty * (1.0 - spot.similarity) * 4)
        if spot.sentence_start and len(spot.key) <= 4:
            confidence *= 0.9
        return max(0.01, min(confidence, 0.99))

    def _border(self, spot: Spot, focus_country: Mapping[str, float]) -> Place | None:
        named = spot.countries
        if not named:
            return None
        side = named[0]
        partners = [cc for cc in sorted(focus_country, key=lambda c: -focus_country[c]) if cc != side]
        gaz = self.gazetteer
        for partner in partners:
            line = gaz.border(side, partner)
            if line is not None:
                return border_place(gaz, side, partner, line)
        return None


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
        kind="border",
        layer="base",
        source="Natural Earth shared boundary",
    )

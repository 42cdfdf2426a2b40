"""Ranked gazetteer search, for ``conflictmap gazetteer search`` and the geopy geocoder.

Exact folded-name matches come first, ranked like the resolver's priors (kind,
population, own name); when there are few, names within one or two edits and
names that start with the query follow, marked ``fuzzy``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import Levenshtein

from conflictmap.model import Place
from conflictmap.store.gazetteer import Candidate, Gazetteer
from conflictmap.text.folding import fold

__all__ = ["SearchHit", "search"]

_KIND_RANK = {
    "country": 6.0, "continent": 5.0, "capital": 4.0, "region": 2.5, "city": 2.0,
    "district": 1.5, "town": 1.0, "village": 0.0, "spot": -0.5, "feature": -0.5,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class SearchHit:
    place: Place
    score: float
    fuzzy: bool = False
    matched: str = ""
    corrected: bool = False

    def to_dict(self) -> dict[str, Any]:
        p = self.place
        return {
            "id": p.id,
            "name": p.name,
            "kind": p.kind,
            "feature": p.feature,
            "country": p.country,
            "admin1": p.admin1_name or p.admin1,
            "population": p.population,
            "lat": round(p.lat, 5),
            "lon": round(p.lon, 5),
            "layer": p.layer,
            "fuzzy": self.fuzzy,
            "score": round(self.score, 2),
        }


def _score(candidate: Candidate) -> float:
    place = candidate.place
    score = _KIND_RANK.get(place.kind, 0.0)
    if place.kind not in ("region", "district", "country", "continent"):
        score += 0.45 * math.log10(place.population + 1)
    if candidate.own_name:
        score += 1.5
    if candidate.curated:
        score += 2.0
    if candidate.corrected:
        score += 50.0
    return score


def search(
    gazetteer: Gazetteer,
    name: str,
    *,
    country: str | None = None,
    limit: int = 10,
    fuzzy: bool = True,
) -> list[SearchHit]:
    """Places matching ``name``, best first.

    Examples
    --------
    >>> gaz = Gazetteer.from_places([
    ...     Place(id="t:1", name="Ségou", lat=13.43, lon=-6.26, country="ML", kind="city",
    ...           population=130690),
    ...     Place(id="t:2", name="Segou", lat=10.1, lon=-8.1, country="GN", kind="village")])
    >>> [(h.place.id, h.fuzzy) for h in search(gaz, "segou")]
    [('t:1', False), ('t:2', False)]
    >>> [(h.place.id, h.fuzzy) for h in search(gaz, "Segu", country="ML")]
    [('t:1', True)]
    """
    key = fold(name)
    if not key:
        return []
    cc = country.upper() if country else None
    hits: dict[str, SearchHit] = {}
    for cand in gazetteer.candidates(key):
        if cc and cand.place.country != cc:
            continue
        hits[cand.place.id] = SearchHit(cand.place, _score(cand), False, key, cand.corrected)
    if fuzzy and len(hits) < limit:
        for other in _near_keys(gazetteer, key):
            similarity = 1.0 - Levenshtein.normalized_distance(key, other)
            for cand in gazetteer.candidates(other):
                if (cc and cand.place.country != cc) or cand.place.id in hits:
                    continue
                hits[cand.place.id] = SearchHit(
                    cand.place,
                    _score(cand) - 3.0 * (1.0 - similarity) - 2.0,
                    True,
                    other,
                    cand.corrected,
                )
    ranked = sorted(hits.values(), key=lambda h: (h.fuzzy, -h.score, h.place.id))
    return ranked[:limit]


def _near_keys(gazetteer: Gazetteer, key: str) -> list[str]:
    """Known keys one edit away (two for long names), and known keys starting with ``key``."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    edits = {key[:i] + key[i + 1 :] for i in range(len(key))}
    edits |= {key[:i] + c + key[i + 1 :] for i in range(len(key)) for c in letters}
    edits |= {key[:i] + c + key[i:] for i in range(len(key) + 1) for c in letters}
    edits |= {key[:i] + key[i + 1] + key[i] + key[i + 2 :] for i in range(len(key) - 1)}
    edits.discard(key)
    found = gazetteer.known_keys(edits)
    if len(key) >= 4:
        found |= set(gazetteer.keys_with_prefix(key, limit=20))
    found.discard(key)
    return sorted(found, key=lambda k: (Levenshtein.distance(key, k), k))[:30]

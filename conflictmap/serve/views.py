"""What the review app sends the page: JSON-ready views of a result and its candidates.

The page builds every element from these values with ``textContent`` (never
``innerHTML``), so article text and gazetteer names stay text whatever they hold.

Examples
--------
>>> from conflictmap.model import Mention, Place, Result
>>> gao = Place(id="t:1", name="Gao", lat=16.27, lon=-0.04, country="ML", kind="city")
>>> result = Result(id="a", text="Gao fell.", places=(gao,),
...                 mentions=(Mention(start=0, end=3, text="Gao", place="t:1"),))
>>> view = result_view(result, name="a", focus="ML", region=("ML.09", "Gao"))
>>> view["pins"][0]["mentions"], view["scopes"]["country"], view["scopes"]["region"]
([0], 'country:ML', 'region:ML.09')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from conflictmap.geo.geodesy import distance_km
from conflictmap.model import Mention, Place, Result
from conflictmap.store.corrections import Correction
from conflictmap.store.gazetteer import Candidate, Gazetteer
from conflictmap.store.scopes import article_hash
from conflictmap.store.search import search
from conflictmap.text.folding import fold

__all__ = ["candidates_of", "history_rows", "result_view", "search_rows"]

#: the most candidates the panel lists for one name
MAX_CANDIDATES = 25


def result_view(
    result: Result,
    *,
    name: str,
    focus: str | None,
    region: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """The page's data for an article: its text, mentions, pins and scope choices
    (``region``: the focus region's code and name, if it has one)."""
    pins: dict[str, dict[str, Any]] = {}
    places = result.place_by_id
    mentions = []
    for i, m in enumerate(result.mentions):
        mentions.append(_mention(i, m))
        place = places.get(m.place) if m.place else None
        if place is not None:
            pin = pins.setdefault(place.id, {**_place(place), "mentions": []})
            pin["mentions"].append(i)
    return {
        "open": True,
        "name": name,
        "text": result.text,
        "mentions": mentions,
        "pins": list(pins.values()),
        "focus": focus,
        "region": {"code": region[0], "name": region[1]} if region else None,
        "scopes": {
            "article": f"article:{article_hash(result.text)}",
            "region": f"region:{region[0]}" if region else None,
            "country": f"country:{focus}" if focus else None,
            "everywhere": "everywhere",
        },
    }


def _mention(i: int, m: Mention) -> dict[str, Any]:
    return {
        "index": i,
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "place": m.place,
        "confidence": round(m.confidence, 3),
        "reason": m.reason,
    }


def _place(place: Place) -> dict[str, Any]:
    return {
        "id": place.id,
        "name": place.name,
        "lat": round(place.lat, 5),
        "lon": round(place.lon, 5),
        "country": place.country,
        "region": place.admin1_name or place.admin1,
        "kind": str(place.kind),
        "population": place.population,
        "layer": str(place.layer),
    }


def candidates_of(gaz: Gazetteer, result: Result, index: int) -> dict[str, Any]:
    """The candidates of mention ``index``: facts, distance to the article's other
    places, and the evidence for each."""
    mention = result.mentions[index]
    found = {c.place.id: c for c in gaz.candidates(fold(mention.text))}
    chosen = result.place_by_id.get(mention.place) if mention.place else None
    if chosen is not None and chosen.id not in found:
        found[chosen.id] = Candidate(chosen)
    others = [p for p in result.places if p.id != mention.place]
    ranked = sorted(
        found.values(),
        key=lambda c: (c.place.id != mention.place, not c.preferred, -c.place.population),
    )
    rows = [_candidate(gaz, c, mention, others) for c in ranked[:MAX_CANDIDATES]]
    return {
        "mention": _mention(index, mention),
        "candidates": rows,
        "more": len(ranked) > len(rows),
    }


def _candidate(
    gaz: Gazetteer, candidate: Candidate, mention: Mention, others: Sequence[Place]
) -> dict[str, Any]:
    place = candidate.place
    row = _place(place)
    country = gaz.country(place.country) if place.country else None
    row["country_name"] = country.name if country is not None else place.country
    near = min(
        ((distance_km(place.lat, place.lon, o.lat, o.lon), o.name) for o in others),
        default=None,
    )
    row["nearest"] = {"km": round(near[0]), "name": near[1]} if near else None
    row["chosen"] = place.id == mention.place
    row["evidence"] = _evidence(candidate, mention)
    return row


def _evidence(candidate: Candidate, mention: Mention) -> list[str]:
    said = []
    if candidate.place.id == mention.place:
        reason = f" ({mention.reason})" if mention.reason else ""
        said.append(f"chosen, confidence {mention.confidence:.2f}{reason}")
    elif candidate.place.id in mention.alternatives:
        said.append("considered: the next best reading")
    if candidate.preferred:
        said.append("your preference for this name")
    elif candidate.corrected:
        said.append("your correction (an alias or a place you added)")
    if candidate.own_name:
        said.append("its own name")
    elif candidate.curated:
        said.append("a curated alias")
    else:
        said.append("another name of the place")
    return said


def search_rows(gaz: Gazetteer, query: str, country: str | None) -> list[dict[str, Any]]:
    """Gazetteer search hits for the panel's search box."""
    hits = search(gaz, query[:200], country=country or None, limit=15)
    return [{**_place(h.place), "fuzzy": h.fuzzy} for h in hits]


def history_rows(rows: Sequence[Correction]) -> list[dict[str, Any]]:
    """The corrections history, newest first, as the page lists it (an undo shows the
    scope of the correction it reverts)."""
    scope_of = {r.id: r.scope for r in rows}
    return [
        {
            "id": r.id,
            "at": r.at,
            "action": r.action,
            "summary": r.summary,
            "scope": scope_of.get(r.undoes, r.scope) if r.undoes is not None else r.scope,
            "status": r.status,
        }
        for r in reversed(rows)
    ]

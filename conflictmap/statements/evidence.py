"""Statements as resolution evidence: prefer the readings that make them hold.

When a subject or an anchor of a statement has several gazetteer candidates,
each combination of candidates is judged, and a reading the article's own
geography contradicts is penalised (:data:`PENALTY`, in the resolver's
log-odds-like score units). The resolver's ranked candidates are re-scored
jointly (a few rounds of coordinate ascent over the ambiguous names, one
sense per name), so an ambiguous anchor and an ambiguous subject can settle
each other. The user's corrections outrank anything a statement can add.

This works on a finished :class:`~conflictmap.resolve.resolver.Resolution` rather than
through ``Resolver.resolve(extra=...)``: it needs no second spotting pass, and
it can move both ends of a statement at once.

Examples
--------
>>> PENALTY["contradicts"] < PENALTY["approximate"] < PENALTY["consistent"] == 0.0
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from conflictmap.model import Mention, Place
from conflictmap.resolve.resolver import Resolution, Scored
from conflictmap.statements.parse import Parsed

__all__ = ["PENALTY", "VerdictOf", "rerank"]

#: score added to a reading by the verdict it gives a statement
PENALTY: Mapping[str | None, float] = {
    "consistent": 0.0,
    "approximate": -1.0,
    "contradicts": -4.0,
    None: 0.0,
}
#: how many of a name's ranked candidates are tried
TOP = 5
#: kinds that say where a *named* place is (evidence needs a subject)
_EVIDENCE_KINDS = frozenset(
    {
        "offset",
        "distance",
        "direction",
        "near",
        "outskirts",
        "between",
        "road-between",
        "part-of",
        "along-border",
    }
)

#: judges a statement for a reading: (parsed, subject, anchor, anchor2) -> verdict
VerdictOf = Callable[[Parsed, Place | None, Place | None, Place | None], str | None]


def rerank(
    parsed: Sequence[Parsed],
    resolution: Resolution,
    verdict_of: VerdictOf,
    *,
    temperature: float = 1.0,
) -> Resolution | None:
    """``resolution`` with choices changed where statements say so, else ``None``."""
    mentions = resolution.mentions
    spot_at = {(spot.start, spot.end): index for index, spot in enumerate(resolution.spots)}
    spot_of = {
        index: spot_at[(m.start, m.end)]
        for index, m in enumerate(mentions)
        if (m.start, m.end) in spot_at
    }
    known = {p.id: p for p in resolution.places}
    useful = [
        p
        for p in parsed
        if p.kind in _EVIDENCE_KINDS and p.subject is not None and p.anchor is not None
    ]
    if not useful:
        return None

    def key_of(index: int) -> str:
        spot = spot_of.get(index)
        return resolution.spots[spot].key if spot is not None else f"#mention{index}"

    def ranked_of(index: int) -> tuple[Scored, ...]:
        spot = spot_of.get(index)
        return tuple(resolution.ranked.get(spot, ())) if spot is not None else ()

    options: dict[str, tuple[Scored, ...]] = {}
    for p in useful:
        for index in (p.subject, p.anchor, p.anchor2):
            if index is None or mentions[index].place is None:
                continue
            ranked = ranked_of(index)
            if ranked and ranked[0].place.id != mentions[index].place:
                continue  # the resolver moved past its ranking (a correction): leave it
            if len(ranked) > 1:
                options[key_of(index)] = tuple(ranked[:TOP])
    if not options:
        return None
    choice = {key: ranked[0] for key, ranked in options.items()}
    touching: dict[str, list[Parsed]] = {key: [] for key in options}
    for p in useful:
        for key in {key_of(i) for i in (p.subject, p.anchor, p.anchor2) if i is not None}:
            if key in touching:
                touching[key].append(p)

    def place_of(index: int | None, current: Mapping[str, Scored]) -> Place | None:
        if index is None:
            return None
        key = key_of(index)
        if key in current:
            return current[key].place
        pid = mentions[index].place
        return known.get(pid) if pid is not None else None

    memo: dict[tuple[object, ...], float] = {}

    def evidence(p: Parsed, current: Mapping[str, Scored]) -> float:
        ends = (place_of(p.subject, current), place_of(p.anchor, current),
                place_of(p.anchor2, current))  # fmt: skip
        key = (p.kind, p.distance, p.direction, p.cue, *(e.id if e else None for e in ends))
        if key not in memo:
            memo[key] = PENALTY.get(verdict_of(p, *ends), 0.0)
        return memo[key]

    def total(key: str, option: Scored, current: dict[str, Scored]) -> float:
        trial = {**current, key: option}
        return option.score + sum(evidence(p, trial) for p in touching[key])

    for _ in range(3):
        moved = False
        for key, ranked in options.items():
            scores = [(total(key, option, choice), option) for option in ranked]
            best_score, best = max(scores, key=lambda pair: pair[0])
            current_score = next(s for s, o in scores if o is choice[key])
            if best is not choice[key] and best_score > current_score + 1e-9:
                choice[key] = best
                moved = True
        if not moved:
            break
    changed = {key for key, option in choice.items() if option.place.id != options[key][0].place.id}
    if not changed:
        return None

    replaced = {options[key][0].place.id for key in changed}
    new_ranked = dict(resolution.ranked)
    new_mentions: list[Mention] = []
    for index, mention in enumerate(mentions):
        key = key_of(index)
        if key not in changed:
            new_mentions.append(mention)
            continue
        old = ranked_of(index)
        rescored = [
            Scored(s.place, total(key, s, choice) if s in options[key] else s.score) for s in old
        ]
        rescored.sort(key=lambda s: (-s.score, s.place.id))
        new_ranked[spot_of[index]] = tuple(rescored)
        top = rescored[0]
        factor = mention.confidence / _share(old, old[0].score, temperature)
        confidence = max(0.01, min(0.99, _share(rescored, top.score, temperature) * factor))
        new_mentions.append(
            Mention(
                start=mention.start,
                end=mention.end,
                text=mention.text,
                place=top.place.id,
                confidence=confidence,
                alternatives=tuple(s.place.id for s in rescored[1:4]),
                reason="statement",
            )
        )
    places: dict[str, Place] = {}
    for index, mention in enumerate(new_mentions):
        if mention.place is None or mention.place in places:
            continue
        spot = spot_of.get(index)
        place = known.get(mention.place) or next(
            (
                s.place
                for s in (new_ranked.get(spot, ()) if spot is not None else ())
                if s.place.id == mention.place
            ),
            None,
        )
        if place is not None:
            places[mention.place] = place
    for place in resolution.places:
        if place.id not in places and place.id not in replaced:
            places[place.id] = place
    return replace(
        resolution, mentions=tuple(new_mentions), places=tuple(places.values()), ranked=new_ranked
    )


def _share(ranked: Sequence[Scored], top: float, temperature: float) -> float:
    """The softmax share of the score ``top`` among the first ten candidates."""
    denominator = sum(math.exp((s.score - top) / temperature) for s in ranked[:10])
    return 1.0 / denominator if denominator > 0 else 1.0

"""Score a system's events against the events dev set.

Predicted events are duck-typed: any object with ``start``, ``end``, ``type``,
``sub_type``, ``date``, ``time_precision``, ``place`` (an id, or an object with an
``id``), ``estimate`` (``None`` or an object or mapping with ``lat``/``lon``),
``fatalities`` and ``actors`` (strings, or objects with a ``text`` or ``name``; an
``actor1`` attribute wins when present). Enum values are compared by their ``value``.

A prediction is matched to a gold event of the same record when their spans overlap;
each is used once, best pairs first (more fields agreeing, then larger overlap
relative to the union of the two spans). Field accuracies are over matched pairs
(``accuracy``) and over all gold events (``end_to_end``: a missed event counts wrong).

Examples
--------
>>> from types import SimpleNamespace as Ns
>>> from tests.devset.events_gold import load_events
>>> gold = load_events(conflict="mali")[:2]
>>> def copy(e):
...     return Ns(start=e.start, end=e.end, type=e.type, sub_type=e.sub_type.value,
...               date=e.date, time_precision=e.time_precision,
...               place=e.place and e.place.id, estimate=e.estimate,
...               fatalities=e.fatalities, actors=[e.actor1] if e.actor1 else [])
>>> scores = score_events({r.id: [copy(e) for e in r.events] for r in gold}, gold)
>>> scores.overall.f1, scores.overall.type.accuracy, scores.overall.place.accuracy
(1.0, 1.0, 1.0)
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from geographiclib.geodesic import Geodesic

from .events_schema import GoldEvent, GoldRecord

__all__ = ["PLACE_TOLERANCE_KM", "EventScores", "FieldScore", "Scores", "format_scores"]

#: An event is placed right within this distance of the gold point (issue 16).
PLACE_TOLERANCE_KM = 25.0

FIELDS = ("type", "sub_type", "date", "time_precision", "fatalities", "place", "actor1")
_STOP = {"the", "a", "an", "of"}


@dataclass(frozen=True, kw_only=True)
class FieldScore:
    """How often one field of the matched events is right."""

    correct: int
    matched: int
    gold: int

    @property
    def accuracy(self) -> float | None:
        """Right among matched pairs (``None`` when nothing matched)."""
        return self.correct / self.matched if self.matched else None

    @property
    def end_to_end(self) -> float | None:
        """Right among all gold events: a missed event counts as wrong."""
        return self.correct / self.gold if self.gold else None


@dataclass(frozen=True, kw_only=True)
class Mistake:
    """One matched pair that got some fields wrong (for error analysis)."""

    record: str
    gold: GoldEvent
    predicted: Any
    wrong: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Scores:
    """Detection and field accuracy over a set of records."""

    records: int
    negatives: int
    negatives_flagged: int
    gold: int
    predicted: int
    matched: int
    type: FieldScore
    sub_type: FieldScore
    date: FieldScore
    time_precision: FieldScore
    fatalities: FieldScore
    place: FieldScore
    actor1: FieldScore

    @property
    def precision(self) -> float | None:
        return self.matched / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    def field(self, name: str) -> FieldScore:
        """The score of one of :data:`FIELDS` by name."""
        if name not in FIELDS:
            raise KeyError(name)
        score: FieldScore = getattr(self, name)
        return score


@dataclass(frozen=True, kw_only=True)
class EventScores:
    """Scores overall and per conflict, with the mistakes, misses and spurious events."""

    overall: Scores
    by_conflict: Mapping[str, Scores]
    mistakes: tuple[Mistake, ...]
    missed: tuple[tuple[str, GoldEvent], ...]
    spurious: tuple[tuple[str, Any], ...]


def _value(x: Any) -> Any:
    return x.value if isinstance(x, Enum) else x


def _label(x: Any) -> str | None:
    x = _value(x)
    return None if x is None else " ".join(str(x).split()).casefold()


def _iso(x: Any) -> str | None:
    x = _value(x)
    if x is None:
        return None
    return x.isoformat() if isinstance(x, dt.date) else str(x)[:10]


def _int(x: Any) -> int | None:
    x = _value(x)
    return None if x is None else int(x)


def _get(obj: Any, name: str) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def _latlon(obj: Any) -> tuple[float, float] | None:
    if obj is None:
        return None
    lat, lon = _get(obj, "lat"), _get(obj, "lon")
    return None if lat is None or lon is None else (float(lat), float(lon))


def normalise_actor(text: str | None) -> str:
    """An actor name folded for containment tests.

    >>> normalise_actor("the Islamists'"), normalise_actor("Islamist forces")
    ('islamist', 'islamist force')
    """
    if not text:
        return ""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    words = [w for w in re.split(r"[^0-9a-z]+", folded) if w and w not in _STOP]
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


def _actor1(pred: Any) -> str | None:
    first = _get(pred, "actor1")
    if first is None:
        actors = _get(pred, "actors") or ()
        first = actors[0] if actors else None
    if first is not None and not isinstance(first, str):
        first = _get(first, "text") or _get(first, "name")
    return None if first is None else str(first)


def _actor_ok(gold: GoldEvent, pred: Any) -> bool:
    said = normalise_actor(_actor1(pred))
    wanted = [normalise_actor(a) for a in (gold.actor1, *gold.actor1_also) if a]
    if not wanted:
        return not said
    return bool(said) and any(w in said or said in w for w in wanted)


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    line = Geodesic.WGS84.Inverse(a[0], a[1], b[0], b[1])
    return float(line["s12"]) / 1000.0


def _place_id(pred: Any) -> str | None:
    place = _get(pred, "place")
    if place is not None and not isinstance(place, str):
        place = _get(place, "id")
    return None if place is None else str(place)


def _place_ok(gold: GoldEvent, pred: Any, places: Mapping[str, Any]) -> bool:
    pid = _place_id(pred)
    if gold.place is not None and gold.estimate is None and pid == gold.place.id:
        return True
    point = _latlon(_get(pred, "estimate"))
    if point is None and pid is not None:
        point = _latlon(places.get(pid))
    wanted = gold.point
    if wanted is None:
        return point is None and pid is None
    return point is not None and _distance_km(point, wanted) <= PLACE_TOLERANCE_KM


def _checks(gold: GoldEvent, pred: Any, places: Mapping[str, Any]) -> dict[str, bool]:
    precision = None if gold.time_precision is None else int(gold.time_precision)
    return {
        "type": _label(_get(pred, "type")) == _label(gold.type),
        "sub_type": _label(_get(pred, "sub_type")) == _label(gold.sub_type),
        "date": _iso(_get(pred, "date")) == _iso(gold.date),
        "time_precision": _int(_get(pred, "time_precision")) == precision,
        "fatalities": _int(_get(pred, "fatalities")) == gold.fatalities,
        "place": _place_ok(gold, pred, places),
        "actor1": _actor_ok(gold, pred),
    }


def _pairs(
    golds: Sequence[GoldEvent], preds: Sequence[Any], places: Mapping[str, Any]
) -> list[tuple[int, int, dict[str, bool]]]:
    """One-to-one matches of overlapping spans, best first."""
    ranked = []
    for g, gold in enumerate(golds):
        for p, pred in enumerate(preds):
            start, end = int(_get(pred, "start")), int(_get(pred, "end"))
            overlap = min(end, gold.end) - max(start, gold.start)
            if overlap <= 0:
                continue
            union = max(end, gold.end) - min(start, gold.start)
            checks = _checks(gold, pred, places)
            agree = checks["type"] + checks["sub_type"] + checks["place"]
            ranked.append((-agree, -overlap / union, g, p, checks))
    ranked.sort(key=lambda row: row[:4])
    used_g: set[int] = set()
    used_p: set[int] = set()
    chosen = []
    for _, _, g, p, checks in ranked:
        if g in used_g or p in used_p:
            continue
        used_g.add(g)
        used_p.add(p)
        chosen.append((g, p, checks))
    return chosen


def _events_and_places(value: Any) -> tuple[Sequence[Any], Mapping[str, Any]]:
    events = _get(value, "events")
    if events is None and not isinstance(value, Mapping):
        return list(value), {}
    return list(events or ()), _get(value, "places") or {}


def _gold_places(gold: Iterable[GoldRecord]) -> dict[str, Any]:
    return {
        e.place.id: {"lat": e.place.lat, "lon": e.place.lon}
        for record in gold
        for e in record.events
        if e.place is not None
    }


class _Tally:
    def __init__(self) -> None:
        self.records = self.negatives = self.flagged = 0
        self.gold = self.predicted = self.matched = 0
        self.correct = dict.fromkeys(FIELDS, 0)

    def scores(self) -> Scores:
        def of(name: str) -> FieldScore:
            return FieldScore(correct=self.correct[name], matched=self.matched, gold=self.gold)

        return Scores(
            records=self.records,
            negatives=self.negatives,
            negatives_flagged=self.flagged,
            gold=self.gold,
            predicted=self.predicted,
            matched=self.matched,
            type=of("type"),
            sub_type=of("sub_type"),
            date=of("date"),
            time_precision=of("time_precision"),
            fatalities=of("fatalities"),
            place=of("place"),
            actor1=of("actor1"),
        )


def score_events(
    predicted: Mapping[str, Any],
    gold: Sequence[GoldRecord],
    *,
    places: Mapping[str, Any] | None = None,
) -> EventScores:
    """Compare predicted events with the gold records.

    Parameters
    ----------
    predicted
        Record id to either a sequence of predicted events or an object with
        ``events`` and ``places`` (a conflictmap result). A gold record missing here
        has no predictions; an id that is not a gold record is an error.
    gold
        The records to score (see :func:`tests.devset.events_gold.load_events`).
    places
        Place id to an object or mapping with ``lat``/``lon``, for predicted place ids
        that the result itself does not describe (gold place ids are known already).
    """
    ids = {record.id for record in gold}
    unknown = sorted(set(predicted) - ids)
    if unknown:
        raise ValueError(f"predictions for records that are not in the gold set: {unknown[:5]}")
    lookup = {**_gold_places(gold), **(places or {})}
    total, per = _Tally(), dict[str, _Tally]()
    mistakes, missed, spurious = [], [], []
    for record in gold:
        preds, own = _events_and_places(predicted.get(record.id, ()))
        where = {**lookup, **own}
        pairs = _pairs(record.events, preds, where)
        tally = per.setdefault(record.conflict, _Tally())
        for t in (total, tally):
            t.records += 1
            t.negatives += record.negative
            t.flagged += record.negative and bool(preds)
            t.gold += len(record.events)
            t.predicted += len(preds)
            t.matched += len(pairs)
            for _, _, checks in pairs:
                for name in FIELDS:
                    t.correct[name] += checks[name]
        for g, p, checks in pairs:
            wrong = tuple(name for name in FIELDS if not checks[name])
            if wrong:
                mistakes.append(
                    Mistake(
                        record=record.id, gold=record.events[g], predicted=preds[p], wrong=wrong
                    )
                )
        hit_g = {g for g, _, _ in pairs}
        hit_p = {p for _, p, _ in pairs}
        missed += [(record.id, e) for g, e in enumerate(record.events) if g not in hit_g]
        spurious += [(record.id, e) for p, e in enumerate(preds) if p not in hit_p]
    return EventScores(
        overall=total.scores(),
        by_conflict={name: t.scores() for name, t in sorted(per.items())},
        mistakes=tuple(mistakes),
        missed=tuple(missed),
        spurious=tuple(spurious),
    )


def _cell(x: float | None) -> str:
    return "   -" if x is None else f"{x:.2f}"


def format_scores(scores: EventScores) -> str:
    """A plain-text table: one row per conflict, then the overall row."""
    head = ["conflict", "gold", "pred", "P", "R", "F1", *FIELDS, "neg hit"]
    rows = [head]
    for name, s in [*scores.by_conflict.items(), ("overall", scores.overall)]:
        rows.append(
            [
                name,
                str(s.gold),
                str(s.predicted),
                _cell(s.precision),
                _cell(s.recall),
                _cell(s.f1),
                *(_cell(s.field(f).accuracy) for f in FIELDS),
                f"{s.negatives_flagged}/{s.negatives}",
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    return "\n".join(
        "  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in rows
    )

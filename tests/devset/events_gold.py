"""The events dev set: its loader, and the scorer re-exported for one import.

The data are the JSON files in ``tests/devset/events/`` (one per conflict, a list of
records; the annotation guidelines are in that folder's README). The types are in
:mod:`tests.devset.events_schema`, the scorer in :mod:`tests.devset.events_score`.

Examples
--------
>>> records = load_events(conflict="mali", split="dev")
>>> records[0].conflict, records[0].split
('mali', <Split.DEV: 'dev'>)
>>> all(r.split is Split.DEV for r in records)
True
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .events_schema import (
    SUB_TYPES,
    EventType,
    GoldEstimate,
    GoldEvent,
    GoldPlace,
    GoldRecord,
    Split,
    Style,
    SubEventType,
    TimePrecision,
)
from .events_score import EventScores, FieldScore, Scores, format_scores, score_events

__all__ = [
    "EVENTS_DIR",
    "SUB_TYPES",
    "EventScores",
    "EventType",
    "FieldScore",
    "GoldEstimate",
    "GoldEvent",
    "GoldPlace",
    "GoldRecord",
    "Scores",
    "Split",
    "Style",
    "SubEventType",
    "TimePrecision",
    "format_scores",
    "load_events",
    "parse_record",
    "score_events",
    "summarise",
]

EVENTS_DIR = Path(__file__).resolve().parent / "events"


def _date(value: Any) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(str(value))


def _place(raw: Mapping[str, Any] | None) -> GoldPlace | None:
    if raw is None:
        return None
    return GoldPlace(
        id=str(raw["id"]),
        name=str(raw["name"]),
        lat=float(raw["lat"]),
        lon=float(raw["lon"]),
        kind=str(raw["kind"]),
        country=str(raw["country"]),
        source=raw.get("source"),
    )


def _estimate(raw: Mapping[str, Any] | None) -> GoldEstimate | None:
    if raw is None:
        return None
    return GoldEstimate(
        anchor=str(raw["anchor"]),
        distance_km=float(raw["distance_km"]),
        direction=str(raw["direction"]),
        lat=float(raw["lat"]),
        lon=float(raw["lon"]),
    )


def _event(raw: Mapping[str, Any], text: str, where: str) -> GoldEvent:
    event_type = EventType(raw["type"])
    sub_type = SubEventType(raw["sub_type"])
    if sub_type not in SUB_TYPES[event_type]:
        raise ValueError(
            f"{where}: {sub_type.value!r} is not a sub-event type of {event_type.value!r}"
        )
    start, end = int(raw["start"]), int(raw["end"])
    if text[start:end] != raw["text"]:
        raise ValueError(f"{where}: span {start}:{end} does not hold {raw['text']!r}")
    precision = raw.get("time_precision")
    return GoldEvent(
        start=start,
        end=end,
        text=str(raw["text"]),
        type=event_type,
        sub_type=sub_type,
        date=_date(raw.get("date")),
        date_text=raw.get("date_text"),
        time_precision=None if precision is None else TimePrecision(int(precision)),
        place=_place(raw.get("place")),
        estimate=_estimate(raw.get("estimate")),
        actor1=raw.get("actor1"),
        actor1_also=tuple(raw.get("actor1_also") or ()),
        actor2=raw.get("actor2"),
        fatalities=None if raw.get("fatalities") is None else int(raw["fatalities"]),
        fatalities_text=raw.get("fatalities_text"),
        comment=raw.get("comment"),
    )


def parse_record(raw: Mapping[str, Any], source_file: str = "") -> GoldRecord:
    """One record from its JSON object; ``ValueError`` when a field is malformed.

    >>> rec = parse_record({"id": "x-01", "conflict": "x", "country": "ML", "style": "note",
    ...     "split": "dev", "article_date": "2024-02-23", "text": "Gunmen attacked Siby.",
    ...     "events": [{"start": 0, "end": 21, "text": "Gunmen attacked Siby.",
    ...         "type": "Violence against civilians", "sub_type": "Attack",
    ...         "date": None, "date_text": None, "time_precision": None, "place": None,
    ...         "estimate": None, "actor1": "Gunmen"}]})
    >>> rec.events[0].sub_type.value, rec.negative
    ('Attack', False)
    """
    text = str(raw["text"])
    rid = str(raw["id"])
    events = tuple(
        _event(item, text, f"{rid} event {number}")
        for number, item in enumerate(raw.get("events") or ())
    )
    return GoldRecord(
        id=rid,
        conflict=str(raw["conflict"]),
        country=str(raw["country"]),
        style=Style(raw["style"]),
        split=Split(raw["split"]),
        article_date=dt.date.fromisoformat(str(raw["article_date"])),
        text=text,
        events=events,
        needs_dumps=tuple(raw.get("needs_dumps") or ()),
        comment=raw.get("comment"),
        source_file=source_file,
    )


def load_events(
    directory: Path | None = None,
    *,
    split: Split | str | None = None,
    conflict: str | None = None,
    without_dumps: bool = False,
) -> tuple[GoldRecord, ...]:
    """Every record of the dev set, in file then record order.

    Parameters
    ----------
    directory
        Where the JSON files are (default: :data:`EVENTS_DIR`).
    split, conflict
        Keep only the records of this split / this conflict.
    without_dumps
        Drop the records whose places need an imported GeoNames dump.
    """
    folder = directory or EVENTS_DIR
    wanted = None if split is None else Split(split)
    records: list[GoldRecord] = []
    for path in sorted(folder.glob("*.json")):
        items: Sequence[Mapping[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
        for item in items:
            record = parse_record(item, path.name)
            if wanted is not None and record.split is not wanted:
                continue
            if conflict is not None and record.conflict != conflict:
                continue
            if without_dumps and record.needs_dumps:
                continue
            records.append(record)
    return tuple(records)


def summarise(records: Sequence[GoldRecord]) -> str:
    """Counts of records, events, negatives, styles, splits and (sub-)types, as text.

    >>> print(summarise(load_events(conflict="mali")).splitlines()[0])
    records 15 (negatives 2), events 19, conflicts 1
    """
    events = [e for r in records for e in r.events]
    lines = [
        f"records {len(records)} (negatives {sum(r.negative for r in records)}), "
        f"events {len(events)}, conflicts {len({r.conflict for r in records})}",
        "styles: " + ", ".join(f"{s.value} {sum(r.style is s for r in records)}" for s in Style),
        "splits: "
        + ", ".join(
            f"{s.value} {sum(r.split is s for r in records)} records / "
            f"{sum(len(r.events) for r in records if r.split is s)} events"
            for s in Split
        ),
        f"with an estimate {sum(e.estimate is not None for e in events)}, "
        f"needing a dump {sum(bool(r.needs_dumps) for r in records)} records",
    ]
    for event_type, subs in SUB_TYPES.items():
        count = sum(e.type is event_type for e in events)
        lines.append(f"{event_type.value}: {count}")
        lines += [f"  {s.value}: {n}" for s in subs if (n := sum(e.sub_type is s for e in events))]
    conflicts = sorted({r.conflict for r in records})
    lines.append(
        "per conflict: "
        + ", ".join(
            f"{c} {sum(len(r.events) for r in records if r.conflict == c)}" for c in conflicts
        )
    )
    return "\n".join(lines)


if __name__ == "__main__":
    print(summarise(load_events()))

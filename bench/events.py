#!/usr/bin/env python3
"""Event extraction on the events dev set (issue 16): type, date, fatalities, place.

Usage::

    python bench/events.py                 # the dev split
    python bench/events.py --split test    # the held-out split (do not tune on it)
    python bench/events.py --split all --mistakes

Runs ``geoparse(text, date=article_date)`` on every record of
``tests/devset/events/`` (records that need an imported GeoNames dump are left out
unless ``--with-dumps``) and scores the events with the set's own scorer
(``tests/devset/events_score.py``). Printed: one row per conflict and overall
(event detection P/R/F1, then the accuracy over matched pairs of type, sub-type,
date, time precision, fatalities, place within 25 km, actor1), the same per style
(wire reports, coder notes), and the headline figures against issue 16's floors
(type 0.85, date 0.95, fatalities 0.85, place within 25 km 0.90).
``--mistakes`` lists the wrong fields of each matched pair, the missed and the
spurious events.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from conflictmap.pipeline import geoparse, open_gazetteer  # noqa: E402
from tests.devset.events_gold import (  # noqa: E402
    EventScores,
    GoldRecord,
    Style,
    format_scores,
    load_events,
    score_events,
)

#: issue 16's floors: field -> least accuracy over matched events
FLOORS = {"type": 0.85, "date": 0.95, "fatalities": 0.85, "place": 0.90}


def _run(records: tuple[GoldRecord, ...]) -> dict[str, object]:
    gazetteer = open_gazetteer()
    # the JSON contract: events as mappings, places by id with lat/lon
    return {
        r.id: geoparse(r.text, date=r.article_date, gazetteer=gazetteer).to_dict() for r in records
    }


def _headline(scores: EventScores) -> str:
    s = scores.overall
    parts = []
    for name in ("type", "sub_type", "date", "fatalities", "place"):
        value = s.field(name).accuracy
        floor = FLOORS.get(name)
        mark = "" if floor is None or value is None else (" ok" if value >= floor else " BELOW")
        shown = "-" if value is None else f"{value:.3f}"
        parts.append(f"{name} {shown}" + (f" (floor {floor}){mark}" if floor else ""))
    return f"matched {s.matched}/{s.gold} gold, {s.predicted} predicted; " + "; ".join(parts)


def _mistakes(scores: EventScores) -> None:
    for m in scores.mistakes:
        p = m.predicted
        print(f"WRONG {m.record} {','.join(m.wrong)}: {m.gold.text[:70]!r}")
        print(
            f"   gold {m.gold.sub_type.value} {m.gold.date} {m.gold.fatalities} "
            f"{m.gold.place.name if m.gold.place else m.gold.estimate} {m.gold.actor1}"
        )
        print(
            f"   got  {p['sub_type']} {p['date']} {p['fatalities']} {p['place']} "
            f"{p['estimate']} {p['actor1']}"
        )
    for rid, gold in scores.missed:
        print(f"MISSED {rid}: {gold.sub_type.value}: {gold.text[:90]!r}")
    for rid, event in scores.spurious:
        print(f"SPURIOUS {rid}: {event['sub_type']}: {event['text'][:90]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--split", choices=["dev", "test", "all"], default="dev")
    parser.add_argument("--with-dumps", action="store_true", help="keep records needing dumps")
    parser.add_argument("--mistakes", action="store_true", help="list what went wrong")
    args = parser.parse_args(argv)
    split = None if args.split == "all" else args.split
    records = load_events(split=split, without_dumps=not args.with_dumps)
    predicted = _run(records)
    scores = score_events(predicted, records)
    print(f"events dev set, split {args.split}: {len(records)} records")
    print(format_scores(scores))
    for style in Style:
        chosen = tuple(r for r in records if r.style is style)
        sub = score_events({r.id: predicted[r.id] for r in chosen}, chosen)
        print(f"style {style.value}: {_headline(sub)}")
    print(f"overall: {_headline(scores)}")
    if args.mistakes:
        _mistakes(scores)
    return 0


if __name__ == "__main__":
    sys.exit(main())

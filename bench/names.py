#!/usr/bin/env python3
"""Issue 14's name table (tests/devset/names.tsv) on the bundled default gazetteer.

Usage::

    python bench/names.py               # the figure, per kind, and every failing name
    python bench/names.py --home DIR    # another conflictmap home

Each row of ``names.tsv`` is a region, district, feature or news spelling with a
sentence of our own; the sentence goes through ``geoparse`` and the row *resolves*
when the mention covering the name is placed within the row's tolerance of its
point (rules: ``tests/devset/names_score.py``). Results are also written to
``bench/results/names.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.devset.names_score import Outcome, Status, judge, summarise  # noqa: E402
from tests.devset.tables import load_names  # noqa: E402


def run(home: Path | None) -> list[Outcome]:
    from conflictmap.pipeline import geoparse, open_gazetteer

    gazetteer = open_gazetteer(home, progress=False)
    return [
        judge(case, geoparse(case.context_sentence, id=f"names:{case.line}", gazetteer=gazetteer))
        for case in load_names()
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--home", type=Path, default=None)
    args = parser.parse_args(argv)
    started = time.process_time()
    outcomes = run(args.home)
    cpu = time.process_time() - started
    summary = summarise(outcomes)
    print(
        f"names.tsv: {summary.resolved}/{summary.total} resolve within tolerance "
        f"({summary.rate:.3f}), {summary.countries} countries, {cpu:.1f} s CPU"
    )
    for kind, (ok, n) in summary.by_kind.items():
        print(f"  {kind.value:<9} {ok:>4}/{n:<4} {ok / n:.3f}")
    failing = [o for o in outcomes if o.status is not Status.RESOLVED]
    for o in failing:
        detail = f"as {o.placed_as!r} {o.error_km:.0f} km" if o.error_km is not None else ""
        print(
            f"  FAIL {o.status.value:<11} {o.case.name!r} ({','.join(o.case.countries)}, "
            f"{o.case.expected_kind.value}) mention={o.mention!r} {detail}"
        )
    out = ROOT / "bench" / "results" / "names.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "resolved": summary.resolved,
                "total": summary.total,
                "rate": round(summary.rate, 4),
                "countries": summary.countries,
                "by_kind": {k.value: list(v) for k, v in summary.by_kind.items()},
                "failing": [
                    {"name": o.case.name, "status": o.status.value, "placed_as": o.placed_as}
                    for o in failing
                ],
            },
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

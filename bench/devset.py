#!/usr/bin/env python3
"""The conflict dev set (tests/devset/): detection and end-to-end accuracy, per country.

Usage::

    python bench/devset.py                    # every article, default gazetteer (+ dumps)
    python bench/devset.py --split test       # only the held-out half
    python bench/devset.py --errors 30        # list up to 30 errors too
    python bench/devset.py --no-dumps         # skip the articles whose villages need dumps

Articles whose gold villages exist only in a GeoNames country dump (``needs_dumps``)
are run on a temporary home that shares the default home's base layer and imports
those dumps from ``../shared/data/geonames/``; when ``../shared`` is absent they are
skipped with a message. Figures (rules in tests/devset/README.md):

* P/R/F1: detection (a gold span is found when a prediction overlaps it).
* e2e: required gold mentions found *and* placed (gold id or also_ok id, or a point
  within the gold tolerance: 25 km for settlements, the area's radius for regions).
* area@area: of the required regions/districts/countries, the share placed right *as
  an area* (not via a town inside it).
* cpu s/doc: CPU time of geoparse per article, gazetteer open.

Results are also written to ``bench/results/devset-<split>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.devset.gold import Article, Report, load_articles, score  # noqa: E402
from tests.devset.model import Kind  # noqa: E402
from tests.devset.scoring import Tally  # noqa: E402

SHARED = Path(os.environ.get("CONFLICTMAP_SHARED", ROOT.parent / "shared"))
DUMPS = SHARED / "data" / "geonames"


@dataclass(frozen=True, kw_only=True)
class Engine:
    """The pipeline under test: the only place that imports conflictmap (repoint here)."""

    open_gazetteer: Callable[[Path | None], Any]
    geoparse: Callable[[str, str, Any], Any]
    import_dumps: Callable[[Sequence[Path], Path], None]
    base_db: str


def engine() -> Engine:
    from conflictmap.paths import BASE_DB
    from conflictmap.pipeline import geoparse, open_gazetteer
    from conflictmap.store.geonames_import import import_files

    def _open(home: Path | None) -> Any:
        return open_gazetteer(home, progress=False)

    def _parse(text: str, doc_id: str, gaz: Any) -> Any:
        return geoparse(text, id=doc_id, gazetteer=gaz)

    def _import(paths: Sequence[Path], home: Path) -> None:
        import_files(paths, home=home)

    return Engine(open_gazetteer=_open, geoparse=_parse, import_dumps=_import, base_db=BASE_DB)


def dump_home(eng: Engine, base_home: Path, dumps: Sequence[str], folder: Path) -> Path:
    """A home in ``folder`` sharing ``base_home``'s base layer, with ``dumps`` imported."""
    home = folder / "-".join(dumps)
    home.mkdir(parents=True)
    os.symlink((base_home / eng.base_db).resolve(), home / eng.base_db)
    files = [DUMPS / f"{cc}.txt" for cc in dumps]
    files += [DUMPS / "admin1CodesASCII.txt", DUMPS / "admin2Codes.txt"]
    started = time.process_time()
    eng.import_dumps([f for f in files if f.exists()], home)
    print(f"devset: imported {'+'.join(dumps)} in {time.process_time() - started:.1f} s CPU")
    return home


@contextmanager
def gazetteers(
    articles: list[Article], *, home: Path | None, use_dumps: bool, eng: Engine | None = None
) -> Iterator[list[tuple[Article, Any]]]:
    """Each article with the gazetteer it runs on (dump homes live until the block ends).

    Articles needing dumps get a temporary home sharing the default home's base layer
    with those dumps imported; they are skipped (with a message) under ``--no-dumps``
    or when ``../shared`` lacks a dump.
    """
    eng = eng or engine()
    default = eng.open_gazetteer(home)
    base_home = Path(default.home)
    groups: dict[tuple[str, ...], list[Article]] = {}
    for a in articles:
        groups.setdefault(a.needs_dumps, []).append(a)
    pairs: list[tuple[Article, Any]] = []
    with tempfile.TemporaryDirectory(prefix="devset-") as tmp:
        for dumps, group in sorted(groups.items()):
            gaz = default
            if dumps:
                missing = [cc for cc in dumps if not (DUMPS / f"{cc}.txt").exists()]
                if not use_dumps or missing:
                    why = "--no-dumps" if not use_dumps else f"{DUMPS} lacks {missing}"
                    print(f"devset: skipping {len(group)} articles needing {dumps} ({why})")
                    continue
                gaz = eng.open_gazetteer(dump_home(eng, base_home, dumps, Path(tmp)))
            pairs += [(a, gaz) for a in group]
        yield pairs


def run(
    articles: list[Article], *, home: Path | None, use_dumps: bool
) -> tuple[Report, float, list[Any]]:
    """Geoparse every article (grouped by the dumps it needs); report, CPU s/doc, results."""
    eng = engine()
    results, cpu = [], 0.0
    with gazetteers(articles, home=home, use_dumps=use_dumps, eng=eng) as pairs:
        for a, gaz in pairs:
            started = time.process_time()
            results.append(eng.geoparse(a.text, a.id, gaz))
            cpu += time.process_time() - started
    return score(results, articles), cpu / max(1, len(results)), results


def row(name: str, t: Tally) -> dict[str, Any]:
    return {
        "": name,
        "docs": t.articles,
        "gold": t.n_gold,
        "P": round(t.precision, 3),
        "R": round(t.recall, 3),
        "F1": round(t.f1, 3),
        "e2e": round(t.e2e, 3),
        "area@area": f"{t.area_as_area}/{t.n_area}" if t.n_area else "-",
    }


def table(rows: list[dict[str, Any]]) -> str:
    cols = list(rows[0])
    widths = [max(len(c), *(len(str(r[c])) for r in rows)) for c in cols]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))]
    lines += [
        "  ".join(str(r[c]).ljust(w) for c, w in zip(cols, widths, strict=True)) for r in rows
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all")
    parser.add_argument("--errors", type=int, default=0, help="print this many errors")
    parser.add_argument("--home", type=Path, default=None, help="default: $CONFLICTMAP_HOME")
    parser.add_argument("--no-dumps", action="store_true", help="skip articles needing dumps")
    args = parser.parse_args(argv)
    articles = load_articles(split=None if args.split == "all" else args.split)
    report, cpu, _ = run(articles, home=args.home, use_dumps=not args.no_dumps)
    rows = [row(c, t) for c, t in report.by_country.items()]
    rows.append(row("all", report.overall))
    kinds = [row(k.value, t) for k, t in report.by_kind.items()]
    print(f"conflict dev set ({args.split}), by focus country; CPU {cpu:.3f} s/doc")
    print(table(rows))
    print("\nby gold kind (required mentions)")
    print(table([{k: v for k, v in r.items() if k not in ("P", "F1", "docs")} for r in kinds]))
    if args.errors:
        errors = report.errors
        print(f"\nerrors ({len(errors)}; first {args.errors})")
        for e in errors[: args.errors]:
            print(e.line())
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    payload = {"split": args.split, "cpu_s_per_doc": cpu, "countries": rows, "kinds": kinds}
    (out / f"devset-{args.split}.json").write_text(json.dumps(payload, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["Engine", "Kind", "engine", "gazetteers", "main", "run"]

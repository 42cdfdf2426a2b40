#!/usr/bin/env python3
"""End-to-end accuracy from raw text: GeoWebNews, LGL, the conflict dev set, the variant table.

Usage::

    python bench/accuracy.py                      # everything, all articles
    python bench/accuracy.py --split test         # only the held-out halves
    python bench/accuracy.py --corpus both        # GeoWebNews and LGL only (the old default)
    python bench/accuracy.py --corpus lgl --errors 40   # show 40 errors too
    python bench/accuracy.py --min-confidence 0.1  # cut doubtful places, as before issue 15

Printed (and written to bench/results/accuracy-<split>.json):

* GeoWebNews and LGL (../shared/data/corpora/), the metrics below;
* the conflict dev set (tests/devset, run as ``bench/devset.py`` runs it: default
  gazetteer, plus the ../shared GeoNames dumps for the articles whose villages need
  them): P/R/F1 and e2e per focus country (rules in tests/devset/README.md);
* the variant table (tests/devset/variants.tsv, as ``bench/translit.py``): the share of
  pairs not known exactly whose place the transliteration lookup finds, and the
  negatives it turns into candidates; then each pair in a short report of ours
  (uncued, and after "in"), placed right by the whole pipeline, and the negatives'
  context sentences in a Syria report, placed (false places);
* confidence calibration on each corpus's *test* half (never fitted on): Brier score
  and expected calibration error (10 bins) of the reported confidence of every
  resolved name (kinds ``name``, ``variant``), labelled as bench/calibration.py says.

Metrics on GeoWebNews and LGL:

* detection precision, recall, F1. A gold span is *found* if a prediction overlaps
  it. Recall counts, in GeoWebNews, the literal toponyms with coordinates (types
  Literal, Literal_Modifier, Mixed, Coercion, Embedded_Literal: 1,447) and, in LGL,
  every toponym with a gazetteer tag (4,462). A prediction is *correct* for precision
  if it overlaps any annotated toponym: in GeoWebNews any type but ``Non_Toponym``
  (metonymic uses included), in LGL any annotated toponym.
* e2e@161: share of gold toponyms found *and* placed within 161 km (100 miles).
* res@161: the same among found toponyms.
* median error (km) of found toponyms; unresolved ones count as not placed.
* docs/s of the whole pipeline (gazetteer already open).

Splits: ``dev`` is the articles with an even index in each corpus file, ``test``
the odd ones. Rules and weights were tuned looking at ``dev`` errors only; the
``test`` figures are the honest ones.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from calibration import calibration_row, conflict_label, corpus_label  # noqa: E402

from conflictmap.geo.geodesy import distance_km  # noqa: E402
from conflictmap.model import MentionKind  # noqa: E402
from conflictmap.pipeline import geoparse, open_gazetteer  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "corpora"
GWN_LITERAL = {"Literal", "Literal_Modifier", "Mixed", "Coercion", "Embedded_Literal"}
KM = 161.0
#: the mention kinds the confidence model scores (the others carry fixed confidences)
NAMED = (MentionKind.NAME, MentionKind.VARIANT)


@dataclass
class Gold:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    counts: bool  # counts for recall / e2e


@dataclass
class Doc:
    id: str
    text: str
    gold: list[Gold]
    #: spans that make a prediction correct for precision
    annotated: list[tuple[int, int]] = field(default_factory=list)
    #: position in its corpus file (even: the dev half, odd: the test half)
    index: int = 0


def load_gwn(path: Path) -> list[Doc]:
    docs = []
    for article in ET.parse(path).getroot().findall("article"):
        text = article.findtext("text") or ""
        gold, annotated = [], []
        for tp in article.find("toponyms") or []:
            kind = tp.findtext("type") or ""
            start, end = int(tp.findtext("start")), int(tp.findtext("end"))
            if kind != "Non_Toponym":
                annotated.append((start, end))
            lat = tp.findtext("latitude")
            if kind in GWN_LITERAL and lat:
                gold.append(
                    Gold(
                        start,
                        end,
                        text[start:end],
                        float(lat),
                        float(tp.findtext("longitude")),
                        True,
                    )
                )
        docs.append(Doc(f"gwn-{article.get('file')}", text, gold, annotated, len(docs)))
    return docs


def load_lgl(path: Path) -> list[Doc]:
    docs = []
    for article in ET.parse(path).getroot().findall("article"):
        text = article.findtext("text") or ""
        gold, annotated = [], []
        for tp in article.find("toponyms") or []:
            start, end = int(tp.findtext("start")), int(tp.findtext("end"))
            annotated.append((start, end))
            tag = tp.find("gaztag")
            if tag is not None and tag.findtext("lat"):
                gold.append(
                    Gold(
                        start,
                        end,
                        text[start:end],
                        float(tag.findtext("lat")),
                        float(tag.findtext("lon")),
                        True,
                    )
                )
        docs.append(Doc(f"lgl-{article.get('docid')}", text, gold, annotated, len(docs)))
    return docs


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


@dataclass
class Score:
    n_pred: int = 0
    pred_ok: int = 0
    n_gold: int = 0
    found: int = 0
    placed: int = 0
    errors_km: list[float] = field(default_factory=list)
    seconds: float = 0.0
    docs: int = 0
    misses: list[str] = field(default_factory=list)
    false_pos: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    #: resolved names (kinds name, variant) of the test half: confidence and label
    #: (bench/calibration.py), for Brier and ECE
    probs: list[float] = field(default_factory=list)
    labels: list[float] = field(default_factory=list)

    def row(self, name: str) -> dict[str, float | str | int]:
        p = self.pred_ok / self.n_pred if self.n_pred else 0.0
        r = self.found / self.n_gold if self.n_gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "corpus": name,
            "docs": self.docs,
            "gold": self.n_gold,
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(f1, 3),
            "e2e@161": round(self.placed / self.n_gold, 3) if self.n_gold else 0.0,
            "res@161": round(self.placed / self.found, 3) if self.found else 0.0,
            "median_km": round(statistics.median(self.errors_km), 1) if self.errors_km else 0.0,
            "docs/s": round(self.docs / self.seconds, 1) if self.seconds else 0.0,
        }


def evaluate(docs: list[Doc], gaz, *, statements: bool = True, **parts) -> Score:  # type: ignore[no-untyped-def]
    """Score the pipeline on ``docs``; ``parts`` (``recognizer=``, ``resolver=``) go to geoparse."""
    score = Score()
    for doc in docs:
        test = doc.index % 2 == 1
        started = time.perf_counter()
        result = geoparse(doc.text, id=doc.id, gazetteer=gaz, statements=statements, **parts)
        score.seconds += time.perf_counter() - started
        score.docs += 1
        places = result.place_by_id
        preds = [(m.start, m.end, m) for m in result.mentions]
        score.n_pred += len(preds)
        if test:
            _calibration(score, doc, result)
        for s, e, m in preds:
            if any(overlaps(s, e, a, b) for a, b in doc.annotated):
                score.pred_ok += 1
            else:
                score.false_pos.append(
                    f"{doc.id}: FP {m.text!r} -> {m.place} | …{_ctx(doc.text, s, e)}…"
                )
        for g in doc.gold:
            score.n_gold += 1
            hit = [m for s, e, m in preds if overlaps(s, e, g.start, g.end)]
            if not hit:
                score.misses.append(
                    f"{doc.id}: MISS {g.text!r} | …{_ctx(doc.text, g.start, g.end)}…"
                )
                continue
            score.found += 1
            m = hit[0]
            place = places.get(m.place or "")
            if place is None or g.lat is None or g.lon is None:
                score.wrong.append(f"{doc.id}: UNRESOLVED {g.text!r}")
                continue
            err = distance_km(g.lat, g.lon, place.lat, place.lon)
            score.errors_km.append(err)
            if err <= KM:
                score.placed += 1
            else:
                score.wrong.append(
                    f"{doc.id}: WRONG {g.text!r} -> {place.name} ({place.country}, {place.kind}) "
                    f"{err:.0f} km | gold {g.lat:.2f},{g.lon:.2f} | …{_ctx(doc.text, g.start, g.end)}…"
                )
    return score


def _calibration(score: Score, doc: Doc, result: Any) -> None:
    places = result.place_by_id
    for m in result.mentions:
        place = places.get(m.place or "")
        if place is None or m.kind not in NAMED:
            continue
        label = corpus_label(doc, m.start, m.end, place.lat, place.lon, KM)
        if label is not None:
            score.probs.append(m.confidence)
            score.labels.append(label)


def _ctx(text: str, s: int, e: int, width: int = 40) -> str:
    return " ".join(
        (text[max(0, s - width) : s] + "[" + text[s:e] + "]" + text[e : e + width]).split()
    )


def table(rows: list[dict[str, Any]]) -> str:
    columns = list(rows[0])
    widths = [max(len(c), *(len(str(r[c])) for r in rows)) for c in columns]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    for r in rows:
        lines.append("  ".join(str(r[c]).ljust(w) for c, w in zip(columns, widths, strict=True)))
    return "\n".join(lines)


def conflict(split: str, home: str | None, errors: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The conflict dev set (tests/devset): its per-country table printed; overall and calibration."""
    from devset import row, run

    from tests.devset.gold import load_articles

    articles = load_articles(split=None if split == "all" else split)
    report, _, results = run(articles, home=Path(home) if home else None, use_dumps=True)
    rows = [row(c, t) for c, t in report.by_country.items()]
    rows.append(row("all", report.overall))
    print(f"conflict dev set ({split}; default gazetteer + the ../shared dumps where needed), "
          "e2e per focus country (floor 0.85)")  # fmt: skip
    print(table(rows))
    for e in report.errors[:errors]:
        print(e.line())
    by_id = {a.id: a for a in articles}
    probs, labels = [], []
    for result in results:
        article = by_id[result.id]
        if article.split.value != "test":
            continue
        places = result.place_by_id
        for m in result.mentions:
            place = places.get(m.place or "")
            if place is None or m.kind not in NAMED:
                continue
            label = conflict_label(article, m.start, m.end, place)
            if label is not None:
                probs.append(m.confidence)
                labels.append(label)
    return rows[-1], calibration_row("conflict dev set (test)", probs, labels)


def variants(gaz: Any) -> dict[str, Any]:
    """The variant table figure (bench/translit.py), printed."""
    from translit import in_context, measure

    figures = measure(gaz)
    print("variant table (tests/devset/variants.tsv; bench/translit.py)")
    print("\n".join(figures.lines()))
    context = in_context(gaz)
    print("\n".join(context.lines()))
    return {"pairs": figures.pairs, "exact": figures.exact, "others": figures.others,
            "matched": figures.matched, "share": round(figures.share, 3),
            "false": len(figures.false), "in_context": context.placed,
            "in_context_false": len(context.false)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", choices=["gwn", "lgl", "both", "conflict", "all"],
                        default="all", help="both: GWN and LGL; all: those and the conflict "
                        "dev set and the variant table")  # fmt: skip
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all")
    parser.add_argument("--errors", type=int, default=0, help="print this many errors of each kind")
    parser.add_argument(
        "--home", default=None, help="conflictmap home (default: $CONFLICTMAP_HOME)"
    )
    parser.add_argument("--no-statements", action="store_true", help="skip statement parsing")
    parser.add_argument(
        "--min-confidence",
        type=float,
        default=0.0,
        help="leave out mentions below this confidence, as extract --min-confidence does "
        "(default 0: every place kept, doubtful ones too; 0.1 was the drop cutoff before "
        "issue 15)",
    )
    args = parser.parse_args()
    if not SHARED.exists():
        sys.exit(f"bench/accuracy.py: {SHARED} is absent; the corpora live in ../shared")
    gaz = open_gazetteer(args.home)
    corpora = []
    if args.corpus in ("gwn", "both", "all"):
        corpora.append(("GeoWebNews", load_gwn(SHARED / "GeoWebNews" / "GWN.xml")))
    if args.corpus in ("lgl", "both", "all"):
        corpora.append(("LGL", load_lgl(SHARED / "LGL" / "lgl.xml")))
    rows, calibration, payload = [], [], {}
    for name, docs in corpora:
        if args.split != "all":
            parity = 0 if args.split == "dev" else 1
            docs = [d for d in docs if d.index % 2 == parity]
        score = evaluate(
            docs, gaz, statements=not args.no_statements, min_confidence=args.min_confidence
        )
        rows.append(score.row(f"{name} ({args.split})"))
        calibration.append(calibration_row(f"{name} (test)", score.probs, score.labels))
        if args.errors:
            for label, items in (
                ("misses", score.misses),
                ("false positives", score.false_pos),
                ("wrong", score.wrong),
            ):
                print(f"--- {name}: {label} ({len(items)})")
                for line in items[: args.errors]:
                    print(line)
    if rows:
        print(table(rows))
    if args.corpus in ("conflict", "all"):
        overall, conflict_calibration = conflict(args.split, args.home, args.errors)
        calibration.append(conflict_calibration)
        payload["conflict"] = overall
    if args.corpus == "all":
        payload["variants"] = variants(gaz)
    if calibration and args.split != "dev":
        print("confidence calibration on the test halves (never fitted on): resolved names "
              "(kinds name, variant), label 1 when placed right (bench/calibration.py)")  # fmt: skip
        print(table(calibration))
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    payload.update(corpora=rows, calibration=calibration)
    (out / f"accuracy-{args.split}.json").write_text(json.dumps(payload, indent=2))


if __name__ == "__main__":
    main()

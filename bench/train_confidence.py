#!/usr/bin/env python3
"""Fit the confidence model (conflictmap/data/confidence.json) on the dev halves.

Usage::

    python bench/train_confidence.py            # fit on dev, report on test, write the model
    python bench/train_confidence.py --dry-run  # fit and report, write nothing
    python bench/train_confidence.py --corpora gwn,lgl --dry-run   # as before issue 15

Training data: every resolved name (kinds ``name`` and ``variant``) in the *dev*
halves of GeoWebNews and LGL (even-numbered articles) and of the conflict dev set
(``tests/devset``, articles marked ``dev``; those whose villages need a GeoNames
country dump run on a home with ``../shared/data/geonames`` imported, as
``bench/devset.py`` does). Labels: :mod:`calibration` (1 a place placed right, 0 not a
place or placed wrong; unlabelled names left out). Each corpus weighs the same in the
fit (``--weighting balanced``: an example weighs ``n / (3 n_corpus)``), so that the
conflict dev set, about a tenth the size of LGL, counts as much as either news corpus;
``--weighting equal`` weighs every example 1, as before issue 15. On the test halves
(2026-12-02) balanced gave Brier .1321/.1326/.0440 (GWN/LGL/conflict) against equal's
.1352/.1303/.0622, and ECE .064/.049/.067 against .061/.046/.107.

The model is an L2-regularised logistic regression fitted by Newton's method
(numpy only). The report gives, on each corpus's held-out *test* half separately,
the Brier score and the expected calibration error (10 bins) of the calibrated
probability and of the resolver's raw softmax share, a reliability table, and the
probabilities of the right names placed at population-0 places (villages).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from accuracy import KM, SHARED, load_gwn, load_lgl  # noqa: E402
from calibration import brier, conflict_label, corpus_label, ece, reliability  # noqa: E402
from devset import gazetteers  # noqa: E402

from conflictmap.pipeline import open_gazetteer  # noqa: E402
from conflictmap.recognize.spotter import Spotter  # noqa: E402
from conflictmap.resolve import GazetteerResolver  # noqa: E402
from conflictmap.resolve.confidence import FEATURES  # noqa: E402
from tests.devset.gold import load_articles  # noqa: E402

GWN = SHARED / "GeoWebNews" / "GWN.xml"
LGL = SHARED / "LGL" / "lgl.xml"
MODEL = ROOT / "conflictmap" / "data" / "confidence.json"
CORPORA = ("gwn", "lgl", "conflict")


@dataclass
class Examples:
    """Labelled resolved names: the model's inputs, labels, raw shares, where each is from."""

    rows: list[list[float]] = field(default_factory=list)
    labels: list[float] = field(default_factory=list)
    raw: list[float] = field(default_factory=list)
    corpus: list[str] = field(default_factory=list)
    #: the name was resolved to a settlement of population 0 (a village no census row has)
    unpeopled: list[bool] = field(default_factory=list)

    def arrays(self, corpus: str | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(inputs, labels, raw shares), of one corpus or of all."""
        keep = [i for i, c in enumerate(self.corpus) if corpus in (None, c)]
        x = np.array([self.rows[i] for i in keep]).reshape(len(keep), len(FEATURES))
        return x, np.array([self.labels[i] for i in keep]), np.array([self.raw[i] for i in keep])


class Runner:
    """Spots and resolves (uncalibrated) with one spotter and resolver per gazetteer."""

    def __init__(self) -> None:
        self.parts: dict[int, tuple[Spotter, GazetteerResolver]] = {}

    def resolve(self, text: str, gaz: Any) -> Any:
        if id(gaz) not in self.parts:
            self.parts[id(gaz)] = (Spotter(gaz), GazetteerResolver(gaz, calibrate=False))
        spotter, resolver = self.parts[id(gaz)]
        return resolver.resolve(text, spotter.spot(text))


def add_article(
    out: Examples, corpus: str, res: Any, label: Callable[[int, int, Any], float | None]
) -> None:
    """Add every resolved name of one resolution, labelled by ``label(start, end, place)``."""
    places = {p.id: p for p in res.places}
    by_span = {(s.start, s.end): i for i, s in enumerate(res.spots)}
    for m in res.mentions:
        idx = by_span.get((m.start, m.end))
        if idx is None or idx not in res.features or m.place is None:
            continue
        place = places[m.place]
        y = label(m.start, m.end, place)
        if y is None:
            continue
        out.rows.append([res.features[idx].get(name, 0.0) for name in FEATURES])
        out.labels.append(y)
        out.raw.append(res.features[idx]["share"])
        out.corpus.append(corpus)
        out.unpeopled.append(place.population == 0 and place.kind.is_settlement)


def examples(split: str, corpora: Sequence[str] = CORPORA, *, dumps: bool = True) -> Examples:
    """The labelled names of ``split`` (dev: even-numbered articles) of ``corpora``."""
    gaz = open_gazetteer()
    runner = Runner()
    parity = 0 if split == "dev" else 1
    out = Examples()
    for corpus in ("gwn", "lgl"):
        if corpus not in corpora:
            continue
        docs = load_gwn(GWN) if corpus == "gwn" else load_lgl(LGL)
        for doc in docs[parity::2]:
            res = runner.resolve(doc.text, gaz)

            def label(start: int, end: int, place: Any, doc: Any = doc) -> float | None:
                return corpus_label(doc, start, end, place.lat, place.lon, KM)

            add_article(out, corpus, res, label)
    if "conflict" in corpora:
        articles = load_articles(split=split)
        with gazetteers(articles, home=None, use_dumps=dumps) as pairs:
            for article, agaz in pairs:
                res = runner.resolve(article.text, agaz)

                def conflict(start: int, end: int, place: Any, a: Any = article) -> float | None:
                    return conflict_label(a, start, end, place)

                add_article(out, "conflict", res, conflict)
    return out


def fit(
    x: np.ndarray, y: np.ndarray, l2: float = 1.0, weight: np.ndarray | None = None
) -> np.ndarray:
    """L2-regularised logistic regression (Newton), each example weighted by ``weight``."""
    w = np.zeros(x.shape[1])
    sw = np.ones(len(y)) if weight is None else weight
    reg = l2 * np.eye(x.shape[1])
    reg[0, 0] = 0.0  # no penalty on the bias
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (sw * (p - y)) + reg @ w
        hess = x.T @ (x * (sw * p * (1 - p))[:, None]) + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def balanced(corpus: Sequence[str]) -> np.ndarray:
    """Example weights under which every corpus weighs the same in total (mean weight 1)."""
    tags = np.array(corpus)
    names = sorted(set(corpus))
    counts = {name: int((tags == name).sum()) for name in names}
    return np.array([len(tags) / (len(names) * counts[t]) for t in corpus])


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def report(test: Examples, w: np.ndarray) -> dict[str, dict[str, float]]:
    """Print, per corpus of the test half, Brier and ECE calibrated and raw; return them."""
    figures: dict[str, dict[str, float]] = {}
    for corpus in [c for c in CORPORA if c in test.corpus]:
        x, y, raw = test.arrays(corpus)
        p = sigmoid(x @ w)
        figures[corpus] = {"names": len(y), "brier": round(brier(p, y), 4),
                           "ece": round(ece(p, y), 4)}  # fmt: skip
        print(f"test {corpus}: {len(y)} names, {y.mean():.3f} right")
        print(f"  Brier  calibrated {brier(p, y):.4f}   raw softmax share {brier(raw, y):.4f}")
        print(f"  ECE    calibrated {ece(p, y):.4f}   raw softmax share {ece(raw, y):.4f}")
        print(reliability(p, y))
    for corpus in [c for c in CORPORA if c in test.corpus]:
        x, y, _ = test.arrays(corpus)
        p = sigmoid(x @ w)
        village = np.array(
            [u for u, c in zip(test.unpeopled, test.corpus, strict=True) if c == corpus]
        )
        village &= y == 1
        if not village.any():
            continue
        pv = p[village]
        print(f"right names at population-0 settlements, test {corpus}: {village.sum()}, "
              f"mean p {pv.mean():.3f}, min {pv.min():.3f}, under 0.1: {(pv < 0.1).sum()}")  # fmt: skip
        figures[f"{corpus}_unpeopled_right"] = {
            "names": int(village.sum()), "mean_p": round(float(pv.mean()), 3),
            "min_p": round(float(pv.min()), 3), "under_0.1": int((pv < 0.1).sum()),
        }  # fmt: skip
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--corpora", default=",".join(CORPORA), help="fit on these dev halves")
    parser.add_argument("--weighting", choices=["balanced", "equal"], default="balanced",
                        help="balanced: each corpus weighs the same; equal: each example 1")  # fmt: skip
    parser.add_argument("--no-dumps", action="store_true", help="skip articles needing dumps")
    args = parser.parse_args()
    if not SHARED.exists():
        sys.exit(f"{SHARED} is absent")
    corpora = [c for c in args.corpora.split(",") if c]
    dev = examples("dev", corpora, dumps=not args.no_dumps)
    x, y, _ = dev.arrays()
    weight = balanced(dev.corpus) if args.weighting == "balanced" else np.ones(len(y))
    w = fit(x, y, args.l2, weight)
    test = examples("test", CORPORA, dumps=not args.no_dumps)
    counts = {c: dev.corpus.count(c) for c in corpora}
    print(f"fit on the dev halves of {counts} ({args.weighting}); "
          f"{len(y)} names, {y.mean():.3f} right")  # fmt: skip
    figures = report(test, w)
    for name, weight_value in zip(FEATURES, w, strict=True):
        print(f"  {name:16s} {weight_value:+.3f}")
    if args.dry_run:
        return
    meta = {
        "trained": date.today().isoformat(),
        "script": "bench/train_confidence.py",
        "data": "dev halves: GeoWebNews and LGL (even-numbered articles), the conflict dev "
        "set (tests/devset, split dev; ML/NE/BF dump articles with ../shared/data/geonames "
        "imported)",
        "corpora": counts,
        "weighting": args.weighting,
        "l2": args.l2,
        "examples": len(y),
        "test": figures,
    }
    MODEL.parent.mkdir(parents=True, exist_ok=True)
    weights = [round(float(v), 5) for v in w]
    body = {"names": list(FEATURES), "weights": weights, "meta": meta}
    tmp = MODEL.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")
    tmp.replace(MODEL)
    print(f"wrote {MODEL.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

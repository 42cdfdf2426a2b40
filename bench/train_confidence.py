#!/usr/bin/env python3
"""Fit the confidence model (conflictmap/data/confidence.json) on the dev corpora.

Usage::

    python bench/train_confidence.py            # fit on dev, report on test, write the model
    python bench/train_confidence.py --dry-run  # fit and report, write nothing

Training data: every resolved name (kinds ``name`` and ``variant``) in the *dev*
half (even-numbered articles) of GeoWebNews and LGL. The label is 1 when the
mention overlaps a gold toponym and is placed within 161 km of it, 0 when it
overlaps no annotated toponym (not a place) or is placed farther. Mentions that
overlap an annotation without coordinates are left out.

The model is an L2-regularised logistic regression fitted by Newton's method
(numpy only). The report compares, on the held-out *test* half, the calibrated
probability with the resolver's raw softmax share: Brier score, expected
calibration error (10 bins) and a reliability table.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from accuracy import KM, SHARED, load_gwn, load_lgl, overlaps  # noqa: E402

from conflictmap.geo.geodesy import distance_km  # noqa: E402
from conflictmap.pipeline import open_gazetteer  # noqa: E402
from conflictmap.recognize.spotter import Spotter  # noqa: E402
from conflictmap.resolve import GazetteerResolver  # noqa: E402
from conflictmap.resolve.confidence import FEATURES  # noqa: E402

MODEL = ROOT / "conflictmap" / "data" / "confidence.json"


def examples(split: str, corpora: str = "both") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    gaz = open_gazetteer()
    spotter = Spotter(gaz)
    resolver = GazetteerResolver(gaz, calibrate=False)
    parity = 0 if split == "dev" else 1
    rows, labels, raw = [], [], []
    chosen = []
    if corpora in ("both", "gwn"):
        chosen.append(load_gwn(SHARED / "GeoWebNews" / "GWN.xml"))
    if corpora in ("both", "lgl"):
        chosen.append(load_lgl(SHARED / "LGL" / "lgl.xml"))
    for docs in chosen:
        for index, doc in enumerate(docs):
            if index % 2 != parity:
                continue
            res = resolver.resolve(doc.text, spotter.spot(doc.text))
            places = {p.id: p for p in res.places}
            by_span = {(s.start, s.end): i for i, s in enumerate(res.spots)}
            for m in res.mentions:
                idx = by_span.get((m.start, m.end))
                if idx is None or idx not in res.features or m.place is None:
                    continue
                gold = [g for g in doc.gold if overlaps(m.start, m.end, g.start, g.end)]
                annotated = any(overlaps(m.start, m.end, a, b) for a, b in doc.annotated)
                if gold:
                    g = gold[0]
                    p = places[m.place]
                    label = float(distance_km(g.lat, g.lon, p.lat, p.lon) <= KM)
                elif annotated:
                    continue
                else:
                    label = 0.0
                rows.append([res.features[idx].get(name, 0.0) for name in FEATURES])
                labels.append(label)
                raw.append(res.features[idx]["share"])
    return np.array(rows), np.array(labels), np.array(raw)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0) -> np.ndarray:
    w = np.zeros(x.shape[1])
    reg = l2 * np.eye(x.shape[1])
    reg[0, 0] = 0.0  # no penalty on the bias
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + reg @ w
        hess = x.T @ (x * (p * (1 - p))[:, None]) + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def brier(p: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((p - y) ** 2))


def ece(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    total = 0.0
    for lo in np.linspace(0, 1, bins, endpoint=False):
        sel = (p >= lo) & (p < lo + 1 / bins)
        if sel.any():
            total += sel.mean() * abs(p[sel].mean() - y[sel].mean())
    return float(total)


def reliability(p: np.ndarray, y: np.ndarray) -> str:
    lines = ["  bin        n   mean p   observed"]
    for lo in np.linspace(0, 1, 5, endpoint=False):
        sel = (p >= lo) & (p < lo + 0.2 + (1e-9 if lo >= 0.8 else 0))
        if sel.any():
            lines.append(
                f"  {lo:.1f}-{lo + 0.2:.1f}  {sel.sum():5d}   {p[sel].mean():.3f}    {y[sel].mean():.3f}"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument(
        "--cross",
        choices=["lgl-to-gwn", "gwn-to-lgl"],
        help="overfitting check: fit on one corpus's dev half, report on the other's test half "
        "(implies --dry-run)",
    )
    args = parser.parse_args()
    if not SHARED.exists():
        sys.exit(f"{SHARED} is absent")
    train_on, test_on = ("both", "both")
    if args.cross:
        train_on, test_on = args.cross.split("-to-")
        args.dry_run = True
    x, y, _ = examples("dev", train_on)
    w = fit(x, y, args.l2)
    xt, yt, raw_t = examples("test", test_on)
    print(f"fit on {train_on} (dev), report on {test_on} (test)")
    pt = 1.0 / (1.0 + np.exp(-(xt @ w)))
    print(f"train (dev): {len(y)} mentions, {y.mean():.3f} correct")
    print(f"test: {len(yt)} mentions, {yt.mean():.3f} correct")
    print(f"  Brier  calibrated {brier(pt, yt):.4f}   raw softmax share {brier(raw_t, yt):.4f}")
    print(f"  ECE    calibrated {ece(pt, yt):.4f}   raw softmax share {ece(raw_t, yt):.4f}")
    print("calibrated, test:")
    print(reliability(pt, yt))
    for name, weight in zip(FEATURES, w, strict=True):
        print(f"  {name:16s} {weight:+.3f}")
    if args.dry_run:
        return
    MODEL.parent.mkdir(parents=True, exist_ok=True)
    MODEL.write_text(
        json.dumps(
            {
                "names": list(FEATURES),
                "weights": [round(float(v), 5) for v in w],
                "meta": {
                    "trained": date.today().isoformat(),
                    "data": "dev halves (even-numbered articles) of GeoWebNews and LGL",
                    "examples": len(y),
                    "test_brier": round(brier(pt, yt), 4),
                    "test_ece": round(ece(pt, yt), 4),
                    "script": "bench/train_confidence.py",
                },
            },
            indent=1,
        )
        + "\n"
    )
    print(f"wrote {MODEL.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""Calibration figures and labels shared by bench/accuracy.py and bench/train_confidence.py.

A resolved name's *label* is 1 when it is a place and is placed right, 0 when it is
not a place or is placed wrong, and ``None`` when the annotation cannot say:

* GeoWebNews and LGL (:func:`corpus_label`): right is within 161 km of the gold
  toponym it overlaps; a mention overlapping no annotated toponym is not a place;
  one overlapping an annotation without coordinates is left out.
* the conflict dev set (:func:`conflict_label`): right is the gold id, an
  ``also_ok`` id, or a point within the gold tolerance (25 km for settlements, the
  area's radius for regions), as ``tests/devset/scoring.py`` scores it; a mention on
  a non-place or on nothing annotated is 0; one touching only an optional span is
  left out, unless that span is bound to a country and the place lies outside it (0).

Examples
--------
>>> import numpy as np
>>> p, y = np.array([0.9, 0.8, 0.2, 0.1]), np.array([1.0, 1.0, 0.0, 0.0])
>>> round(brier(p, y), 4), round(ece(p, y), 4)
(0.025, 0.15)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from conflictmap.geo.geodesy import distance_km

__all__ = ["brier", "calibration_row", "conflict_label", "corpus_label", "ece", "reliability"]


def brier(p: np.ndarray, y: np.ndarray) -> float:
    """Mean squared difference between probability and outcome."""
    return float(np.mean((p - y) ** 2)) if len(y) else 0.0


def ece(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error over ``bins`` equal-width bins (weighted by bin size)."""
    total = 0.0
    for lo in np.linspace(0, 1, bins, endpoint=False):
        top = lo + 1 / bins
        sel = (p >= lo) & ((p < top) if top < 1 - 1e-9 else (p <= 1.0))
        if sel.any():
            total += sel.mean() * abs(p[sel].mean() - y[sel].mean())
    return float(total)


def reliability(p: np.ndarray, y: np.ndarray, bins: int = 5) -> str:
    """A reliability table: per bin, how many, the mean probability, the share right."""
    lines = ["  bin        n   mean p   observed"]
    for lo in np.linspace(0, 1, bins, endpoint=False):
        top = lo + 1 / bins
        sel = (p >= lo) & ((p < top) if top < 1 - 1e-9 else (p <= 1.0))
        if sel.any():
            lines.append(
                f"  {lo:.1f}-{top:.1f}  {sel.sum():5d}   {p[sel].mean():.3f}    {y[sel].mean():.3f}"
            )
    return "\n".join(lines)


def calibration_row(name: str, p: Sequence[float], y: Sequence[float]) -> dict[str, Any]:
    """One printed row: the corpus, how many labelled names, share right, Brier, ECE."""
    pa, ya = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    return {
        "corpus": name,
        "names": len(ya),
        "right": round(float(ya.mean()), 3) if len(ya) else 0.0,
        "mean p": round(float(pa.mean()), 3) if len(pa) else 0.0,
        "Brier": round(brier(pa, ya), 4),
        "ECE": round(ece(pa, ya), 4),
    }


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def corpus_label(doc: Any, start: int, end: int, lat: float, lon: float, km: float) -> float | None:
    """The label of a name resolved to ``(lat, lon)`` in a GeoWebNews or LGL ``doc``."""
    gold = [g for g in doc.gold if _overlaps(start, end, g.start, g.end)]
    if gold:
        g = gold[0]
        return float(distance_km(g.lat, g.lon, lat, lon) <= km)
    if any(_overlaps(start, end, a, b) for a, b in doc.annotated):
        return None
    return 0.0


def conflict_label(article: Any, start: int, end: int, place: Any) -> float | None:
    """The label of a name resolved to ``place`` in a conflict dev set ``article``."""
    gold = [g for g in article.mentions if g.overlaps(start, end)]
    if gold:
        return float(any(_right(g, place) for g in gold))
    if any(n.overlaps(start, end) for n in article.not_places):
        return 0.0
    optional = [o for o in article.optional if o.overlaps(start, end)]
    if not optional:
        return 0.0
    country = getattr(place, "country", None)
    if any(o.country and country and o.country != country for o in optional):
        return 0.0
    return None


def _right(gold: Any, place: Any) -> bool:
    if gold.accepts(place.id):
        return True
    gp = gold.place
    if gp.lat is None or gp.lon is None or gp.tolerance_km is None:
        return False
    return distance_km(gp.lat, gp.lon, place.lat, place.lon) <= gp.tolerance_km

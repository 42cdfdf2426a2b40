"""Calibrated confidence: the probability that a mention is a place *and* is placed right.

A small logistic model turns what the resolver knows about a mention (its best
score and the margin over the runner-up, the kind of place, cues, containers,
the article's focus...) into a probability. The weights live in
``conflictmap/data/confidence.json``; ``bench/train_confidence.py`` fits them on
the *dev* half of the GeoWebNews and LGL corpora (even-numbered articles) and
reports calibration on the held-out half. Nothing is downloaded at run time.

Examples
--------
>>> model = Calibrator({"names": ["bias", "score"], "weights": [-2.0, 0.5]})
>>> round(model.probability({"bias": 1.0, "score": 4.0}), 3)
0.5
>>> Calibrator.load().names[0]
'bias'
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["FEATURES", "Calibrator", "mention_features"]

#: Feature names, in the order the model stores its weights.
FEATURES = (
    "bias",
    "score",
    "margin",
    "share",
    "log_candidates",
    "kind_area",
    "kind_big",
    "kind_town",
    "kind_small",
    "own_name",
    "cue",
    "container",
    "sentence_start",
    "log_population",
    "log_mentions",
    "focus",
    "variant",
    "single_word",
    "all_caps",
    "unique",
    "own_population",
    "prominent",
    "runner_up_far",
    "main_country",
    "person_name",
    "english_word",
)


def mention_features(
    *,
    score: float,
    runner_up: float | None,
    share: float,
    candidates: int,
    kind: str,
    own_name: bool,
    cue: bool,
    container: bool,
    sentence_start: bool,
    population: int,
    mentions: int,
    focus: float,
    variant: bool,
    text: str,
    runner_up_km: float | None = None,
    main_country: bool = False,
    person_name: bool = False,
    english_word: bool = False,
) -> dict[str, float]:
    """The model's inputs for one resolved name."""
    margin = score - runner_up if runner_up is not None else 10.0
    return {
        "bias": 1.0,
        "score": max(-5.0, min(score, 25.0)) / 10.0,
        "margin": max(0.0, min(margin, 10.0)) / 10.0,
        "share": share,
        "log_candidates": math.log1p(candidates) / 5.0,
        "kind_area": float(kind in ("country", "continent", "region", "district")),
        "kind_big": float(kind in ("capital", "city")),
        "kind_town": float(kind == "town"),
        "kind_small": float(kind in ("village", "spot", "feature")),
        "own_name": float(own_name),
        "cue": float(cue),
        "container": float(container),
        "sentence_start": float(sentence_start),
        "log_population": math.log10(population + 1) / 7.0,
        "log_mentions": math.log1p(mentions) / 3.0,
        "focus": focus,
        "variant": float(variant),
        "single_word": float(" " not in text.strip() and "-" not in text),
        "all_caps": float(text.replace(".", "").isupper()),
        "unique": float(candidates == 1),
        "own_population": float(own_name) * math.log10(population + 1) / 7.0,
        "prominent": float(kind in ("country", "continent", "capital") or population >= 1_000_000),
        # a runner-up within 161 km (the town and its region) is a small risk
        "runner_up_far": float(runner_up_km is not None and runner_up_km > 161.0),
        "main_country": float(main_country),
        # the word is also a common first or last name / an ordinary English word
        "person_name": float(person_name),
        "english_word": float(english_word),
    }


class Calibrator:
    """A logistic model over named features."""

    def __init__(self, model: Mapping[str, Any]) -> None:
        self.names: list[str] = list(model["names"])
        self.weights: list[float] = [float(w) for w in model["weights"]]
        self.meta: dict[str, Any] = dict(model.get("meta", {}))

    @classmethod
    def load(cls) -> Calibrator:
        """The model shipped with the package."""
        return _shipped()

    def probability(self, features: Mapping[str, float]) -> float:
        z = sum(
            w * features.get(name, 0.0) for name, w in zip(self.names, self.weights, strict=True)
        )
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)


@cache
def _shipped() -> Calibrator:
    text = (resources.files("conflictmap") / "data" / "confidence.json").read_text("utf-8")
    return Calibrator(json.loads(text))

"""Calibrated confidence: the probability that a mention is a place *and* is placed right.

A small logistic model turns what the resolver knows about a mention (its best
score and the margin over the runner-up, the kind of place, cues, containers,
the article's focus...) into a probability. The weights live in
``conflictmap/data/confidence.json``; ``bench/train_confidence.py`` fits them on
the *dev* halves of GeoWebNews and LGL (even-numbered articles) and of the conflict
dev set (``tests/devset``, with the GeoNames village dumps imported where its gold
needs them), each corpus weighing the same, and reports Brier and ECE on each
held-out half separately (``bench/accuracy.py`` prints them for the whole
pipeline). Nothing is downloaded at run time. The inputs are scaled by :class:`~conflictmap.tuning.resolve.ConfidenceTuning`, which
belongs to the fitted model.

Examples
--------
>>> model = Calibrator({"names": ["bias", "score"], "weights": [-2.0, 0.5]})
>>> round(model.probability({"bias": 1.0, "score": 4.0}), 3)
0.5
>>> Calibrator.load().names[0]
'bias'
>>> inputs = mention_features(score=12.0, runner_up=None, share=1.0, candidates=1,
...     kind=PlaceKind.TOWN, own_name=True, cue=True, container=False,
...     sentence_start=False, population=40030, mentions=2, focus=0.8, variant=False,
...     text="Kidal")
>>> inputs["score"], inputs["margin"], inputs["kind_town"], inputs["unique"]
(1.2, 1.0, 1.0, 1.0)
"""

from __future__ import annotations

import json
import math
from collections.abc import Container, Mapping, Sequence
from functools import cache
from itertools import repeat
from operator import mul
from pathlib import Path
from typing import Any

from conflictmap.geo.geodesy import distance_km
from conflictmap.model import MentionKind, PlaceKind
from conflictmap.recognize.spotter import Spot
from conflictmap.resolve.base import Scored
from conflictmap.resolve.groups import supported
from conflictmap.store.gazetteer import Candidate, Gazetteer
from conflictmap.tuning.resolve import ConfidenceTuning

__all__ = [
    "FEATURES",
    "Calibrator",
    "Words",
    "default_calibrator",
    "features_of",
    "mention_features",
    "words_of",
]

#: a gazetteer's first names, last names and English words (what :func:`features_of`
#: looks a name up in)
Words = tuple[Container[str], Container[str], Container[str]]

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

_BIG = frozenset({PlaceKind.CAPITAL, PlaceKind.CITY})
_SMALL = frozenset({PlaceKind.VILLAGE, PlaceKind.SPOT, PlaceKind.FEATURE})
_PROMINENT = frozenset({PlaceKind.COUNTRY, PlaceKind.CONTINENT, PlaceKind.CAPITAL})
_DEFAULT = ConfidenceTuning()


def mention_features(
    *,
    score: float,
    runner_up: float | None,
    share: float,
    candidates: int,
    kind: PlaceKind,
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
    tuning: ConfidenceTuning = _DEFAULT,
) -> dict[str, float]:
    """The model's inputs for one resolved name (see :data:`FEATURES`)."""
    t = tuning
    margin = score - runner_up if runner_up is not None else t.margin_cap
    log_population = math.log10(population + 1) / t.population_scale
    return {
        "bias": 1.0,
        "score": max(t.score_low, min(score, t.score_high)) / t.score_scale,
        "margin": max(0.0, min(margin, t.margin_cap)) / t.margin_cap,
        "share": share,
        "log_candidates": math.log1p(candidates) / t.candidates_scale,
        "kind_area": float(kind.is_area),
        "kind_big": float(kind in _BIG),
        "kind_town": float(kind is PlaceKind.TOWN),
        "kind_small": float(kind in _SMALL),
        "own_name": float(own_name),
        "cue": float(cue),
        "container": float(container),
        "sentence_start": float(sentence_start),
        "log_population": log_population,
        "log_mentions": math.log1p(mentions) / t.mentions_scale,
        "focus": focus,
        "variant": float(variant),
        "single_word": float(" " not in text.strip() and "-" not in text),
        "all_caps": float(text.replace(".", "").isupper()),
        "unique": float(candidates == 1),
        "own_population": float(own_name) * math.log10(population + 1) / t.population_scale,
        "prominent": float(kind in _PROMINENT or population >= t.prominent_population),
        # a runner-up close by (the town and its region) is a small risk
        "runner_up_far": float(runner_up_km is not None and runner_up_km > t.runner_up_far_km),
        "main_country": float(main_country),
        # the word is also a common first or last name / an ordinary English word
        "person_name": float(person_name),
        "english_word": float(english_word),
    }


def features_of(
    *,
    key: str,
    candidate: Candidate,
    ranked: Sequence[Scored],
    share: float,
    spots: Sequence[Spot],
    focus: Mapping[str, float],
    gazetteer: Gazetteer,
    tuning: ConfidenceTuning = _DEFAULT,
    words: Words | None = None,
) -> dict[str, float]:
    """The model's inputs for the name ``key``, resolved to ``candidate`` (``ranked[0]``).

    ``spots`` are the name's spots, ``share`` the candidate's softmax share and
    ``focus`` the article's countries, largest share first; ``words``: the gazetteer's
    first names, last names and English words, if already asked for.
    """
    first, last, english = words or words_of(gazetteer)
    place = candidate.place
    runner_up = ranked[1] if len(ranked) > 1 else None
    return mention_features(
        score=ranked[0].score,
        runner_up=runner_up.score if runner_up is not None else None,
        share=share,
        candidates=len(ranked),
        kind=place.kind,
        own_name=candidate.own_name,
        cue=any(supported(spot) and spot.container is None for spot in spots),
        container=any(spot.container is not None for spot in spots),
        sentence_start=all(spot.sentence_start for spot in spots),
        population=place.population,
        mentions=len(spots),
        focus=focus.get(place.country or "", 0.0),
        variant=all(spot.kind == MentionKind.VARIANT for spot in spots),
        text=spots[0].text,
        runner_up_km=(
            distance_km(place.lat, place.lon, runner_up.place.lat, runner_up.place.lon)
            if runner_up is not None
            else None
        ),
        main_country=bool(focus) and place.country == next(iter(focus)),
        person_name=key in first or key in last,
        english_word=key in english,
        tuning=tuning,
    )


def words_of(gazetteer: Gazetteer) -> Words:
    """The gazetteer's first names, last names and English words (:data:`Words`)."""
    return gazetteer.first_names, gazetteer.words("last_name"), gazetteer.words("english")


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
        """The model's probability for one mention's inputs (missing inputs count 0)."""
        if len(self.names) != len(self.weights):
            raise ValueError("the model has not one weight per input")
        # the products in order, summed as a generator of them would be
        z = sum(map(mul, self.weights, map(features.get, self.names, repeat(0.0))))
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)


def default_calibrator() -> Calibrator | None:
    """The shipped model, or ``None`` in a source tree where it was never trained."""
    try:
        return Calibrator.load()
    except FileNotFoundError:  # a source tree before bench/train_confidence.py has run
        return None


@cache
def _shipped() -> Calibrator:
    # read beside the package, as paths.data_dir reads the tables: importlib.resources
    # (with zipfile) cost every start about 15 ms (issue 19: start-up)
    text = (Path(__file__).resolve().parent.parent / "data" / "confidence.json").read_text("utf-8")
    return Calibrator(json.loads(text))

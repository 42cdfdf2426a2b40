"""Every evidence weight decides one of our sentences: zero it, and that sentence goes wrong.

``bench/ablation.py`` shows the same on GeoWebNews, LGL and the Mali article; this
test runs anywhere, on the tiny real gazetteer of :mod:`tests.resolve_cases`.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from conflictmap.store.gazetteer import Gazetteer
from conflictmap.tuning.resolve import WEIGHT_FIELDS, ResolveTuning

from .resolve_cases import CASES, gazetteer, ranked_first, resolve


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer()


def test_every_weight_has_a_case() -> None:
    assert sorted({case.weight for case in CASES}) == sorted(WEIGHT_FIELDS)
    assert set(WEIGHT_FIELDS) <= set(ResolveTuning.__dataclass_fields__)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.weight)
def test_the_tuned_resolver_gets_the_case_right(case, gaz: Gazetteer) -> None:  # type: ignore[no-untyped-def]
    assert ranked_first(resolve(gaz, case.text), case.name) == case.want, case.why


@pytest.mark.parametrize("weight", WEIGHT_FIELDS)
def test_zeroing_a_weight_breaks_a_case(weight: str, gaz: Gazetteer) -> None:
    config = replace(ResolveTuning(), **{weight: 0.0})
    wrong = [
        case.text
        for case in CASES
        if ranked_first(resolve(gaz, case.text, config), case.name) != case.want
    ]
    assert wrong, f"nothing depends on {weight}"

"""Accuracy floors on the project's own conflict dev set (tests/devset/), run in CI.

These need no ``../shared``: the articles and their gold are ours. Only the articles
that the bundled default gazetteer can answer are scored (those whose villages need
a GeoNames country dump are left to ``python bench/devset.py``, which imports them).

The floors sit below the figures measured when they were set, so that noise in an
unrelated change does not trip them but a real regression in recognition or
resolution does. Measured on 2026-12-02 with ``python bench/devset.py --no-dumps``
(38 articles, 441 required gold mentions): F1 0.947, end-to-end 0.925, regions
end-to-end 0.781, countries end-to-end 0.987.
"""

from __future__ import annotations

import pytest

from conflictmap.pipeline import geoparse
from conflictmap.store.gazetteer import Gazetteer

from .devset.gold import Report, load_articles, score
from .devset.model import Kind

#: (figure, floor): each floor about 0.03 under the figure measured when it was set
FLOORS = {"f1": 0.92, "e2e": 0.89}
KIND_FLOORS = {Kind.REGION: 0.74, Kind.COUNTRY: 0.95, Kind.CITY: 0.92, Kind.TOWN: 0.93}


@pytest.fixture(scope="module")
def report(base_gazetteer: Gazetteer) -> Report:
    articles = [a for a in load_articles() if not a.needs_dumps]
    assert len(articles) >= 30, "the dev set lost its articles"
    results = [geoparse(a.text, id=a.id, gazetteer=base_gazetteer) for a in articles]
    return score(results, articles)


@pytest.mark.parametrize(("figure", "floor"), sorted(FLOORS.items()))
def test_overall_floor(report: Report, figure: str, floor: float) -> None:
    value = getattr(report.overall, figure)
    assert value >= floor, f"dev set {figure} {value:.3f} fell under its floor {floor}"


@pytest.mark.parametrize(("kind", "floor"), sorted(KIND_FLOORS.items()))
def test_kind_floor(report: Report, kind: Kind, floor: float) -> None:
    tally = report.by_kind[kind]
    assert tally.e2e >= floor, f"{kind} end-to-end {tally.e2e:.3f} fell under its floor {floor}"

"""Stable lower bounds on real annotated news (the full figures come from bench/accuracy.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SHARED

CORPORA = SHARED / "data" / "corpora"
pytestmark = [
    pytest.mark.shared,
    pytest.mark.slow,  # whole corpora: CI's slow tier (-m slow)
    pytest.mark.skipif(
        not CORPORA.exists(), reason=f"{CORPORA} is absent; the corpus tier needs ../shared"
    ),
]

sys.path.insert(0, str(ROOT / "bench"))


@pytest.fixture(scope="module")
def accuracy():  # type: ignore[no-untyped-def]
    import accuracy

    return accuracy


@pytest.mark.parametrize(
    ("corpus", "loader", "f1", "e2e"),
    [
        ("GeoWebNews/GWN.xml", "load_gwn", 0.75, 0.60),
        ("LGL/lgl.xml", "load_lgl", 0.75, 0.65),
    ],
)
def test_held_out_articles_stay_above_floor(
    accuracy, base_gazetteer, corpus, loader, f1, e2e
) -> None:  # type: ignore[no-untyped-def]
    docs = getattr(accuracy, loader)(Path(CORPORA / corpus))
    held_out = [d for i, d in enumerate(docs) if i % 2 == 1][:60]
    row = accuracy.evaluate(held_out, base_gazetteer).row(corpus)
    assert row["f1"] >= f1, row
    assert row["e2e@161"] >= e2e, row

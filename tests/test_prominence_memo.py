"""Prominence answers are shared across articles only when no correction applies
(issue 19: the spotter asked the same names' candidates again in every article)."""

from __future__ import annotations

from conflictmap.model import Place
from conflictmap.recognize.base import Prominence
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.overrides import Overrides
from conflictmap.tuning.recognize import RecognizeTuning


def _gazetteer() -> Gazetteer:
    return Gazetteer.from_places(
        [
            Place(id="t:1", name="Gao", lat=16.27, lon=-0.04, country="ML", kind="city",
                  population=133110),
            Place(id="t:2", name="Bamako", lat=12.65, lon=-8.0, country="ML", kind="capital"),
        ]
    )  # fmt: skip


def test_articles_without_corrections_share_the_answers() -> None:
    gaz = _gazetteer()
    first = Prominence(gaz)
    assert first("bamako", level=3) and first("gao") and not first("gao", level=3)
    second = Prominence(gaz)
    assert second._memo is first._memo
    assert Prominence(gaz, RecognizeTuning(notable_population=10**6))._memo is not first._memo


def test_a_correction_gets_its_own_answers() -> None:
    gaz = _gazetteer()
    assert Prominence(gaz)("bamako", level=3)
    corrected = gaz.with_overrides(Overrides(reject=frozenset({"bamako"})))
    prominent = Prominence(corrected)
    assert not prominent("bamako", level=3)
    assert prominent._memo is not Prominence(gaz)._memo
    assert Prominence(gaz)("bamako", level=3)

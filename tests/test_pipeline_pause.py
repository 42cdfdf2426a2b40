"""geoparse runs its stages, and the glue between them, with the cyclic collector
paused (issue 20: on 1 MB of text full collections walked every stage's objects again
and again), leaves the collector as it found it, and leaves nothing for it to find."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from conflictmap.pipeline import geoparse
from conflictmap.recognize.base import Spots
from conflictmap.recognize.spotter import Spotter
from conflictmap.store.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = "\n\n".join(
    p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))
)


class _Watching:
    """A recognizer that notes whether the collector runs while it is asked."""

    def __init__(self, inner: Spotter) -> None:
        self.inner = inner
        self.seen: list[bool] = []

    def spot(self, text: str) -> Spots:
        self.seen.append(gc.isenabled())
        return self.inner.spot(text)


@pytest.mark.usefixtures("collector_running")
def test_geoparse_pauses_the_collector_and_restores_it(base_gazetteer: Gazetteer) -> None:
    watching = _Watching(Spotter(base_gazetteer))
    result = geoparse(
        "Rebels attacked Gao, some 300 km north-east of Bamako.",
        gazetteer=base_gazetteer,
        recognizer=watching,
    )
    assert watching.seen == [False]
    assert gc.isenabled()
    assert [m.text for m in result.mentions] == ["Gao", "Bamako"]


@pytest.mark.usefixtures("collector_running")
def test_a_failing_stage_restarts_the_collector(base_gazetteer: Gazetteer) -> None:
    class Failing:
        def spot(self, text: str) -> Spots:
            raise RuntimeError("broken recognizer")

    with pytest.raises(RuntimeError, match="broken recognizer"):
        geoparse("Gao fell.", gazetteer=base_gazetteer, recognizer=Failing())
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_running")
def test_a_geoparse_makes_no_reference_cycles(base_gazetteer: Gazetteer) -> None:
    """With the collector paused throughout, a collection after a whole geoparse of the
    examples (spots, resolution, statements, events) finds nothing unreachable."""
    geoparse(EXAMPLES, gazetteer=base_gazetteer)  # first use: caches fill
    gc.collect()
    gc.disable()
    result = geoparse(EXAMPLES, gazetteer=base_gazetteer)
    unreachable = gc.collect()
    assert result.mentions and result.events
    assert unreachable == 0

"""The spotter pauses the cyclic collector while it reads (issue 20), and may: it makes
no reference cycles, so nothing waits for the collector, and it leaves the collector
as it found it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from conflictmap.recognize.pause import collection_paused
from conflictmap.recognize.spotter import Spotter
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.tuning.recognize import RecognizeTuning

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = "\n\n".join(
    p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))
)


@pytest.mark.usefixtures("collector_running")
def test_the_collector_runs_again_after_the_block_however_it_ends() -> None:
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyError), collection_paused():
        raise KeyError("x")
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_running")
def test_a_paused_collector_stays_paused_and_nesting_is_harmless() -> None:
    with collection_paused():
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block does not restart it
    assert gc.isenabled()
    gc.disable()
    with collection_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the caller's pause is kept


@pytest.mark.usefixtures("collector_running")
def test_spot_pauses_the_collector_and_restores_it(base_gazetteer: Gazetteer) -> None:
    seen: list[bool] = []
    spotter = Spotter(base_gazetteer)
    real = spotter._spot

    def spying(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    spotter._spot = spying  # type: ignore[method-assign,assignment]
    spotter.spot("Rebels attacked Gao, some 300 km north-east of Bamako.")
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_running")
def test_reading_makes_no_reference_cycles(base_gazetteer: Gazetteer) -> None:
    """Everything a reading drops is freed by reference counting: with the collector
    paused throughout, a collection afterwards finds nothing unreachable. Small pieces
    make the long-text path (pieces, shifted spots, carried surnames) run too."""
    text = EXAMPLES * 3
    spotter = Spotter(base_gazetteer, config=RecognizeTuning(chunk_chars=2_000))
    spotter.spot(text)  # first use of the layers: their caches fill
    gc.collect()
    gc.disable()
    found = spotter.spot(text)
    unreachable = gc.collect()
    assert found.spots
    assert unreachable == 0

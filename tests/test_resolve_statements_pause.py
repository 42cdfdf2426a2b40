"""Resolution and the statements stage pause the cyclic collector (issue 20), and may:
they make no reference cycles, and they leave the collector as they found it."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import conflictmap.statements as statements
from conflictmap.recognize.spotter import Spotter
from conflictmap.resolve import GazetteerResolver
from conflictmap.statements import find_statements
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.tuning.statements import StatementsTuning

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = "\n\n".join(
    p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))
)
DENSE = (
    "Rebels attacked Gao, some 300 km north-east of Bamako, and fled towards "
    "Kidal near the Algerian border. "
)


@pytest.mark.usefixtures("collector_running")
def test_both_stages_pause_the_collector_and_restore_it(
    base_gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = EXAMPLES + DENSE
    resolver = GazetteerResolver(base_gazetteer)
    seen: list[tuple[str, bool]] = []
    believe, find = resolver.believe, statements._find

    def believing(*args: object) -> object:
        seen.append(("resolve", gc.isenabled()))
        return believe(*args)  # type: ignore[arg-type]

    def finding(*args: object) -> object:
        seen.append(("statements", gc.isenabled()))
        return find(*args)  # type: ignore[arg-type]

    resolver.believe = believing  # type: ignore[method-assign,assignment]
    monkeypatch.setattr(statements, "_find", finding)
    resolution = resolver.resolve(text, Spotter(base_gazetteer).spot(text))
    assert gc.isenabled()
    assert find_statements(text, resolution, base_gazetteer).statements
    assert gc.isenabled()
    assert seen == [("resolve", False), ("statements", False)]
    gc.disable()
    find_statements(text, resolution, base_gazetteer)
    assert not gc.isenabled()  # the caller's pause is kept


@pytest.mark.usefixtures("collector_running")
def test_resolving_and_reading_statements_make_no_reference_cycles(
    base_gazetteer: Gazetteer,
) -> None:
    """With the collector paused throughout, a collection afterwards finds nothing
    unreachable: reference counting freed all they dropped. Small pieces make the
    long-text path of the statements (stretches read once, shifted back) run too."""
    text = (EXAMPLES + "\n\n" + DENSE * 40) * 2
    spots = Spotter(base_gazetteer).spot(text)
    resolver = GazetteerResolver(base_gazetteer)
    tuning = StatementsTuning(piece_chars=500)
    find_statements(text, resolver.resolve(text, spots), base_gazetteer, tuning=tuning)
    gc.collect()  # first use: the layers' caches and connections are made
    gc.disable()
    resolution = resolver.resolve(text, spots)
    found = find_statements(text, resolution, base_gazetteer, tuning=tuning)
    unreachable = gc.collect()
    assert resolution.mentions and found.statements
    assert unreachable == 0

"""An explicit container: "Gao, Burkina Faso" is the Gao in Burkina Faso."""

from __future__ import annotations

from dataclasses import replace

from conflictmap.recognize.spotter import Spot
from conflictmap.resolve.evidence.containers import Containers, container_keys
from conflictmap.tuning.resolve import ResolveTuning

from .resolve_cases import article, believe, by_place, case, gazetteer, ranked_first, resolve

GAO_ML, GAO_BF = "geonames:2457163", "geonames:2360626"


def test_a_container_stands_for_its_countries_and_regions() -> None:
    gaz = gazetteer()
    assert container_keys(Spot(start=0, end=12, text="Burkina Faso", key="burkinafaso"), gaz) == {
        ("BF", None, None)
    }
    # "Kidal" may be the region (a container) or the town (not one)
    assert container_keys(Spot(start=0, end=5, text="Kidal", key="kidal"), gaz) == {
        ("ML", "10", None)
    }


def test_the_contained_candidate_earns_the_weight() -> None:
    found = case("container")
    gaz = gazetteer()
    read = article(gaz, found.text)
    (gao,) = [g for g in read.groups if g.key == "gao"]
    assert gao.containers, "the spotter links Gao to Burkina Faso"
    (terms,) = Containers(ResolveTuning()).start(read)(believe(gaz, found.text))
    assert by_place(read, "gao", terms) == {GAO_ML: 0.0, GAO_BF: 6.0}
    # a name without a container earns nothing
    assert set(by_place(read, "bamako", terms).values()) == {0.0}


def test_the_container_moves_the_choice_against_the_focus() -> None:
    found = case("container")
    gaz = gazetteer()
    assert ranked_first(resolve(gaz, found.text), "Gao") == GAO_BF
    without = replace(ResolveTuning(), container=0.0)
    assert ranked_first(resolve(gaz, found.text, without), "Gao") == GAO_ML  # Bamako, Ségou: Mali

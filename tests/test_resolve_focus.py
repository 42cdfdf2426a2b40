"""The article's focus: countries and regions voted for by the other names and by demonyms."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conflictmap.resolve.evidence.focus import Focus, Shares, Votes, article_focus, fixed_votes
from conflictmap.tuning.resolve import ResolveTuning

from .resolve_cases import article, believe, by_place, case, gazetteer, ranked_first, resolve

TUNED = ResolveTuning()
GAO_ML, GAO_BF = "geonames:2457163", "geonames:2360626"


def test_a_name_does_not_vote_for_itself() -> None:
    votes = Votes()
    votes.add("ML", 1.0, "09")
    votes.add("BF", 1.0, "06")
    countries = Shares(votes.country, {})
    # Gao alone: its own votes are all there is, so no focus either way
    assert countries.of("ML", own={"ML": 1.0, "BF": 1.0}, own_total=2.0) == 0.0
    # with a demonym for Burkina Faso, the focus is all Burkina Faso
    countries = Shares(votes.country, {"BF": 0.5})
    assert countries.of("BF", own={"ML": 1.0, "BF": 1.0}, own_total=2.0) == 1.0


def test_demonyms_vote_for_their_country_up_to_a_cap() -> None:
    gaz = gazetteer()
    once = fixed_votes(article(gaz, "Burkinabe troops entered Gao."), TUNED)
    assert dict(once.country) == {"BF": TUNED.demonym_vote}
    often = fixed_votes(
        article(gaz, "Burkinabe, Burkinabe, Burkinabe, Burkinabe, Burkinabe."), TUNED
    )
    assert dict(often.country) == {"BF": TUNED.demonym_vote * TUNED.demonym_max_count}


def test_the_country_focus_moves_the_choice() -> None:
    found = case("focus_country")
    gaz = gazetteer()
    read = article(gaz, found.text)
    country, region = Focus(TUNED).start(read)(believe(gaz, found.text))
    assert by_place(read, "gao", country) == {GAO_ML: 0.0, GAO_BF: TUNED.focus_country}
    assert set(by_place(read, "gao", region).values()) == {0.0}  # demonyms name no region
    assert ranked_first(resolve(gaz, found.text), "Gao") == GAO_BF
    assert (
        ranked_first(resolve(gaz, found.text, replace(TUNED, focus_country=0.0)), "Gao") == GAO_ML
    )


def test_the_region_focus_moves_the_choice() -> None:
    found = case("focus_region")
    gaz = gazetteer()
    read = article(gaz, found.text)
    _, region = Focus(TUNED).start(read)(believe(gaz, found.text))
    terms = by_place(read, "lere", region)
    assert terms["geonames:6866964"] == pytest.approx(TUNED.focus_region)  # Mopti's region
    assert terms["geonames:2454104"] == 0.0  # Tombouctou region
    assert ranked_first(resolve(gaz, found.text), found.name) == found.want
    zeroed = replace(TUNED, focus_region=0.0)
    assert ranked_first(resolve(gaz, found.text, zeroed), found.name) == "geonames:2454104"


def test_names_settle_together() -> None:
    # Dano is Burkinabe by its own name; its vote pulls Gao to the Gao in Burkina Faso,
    # whose vote in turn makes Burkina Faso the article's focus.
    gaz = gazetteer()
    text = "Fighting spread from Dano to Gao."
    resolution = resolve(gaz, text)
    assert (ranked_first(resolution, "Gao"), ranked_first(resolution, "Dano")) == (
        GAO_BF,
        "geonames:2361586",
    )
    assert list(resolution.focus) == ["BF", "ML"] and resolution.focus["BF"] > 0.95
    assert sum(resolution.focus.values()) == pytest.approx(1.0)
    assert article_focus(article(gaz, text), believe(gaz, text), TUNED) == resolution.focus
    alone = resolve(gaz, text, replace(TUNED, focus_country=0.0))
    assert ranked_first(alone, "Gao") == GAO_ML

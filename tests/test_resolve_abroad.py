"""Context decides, priors only break ties (issue 15): a namesake abroad is no answer."""

from __future__ import annotations

from dataclasses import replace

from conflictmap.model import Place
from conflictmap.pipeline import geoparse
from conflictmap.recognize.spotter import Spotter
from conflictmap.resolve import GazetteerResolver
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.tuning.resolve import ResolveTuning

# Real GeoNames facts; the base gazetteer knows Mallorca's Palma but not Cabo Delgado's.
PLACES = [
    Place(id="geonames:1036973", name="Mozambique", lat=-18.25, lon=35.0, country="MZ",
          kind="country"),
    Place(id="geonames:2510769", name="Spain", lat=40.0, lon=-4.0, country="ES", kind="country"),
    Place(id="geonames:1043893", name="Pemba", lat=-12.97395, lon=40.51775, country="MZ",
          kind="city", admin1="01", population=141316),
    Place(id="geonames:1039536", name="Mocímboa da Praia", lat=-11.31667, lon=40.35, country="MZ",
          kind="town", admin1="01", population=21000),
    Place(id="geonames:2512989", name="Palma", lat=39.56939, lon=2.65024, country="ES",
          kind="city", admin1="07", population=438234),
    Place(id="geonames:290030", name="Doha", lat=25.28545, lon=51.53096, country="QA",
          kind="capital", population=344939),
]  # fmt: skip
STORY = (
    "Insurgents raided villages on the road between Palma and Mocímboa da Praia in "
    "Mozambique this week, officials in Pemba said. Talks in Doha have stalled."
)


def _placed(text: str, config: ResolveTuning | None = None) -> dict[str, str | None]:
    gaz = Gazetteer.from_places(PLACES)
    resolution = GazetteerResolver(gaz, config=config).resolve(text, Spotter(gaz).spot(text))
    return {m.text: m.place for m in resolution.mentions}


def test_a_lesser_namesake_abroad_is_not_pinned_in_a_focused_story() -> None:
    placed = _placed(STORY)
    assert placed["Palma"] is None  # spotted, listed as unresolved, not put in Mallorca
    assert placed["Pemba"] == "geonames:1043893"
    assert placed["Doha"] == "geonames:290030"  # a capital named abroad stays the capital


def test_the_same_name_is_placed_where_the_story_is() -> None:
    placed = _placed("Tourists returned to Palma and other towns of Spain this summer.")
    assert placed["Palma"] == "geonames:2512989"


def test_one_other_name_is_no_focus() -> None:
    assert _placed("Protesters gathered in Pemba and in Palma.")["Palma"] == "geonames:2512989"


def test_the_rule_follows_its_tuning() -> None:
    loose = replace(ResolveTuning(), abroad_focus_share=1.01)  # no article is that focused
    assert _placed(STORY, loose)["Palma"] == "geonames:2512989"
    prominent = replace(ResolveTuning(), abroad_max_population=400_000)
    assert _placed(STORY, prominent)["Palma"] == "geonames:2512989"


# Real GeoNames facts as the base gazetteer holds them: Saint Martin's capital and a
# village of Haiti's Sud-Est share the name.
NAMESAKES = [
    Place(id="geonames:3723988", name="Haiti", lat=19.0, lon=-72.41667, country="HT",
          kind="country", population=11123176),
    Place(id="geonames:3721313", name="Marigot", lat=18.23167, lon=-72.32289, country="HT",
          kind="village", admin1="13", population=1698),
    Place(id="geonames:3578851", name="Marigot", lat=18.06819, lon=-63.08302, country="MF",
          kind="capital", admin1="00", population=5700),
]  # fmt: skip
FLOODS = (
    "Floods hit southern Haiti on Sunday. In Marigot, dozens of homes were lost, "
    "Haiti's civil protection agency said, and aid for Haiti was slow to come."
)


def _namesake(text: str, config: ResolveTuning | None = None) -> str | None:
    gaz = Gazetteer.from_places(NAMESAKES)
    resolution = GazetteerResolver(gaz, config=config).resolve(text, Spotter(gaz).spot(text))
    return next(m.place for m in resolution.mentions if m.text == "Marigot")


def test_a_namesake_in_the_focus_country_outranks_a_capital_abroad() -> None:
    # The capital's prior outweighs the village's focus; the story names Haiti only.
    assert _namesake(FLOODS) == "geonames:3721313"
    assert _namesake(FLOODS, replace(ResolveTuning(), abroad_focus_share=1.01)) == (
        "geonames:3578851"
    )


def test_the_capital_stays_where_the_story_is_about_it() -> None:
    text = (
        "Cruise ships docked at Marigot on Saint Martin's French side, and Marigot's port filled."
    )
    gaz = Gazetteer.from_places(
        [*NAMESAKES, Place(id="geonames:3578421", name="Saint Martin", lat=18.08883,
                           lon=-63.05994, country="MF", kind="country", population=37264)]
    )  # fmt: skip
    resolution = GazetteerResolver(gaz).resolve(text, Spotter(gaz).spot(text))
    assert {m.place for m in resolution.mentions if m.text == "Marigot"} == {"geonames:3578851"}


def test_juba_is_where_the_story_is(base_gazetteer: Gazetteer) -> None:
    """The base knows Yemen's Al Jubah district as "Juba" (gazetteer/curated/aliases.tsv)."""

    def juba(text: str) -> set[str | None]:
        result = geoparse(text, gazetteer=base_gazetteer, statements=False, events=False)
        return {m.place for m in result.mentions if m.text == "Juba"}

    marib = (
        "MARIB, Yemen — Tribal fighters held the line in Juba on Sunday, and officials "
        "in Marib said the road to Sanaa stayed closed."
    )
    assert juba(marib) == {"geonames:6940844"}  # Al Jubah district, Ma'rib governorate
    bor = "BOR, South Sudan — Aid convoys left Juba for Bor on Sunday, the UN said."
    assert juba(bor) == {"geonames:373303"}  # South Sudan's capital
    assert juba("Talks were held in Juba on Monday.") == {"geonames:373303"}

"""Statement families misread in real reports (issue 18), on sentences of our own.

Each family is tested twice: on the parser alone, with mentions made here (fast, and
it fails next to the pattern), and end to end on the base gazetteer, where the
resolver, the statements' re-ranking and the judge all take part.
"""

from __future__ import annotations

import re

import pytest

from conflictmap.mapping.article import ArticleView
from conflictmap.mapping.canvas import Canvas
from conflictmap.mapping.draw_statements import add_statement
from conflictmap.mapping.items import Line
from conflictmap.model import Mention, Place, PlaceKind, Result, Statement, StatementKind
from conflictmap.pipeline import geoparse
from conflictmap.statements.parse import parse
from conflictmap.store.gazetteer import Gazetteer

NAMES = (
    "Ouallam Niamey Mopti Sévaré Beni Bunia Goma Sake Kidal Gao Tahoua Tahoua region Niger "
    "Agadez Aleppo Damascus Homs Hama Marib Sanaa Mogadishu Afgooye El Fasher Tawila Nyala Russia "
    "Sumy Kursk region"
).split()
#: names of two words, spotted as one mention
PAIRS = ("Tahoua region", "El Fasher", "Kursk region")


def mentions_of(text: str) -> list[Mention]:
    """A mention for every whole-word name of :data:`NAMES` (longest first, no overlap)."""
    names = sorted({*NAMES, *PAIRS} - {"region", "El", "Fasher", "Kursk"}, key=len, reverse=True)
    taken: list[tuple[int, int]] = []
    found = []
    for name in names:
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append(m.span())
            found.append(Mention(start=m.start(), end=m.end(), text=name, place=f"t:{name}"))
    return sorted(found, key=lambda m: m.start)


def read(text: str) -> list[tuple[str, str, str | None, str | None]]:
    """Each statement as (kind, span, subject name, anchor name)."""
    mentions = mentions_of(text)

    def name(index: int | None) -> str | None:
        return None if index is None else mentions[index].text

    return [
        (p.kind.value, text[p.start : p.end], name(p.subject), name(p.anchor))
        for p in parse(text, mentions)
    ]


def statements(result: Result, kind: str) -> list[Statement]:
    return [s for s in result.statements if s.kind == kind]


# -- a comma between a descriptor and its anchor: "the capital, Niamey" -----------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Gunmen raided Ouallam, a town some 100 km north of the capital, Niamey, at dawn.",
            ("offset", "some 100 km north of the capital, Niamey", "Ouallam", "Niamey"),
        ),
        (
            "A patrol was ambushed 40 km south of the provincial capital, Bunia.",
            ("offset", "40 km south of the provincial capital, Bunia", None, "Bunia"),
        ),
        (
            "Sake, a lakeside town near the provincial capital, Goma, emptied overnight.",
            ("near", "near the provincial capital, Goma", "Sake", "Goma"),
        ),
        (
            "Families fled to camps north of the city, Goma, last week.",
            ("direction", "north of the city, Goma", None, "Goma"),
        ),
    ],
)
def test_an_anchor_after_a_descriptor_and_a_comma(text: str, expected: tuple[str, ...]) -> None:
    assert read(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        # the comma ends the phrase: what follows is no anchor
        "The army withdrew 30 km north of the town, where it regrouped near nothing.",
        # a possessive after the comma starts a new phrase
        "Rebels are 20 km west of the city, Goma's governor said.",
    ],
)
def test_a_comma_that_leads_to_no_anchor(text: str) -> None:
    assert [r for r in read(text) if r[0] in ("offset", "direction")] == []


def test_an_appositive_anchor_is_measured_end_to_end(base_gazetteer: Gazetteer) -> None:
    result = geoparse(
        "Gunmen killed ten people in Ouallam, a town some 100 km north of the capital, "
        "Niamey, on Sunday.",
        gazetteer=base_gazetteer,
    )
    (offset,) = statements(result, "offset")
    assert offset.text == "some 100 km north of the capital, Niamey"
    assert result.place_by_id[offset.anchor or ""].name == "Niamey"
    assert offset.subject is not None and result.place_by_id[offset.subject].name == "Ouallam"
    assert offset.verdict == "consistent"


# -- a stated relation the gazetteer contradicts stays a verdict on the named place -----------


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # Kidal is 286 km north-east of Gao; Al Ḩudaydah 148 km west-south-west of Sanaa.
        ("Kidal lies some 300 km south of Gao.", "Kidal"),
        ("Hodeidah is about 150 km east of Sanaa.", "Al Ḩudaydah"),
        # the issue's own case: Ma'rib is east of the capital
        ("Fighting continued in Marib, which is 120 km west of the capital, Sana'a.", "Ma'rib"),
    ],
)
def test_a_contradicted_town_is_judged_not_placed(
    text: str, subject: str, base_gazetteer: Gazetteer
) -> None:
    # Each name has a town and a region in the gazetteer: the region reading used to
    # escape the contradiction (a region is no subject) and the sentence became an
    # estimate of an unnamed spot on the wrong side of the anchor.
    result = geoparse(text, gazetteer=base_gazetteer)
    (offset,) = statements(result, "offset")
    assert offset.subject is not None
    place = result.place_by_id[offset.subject]
    assert (place.name, place.kind.is_settlement) == (subject, True)
    assert offset.verdict == "contradicts"
    assert offset.estimate is None
    assert offset.measured is not None and offset.measured.direction != offset.stated.direction


def _yemen(region_only: bool) -> Gazetteer:
    """Sanaa and Ma'rib (the governorate, and the town unless ``region_only``)."""
    sanaa = Place(id="t:sanaa", name="Sanaa", lat=15.35452, lon=44.20646, country="YE",
                  kind=PlaceKind.CAPITAL, admin1="26", population=1_937_451)  # fmt: skip
    governorate = Place(id="t:marib-gov", name="Marib", lat=15.5368, lon=45.7376, country="YE",
                        kind=PlaceKind.REGION, admin1="14")  # fmt: skip
    town = Place(id="t:marib", name="Marib", lat=15.46253, lon=45.32581, country="YE",
                 kind=PlaceKind.TOWN, admin1="14", population=16_794)  # fmt: skip
    return Gazetteer.from_places(
        [sanaa, governorate] if region_only else [sanaa, governorate, town]
    )


def test_a_region_a_verb_links_to_the_statement_is_judged_from_its_centre() -> None:
    result = geoparse("Marib lies 120 km west of Sanaa.", gazetteer=_yemen(region_only=True))
    (offset,) = result.statements
    assert (offset.subject, offset.anchor) == ("t:marib-gov", "t:sanaa")
    assert offset.verdict == "contradicts" and offset.estimate is None
    assert offset.note is not None and "centre point of Marib (a region)" in offset.note


def test_with_a_town_of_the_name_the_town_is_the_subject() -> None:
    result = geoparse(
        "Marib, 120 km west of Sanaa, was shelled.", gazetteer=_yemen(region_only=False)
    )
    (offset,) = result.statements
    assert (offset.subject, offset.verdict, offset.estimate) == ("t:marib", "contradicts", None)


def test_a_region_named_without_a_verb_stays_an_unnamed_spot() -> None:
    # "In Marib, 120 km ..." may be where the spot lies, not what the sentence measures
    result = geoparse(
        "Gunmen in Marib ambushed a convoy 20 km east of Sanaa.", gazetteer=_yemen(region_only=True)
    )
    (offset,) = result.statements
    assert offset.subject is None and offset.estimate is not None


# -- a name with a region and a city is measured from the city ---------------------------------


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Shelling hit a village 14 km north of Hama.", "Ḩamāh"),
        ("Militias clashed 30 km south of Misrata on Friday.", "Misratah"),
        ("An airstrike hit a market 10 km north of Saada.", "Sa'dah"),
        ("Gunmen attacked a farm near Quneitra.", "Al Qunayţirah"),
    ],
)
def test_a_distance_is_measured_from_the_city_not_the_region(
    text: str, city: str, base_gazetteer: Gazetteer
) -> None:
    result = geoparse(text, gazetteer=base_gazetteer)
    (statement,) = result.statements
    anchor = result.place_by_id[statement.anchor or ""]
    assert (anchor.name, anchor.kind.is_settlement) == (city, True)
    (mention,) = result.mentions
    # The resolver may read the name as the city itself (Misrata does, since the
    # alternate spelling Misrata counts as the city's own name); otherwise the
    # statement moves it there from the region.
    assert mention.place == anchor.id and mention.reason in {"statement-point", None}
    assert statement.estimate is not None and statement.estimate.radius_km < 25


def test_the_statement_moves_a_name_read_as_the_region_to_its_city(
    base_gazetteer: Gazetteer,
) -> None:
    # Hama alone reads as the governorate (the bigger, same-named area); the distance
    # is measured from the city, and the mention says why it moved.
    result = geoparse("Shelling hit a village 14 km north of Hama.", gazetteer=base_gazetteer)
    (mention,) = result.mentions
    assert mention.reason == "statement-point"
    assert "admin1:" in " ".join(mention.alternatives)


@pytest.mark.parametrize(
    "text",
    [
        "An airstrike hit a market 10 km north of Saada governorate.",
        "Fighting raged in northern Saada, 10 km north of Saada.",
    ],
)
def test_a_name_the_article_calls_a_region_stays_the_region(
    text: str, base_gazetteer: Gazetteer
) -> None:
    result = geoparse(text, gazetteer=base_gazetteer)
    anchors = {result.place_by_id[s.anchor or ""].kind for s in result.statements}
    assert anchors == {PlaceKind.REGION}


# -- a place named after a possessive country is the anchor: "Niger's Tahoua region" ---------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Raids were reported in the northern part of Niger's Tahoua region.",
            ("part-of", "the northern part of Niger's Tahoua region", None, "Tahoua region"),
        ),
        (
            "Two soldiers died in an ambush 30 km north of Niger's Agadez.",
            ("offset", "30 km north of Niger's Agadez", None, "Agadez"),
        ),
        (
            "Herders fled the area near Niger's Agadez after the raid.",
            ("near", "near Niger's Agadez", None, "Agadez"),
        ),
    ],
)
def test_a_place_after_a_possessive_is_the_anchor(text: str, expected: tuple[str, ...]) -> None:
    assert read(text) == [expected]


def test_a_border_after_a_possessive_stays_the_country_border() -> None:
    # "the border with Russia's Kursk region" is Russia's border, not a border of a region
    text = "Sumy lies close to the border with Russia's Kursk region."
    assert {anchor for *_, anchor in read(text)} == {"Russia"}


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Attacks were reported in the northern part of Niger's Tahoua region.", "Tahoua"),
        ("Jihadists hold much of the south of Mali's Mopti region.", "Mopti"),
    ],
)
def test_a_part_of_a_region_in_a_country_anchors_on_the_region(
    text: str, region: str, base_gazetteer: Gazetteer
) -> None:
    result = geoparse(text, gazetteer=base_gazetteer)
    (part,) = statements(result, "part-of")
    anchor = result.place_by_id[part.anchor or ""]
    assert (anchor.name, anchor.kind) == (region, PlaceKind.REGION)


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # the town of Kidal lies 114 km south-south-east of the region's centre point
        ("Kidal lies in the south of Mali's Kidal region.", "consistent"),
        ("Kidal lies in the far north of Mali's Kidal region.", "contradicts"),
    ],
)
def test_the_town_in_its_own_region_is_the_subject(
    text: str, verdict: str, base_gazetteer: Gazetteer
) -> None:
    # reading the subject as the region itself used to leave no subject (no verdict),
    # which the re-ranking preferred to the town's contradiction
    result = geoparse(text, gazetteer=base_gazetteer)
    (part,) = statements(result, "part-of")
    assert part.subject is not None
    assert result.place_by_id[part.subject].kind is PlaceKind.TOWN
    assert part.verdict == verdict


# -- a direction after the anchor that refers back to it: "50km outside X, to the north-west" --


@pytest.mark.parametrize(
    ("text", "span", "code"),
    [
        (
            "Militants overran a base some 50km outside Mogadishu, to the north-west of the city.",
            "some 50km outside Mogadishu, to the north-west of the city",
            "NW",
        ),
        (
            "A bus hit a mine 20 km from Gao, to the east, on Monday.",
            "20 km from Gao, to the east",
            "E",
        ),
        (
            "The camp lies 30 km outside Kidal, north of it.",
            "30 km outside Kidal, north of it",
            "N",
        ),
    ],
)
def test_a_direction_after_the_anchor_makes_a_distance_an_offset(
    text: str, span: str, code: str
) -> None:
    mentions = mentions_of(text)
    (item,) = parse(text, mentions)
    assert (item.kind, text[item.start : item.end]) == (StatementKind.OFFSET, span)
    assert item.direction is not None and item.direction.code.value == code


@pytest.mark.parametrize(
    ("text", "span", "code"),
    [
        (
            "Militants overran a base north-west of Mogadishu, some 50km outside the city.",
            "north-west of Mogadishu, some 50km outside the city",
            "NW",
        ),
        (
            "Sake, west of Goma, some 25 km from the town, emptied.",
            "west of Goma, some 25 km from the town",
            "W",
        ),
    ],
)
def test_a_distance_from_the_city_takes_the_direction_before_it(
    text: str, span: str, code: str
) -> None:
    items = parse(text, mentions_of(text))
    assert [(p.kind, text[p.start : p.end]) for p in items] == [(StatementKind.OFFSET, span)]
    assert items[0].direction is not None and items[0].direction.code.value == code


def test_a_distance_from_an_unnamed_city_alone_states_nothing() -> None:
    assert read("Gunmen struck some 50km outside the city at night.") == []


@pytest.mark.parametrize(
    ("side", "verdict"), [("north-west", "consistent"), ("south-east", "contradicts")]
)
def test_a_leading_direction_is_judged(side: str, verdict: str, base_gazetteer: Gazetteer) -> None:
    result = geoparse(
        f"Afgooye, {side} of Mogadishu, some 30 km outside the city, was retaken.",
        gazetteer=base_gazetteer,
    )
    (offset,) = statements(result, "offset")
    assert offset.subject is not None and result.place_by_id[offset.subject].name == "Afgooye"
    assert offset.verdict == verdict


def test_a_direction_of_another_place_is_its_own_statement() -> None:
    text = "Clashes erupted 20 km outside Goma, west of Sake."
    assert [r[:2] for r in read(text)] == [
        ("distance", "20 km outside Goma"),
        ("direction", "west of Sake"),
    ]


@pytest.mark.parametrize(
    ("side", "verdict"),
    [
        ("to the north-west of the city", "consistent"),
        ("to the south-east of the city", "contradicts"),
    ],
)
def test_a_trailing_direction_is_judged(side: str, verdict: str, base_gazetteer: Gazetteer) -> None:
    # Afgooye lies 27 km west-north-west of Mogadishu (bearing 294°)
    result = geoparse(
        f"Afgooye, some 30 km outside Mogadishu, {side}, was retaken.", gazetteer=base_gazetteer
    )
    (offset,) = statements(result, "offset")
    assert offset.subject is not None and result.place_by_id[offset.subject].name == "Afgooye"
    assert offset.verdict == verdict


def test_a_trailing_direction_places_the_unnamed_spot_on_its_side(
    base_gazetteer: Gazetteer,
) -> None:
    result = geoparse(
        "Militants overran a base some 50km outside Mogadishu, to the north-west of the city.",
        gazetteer=base_gazetteer,
    )
    (offset,) = statements(result, "offset")
    mogadishu = result.place_by_id[offset.anchor or ""]
    assert offset.estimate is not None
    assert offset.estimate.lat > mogadishu.lat and offset.estimate.lon < mogadishu.lon
    assert offset.estimate.radius_km < 50


# -- a list of compass points keeps every point: "west and south of El Fasher" ----------------


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("RSF fighters burned villages west and south of El Fasher.", ["W", "S"]),
        ("Camps north, east and south of Goma filled up.", ["N", "E", "S"]),
        ("Smoke rose north or east of Gao.", ["N", "E"]),
        ("Smoke rose north-east of Gao.", ["NE"]),
        ("Fighting spread across the north and east of Niger.", ["N", "E"]),
        ("Jihadists are active in northern and eastern Niger.", ["N", "E"]),
    ],
)
def test_every_listed_point_is_a_statement_over_one_span(text: str, codes: list[str]) -> None:
    items = parse(text, mentions_of(text))
    assert [p.direction.code.value for p in items if p.direction is not None] == codes
    assert len({(p.start, p.end, p.anchor) for p in items}) == 1


@pytest.mark.parametrize(
    ("sides", "verdict"),
    [
        # Ansongo is 90 km south-east of Gao (bearing 139°)
        ("south and east", "consistent"),
        ("east or south", "consistent"),
        ("north and west", "contradicts"),
    ],
)
def test_a_named_place_may_lie_on_any_listed_side(
    sides: str, verdict: str, base_gazetteer: Gazetteer
) -> None:
    result = geoparse(f"Ansongo lies {sides} of Gao.", gazetteer=base_gazetteer)
    found = statements(result, "direction")
    assert len(found) == 2
    assert {s.verdict for s in found} == {verdict}


def test_a_listed_part_of_a_country_judges_the_subject_on_any_side(
    base_gazetteer: Gazetteer,
) -> None:
    result = geoparse("Kidal, in northern and eastern Mali, fell.", gazetteer=base_gazetteer)
    found = statements(result, "part-of")
    assert [s.stated.direction for s in found] == ["N", "E"]
    assert {s.verdict for s in found} == {"consistent"}


# -- a spot on a long road is a line between its ends, not a circle over the map ---------------


def test_a_long_road_is_no_circle_but_a_line_on_the_map(base_gazetteer: Gazetteer) -> None:
    text = "Rebels cut traffic on the main Aleppo-Damascus highway near Homs."
    result = geoparse(text, gazetteer=base_gazetteer)
    (road,) = statements(result, "road-between")
    assert road.estimate is None
    assert road.note is not None and "309 km apart" in road.note
    (near,) = statements(result, "near")
    assert near.estimate is not None and near.estimate.radius_km < 40  # Homs locates it
    canvas = Canvas(gazetteer=None, multi=False, low_confidence=0.5)
    add_statement(canvas, 0, 0, ArticleView(result), road)
    (line,) = canvas.items
    aleppo, damascus = (result.place_by_id[p or ""] for p in (road.anchor, road.anchor2))
    assert isinstance(line, Line) and line.kind == "road"
    ends = [tuple(line.parts[0][0]), tuple(line.parts[-1][-1])]
    assert ends == [(aleppo.lat, aleppo.lon), (damascus.lat, damascus.lon)]


def test_a_short_road_still_places_its_spot(base_gazetteer: Gazetteer) -> None:
    # Gao and Ansongo are 90 km apart: the circle (62 km) says where the spot may be
    result = geoparse(
        "A bus hit a mine on the road between Gao and Ansongo.", gazetteer=base_gazetteer
    )
    (road,) = statements(result, "road-between")
    assert road.estimate is not None and 55 < road.estimate.radius_km < 70

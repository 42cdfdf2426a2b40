"""The phrase grammar of stated geography: every family, spans, subjects and anchors."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictmap.model import Mention
from conflictmap.statements.directions import parse_direction
from conflictmap.statements.hedges import hedge_bound
from conflictmap.statements.numbers import parse_number, rounding_step
from conflictmap.statements.parse import Parsed, parse
from conflictmap.statements.units import to_km, unit_code

NAMES = (
    "Diabali Bamako Gao Kidal Algeria Mali Mauritania Niger Timbuktu Konna Mopti Douentza "
    "Ansongo Nioro Nigeria Menaka Tessalit Libya"
).split()


def mentions_of(text: str, names: tuple[str, ...] | list[str] = NAMES) -> list[Mention]:
    """A Mention for every whole-word occurrence of a known name (place id ``t:<name>``)."""
    found = []
    for name in names:
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            found.append(Mention(start=m.start(), end=m.end(), text=name, place=f"t:{name}"))
    return sorted(found, key=lambda m: m.start)


def one(text: str, mentions: list[Mention] | None = None) -> tuple[Parsed, list[Mention]]:
    mentions = mentions if mentions is not None else mentions_of(text)
    statements = parse(text, mentions)
    assert len(statements) == 1, [(s.kind, text[s.start : s.end]) for s in statements]
    return statements[0], mentions


def name(mentions: list[Mention], index: int | None) -> str | None:
    return None if index is None else mentions[index].text


# -- words ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("400", 400.0),
        ("1,200", 1200.0),
        ("12.5", 12.5),
        ("two hundred", 200.0),
        ("two hundred and fifty", 250.0),
        ("twenty-five", 25.0),
        ("a hundred", 100.0),
        ("three thousand two hundred", 3200.0),
        ("a dozen", 12.0),
        ("one and a half", 1.5),
        ("kilometres", None),
    ],
)
def test_numbers_in_digits_and_words(text: str, value: float | None) -> None:
    assert parse_number(text) == value


def test_round_numbers_have_coarse_steps() -> None:
    assert rounding_step("400") == 100.0
    assert rounding_step("250") == 50.0
    assert rounding_step("37") == 1.0
    assert rounding_step("50") == 10.0
    assert rounding_step("1,200") == 100.0
    assert rounding_step("12.5") == 0.5


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("km", "km"),
        ("kms", "km"),
        ("kilometres", "km"),
        ("kilometers", "km"),
        ("Kilometre", "km"),
        ("miles", "mi"),
        ("mi", "mi"),
        ("metres", "m"),
        ("meters", "m"),
        ("nautical miles", "nmi"),
    ],
)
def test_unit_spellings(word: str, code: str) -> None:
    assert unit_code(word) == code


def test_unit_conversions() -> None:
    assert to_km(250, "mi") == pytest.approx(402.336)
    assert to_km(800, "m") == pytest.approx(0.8)


@pytest.mark.parametrize(
    ("word", "code", "points"),
    [
        ("north", "N", 8),
        ("north-east", "NE", 8),
        ("northeast", "NE", 8),
        ("north east", "NE", 8),
        ("North-East", "NE", 8),
        ("NE", "NE", 8),
        ("N.E.", "NE", 8),
        ("north-northeast", "NNE", 16),
        ("north-north-east", "NNE", 16),
        ("NNE", "NNE", 16),
        ("east-southeast", "ESE", 16),
        ("south-western", "SW", 8),
        ("northerly", "N", 8),
    ],
)
def test_compass_words_in_every_spelling(word: str, code: str, points: int) -> None:
    direction = parse_direction(word)
    assert direction is not None
    assert (direction.code, direction.points) == (code, points)
    assert direction.half_arc == 180.0 / points


def test_not_compass_words() -> None:
    assert parse_direction("north-south") is None
    assert parse_direction("northing") is None
    assert parse_direction("") is None


def test_hedge_bounds() -> None:
    assert [
        hedge_bound(h)
        for h in ("some", "about", "around", "roughly", "nearly", "more than", "less than", "up to")
    ] == ["about", "about", "about", "about", "nearly", "min", "max", "max"]


# -- distances and directions ---------------------------------------------------


def test_the_mali_sentence_is_one_offset_with_its_conversion() -> None:
    text = (
        "Security sources reported the jihadists had attacked Diabali, some 400 kilometres "
        "(250 miles) north of the capital Bamako, on the fourth day."
    )
    s, mentions = one(text)
    assert text[s.start : s.end] == "some 400 kilometres (250 miles) north of the capital Bamako"
    assert s.kind == "offset"
    assert (name(mentions, s.subject), name(mentions, s.anchor)) == ("Diabali", "Bamako")
    assert s.distance is not None and s.direction is not None
    assert (s.distance.value_km, s.distance.unit, s.distance.hedge) == (400.0, "km", "some")
    assert s.distance.step_km == 100.0
    assert s.direction.code == "N"


@pytest.mark.parametrize(
    ("phrase", "value_km", "max_km"),
    [
        ("two hundred kilometres", 200.0, None),
        ("1,200 km", 1200.0, None),
        ("12.5 km", 12.5, None),
        ("50km", 50.0, None),
        ("50-km", 50.0, None),
        ("30 to 40 km", 30.0, 40.0),
        ("30-40km", 30.0, 40.0),
        ("between 30 and 40 kilometers", 30.0, 40.0),
        ("250 miles", 402.336, None),
        ("800 metres", 0.8, None),
        ("15 kms", 15.0, None),
        ("a few kilometres", 2.0, 5.0),
    ],
)
def test_distances_in_digits_words_units_and_ranges(
    phrase: str, value_km: float, max_km: float | None
) -> None:
    text = f"Fighters were seen {phrase} north of Gao yesterday."
    s, _ = one(text)
    assert s.kind == "offset"
    assert s.distance is not None
    assert s.distance.value_km == pytest.approx(value_km)
    assert s.distance.max_km == (pytest.approx(max_km) if max_km is not None else None)
    assert text[s.start : s.end] == f"{phrase} north of Gao"


@pytest.mark.parametrize(
    "hedge",
    ["some", "about", "around", "nearly", "roughly", "more than", "less than", "up to", "almost"],
)
def test_hedges(hedge: str) -> None:
    s, _ = one(f"An attack {hedge} 60 km east of Gao was reported.")
    assert s.distance is not None and s.distance.hedge == hedge


def test_or_so_and_odd_are_hedges() -> None:
    s, _ = one("Rebels camped 60 km or so east of Gao.")
    assert s.distance is not None and s.distance.hedge == "or so"


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("north-east of", "NE"),
        ("northeast of", "NE"),
        ("north east of", "NE"),
        ("NE of", "NE"),
        ("north-northeast of", "NNE"),
        ("to the north of", "N"),
        ("south-west from", "SW"),
    ],
)
def test_direction_spellings_in_offsets(phrase: str, code: str) -> None:
    s, _ = one(f"Troops moved 25 km {phrase} Gao on Monday.")
    assert s.kind == "offset"
    assert s.direction is not None and s.direction.code == code


def test_distance_without_direction_from_and_outside() -> None:
    s, _ = one("A patrol was ambushed 20 km from Gao.")
    assert (s.kind, s.cue) == ("distance", "from")
    s, _ = one("A patrol was ambushed 20 km outside Gao.")
    assert (s.kind, s.cue) == ("distance", "outside")
    s, _ = one("A camp within 20 km of Gao was bombed.")
    assert s.kind == "distance" and s.distance is not None and s.distance.hedge == "within"


def test_a_stretch_of_land_is_not_a_position() -> None:
    text = "They crossed 200 km of desert and 300 km of Mali."
    assert parse(text, mentions_of(text)) == ()


def test_by_road_is_recorded() -> None:
    s, _ = one("Douentza is 190 km by road south of Timbuktu.")
    assert s.distance is not None and s.distance.road


def test_direction_alone_and_the_capital() -> None:
    text = "Konna, south of the capital Bamako, fell."
    s, mentions = one(text)
    assert s.kind == "direction"
    assert (name(mentions, s.subject), name(mentions, s.anchor)) == ("Konna", "Bamako")
    assert s.direction is not None and s.direction.code == "S"


def test_possessive_capital_is_the_anchor() -> None:
    text = "Diabali lies 400 km north of Mali's capital, Bamako."
    s, mentions = one(text)
    assert name(mentions, s.anchor) == "Bamako"
    assert name(mentions, s.subject) == "Diabali"


# -- subjects ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Rebels attacked Diabali, some 400 km north of Bamako.", "Diabali"),
        ("Konna lies 60 km north-east of Mopti.", "Konna"),
        ("Konna is located 60 km north-east of Mopti.", "Konna"),
        ("They took Konna, which is 60 km north-east of Mopti.", "Konna"),
        ("They took Konna 60 km north-east of Mopti.", "Konna"),
        ("Kidal, a remote trading post near Algeria, was bombed.", "Kidal"),
        ("A convoy was attacked about 50km west of Gao.", None),
        ("In Gao. About 50km west of Timbuktu, a convoy burned.", None),
    ],
)
def test_subject_is_the_place_described_or_none(text: str, subject: str | None) -> None:
    s, mentions = one(text)
    assert name(mentions, s.subject) == subject


def test_anchor_of_one_statement_is_not_the_subject_of_the_next() -> None:
    text = "Fighters were 200 km north of Gao, 30 km from Kidal."
    statements = parse(text, mentions_of(text))
    assert [s.subject for s in statements] == [None, None]


# -- proximity and lines ------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "cue"),
    [
        ("near", "near"),
        ("close to", "close to"),
        ("not far from", "not far from"),
        ("just outside", "just outside"),
        ("in the vicinity of", "in the vicinity of"),
    ],
)
def test_near(phrase: str, cue: str) -> None:
    text = f"Clashes broke out {phrase} Gao overnight."
    s, mentions = one(text)
    assert (s.kind, s.cue, name(mentions, s.anchor)) == ("near", cue, "Gao")
    assert text[s.start : s.end] == f"{phrase} Gao"


def test_outskirts() -> None:
    s, mentions = one("An ambush on the outskirts of Gao killed five.")
    assert (s.kind, name(mentions, s.anchor)) == ("outskirts", "Gao")
    s, mentions = one("Shells fell on Gao's outskirts.")
    assert (s.kind, name(mentions, s.anchor)) == ("outskirts", "Gao")


def test_between_and_halfway() -> None:
    text = "Konna, between Mopti and Douentza, fell."
    s, mentions = one(text)
    assert s.kind == "between"
    assert [name(mentions, i) for i in (s.subject, s.anchor, s.anchor2)] == [
        "Konna",
        "Mopti",
        "Douentza",
    ]
    s, _ = one("A bus burned halfway between Mopti and Douentza.")
    assert (s.kind, s.cue) == ("between", "halfway")


@pytest.mark.parametrize(
    "phrase",
    [
        "on the road between Gao and Ansongo",
        "on the road from Gao to Ansongo",
        "on the main road linking Gao and Ansongo",
        "on the Gao-Ansongo road",
    ],
)
def test_road_between(phrase: str) -> None:
    text = f"A mine exploded {phrase} on Monday."
    s, mentions = one(text)
    assert s.kind == "road-between"
    assert {name(mentions, s.anchor), name(mentions, s.anchor2)} == {"Gao", "Ansongo"}
    assert text[s.start : s.end] == phrase


def test_along_the_border_with() -> None:
    text = "The French also targeted sites along the border with Mauritania, as well as Kidal."
    s, mentions = one(text)
    assert (s.kind, s.cue, name(mentions, s.anchor)) == ("along-border", "along", "Mauritania")
    assert s.subject is None
    assert text[s.start : s.end] == "along the border with Mauritania"


def test_a_named_place_along_the_border() -> None:
    s, mentions = one("Nioro, near the border with Mauritania, was calm.")
    assert (s.kind, name(mentions, s.subject)) == ("along-border", "Nioro")


def test_the_demonym_border_mention() -> None:
    text = "They came from the Mauritanian border where they were bombed."
    start = text.index("Mauritanian border")
    border = Mention(start=start, end=start + len("Mauritanian border"), text="Mauritanian border",
                     place="border:ML-MR", confidence=0.8, alternatives=(), reason=None, kind="border")  # fmt: skip
    s, _ = one(text, [border])
    assert (s.kind, s.anchor, s.cue) == ("border", 0, "from")
    s, _ = one("Camps near the Mauritanian border burned.", [
        Mention(start=15, end=33, text="Mauritanian border", place="border:ML-MR", confidence=0.8, alternatives=(), reason=None, kind="border")
    ])  # fmt: skip
    assert s.kind == "along-border"


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("Troops sealed Mali's border with Niger.", "Mali", "Niger"),
        ("Troops sealed the Mali-Niger border.", "Mali", "Niger"),
        ("Troops sealed the border between Mali and Niger.", "Mali", "Niger"),
        ("Troops sealed Algeria's border.", "Algeria", None),
    ],
)
def test_border_phrases(text: str, first: str, second: str | None) -> None:
    s, mentions = one(text)
    assert s.kind == "border"
    assert (name(mentions, s.anchor), name(mentions, s.anchor2)) == (first, second)


# -- parts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "subject"),
    [
        ("Fighting spread across northern Mali.", "N", None),
        ("the garrison village of Diabali in central Mali fell", "C", "Diabali"),
        ("Rain fell in southern Mali.", "S", None),
        ("Kidal, in the north of Mali, fell.", "N", "Kidal"),
        ("Islamists attacked Mali’s government-held south.", "S", None),
        ("Boko Haram struck in north-east Nigeria.", "NE", None),
        ("Jets hit the northern Mali town of Gao.", "N", "Gao"),
    ],
)
def test_part_of(text: str, code: str, subject: str | None) -> None:
    s, mentions = one(text)
    assert s.kind == "part-of"
    assert s.direction is not None and s.direction.code == code
    assert name(mentions, s.subject) == subject


def test_to_the_north_of_is_a_direction_not_a_part() -> None:
    s, _ = one("Kidal lies to the north of Gao.")
    assert s.kind == "direction"


def test_not_statements() -> None:
    text = (
        "Ten months after the coup, nearly 200,000 civilians fled an 11-year-old war. "
        "The Texas-size desert region lies in Mali. France's West African allies met."
    )
    assert [(s.kind, text[s.start : s.end]) for s in parse(text, mentions_of(text))] == []


def test_demonym_is_no_anchor_for_near() -> None:
    text = "Jets flew near Malian troops."
    start = text.index("Malian")
    demonym = Mention(
        start=start,
        end=start + 6,
        text="Malian",
        place="t:Mali",
        confidence=0.8,
        alternatives=(),
        reason=None,
        kind="demonym",
    )
    assert parse(text, [demonym]) == ()


# -- robustness ---------------------------------------------------------------------

_FRAGMENTS = [
    "some", "about", "400", "two hundred", "1,200", "12.5", "km", "kilometres", "(250 miles)",
    "miles", "north", "north-east", "NNE", "of", "from", "the capital", "Gao", "Bamako", "Mali",
    "near", "between", "and", "on the road", "along the border with", "Mauritania", "'s",
    "border", "northern", "central", ",", ".", "outskirts of", "the", "to", "-", "–", "(", ")",
    "Diabali", "in", "lies", "which is", "halfway", "\n", "’s", "more than", "up to",
]  # fmt: skip


def _check(text: str, mentions: list[Mention]) -> None:
    for s in parse(text, mentions):
        assert 0 <= s.start < s.end <= len(text)
        for index in (s.subject, s.anchor, s.anchor2):
            assert index is None or 0 <= index < len(mentions)
        if s.subject is not None:
            assert s.subject not in (s.anchor, s.anchor2)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_parser_never_crashes_on_random_text(text: str) -> None:
    mentions = [
        Mention(start=m.start(), end=m.end(), text=m.group(), place=f"t:{m.group()}")
        for m in re.finditer(r"[A-Z]\w+", text)
    ]
    _check(text, mentions)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40), st.sampled_from([" ", "", "  "]))
def test_parser_never_crashes_on_phrase_soup(words: list[str], glue: str) -> None:
    text = glue.join(words) if glue else "".join(w + (" " if len(w) > 1 else "") for w in words)
    _check(text, mentions_of(text, ["Gao", "Bamako", "Mali", "Mauritania", "Diabali"]))


def test_line_breaks_and_runs_of_spaces_inside_a_phrase() -> None:
    text = (
        "Rebels  attacked\n  Diabali,   some 400\n   kilometres   (250 miles)  north of  "
        "the capital\n  Bamako."
    )
    s, mentions = one(text)
    assert s.kind == "offset"
    assert (name(mentions, s.subject), name(mentions, s.anchor)) == ("Diabali", "Bamako")
    assert text[s.start : s.end].startswith("some 400") and text[s.start : s.end].endswith("Bamako")


@pytest.mark.parametrize(
    "text",
    [
        "two hundred and " * 1000 + "km north of Gao",
        "400" + " " * 20000 + "km north of Gao",
        "twenty-one-two-three-" * 1000,
        "30 to 40 to " * 1000 + "km from Gao",
        "near the the the " * 1000 + "Gao",
        "Gao's Gao's " * 1000,
        "400 - - - km " * 2000,
    ],
)
def test_adversarial_repetitions_parse_to_valid_spans(text: str) -> None:
    _check(text, mentions_of(text, ["Gao"]))


def test_capitalised_compass_words_mid_sentence_are_names() -> None:
    text = "Jihadists from North Africa and West Mali met. Northern Mali was quiet."
    found = [(s.kind, text[s.start : s.end]) for s in parse(text, mentions_of(text))]
    assert found == [("part-of", "Northern Mali")]


def test_a_demonym_part_needs_the_place_it_qualifies() -> None:
    text = "Central American migrants left. Jets hit the northern Malian town of Gao."
    malian = text.index("Malian")
    american = text.index("American")
    mentions = [
        Mention(
            start=american,
            end=american + 8,
            text="American",
            place="t:US",
            confidence=0.8,
            alternatives=(),
            reason=None,
            kind="demonym",
        ),
        Mention(
            start=malian,
            end=malian + 6,
            text="Malian",
            place="t:Mali",
            confidence=0.8,
            alternatives=(),
            reason=None,
            kind="demonym",
        ),
        Mention(start=text.index("Gao"), end=text.index("Gao") + 3, text="Gao", place="t:Gao"),
    ]
    (s,) = parse(text, mentions)
    assert (s.kind, text[s.start : s.end], s.anchor, s.subject) == (
        "part-of",
        "northern Malian",
        1,
        2,
    )


def test_a_possessive_part_is_lower_case() -> None:
    text = "Fans filled Gao's Barclays Center. Rebels held Gao's north."
    found = [text[s.start : s.end] for s in parse(text, mentions_of(text))]
    assert found == ["Gao's north"]


def test_a_copy_with_another_subject_or_span_keeps_every_other_field() -> None:
    # Parsed._copy writes every field out (faster than dataclasses.replace): a field
    # added to Parsed and left out of it would be lost here
    import dataclasses

    from conflictmap.model import StatementKind
    from conflictmap.statements.base import Quantity
    from conflictmap.statements.units import Unit

    north, east = parse_direction("north"), parse_direction("east")
    assert north is not None and east is not None
    item = Parsed(
        kind=StatementKind.DIRECTION, start=3, end=9, anchor=1, anchor2=2, subject=None,
        distance=Quantity(value_km=5.0, unit=Unit.KM, text="5 km"), direction=north,
        cue="due", listed=(north, east), predicated=False,
    )  # fmt: skip
    names = {f.name for f in dataclasses.fields(Parsed)}
    moved = item.with_subject(0, predicated=True).with_span(4, 12)
    want = dataclasses.replace(item, subject=0, predicated=True, start=4, end=12)
    assert moved == want
    assert {n for n in names if getattr(moved, n) != getattr(item, n)} == {
        "subject",
        "predicated",
        "start",
        "end",
    }
    # relocated (a stretch's statement moved back onto the article) writes them out too
    relocated = moved.relocated(40, 48, 10)
    assert relocated == dataclasses.replace(
        moved, start=40, end=48, subject=10, anchor=11, anchor2=12
    )
    unnamed = dataclasses.replace(item, anchor2=None).relocated(3, 9, 5)
    assert (unnamed.anchor, unnamed.anchor2, unnamed.subject) == (6, None, None)

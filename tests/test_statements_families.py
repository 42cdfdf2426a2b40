"""One phrase family at a time: each module of ``statements/parse`` on sentences of our own.

These call the family functions directly on a :class:`Context`, so a change to one
family's pattern fails here, next to it, and not only in the whole-parser tests of
``test_statements_parse.py``.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.model import Mention, StatementKind
from conflictmap.statements.base import Parsed
from conflictmap.statements.directions import Compass
from conflictmap.statements.parse import _non_overlapping, parse
from conflictmap.statements.parse.betweens import betweens
from conflictmap.statements.parse.borders import borders
from conflictmap.statements.parse.context import Context
from conflictmap.statements.parse.directions import directions
from conflictmap.statements.parse.nears import nears, outskirts
from conflictmap.statements.parse.offsets import offsets
from conflictmap.statements.parse.parts import part_direction, parts
from conflictmap.statements.parse.squeeze import Squeezed
from conflictmap.statements.parse.subjects import subject_before, with_subjects
from conflictmap.statements.units import Unit
from conflictmap.tuning.statements import DEFAULT, StatementsTuning

NAMES = (
    "Kayes Ségou Gao Mopti Sévaré Kidal Tessalit Ansongo Bamako Mali Niger Mauritania Algeria "
    "Ménaka Timbuktu Hombori Niono Nara Sikasso Douentza"
).split()


def mentions_of(text: str, **kinds: str) -> list[Mention]:
    """A mention for every whole-word known name (``kinds`` overrides a name's kind)."""
    found = [
        Mention(start=m.start(), end=m.end(), text=name, place=f"t:{name}", kind=kinds.get(name, "name"))
        for name in NAMES
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)
    ]  # fmt: skip
    return sorted(found, key=lambda m: m.start)


def context(text: str, tuning: StatementsTuning = DEFAULT, **kinds: str) -> Context:
    return Context(text, mentions_of(text, **kinds), tuning=tuning)


def spans(text: str, items: list[Parsed]) -> list[tuple[str, str]]:
    return [(p.kind.value, text[p.start : p.end]) for p in items]


def anchors(ctx: Context, item: Parsed) -> tuple[str | None, str | None]:
    def name(index: int | None) -> str | None:
        return (
            None if index is None else ctx.text[ctx.mentions[index].start : ctx.mentions[index].end]
        )

    return name(item.anchor), name(item.anchor2)


# -- offsets and distances (parse/offsets.py, parse/quantities.py) -------------------------


def test_an_offset_keeps_its_number_rounding_and_compass_point() -> None:
    text = "Gunmen struck a checkpoint 35 km south-west of Kayes at dawn."
    ctx = context(text)
    (item,) = offsets(ctx)
    assert spans(text, [item]) == [("offset", "35 km south-west of Kayes")]
    assert item.distance is not None and item.direction is not None
    assert (item.distance.value_km, item.distance.step_km, item.distance.unit) == (
        35.0,
        5.0,
        Unit.KM,
    )
    assert item.direction.code is Compass.SW
    assert anchors(ctx, item) == ("Kayes", None)


def test_a_conversion_in_brackets_is_the_same_distance() -> None:
    text = "The column stopped about 80 kilometres (50 miles) east of Ségou."
    (item,) = offsets(context(text))
    assert item.distance is not None
    assert (item.distance.value_km, item.distance.hedge, item.distance.text) == (
        80.0,
        "about",
        "80 kilometres",
    )
    assert text[item.start : item.end] == "about 80 kilometres (50 miles) east of Ségou"


def test_crow_flies_road_and_odd() -> None:
    crow = "Nara lies 120 km as the crow flies north of Bamako."
    (item,) = offsets(context(crow))
    assert item.distance is not None and item.distance.straight and not item.distance.road
    road = "Nara is 370 km by road from Bamako."
    (item,) = offsets(context(road))
    assert item.distance is not None and item.distance.road and item.kind is StatementKind.DISTANCE
    odd = "A camp 50-odd km west of Gao was shelled."
    (item,) = offsets(context(odd))
    assert item.distance is not None and item.distance.hedge == "about"


def test_vague_counts_become_ranges_in_their_unit() -> None:
    text = "Shots were heard a couple of miles outside Mopti."
    (item,) = offsets(context(text))
    assert (item.kind, item.cue) == (StatementKind.DISTANCE, "outside")
    assert item.distance is not None
    assert item.distance.value_km == pytest.approx(2 * 1.609344)
    assert item.distance.max_km == pytest.approx(3 * 1.609344)


@pytest.mark.parametrize(
    "text",
    [
        "Trucks drove at 90 km/h north of Gao.",  # a speed
        "The lake covers 300 km2 north of Mopti.",  # an area
        "Herders crossed 200 km of Mali.",  # a stretch, no position
        "A post 0 km from Gao was built.",  # no distance
        "Rebels held barely 20 km of Gao.",  # "barely" is no upper bound of a position
    ],
)
def test_numbers_that_state_no_position(text: str) -> None:
    assert list(offsets(context(text))) == []


def test_within_makes_of_a_position() -> None:
    (item,) = offsets(context("Every village within 15 km of Niono was searched."))
    assert item.kind is StatementKind.DISTANCE and item.distance is not None
    assert item.distance.hedge == "within"


# -- between (parse/betweens.py) ------------------------------------------------------------


def test_between_midway_and_roads() -> None:
    text = (
        "Fighting flared midway between Kidal and Tessalit; a truck hit a mine on the "
        "highway from Gao to Ansongo, another on the Mopti–Sévaré road."
    )
    ctx = context(text)
    found = list(betweens(ctx))
    assert [(p.kind.value, p.cue, *anchors(ctx, p)) for p in found] == [
        ("between", "halfway", "Kidal", "Tessalit"),
        ("road-between", "road", "Gao", "Ansongo"),
        ("road-between", "road", "Mopti", "Sévaré"),
    ]


def test_a_border_between_two_countries_is_not_a_place_between_them() -> None:
    assert list(betweens(context("Troops closed the border between Mali and Niger."))) == []


def test_a_road_links_with_with_but_between_needs_and() -> None:
    linking = "Convoys drive on the main road linking Gao with Ansongo."
    assert [p.kind for p in betweens(context(linking))] == [StatementKind.ROAD_BETWEEN]
    assert list(betweens(context("Trade between Gao with Ansongo grew."))) == []


# -- borders (parse/borders.py) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "cue", "first", "second"),
    [
        ("Herders grazed along the border with Mauritania.", "along-border", "along", "Mauritania", None),
        ("The raiders came from the border with Mauritania.", "border", "from", "Mauritania", None),
        ("Smugglers use Mali's porous border with Niger.", "border", None, "Mali", "Niger"),
        ("Patrols watched the Mali/Niger frontier.", "border", None, "Mali", "Niger"),
        ("Camps sat close to the Algeria border.", "along-border", "close to", "Algeria", None),
    ],
)  # fmt: skip
def test_border_phrases_and_their_prepositions(
    text: str, kind: str, cue: str | None, first: str, second: str | None
) -> None:
    ctx = context(text)
    (item,) = borders(ctx)
    assert (item.kind.value, item.cue, *anchors(ctx, item)) == (kind, cue, first, second)


def test_a_possessive_border_with_no_country_after_it_ends_at_the_border() -> None:
    text = "Mali's border with the rebels' zone is closed."
    ctx = context(text)
    (item,) = borders(ctx)
    assert text[item.start : item.end] == "Mali's border"
    assert anchors(ctx, item) == ("Mali", None)


def test_a_spotted_border_mention_anchors_on_itself() -> None:
    text = "Villages inside the Mauritanian border emptied."
    start = text.index("Mauritanian")
    mention = Mention(start=start, end=start + 18, text="Mauritanian border", place="border:ML-MR",
                      kind="border")  # fmt: skip
    (item,) = borders(Context(text, [mention]))
    assert (item.kind, item.cue, item.anchor) == (StatementKind.ALONG_BORDER, "inside", 0)
    assert text[item.start : item.end] == "inside the Mauritanian border"


# -- parts (parse/parts.py) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "code"),
    [
        ("Drought hit far northern Mali.", "far northern Mali", Compass.N),
        ("Rain fell in north Mali.", "north Mali", Compass.N),
        ("Herders left mid-western Niger.", "mid-western Niger", Compass.W),
        ("Troops reached the heart of Mali.", "the heart of Mali", Compass.CENTRE),
        ("Floods hit the southern part of Mali.", "the southern part of Mali", Compass.S),
        ("Rebels hold Mali's far north.", "Mali's far north", Compass.N),
        ("Jets struck Gao's northern regions.", "Gao's northern regions", Compass.N),
    ],
)
def test_parts_of_an_area(text: str, span: str, code: Compass) -> None:
    (item,) = parts(context(text))
    assert text[item.start : item.end] == span
    assert item.direction is not None and item.direction.code is code


@pytest.mark.parametrize(
    "text",
    [
        "Voters backed the North Mali party.",  # a capitalised compass word mid-sentence
        "Reporters visited north Mali.",  # a bare noun needs a preposition before it
        "Fans cheered Gao's North Stars.",  # a capitalised possessive part
    ],
)
def test_compass_words_that_are_no_part(text: str) -> None:
    assert list(parts(context(text))) == []


def test_part_words_in_every_form() -> None:
    codes = {
        w: part_direction(w) for w in ("Far Northern", "extreme south", "centre", "mid-eastern")
    }
    assert {w: d.code if d else None for w, d in codes.items()} == {
        "Far Northern": Compass.N,
        "extreme south": Compass.S,
        "centre": Compass.CENTRE,
        "mid-eastern": Compass.E,
    }
    assert part_direction("northing") is None


# -- near and outskirts (parse/nears.py) -----------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "cue"),
    [
        ("in the vicinity of", "in the vicinity of"),
        ("on the approaches to", "on the approaches to"),
        ("a short distance from", "a short distance from"),
        ("adjacent to", "adjacent to"),
    ],
)
def test_near_cues(phrase: str, cue: str) -> None:
    text = f"Soldiers dug in {phrase} Hombori."
    (item,) = nears(context(text))
    assert (item.kind, item.cue, text[item.start : item.end]) == (
        StatementKind.NEAR,
        cue,
        f"{phrase} Hombori",
    )


def test_outskirts_in_both_orders() -> None:
    text = "Mortars hit the gates of Timbuktu and Mopti's periphery."
    found = [(p.cue, text[p.start : p.end]) for p in outskirts(context(text))]
    assert found == [("gates", "the gates of Timbuktu"), ("periphery", "Mopti's periphery")]


# -- directions alone (parse/directions.py) ----------------------------------------------------


def test_direction_phrases() -> None:
    text = "Niono lies just west of Ségou; Douentza is to the south-east of Timbuktu."
    found = [(p.cue, p.direction.code if p.direction else None) for p in directions(context(text))]
    assert found == [("just", Compass.W), (None, Compass.SE)]


def test_the_north_of_is_left_to_parts_and_sixteen_points_are_kept() -> None:
    assert list(directions(context("Rebels roam the north of Mali."))) == []
    (item,) = directions(context("A camp north-northwest of Gao burned."))
    assert item.direction is not None and item.direction.code is Compass.NNW


# -- the mention index (parse/context.py) --------------------------------------------------------


def test_anchor_after_descriptor_words_and_its_limit() -> None:
    text = "north of the remote garrison town of Kidal"
    assert context(text).anchor_at(8) is not None
    few = replace(DEFAULT, descriptor_words=2)
    assert context(text, tuning=few).anchor_at(8) is None
    assert context("north of the road Kidal").anchor_at(8) is None  # "road" ends a descriptor


def test_a_possessive_chain_reaches_the_later_name() -> None:
    text = "Mali's second city, Sikasso"
    ctx = context(text)
    index, end = ctx.anchor_at(0) or (None, None)
    assert (ctx.mentions[index].text if index is not None else None, end) == ("Sikasso", len(text))
    short = context(text, tuning=replace(DEFAULT, possessive_words=1))
    assert short.anchor_at(0) == (0, 4)  # stays on Mali


# -- subjects (parse/subjects.py) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("They took Tessalit, which lies 80 km north of Kidal.", "Tessalit"),
        ("They took Tessalit, a remote desert outpost, 80 km north of Kidal.", "Tessalit"),
        ("Tessalit sits 80 km north of Kidal.", "Tessalit"),
        ("Tessalit.\n\n80 km north of Kidal, a truck burned.", None),
        ("Mali's army moved 80 km north of Kidal.", None),
    ],
)
def test_subject_gaps(text: str, subject: str | None) -> None:
    ctx = context(text)
    found = subject_before(ctx, text.index("80 km"))
    assert (ctx.mentions[found].text if found is not None else None) == subject


def test_a_demonym_is_no_subject() -> None:
    text = "Mali fighters camped 80 km north of Kidal."
    assert subject_before(context(text), text.index("80 km")) is None  # a gap of words
    text = "Mali 80 km north of Kidal."
    assert subject_before(context(text), text.index("80 km")) == 0
    assert subject_before(context(text, Mali="demonym"), text.index("80 km")) is None


def test_a_subject_too_far_before_its_statement_is_dropped() -> None:
    text = "They took Tessalit, a remote desert outpost, 80 km north of Kidal."
    assert subject_before(context(text), text.index("80 km")) is not None
    near = context(text, tuning=replace(DEFAULT, subject_gap_chars=20))
    assert subject_before(near, text.index("80 km")) is None


def test_an_anchor_ending_where_a_statement_ends_is_no_later_subject() -> None:
    text = "Fighters were 30 km north of Gao, 20 km from Ansongo."
    ctx = context(text)
    found = list(with_subjects(ctx, sorted(offsets(ctx), key=lambda p: p.start)))
    assert [p.subject for p in found] == [None, None]


# -- squeezing and precedence (parse/squeeze.py, parse/__init__.py) ---------------------------------


def test_squeezed_spans_map_back_to_the_text() -> None:
    text = "Rebels\t\t camped   25 km\n\n\n north of    Gao."
    squeezed = Squeezed(text)
    assert squeezed.text == "Rebels camped 25 km\n\nnorth of Gao."
    (item,) = parse(text, mentions_of(text))
    assert text[item.start : item.end] == "25 km\n\n\n north of    Gao"
    assert squeezed.mentions(mentions_of(text))[0].start == squeezed.text.index("Gao")


def test_an_offset_wins_over_the_direction_inside_it() -> None:
    text = "Rebels camped 25 km north of Gao."
    assert spans(text, list(parse(text, mentions_of(text)))) == [("offset", "25 km north of Gao")]


def test_a_demonym_anchor_is_dropped_outside_parts() -> None:
    text = "Police stood between Malian and Nigerien troops near Gao."
    mentions = [
        Mention(start=21, end=27, text="Malian", place="t:Mali", kind="demonym"),
        Mention(start=32, end=40, text="Nigerien", place="t:Niger", kind="demonym"),
        Mention(start=53, end=56, text="Gao", place="t:Gao"),
    ]
    assert spans(text, list(parse(text, mentions))) == [("near", "near Gao")]


def _reference_selection(ctx: Context, found: list[Parsed]) -> list[Parsed]:
    """The selection as first written: one sorted pass, overlaps checked by bisection."""
    chosen: list[Parsed] = []
    spans: list[tuple[int, int]] = []
    for item in sorted(found, key=lambda p: (p.rank, p.start, -(p.end - p.start))):
        if item.kind is not StatementKind.PART_OF and (
            ctx.is_demonym(item.anchor) or ctx.is_demonym(item.anchor2)
        ):
            continue
        if any(s < item.end and item.start < e for s, e in spans):
            continue
        spans.append((item.start, item.end))
        chosen.append(item)
    return sorted(chosen, key=lambda p: p.start)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(list(StatementKind)), st.integers(0, 60), st.integers(1, 15),
                  st.integers(0, 2)),
        max_size=40,
    )
)  # fmt: skip
def test_the_winners_of_overlaps_are_chosen_as_the_rule_says(
    raw: list[tuple[StatementKind, int, int, int]],
) -> None:
    text = "Gao Malian Gao " * 6
    ctx = Context(text, [Mention(start=0, end=3, text="Gao"),
                         Mention(start=4, end=10, text="Malian", kind="demonym"),
                         Mention(start=11, end=14, text="Gao")])  # fmt: skip
    found = [Parsed(kind=kind, start=start, end=start + size, anchor=anchor)
             for kind, start, size, anchor in raw]  # fmt: skip
    assert _non_overlapping(ctx, found) == _reference_selection(ctx, found)

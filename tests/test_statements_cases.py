"""Statement families misread in real reports (issue 18), on sentences of our own.

Each family is tested twice: on the parser alone, with mentions made here (fast, and
it fails next to the pattern), and end to end on the base gazetteer, where the
resolver, the statements' re-ranking and the judge all take part.
"""

from __future__ import annotations

import re

import pytest

from conflictmap.model import Mention, Result, Statement
from conflictmap.pipeline import geoparse
from conflictmap.statements.parse import parse
from conflictmap.store.gazetteer import Gazetteer

NAMES = (
    "Ouallam Niamey Mopti Sévaré Beni Bunia Goma Sake Kidal Gao Tahoua Tahoua region Niger "
    "Agadez Aleppo Damascus Homs Hama Marib Sanaa Mogadishu Afgooye El Fasher Tawila Nyala"
).split()
#: names of two words, spotted as one mention
PAIRS = ("Tahoua region", "El Fasher")


def mentions_of(text: str) -> list[Mention]:
    """A mention for every whole-word name of :data:`NAMES` (longest first, no overlap)."""
    names = sorted({*NAMES, *PAIRS} - {"region", "El", "Fasher"}, key=len, reverse=True)
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

"""A long article parsed a stretch at a time gives the statements of the whole-text parse."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.model import Mention, MentionKind, StatementKind
from conflictmap.statements.base import MentionLike, Parsed
from conflictmap.statements.parse import parse
from conflictmap.statements.parse.pieces import parse_pieces, pieces
from conflictmap.tuning.statements import DEFAULT

from .conftest import ROOT

#: every cut the rule allows, and none at all
EVERY = dataclasses.replace(DEFAULT, piece_chars=1)
WHOLE = dataclasses.replace(DEFAULT, piece_chars=10**9)

NAMES = re.compile(
    r"\b(?:Gao|Kidal|Mopti|Bamako|Mali|Niger|Algeria|St\. Louis|Malian|El Fasher|Darfur|"
    r"Kharkiv|Ukraine|Russia|Niono|Timbuktu|Washington D\.C\.|the Algerian border)\b"
)
#: sentences whose full stops a pattern reads on into, or that a cut must not split
HAND = (
    "Rain fell 5 km. North of Gao troops moved. Then 50 miles. North of Gao. "
    "Approx. 50 km north of Gao. About severalkm. North of Kidal. C. 30 km from Gao. "
    "Fighting near Gao. North of Mopti, rebels. It is 40 kms. East of Gao. Troops in "
    "St. Louis. Near Bamako. Mali's south. Gao. 20 km from Mopti. A fewkm. West of Gao. "
    "The 50-oddkm. North of Niono. Troops in Washington D.C. North of Gao. Towns N.E. of "
    "Gao. Some 12.5 km. South of Timbuktu. Kidal, which is in northern Mali. Near the "
    "Algerian border. Gao. The north of Mali. Malian troops. Niger. Between Gao and Mopti. "
)


def _mentions(text: str) -> list[MentionLike]:
    out: list[MentionLike] = []
    for m in NAMES.finditer(text):
        word = m.group()
        kind = MentionKind.DEMONYM if word == "Malian" else MentionKind.NAME
        place = "border:DZ-ML" if word.endswith("border") else f"t:{word}"
        out.append(Mention(start=m.start(), end=m.end(), text=word, place=place, kind=kind))
    return out


def _same(text: str) -> tuple[Parsed, ...]:
    mentions = _mentions(text)
    whole = parse(text, mentions, tuning=WHOLE)
    assert parse(text, mentions, tuning=EVERY) == whole
    return whole


def test_examples_parse_the_same_with_every_cut() -> None:
    for path in sorted((ROOT / "examples").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert len(pieces(text, _mentions(text), least=1)) > 2  # the rule does cut prose
        _same(text)


def test_full_stops_a_pattern_reads_are_never_cuts() -> None:
    found = _same(HAND)
    spans = {HAND[p.start : p.end] for p in found}
    # each reaches across a full stop, so no cut may fall there
    for phrase in (
        "5 km. North of Gao",
        "50 miles. North of Gao",
        "severalkm. North of Kidal",
        "40 kms. East of Gao",
        "fewkm. West of Gao",
        "50-oddkm. North of Niono",
        "12.5 km. South of Timbuktu",
    ):
        assert any(phrase in span for span in spans), phrase


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(re.split(r"(?<=\. )", HAND)), min_size=1, max_size=30))
def test_any_order_of_sentences_parses_the_same(sentences: list[str]) -> None:
    _same("".join(sentences))


def test_cuts_fall_between_sentences_outside_mentions() -> None:
    text = "Jets flew near St. Louis. Rain fell 5 km. North of Gao. Jets flew near Gao. Then"
    cut = pieces(text, _mentions(text), least=1)
    assert [text[p.start : p.end] for p in cut] == [
        "Jets flew near St. Louis. ",
        "Rain fell 5 km. North of Gao. ",
        "Jets flew near Gao. ",
        "Then",
    ]
    assert [(p.first, p.stop) for p in cut] == [(0, 1), (1, 2), (2, 3), (3, 3)]
    # every stretch, the last one too, runs ``least`` or more; mentions out of order: one
    assert len(pieces(text, _mentions(text), least=20)) == 3
    assert len(pieces(text, _mentions(text)[::-1], least=1)) == 1


def test_a_repeated_stretch_is_parsed_once() -> None:
    sentence = "Rebels attacked Gao, some 300 km north-east of Bamako. "
    text = sentence * 50
    mentions = _mentions(text)
    calls: list[str] = []

    def parser(stretch: str, spans: Sequence[MentionLike]) -> tuple[Parsed, ...]:
        calls.append(stretch)
        return parse(stretch, spans, tuning=WHOLE)

    read = parse_pieces(text, mentions, parser, least=len(sentence))
    assert calls == [sentence] and len(read) == 50
    assert all(found is read[0][2] for _, _, found in read)
    assert [(by, first) for by, first, _ in read] == [(i * len(sentence), 2 * i) for i in range(50)]
    whole = parse(text, mentions, tuning=WHOLE)
    assert parse(text, mentions, tuning=dataclasses.replace(DEFAULT, piece_chars=50)) == whole
    assert (whole[-1].kind, whole[-1].subject, whole[-1].anchor) == (StatementKind.OFFSET, 98, 99)


def test_glued_units_are_found_far_from_any_other_unit() -> None:
    # "severalkm" holds no unit after a digit, a space or a dash: the scan found it
    # only when another unit stood within its reach
    for phrase in ("severalkm", "a fewkm", "a couple ofkm", "50-oddkm"):
        text = f"Jets flew {phrase} north of Gao."
        (found,) = parse(text, _mentions(text))
        assert found.kind is StatementKind.OFFSET, phrase

"""Direct constructors (issue 20): the same objects as the dataclasses' own ``__init__``."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.model import Mention, MentionKind, Stated, Statement, StatementKind, Verdict
from conflictmap.model.direct import direct
from conflictmap.pipeline import geoparse
from conflictmap.resolve import GazetteerResolver
from conflictmap.statements.base import Parsed, Quantity
from conflictmap.statements.directions import parse_direction
from conflictmap.statements.units import Unit

from .resolve_cases import gazetteer, spotted

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
_maybe_text = st.none() | st.text(max_size=8)
_ints = st.integers(-5, 10_000)


def _twin(obj: Any) -> Any:
    """``obj`` rebuilt by its class's own constructor from its fields."""
    return type(obj)(**{f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)})


def _same(made: Any, want: Any) -> None:
    assert type(made) is type(want)
    assert made == want
    assert hash(made) == hash(want)
    assert repr(made) == repr(want)


@settings(max_examples=200, deadline=None)
@given(
    start=_ints, end=_ints, text=st.text(max_size=12), place=_maybe_text,
    confidence=st.floats(allow_nan=False), alternatives=st.lists(st.text(max_size=5)).map(tuple),
    reason=_maybe_text, kind=st.sampled_from(MentionKind),
)  # fmt: skip
def test_a_direct_mention_is_the_constructors(**fields: Any) -> None:
    made = direct(Mention)(*fields.values())  # the keywords above are in declaration order
    _same(made, Mention(**fields))


@settings(max_examples=200, deadline=None)
@given(
    start=_ints, end=_ints, text=st.text(max_size=12), kind=st.sampled_from(StatementKind),
    anchor=_maybe_text, subject=_maybe_text, anchor2=_maybe_text,
    stated=st.builds(Stated, distance_km=st.none() | st.floats(0, 900), hedge=_maybe_text),
    measured=st.none(), verdict=st.none() | st.sampled_from(Verdict), estimate=st.none(),
    note=_maybe_text, subject_text=_maybe_text,
)  # fmt: skip
def test_a_direct_statement_is_the_constructors(**fields: Any) -> None:
    _same(direct(Statement)(*fields.values()), Statement(**fields))


def test_a_direct_parsed_is_the_constructors_in_any_field_order() -> None:
    north = parse_direction("north")
    fields: dict[str, Any] = {
        "kind": StatementKind.OFFSET, "start": 4, "end": 20, "anchor": 2, "anchor2": None,
        "subject": 1, "distance": Quantity(value_km=5.0, unit=Unit.KM, text="5 km"),
        "direction": north, "cue": None, "listed": (), "predicated": True,
    }  # fmt: skip
    _same(direct(Parsed)(*fields.values()), Parsed(**fields))
    backwards = list(reversed(fields))
    _same(direct(Parsed, backwards)(*(fields[n] for n in backwards)), Parsed(**fields))


def test_only_frozen_slotted_dataclasses_with_every_field_once() -> None:
    @dataclasses.dataclass(frozen=True)
    class Loose:
        a: int

    @dataclasses.dataclass(slots=True)
    class Thawed:
        a: int

    for cls in (Loose, Thawed, int):
        with pytest.raises(TypeError):
            direct(cls)
    for names in (("start", "end"), ("start", "start", "end", "text", "place", "confidence",
                                     "alternatives", "reason", "kind")):  # fmt: skip
        with pytest.raises(TypeError):
            direct(Mention, names)


def test_the_resolvers_mentions_need_no_coercion() -> None:
    # the resolver builds mentions directly, skipping __post_init__: each must equal
    # the one the constructor makes of its fields (names, demonyms, borders, buildings)
    gaz = gazetteer()
    texts = [
        "Malian troops patrolled the Burkinabe border near Koro.",
        "In Koro, the Grand Mosque was hit; later, in Gao, the Askia Hotel burned.",
        "Fighting near Oualo and Mopti; Ma'arat al-Numan was quiet.",
    ]
    kinds = set()
    for text in texts:
        for mention in GazetteerResolver(gaz).resolve(text, spotted(gaz, text)).mentions:
            assert type(mention.kind) is MentionKind
            _same(mention, _twin(mention))
            kinds.add(mention.kind)
    assert {MentionKind.NAME, MentionKind.DEMONYM, MentionKind.BORDER} <= kinds
    assert MentionKind.FACILITY in kinds


def test_the_pipelines_statements_need_no_coercion(tiny_gazetteer: Any) -> None:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt")))
    text += " Rebels took Diabaly, some 400 km north of Bamako. A convoy was hit near Gao."
    statements = geoparse(text, gazetteer=tiny_gazetteer).statements
    assert statements
    for statement in statements:
        assert type(statement.kind) is StatementKind
        assert statement.verdict is None or type(statement.verdict) is Verdict
        _same(statement, _twin(statement))


def test_a_class_with_slotted_bases_is_made_through_its_descriptors() -> None:
    # no twin is made for it (its layout starts with its base's slots): the
    # descriptors' way gives the same object, the base's fields included
    @dataclasses.dataclass(frozen=True, slots=True)
    class Base:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Derived(Base):
        b: str

    made = direct(Derived)(1, "x")
    _same(made, Derived(a=1, b="x"))
    _same(direct(Derived, ("b", "a"))("y", 2), Derived(a=2, b="y"))


def test_a_direct_object_is_no_twin_and_stays_frozen() -> None:
    made = direct(Mention)(0, 3, "Gao", "t:gao", 0.9, (), None, MentionKind.NAME)
    assert type(made) is Mention and isinstance(made, Mention)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.start = 1  # type: ignore[misc]
    assert dataclasses.replace(made, start=1) == Mention(start=1, end=3, text="Gao",
                                                        place="t:gao", confidence=0.9)  # fmt: skip

"""A place and a candidate read from a row are made slot by slot (issue 19: the frozen
dataclasses' ``__init__`` cost 3.5 µs a row); they must be the objects ``Place(...)`` and
``Candidate(...)`` make, field for field, type for type."""

from __future__ import annotations

import pickle
from dataclasses import fields

import pytest

from conflictmap.model import Place
from conflictmap.model.kinds import CandidateFlag, Layer, PlaceKind
from conflictmap.store.gazetteer.base import Candidate
from conflictmap.store.gazetteer.rows import candidate, checked_place

ROWS = [
    ("geonames:2457163", "Gao", 16.27, -0.04, "ML", "PPLA", "town", "07", "Gao", 86633,
     "base", "geonames", "0701"),
    ("geonames:100000003", "She", -12.5, 140.0, None, None, "village", None, None, 0,
     "imported", None, None),
    ("curated:sahel", "Sahel", 14.0, 0.0, None, "RGN", "region", None, None, 0, "curated",
     "curated", None),
    # the slow path: a NULL population, an integer latitude, a long region name
    ("geonames:7", "Kona", 14, -3.9, "ML", "PPL", "village", "05", "M" * 300, None,
     "imported", None, "0502"),
]  # fmt: skip


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row[0])
def test_a_place_read_from_a_row_is_the_place_init_makes(row: tuple[object, ...]) -> None:
    place, _ = checked_place(row)
    assert place is not None
    made = Place(**{f.name: getattr(place, f.name) for f in fields(Place)})
    assert place == made and hash(place) == hash(made) and repr(place) == repr(made)
    for f in fields(Place):
        assert type(getattr(place, f.name)) is type(getattr(made, f.name)), f.name
    assert type(place.kind) is PlaceKind and type(place.layer) is Layer
    assert place.kind.value == row[6] and place.layer.value == row[10]
    assert (place.id, place.lat, place.lon) == (row[0], row[2], row[3])
    assert pickle.loads(pickle.dumps(place)) == place  # a worker sends places back
    with pytest.raises(AttributeError):
        place.name = "x"  # type: ignore[misc]  # still frozen


def test_a_candidate_holds_its_flags_member() -> None:
    place, _ = checked_place(ROWS[0])
    assert place is not None
    for value in range(sum(flag.value for flag in CandidateFlag) + 1):
        made = candidate(place, value)
        expected = Candidate(place, CandidateFlag(value))
        assert made == expected and made.flags is expected.flags and made.place is place
        assert (made.own_name, made.curated, made.upper_only) == (
            expected.own_name, expected.curated, expected.upper_only,
        )  # fmt: skip

"""Place rows read with their numbers checked (a layer an older version wrote).

The GeoNames import refuses a negative population, a latitude of 999 or a word where
a number belongs (:mod:`conflictmap.store.geonames.fields`), but an
``imported.sqlite`` written before it did may hold them, and one such row made every
article naming the place fail (``log10`` of a negative number in the resolver). Rows
are read through :func:`checked_place`:

* a population that is negative, not a number, or above
  :attr:`~conflictmap.tuning.imports.ImportTuning.max_population` reads as 0 or as
  that limit;
* a name row's flags that are not a number, or hold bits no flag has, read as none;
* a place name (or region name) longer than
  :attr:`~conflictmap.tuning.imports.ImportTuning.max_name_chars` is cut there (the
  GeoNames import stores names whole; a 100,000-character name was drawn across the
  map as the place's label, issue 20 defect 14), with no warning: such a name is
  long, not wrong;
* a place whose latitude or longitude is not a finite number within ±90 or ±180, or
  whose kind or layer is no known word, is left out (a lower layer's row for the same
  place, if any, stands).

:class:`~conflictmap.store.gazetteer.layers.Layers` says so in one
:class:`~conflictmap.errors.GazetteerWarning` line, for the first such row it meets.

Examples
--------
>>> row = ("geonames:1", "Gao", 16.27, -0.04, "ML", "PPLA", "town", "07", None, -5,
...        "imported", None, None)
>>> place, problem = checked_place(row)
>>> place.population, problem
(0, 'place geonames:1 has population -5: read as 0')
>>> checked_place(row[:2] + (999.0,) + row[3:])
(None, 'place geonames:1 has latitude 999.0: left out')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from conflictmap.model import Place
from conflictmap.model.direct import direct
from conflictmap.model.kinds import CandidateFlag, Layer, PlaceKind
from conflictmap.store.gazetteer.base import Candidate
from conflictmap.tuning.imports import IMPORT

__all__ = ["candidate", "checked_flags", "checked_place"]

#: the words a row may hold, with their members (a member skips ``Place``'s conversion)
_KINDS = {kind.value: kind for kind in PlaceKind}
_LAYERS = {layer.value: layer for layer in Layer}
_MAX_POPULATION = IMPORT.max_population
_MAX_NAME = IMPORT.max_name_chars
#: every bit a name row's flags may hold
_ALL_FLAGS = sum(flag.value for flag in CandidateFlag)
#: how much of a bad value a warning quotes
_QUOTE = 40
#: each value of a name row's flags as its member (``CandidateFlag(n)`` costs about 0.5 µs)
_FLAGS = tuple(CandidateFlag(value) for value in range(_ALL_FLAGS + 1))

# A place and a candidate are made by :func:`~conflictmap.model.direct.direct`'s
# constructors: the frozen dataclasses' ``__init__`` sets each field through
# ``object.__setattr__`` and runs ``__post_init__`` (about 3.5 µs a row, and the resolver
# reads tens of thousands of rows). The values given are those ``__post_init__`` would
# leave (members, not words).
_make_place = direct(Place, ("id", "name", "lat", "lon", "country", "feature", "kind", "admin1",
                             "admin1_name", "population", "layer", "source", "admin2"))  # fmt: skip
_make_candidate = direct(Candidate, ("place", "flags"))


def _quoted(value: object) -> str:
    """``value`` as the warning shows it: ASCII only (no terminal controls), short."""
    text = ascii(value)
    return text if len(text) <= _QUOTE else text[: _QUOTE - 3] + "..."


def _population(value: object) -> tuple[int, str]:
    """The population ``value`` reads as, and what was wrong with it ("" if nothing)."""
    if type(value) is int and 0 <= value <= IMPORT.max_population:
        return value, ""
    if value is None:
        return 0, ""
    if type(value) is float and value.is_integer() and 0 <= value <= IMPORT.max_population:
        return int(value), ""
    if type(value) in (int, float) and value > 0:  # type: ignore[operator]
        return IMPORT.max_population, f"read as {IMPORT.max_population}"
    return 0, "read as 0"


def _coordinate(value: object, limit: float) -> bool:
    """True for a number within ±``limit`` (never for NaN or an infinity)."""
    return type(value) in (int, float) and -limit <= value <= limit  # type: ignore[operator]


def checked_place(row: Sequence[Any]) -> tuple[Place | None, str]:
    """The place of a row selected with
    :data:`~conflictmap.store.gazetteer.base.PLACE_COLUMNS` (``None`` when it is left
    out), and what was wrong with the row (``""`` when nothing was)."""
    lat, lon, population = row[2], row[3], row[9]
    if not (  # the usual row, checked in one expression (the resolver reads thousands)
        type(lat) is float
        and type(lon) is float
        and -90.0 <= lat <= 90.0
        and -180.0 <= lon <= 180.0
        and type(population) is int
        and 0 <= population <= _MAX_POPULATION
        and row[6] in _KINDS
        and row[10] in _LAYERS
        and type(row[0]) is str
        and type(row[1]) is str
        and len(row[1]) <= _MAX_NAME
        and (type(row[8]) is not str or len(row[8]) <= _MAX_NAME)
    ):
        return _checked_slowly(row)
    return _place(row, lat, lon, population), ""


def _place(row: Sequence[Any], lat: float, lon: float, population: int) -> Place:
    """``Place(id=row[0], ..., kind=_KINDS[row[6]], ...)``, by the direct constructor."""
    return _make_place(
        row[0], row[1], lat, lon, row[4], row[5], _KINDS[row[6]], row[7], row[8],
        population, _LAYERS[row[10]], row[11], row[12],
    )  # fmt: skip


def candidate(place: Place, flags: int) -> Candidate:
    """``Candidate(place, CandidateFlag(flags))`` for flags :func:`checked_flags` passed,
    by the direct constructor (see above).

    >>> gao = Place(id="t:1", name="Gao", lat=16.27, lon=-0.04, kind="city")
    >>> candidate(gao, 3) == Candidate(gao, CandidateFlag(3)), candidate(gao, 3).flags
    (True, <CandidateFlag.OWN_NAME|CURATED_ALIAS: 3>)
    """
    return _make_candidate(place, _FLAGS[flags])


def _checked_slowly(row: Sequence[Any]) -> tuple[Place | None, str]:
    """:func:`checked_place` of a row with something unusual (maybe only a NULL)."""
    pid = ascii(row[0])[1:-1] if type(row[0]) is str else ascii(row[0])
    pid = pid if len(pid) <= _QUOTE else pid[: _QUOTE - 3] + "..."
    for index, field, limit in ((2, "latitude", 90.0), (3, "longitude", 180.0)):
        if not _coordinate(row[index], limit):
            return None, f"place {pid} has {field} {_quoted(row[index])}: left out"
    for index, field, known in ((6, "kind", _KINDS), (10, "layer", _LAYERS)):
        if row[index] not in known:
            return None, f"place {pid} has {field} {_quoted(row[index])}: left out"
    if type(row[0]) is not str or type(row[1]) is not str:
        return None, f"place {pid} has no text id or name: left out"
    population, fix = _population(row[9])
    problem = f"place {pid} has population {_quoted(row[9])}: {fix}" if fix else ""
    fields = list(row)
    for index in (1, 8):  # the name, the region's name: cut without a warning (not wrong)
        if type(row[index]) is str and len(row[index]) > _MAX_NAME:
            fields[index] = row[index][: _MAX_NAME - 1] + "\u2026"
    row = fields
    return _place(row, float(row[2]), float(row[3]), population), problem


def checked_flags(value: object, pid: str) -> tuple[int, str]:
    """The flags of a name row of place ``pid`` (0 when out of range), and what was wrong."""
    if type(value) is int and 0 <= value <= _ALL_FLAGS:
        return value, ""
    return 0, f"a name of place {pid[:_QUOTE]} has flags {_quoted(value)}: read as none"

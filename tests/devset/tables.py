"""Typed loaders for the dev tables of issues 14 and 15 in this folder.

``variants.tsv`` holds real variant spellings and the GeoNames place each means,
``variant_negatives.tsv`` words a fuzzy matcher must not turn into places, and
``names.tsv`` region, district, feature and news-spelling names with a sentence to
run the tool on and a point with a tolerance. Each file opens with ``#`` lines
(provenance and licence), then a header row; a loader checks the header, parses
every cell into its type and raises :class:`TableError` naming the line otherwise.

Examples
--------
>>> pairs = load_variants()
>>> pair = next(p for p in pairs if p.variant == "Kharkov")
>>> pair.gazetteer_name, pair.family.value, pair.phenomena[0].value
('Kharkiv', 'cyrillic-ru', 'uk-ru-form')
>>> case = next(c for c in load_names() if c.name == "Kharkiv Oblast")
>>> case.expected_kind.value, case.iso3166_2, case.name in case.context_sentence
('region', 'UA-63', True)
>>> next(n for n in load_negatives() if n.text == "Java").lookalike_country
'GE'
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

__all__ = [
    "HERE",
    "ExpectedKind",
    "Family",
    "InAlternates",
    "NameCase",
    "Negative",
    "NegativeCategory",
    "Phenomenon",
    "TableError",
    "VariantPair",
    "load_names",
    "load_negatives",
    "load_variants",
]

#: The folder holding the tables.
HERE = Path(__file__).resolve().parent

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_E = TypeVar("_E", bound=enum.Enum)


class TableError(ValueError):
    """A dev table is malformed (the message names the file and line)."""


class Family(str, enum.Enum):
    """The script or spelling tradition a variant comes from."""

    ARABIC = "arabic"
    PERSIAN = "persian"
    PASHTO = "pashto"
    CYRILLIC_UK = "cyrillic-uk"
    CYRILLIC_RU = "cyrillic-ru"
    AMHARIC_TIGRINYA = "amharic-tigrinya"
    SOMALI = "somali"
    BURMESE = "burmese"
    HAUSA_FULANI = "hausa-fulani"
    FRENCH_COLONIAL = "french-colonial"
    OTHER = "other"


class Phenomenon(str, enum.Enum):
    """What differs between a variant and the gazetteer's spelling."""

    ARTICLE_PREFIX = "article-prefix"
    VOWEL = "vowel"
    DIPHTHONG = "diphthong"
    CONSONANT_PAIR = "consonant-pair"
    DOUBLED_LETTER = "doubled-letter"
    APOSTROPHE_AYN_HAMZA = "apostrophe-ayn-hamza"
    HYPHEN_SPACE = "hyphen-space"
    UK_RU_FORM = "uk-ru-form"
    DIACRITIC = "diacritic"
    ENDING = "ending"
    FORMER_NAME = "former-name"
    LOCAL_NAME = "local-name"


class InAlternates(str, enum.Enum):
    """Whether a variant, folded, is already among GeoNames' names of its place."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class ExpectedKind(str, enum.Enum):
    """The kind of place a name in ``names.tsv`` should resolve to."""

    REGION = "region"
    DISTRICT = "district"
    FEATURE = "feature"
    TOWN = "town"
    CITY = "city"


class NegativeCategory(str, enum.Enum):
    """Why a negative is not a place."""

    COMMON_WORD = "common-word"
    PERSON = "person"
    ORGANISATION = "organisation"
    MEDIA = "media"
    DEMONYM = "demonym"
    NEAR_MISS = "near-miss"


@dataclass(frozen=True, kw_only=True, slots=True)
class VariantPair:
    """A spelling in real use and the GeoNames place it means (``variants.tsv``)."""

    variant: str
    geonames_id: int
    gazetteer_name: str
    country: str
    family: Family
    phenomena: tuple[Phenomenon, ...]
    source: str
    tolerance_km: float
    lat: float
    lon: float
    in_geonames_alternates: InAlternates
    line: int


@dataclass(frozen=True, kw_only=True, slots=True)
class Negative:
    """A word that must not become a place (``variant_negatives.tsv``)."""

    text: str
    category: NegativeCategory
    context_sentence: str
    lookalike_geonames_id: int | None
    lookalike_name: str | None
    lookalike_country: str | None
    lookalike_count: int
    note: str
    line: int


@dataclass(frozen=True, kw_only=True, slots=True)
class NameCase:
    """A name as reporters write it, and where it must resolve (``names.tsv``)."""

    name: str
    context_sentence: str
    expected_kind: ExpectedKind
    geonames_id: int | None
    other_id: str | None
    gazetteer_name: str
    countries: tuple[str, ...]
    feature_code: str
    iso3166_2: str | None
    lat: float
    lon: float
    tolerance_km: float
    tolerance_basis: str
    source: str
    line: int


VARIANT_COLUMNS = (
    "variant",
    "geonames_id",
    "gazetteer_name",
    "country",
    "family",
    "phenomenon",
    "source",
    "tolerance_km",
    "lat",
    "lon",
    "in_geonames_alternates",
)
NEGATIVE_COLUMNS = (
    "text",
    "category",
    "context_sentence",
    "lookalike_geonames_id",
    "lookalike_name",
    "lookalike_country",
    "lookalike_count",
    "note",
)
NAME_COLUMNS = (
    "name",
    "context_sentence",
    "expected_kind",
    "geonames_id",
    "other_id",
    "gazetteer_name",
    "country",
    "feature_code",
    "iso3166_2",
    "lat",
    "lon",
    "tolerance_km",
    "tolerance_basis",
    "source",
)


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line number, row)`` for each data row of a table, after its header."""
    header: tuple[str, ...] | None = None
    with path.open(encoding="utf-8", newline="") as fh:
        for number, raw in enumerate(fh, 1):
            text = raw.rstrip("\r\n")
            if not text or text.startswith("#"):
                continue
            cells = tuple(text.split("\t"))
            if header is None:
                if cells != columns:
                    raise TableError(f"{path.name}:{number}: header {cells!r} != {columns!r}")
                header = cells
                continue
            if len(cells) != len(columns):
                raise TableError(f"{path.name}:{number}: {len(cells)} cells, {len(columns)} wanted")
            yield number, dict(zip(columns, cells, strict=True))
    if header is None:
        raise TableError(f"{path.name}: no header row")


def _where(path: Path, number: int, column: str) -> str:
    return f"{path.name}:{number}: {column}"


def _text(path: Path, number: int, row: dict[str, str], column: str) -> str:
    value = row[column]
    if not value.strip() or value != value.strip():
        raise TableError(f"{_where(path, number, column)} is empty or padded: {value!r}")
    return value


def _optional(row: dict[str, str], column: str) -> str | None:
    return row[column] or None


def _int(path: Path, number: int, row: dict[str, str], column: str) -> int:
    try:
        return int(row[column])
    except ValueError:
        raise TableError(f"{_where(path, number, column)} is not an integer") from None


def _float(path: Path, number: int, row: dict[str, str], column: str) -> float:
    try:
        return float(row[column])
    except ValueError:
        raise TableError(f"{_where(path, number, column)} is not a number") from None


def _enum(path: Path, number: int, kind: type[_E], value: str, column: str) -> _E:
    try:
        return kind(value)
    except ValueError:
        raise TableError(
            f"{_where(path, number, column)}: {value!r} is not a {kind.__name__}"
        ) from None


def _country(path: Path, number: int, value: str) -> str:
    if not _COUNTRY.match(value):
        raise TableError(f"{_where(path, number, 'country')}: {value!r} is not an ISO 3166-1 code")
    return value


def load_variants(path: Path | None = None) -> tuple[VariantPair, ...]:
    """The variant pairs of ``variants.tsv``.

    Parameters
    ----------
    path : Path, optional
        Another file of the same layout (default: the one in this folder).

    Returns
    -------
    tuple of VariantPair

    Examples
    --------
    >>> len(load_variants()) >= 260
    True
    """
    path = path or HERE / "variants.tsv"
    out = []
    for number, row in _rows(path, VARIANT_COLUMNS):
        phenomena = tuple(
            _enum(path, number, Phenomenon, part, "phenomenon")
            for part in row["phenomenon"].split("+")
        )
        out.append(
            VariantPair(
                variant=_text(path, number, row, "variant"),
                geonames_id=_int(path, number, row, "geonames_id"),
                gazetteer_name=_text(path, number, row, "gazetteer_name"),
                country=_country(path, number, row["country"]),
                family=_enum(path, number, Family, row["family"], "family"),
                phenomena=phenomena,
                source=_text(path, number, row, "source"),
                tolerance_km=_float(path, number, row, "tolerance_km"),
                lat=_float(path, number, row, "lat"),
                lon=_float(path, number, row, "lon"),
                in_geonames_alternates=_enum(
                    path, number, InAlternates, row["in_geonames_alternates"], "in_alternates"
                ),
                line=number,
            )
        )
    return tuple(out)


def load_negatives(path: Path | None = None) -> tuple[Negative, ...]:
    """The negatives of ``variant_negatives.tsv``.

    Examples
    --------
    >>> sorted({n.category.value for n in load_negatives()})[:3]
    ['common-word', 'demonym', 'media']
    """
    path = path or HERE / "variant_negatives.tsv"
    out = []
    for number, row in _rows(path, NEGATIVE_COLUMNS):
        look_id = _optional(row, "lookalike_geonames_id")
        look_cc = _optional(row, "lookalike_country")
        out.append(
            Negative(
                text=_text(path, number, row, "text"),
                category=_enum(path, number, NegativeCategory, row["category"], "category"),
                context_sentence=_text(path, number, row, "context_sentence"),
                lookalike_geonames_id=None
                if look_id is None
                else _int(path, number, row, "lookalike_geonames_id"),
                lookalike_name=_optional(row, "lookalike_name"),
                lookalike_country=None if look_cc is None else _country(path, number, look_cc),
                lookalike_count=_int(path, number, row, "lookalike_count"),
                note=_text(path, number, row, "note"),
                line=number,
            )
        )
    return tuple(out)


def load_names(path: Path | None = None) -> tuple[NameCase, ...]:
    """The names of ``names.tsv``.

    ``country`` may list several codes, comma-separated (a sea, a river).

    Examples
    --------
    >>> red_sea = next(c for c in load_names() if c.name == "Red Sea")
    >>> red_sea.expected_kind.value, "YE" in red_sea.countries, red_sea.geonames_id
    ('feature', True, None)
    """
    path = path or HERE / "names.tsv"
    out = []
    for number, row in _rows(path, NAME_COLUMNS):
        gid = _optional(row, "geonames_id")
        out.append(
            NameCase(
                name=_text(path, number, row, "name"),
                context_sentence=_text(path, number, row, "context_sentence"),
                expected_kind=_enum(
                    path, number, ExpectedKind, row["expected_kind"], "expected_kind"
                ),
                geonames_id=None if gid is None else _int(path, number, row, "geonames_id"),
                other_id=_optional(row, "other_id"),
                gazetteer_name=_text(path, number, row, "gazetteer_name"),
                countries=tuple(
                    _country(path, number, cc)
                    for cc in _text(path, number, row, "country").split(",")
                ),
                feature_code=_text(path, number, row, "feature_code"),
                iso3166_2=_optional(row, "iso3166_2"),
                lat=_float(path, number, row, "lat"),
                lon=_float(path, number, row, "lon"),
                tolerance_km=_float(path, number, row, "tolerance_km"),
                tolerance_basis=_text(path, number, row, "tolerance_basis"),
                source=_text(path, number, row, "source"),
                line=number,
            )
        )
    return tuple(out)

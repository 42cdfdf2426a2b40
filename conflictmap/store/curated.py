"""The hand-kept tables in ``gazetteer/curated/`` and the derived ones in ``gazetteer/derived/``.

Every curated row names its source. The tables are plain TSV so that anyone can
edit them and review the change in a diff.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from conflictmap.paths import data_dir
from conflictmap.store.stamps import data_fingerprint, data_stamp

__all__ = [
    "CuratedAlias",
    "CuratedPlace",
    "NeverPlace",
    "data_fingerprint",
    "data_stamp",
    "read_aliases",
    "read_never_places",
    "read_places",
    "read_tsv",
]


@dataclass(frozen=True, slots=True)
class CuratedPlace:
    id: str
    name: str
    lat: float
    lon: float
    country: str | None
    kind: str
    feature: str | None
    admin1: str | None
    population: int
    source: str


@dataclass(frozen=True, slots=True)
class CuratedAlias:
    alias: str
    place: str
    source: str


@dataclass(frozen=True, slots=True)
class NeverPlace:
    name: str
    source: str


def read_tsv(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a TSV file with a header line; blank lines and ``#`` comments skipped."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            yield {k: (v or "").strip() for k, v in row.items() if k is not None}


def _curated(name: str, root: Path | None) -> Path:
    return (root or data_dir()) / "curated" / name


def read_places(root: Path | None = None) -> list[CuratedPlace]:
    out = []
    for row in read_tsv(_curated("places.tsv", root)):
        out.append(
            CuratedPlace(
                id=row["id"],
                name=row["name"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                country=row.get("country") or None,
                kind=row.get("kind") or "town",
                feature=row.get("feature") or None,
                admin1=row.get("admin1") or None,
                population=int(row.get("population") or 0),
                source=row["source"],
            )
        )
    return out


def read_aliases(root: Path | None = None) -> list[CuratedAlias]:
    return [
        CuratedAlias(alias=row["alias"], place=row["place"], source=row["source"])
        for row in read_tsv(_curated("aliases.tsv", root))
    ]


def read_never_places(root: Path | None = None) -> list[NeverPlace]:
    return [
        NeverPlace(name=row["name"], source=row["source"])
        for row in read_tsv(_curated("not_places.tsv", root))
    ]

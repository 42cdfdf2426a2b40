"""From GeoNames feature class/code and population to a map kind.

Examples
--------
>>> kind_of("P", "PPLC", 2_000_000), kind_of("P", "PPL", 133_110), kind_of("P", "PPL", 8_000)
('capital', 'city', 'town')
>>> kind_of("P", "PPL", 300), kind_of("A", "ADM1", 0), kind_of("A", "PCLI", 0)
('village', 'region', 'country')
>>> kind_of("H", "STM", 0), kind_of("P", "PPLX", 0)
('feature', 'spot')
"""

from __future__ import annotations

__all__ = ["CITY_POPULATION", "TOWN_POPULATION", "kind_of"]

CITY_POPULATION = 100_000
TOWN_POPULATION = 5_000

_COUNTRY_CODES = {"PCL", "PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "TERR"}
_REGION_CODES = {"ADM1", "ADM1H", "RGN", "RGNE", "ZN", "AREA", "PRSH"}
_DISTRICT_CODES = {"ADM2", "ADM3", "ADM4", "ADM5", "ADMD", "ADM2H", "ADM3H"}


def kind_of(feature_class: str | None, feature: str | None, population: int = 0) -> str:
    """The map kind of a GeoNames feature (see :class:`conflictmap.model.PlaceKind`)."""
    code = (feature or "").upper()
    fclass = (feature_class or (code[:1] if code else "P")).upper()
    if code == "CONT":
        return "continent"
    if code in _COUNTRY_CODES:
        return "country"
    if code in _REGION_CODES:
        return "region"
    if code in _DISTRICT_CODES:
        return "district"
    if fclass == "P":
        if code == "PPLC":
            return "capital"
        if code in ("PPLX", "PPLL", "PPLF", "PPLQ", "PPLW", "PPLH"):
            return "spot" if population < TOWN_POPULATION else "town"
        if population >= CITY_POPULATION:
            return "city"
        if population >= TOWN_POPULATION or code in ("PPLA", "PPLA2"):
            return "town"
        return "village"
    if fclass == "A":
        return "region"
    return "feature"

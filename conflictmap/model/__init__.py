"""The data that flows between pipeline stages: small frozen, keyword-only dataclasses.

Coordinates are always ``lat``/``lon`` in degrees (WGS84) here. Shapely's
``(x=lon, y=lat)`` order appears only inside :mod:`conflictmap.geo`, which converts
at its edges. :meth:`Result.to_dict` produces exactly the JSON output contract.
"""

from __future__ import annotations

from conflictmap.model.coords import LatLon
from conflictmap.model.kinds import (
    PRECISION_NEAR,
    PRECISION_REGION,
    PRECISION_TOWN,
    Layer,
    MentionKind,
    PlaceKind,
    StatementKind,
    Verdict,
)
from conflictmap.model.mention import Mention
from conflictmap.model.place import Place
from conflictmap.model.result import Result
from conflictmap.model.statement import Estimate, Measured, Stated, Statement

__all__ = [
    "PRECISION_NEAR",
    "PRECISION_REGION",
    "PRECISION_TOWN",
    "Estimate",
    "LatLon",
    "Layer",
    "Measured",
    "Mention",
    "MentionKind",
    "Place",
    "PlaceKind",
    "Result",
    "Stated",
    "Statement",
    "StatementKind",
    "Verdict",
]

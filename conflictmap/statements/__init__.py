"""Stated geography: distances, directions, proximity and borders, measured and judged.

(Being built: see issue 6. This first cut only defines the interface the pipeline calls.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import Place, Statement

if TYPE_CHECKING:
    from ..gazetteer.store import Gazetteer
    from ..resolve import Resolution, Resolver

__all__ = ["Found", "find_statements"]


@dataclass(frozen=True, slots=True)
class Found:
    statements: tuple[Statement, ...] = ()
    #: places the statements add (borders, estimated spots)
    places: tuple[Place, ...] = ()
    #: the resolution re-ranked with the statements as evidence, if it changed
    resolution: Resolution | None = None


def find_statements(
    text: str, resolution: Resolution, gazetteer: Gazetteer, *, resolver: Resolver | None = None
) -> Found:
    return Found()

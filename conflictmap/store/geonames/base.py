"""The data types and constants of the GeoNames import.

Examples
--------
>>> FileReport(file="ML.zip:ML.txt", format="dump", rows=3, places=2).to_dict()["places"]
2
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conflictmap.model.kinds import CandidateFlag

__all__ = [
    "ADMIN_COLUMNS",
    "ALT_COLUMNS",
    "AUX_NAME",
    "DUMP_COLUMNS",
    "IMPORT_SCHEMA_VERSION",
    "FileReport",
    "ImportReport",
    "ProgressFn",
]

#: flag on a name that came from ``alternateNamesV2`` or an admin-codes file: such
#: names are kept when the place's dump row is imported again
AUX_NAME = int(CandidateFlag.AUX_NAME)

#: Bump when the imported layer's layout changes.
IMPORT_SCHEMA_VERSION = 1

ProgressFn = Callable[[str, int, int], None]

#: columns of each recognised format
DUMP_COLUMNS = 19
ALT_COLUMNS = (10, 8)  # alternateNamesV2, the older alternateNames
ADMIN_COLUMNS = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class FileReport:
    """What one imported file contributed.

    Attributes
    ----------
    file : str
        The file's name (with the zip member, e.g. ``ML.zip:ML.txt``).
    format : str
        ``dump``, ``alternate_names``, ``admin1`` or ``admin2``.
    rows : int
        Data rows read.
    places : int
        Places written (inserted or replaced).
    names : int
        Name keys written.
    skipped : int
        Rows left out (another feature class, an id no layer holds, not a name).
    """

    file: str
    format: str
    rows: int = 0
    places: int = 0
    names: int = 0
    skipped: int = 0
    size: int = 0
    imported_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The report as recorded in the layer's ``files`` metadata."""
        return {
            "file": self.file,
            "format": self.format,
            "rows": self.rows,
            "places": self.places,
            "names": self.names,
            "skipped": self.skipped,
            "size": self.size,
            "imported_at": self.imported_at,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportReport:
    """The outcome of :func:`~conflictmap.store.geonames.import_files`.

    Attributes
    ----------
    path : Path
        The imported layer written (``imported.sqlite``).
    files : tuple of FileReport
        What each file contributed, in the order applied.
    places, names : int
        Places and (name key, place) pairs in the whole layer afterwards.
    seconds : float
        Wall time of the import.
    """

    path: Path
    files: tuple[FileReport, ...] = ()
    places: int = 0
    names: int = 0
    seconds: float = 0.0

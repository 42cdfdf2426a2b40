"""The GeoNames import (kept for older imports; the code is in :mod:`conflictmap.store.geonames`)."""

from __future__ import annotations

from conflictmap.store.geonames import (
    AUX_NAME,
    IMPORT_SCHEMA_VERSION,
    FileReport,
    ImportReport,
    ProgressFn,
    detect_format,
    import_files,
)

__all__ = [
    "AUX_NAME",
    "IMPORT_SCHEMA_VERSION",
    "FileReport",
    "ImportReport",
    "ProgressFn",
    "detect_format",
    "import_files",
]

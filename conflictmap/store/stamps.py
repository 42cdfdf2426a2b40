"""Whether the bundled tables changed since a base was built: a stamp and a fingerprint.

Kept apart from :mod:`conflictmap.store.curated` (which reads the tables' rows for
the build) because every start checks the stamp: it needs neither the readers nor
their dataclasses (issue 19: start-up).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from conflictmap.paths import data_dir

__all__ = ["data_fingerprint", "data_stamp"]


def _data_files(base: Path) -> list[Path]:
    return [
        path
        for path in sorted(base.glob("*/*"))
        if path.suffix in (".tsv", ".json") and path.is_file()
    ]


def data_fingerprint(root: Path | None = None) -> str:
    """A hash of every curated and derived table: the base is rebuilt when it changes."""
    digest = hashlib.sha256()
    for path in _data_files(root or data_dir()):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def data_stamp(root: Path | None = None) -> str:
    """A hash of the tables' names, sizes and modification times (no contents).

    Equal stamps mean the tables were not touched since the stamp was taken, so a
    start need not read and hash their 11 MB (:func:`data_fingerprint`, ~40 ms);
    a different stamp only means the contents must be hashed again.
    """
    digest = hashlib.sha256()
    for path in _data_files(root or data_dir()):
        info = path.stat()
        digest.update(f"{path.name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:16]

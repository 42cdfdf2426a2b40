"""The process's open gazetteers: one per conflictmap home, opened once.

>>> import tempfile
>>> from conflictmap.errors import GazetteerNotBuiltError
>>> try:
...     open_gazetteer(tempfile.mkdtemp(), build=False)
... except GazetteerNotBuiltError as error:
...     print("not built")
not built
"""

from __future__ import annotations

import threading
from pathlib import Path

from conflictmap.paths import resolve_home
from conflictmap.store.gazetteer import Gazetteer

__all__ = ["open_gazetteer"]

_cache: dict[Path, Gazetteer] = {}
_cache_lock = threading.Lock()


def open_gazetteer(
    home: str | Path | None = None, *, progress: bool = True, build: bool = True
) -> Gazetteer:
    """The gazetteer of ``home`` (default ``$CONFLICTMAP_HOME``), opened once per process."""
    key = resolve_home(home).resolve()
    with _cache_lock:
        gaz = _cache.get(key)
        if gaz is None:
            gaz = _cache[key] = Gazetteer(key, progress=progress, build=build)
        else:
            gaz.refresh()  # corrections made by another process since we opened it
        return gaz

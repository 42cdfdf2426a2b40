"""The process's open gazetteers: one explicit registry, one gazetteer per home.

Every part of conflictmap that needs "the gazetteer of this home" (the pipeline,
the CLI, Dask partitions, batch worker processes) asks :data:`REGISTRY`; nothing
else keeps gazetteers. The registry is

* **opened once per process**: a second ask for the same home returns the same
  object, after :meth:`~conflictmap.store.gazetteer.Gazetteer.refresh` (so a fix
  made meanwhile by another process holds);
* **fork-safe**: a child process never uses a gazetteer (an SQLite connection)
  inherited across ``fork()``; it opens its own on first ask;
* **thread-safe**: one lock, so threads of one process share one gazetteer;
* **injectable**: :meth:`GazetteerRegistry.injected` makes the registry answer with
  a given gazetteer (a tiny in-memory one in a test) for a home.

Examples
--------
>>> import tempfile
>>> from conflictmap.errors import GazetteerNotBuiltError
>>> try:
...     open_gazetteer(tempfile.mkdtemp(), build=False)
... except GazetteerNotBuiltError as error:
...     print("not built")
not built
>>> from conflictmap.model import Place
>>> tiny = Gazetteer.from_places([Place(id="t:1", name="Gao", lat=16.27, lon=-0.04,
...                                      country="ML", kind="city")])
>>> registry = GazetteerRegistry()
>>> home = tempfile.mkdtemp()
>>> with registry.injected(tiny, home=home):
...     registry.get(home) is tiny
True
>>> registry.opened()
[]
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

from conflictmap.paths import resolve_home
from conflictmap.store.gazetteer import Gazetteer

__all__ = ["REGISTRY", "GazetteerRegistry", "open_gazetteer", "use_gazetteer"]

#: opens the gazetteer of a home: ``opener(home, build=..., progress=...)``
Opener = Callable[..., Gazetteer]


@dataclass(frozen=True, slots=True, kw_only=True)
class _Entry:
    gazetteer: Gazetteer
    #: opened by the registry (closed by :meth:`GazetteerRegistry.close`), not injected
    owned: bool


def _call(method: weakref.WeakMethod[Callable[[], None]]) -> None:
    bound = method()
    if bound is not None:
        bound()


class GazetteerRegistry:
    """The gazetteers of one process, one per home.

    Parameters
    ----------
    opener : callable, optional
        Opens the gazetteer of a home (default :class:`Gazetteer`).
    """

    def __init__(self, opener: Opener = Gazetteer) -> None:
        self._opener = opener
        self._lock = threading.Lock()
        self._entries: dict[Path, _Entry] = {}
        self._pid = os.getpid()
        if hasattr(os, "register_at_fork"):
            alive = weakref.WeakMethod(self._after_fork)
            os.register_at_fork(after_in_child=lambda: _call(alive))

    def _after_fork(self) -> None:
        """In a forked child: forget the parent's gazetteers (and a lock it may hold)."""
        self._lock = threading.Lock()
        self._entries = {}
        self._pid = os.getpid()

    @staticmethod
    def _key(home: str | os.PathLike[str] | None) -> Path:
        return resolve_home(home).resolve()

    def get(
        self,
        home: str | os.PathLike[str] | None = None,
        *,
        build: bool = True,
        progress: bool = True,
    ) -> Gazetteer:
        """The gazetteer of ``home`` (default ``$CONFLICTMAP_HOME``), opened on first ask."""
        key = self._key(home)
        with self._lock:
            if self._pid != os.getpid():  # forked without register_at_fork
                self._after_fork()
            entry = self._entries.get(key)
            if entry is None:
                gaz = self._opener(key, build=build, progress=progress)
                self._entries[key] = _Entry(gazetteer=gaz, owned=True)
                return gaz
            entry.gazetteer.refresh()  # corrections made by another process since we opened it
            return entry.gazetteer

    @contextmanager
    def injected(
        self, gazetteer: Gazetteer, *, home: str | os.PathLike[str] | None = None
    ) -> Iterator[Gazetteer]:
        """Answer with ``gazetteer`` for ``home`` while the block runs (for tests).

        What the registry held for that home before comes back afterwards; the
        injected gazetteer is never closed by the registry.
        """
        key = self._key(home)
        with self._lock:
            before = self._entries.get(key)
            self._entries[key] = _Entry(gazetteer=gazetteer, owned=False)
        try:
            yield gazetteer
        finally:
            with self._lock:
                if before is None:
                    self._entries.pop(key, None)
                else:
                    self._entries[key] = before

    def opened(self) -> list[Path]:
        """The homes whose gazetteer this process opened (injected ones left out)."""
        with self._lock:
            if self._pid != os.getpid():
                return []
            return sorted(k for k, e in self._entries.items() if e.owned)

    def close(self) -> None:
        """Close and forget every gazetteer the registry opened."""
        with self._lock:
            owned = [e.gazetteer for e in self._entries.values() if e.owned]
            self._entries = {k: e for k, e in self._entries.items() if not e.owned}
        for gaz in owned:
            gaz.close()


#: the registry of this process
REGISTRY = GazetteerRegistry()


def open_gazetteer(
    home: str | Path | None = None, *, progress: bool = True, build: bool = True
) -> Gazetteer:
    """The gazetteer of ``home`` (default ``$CONFLICTMAP_HOME``), opened once per process."""
    return REGISTRY.get(home, progress=progress, build=build)


def use_gazetteer(
    gazetteer: Gazetteer, *, home: str | Path | None = None
) -> AbstractContextManager[Gazetteer]:
    """``with use_gazetteer(gaz):`` every default lookup of ``home`` gets ``gaz`` (tests)."""
    return REGISTRY.injected(gazetteer, home=home)

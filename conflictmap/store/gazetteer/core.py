"""The :class:`Gazetteer`: every layer, with the user's corrections applied.

See :mod:`conflictmap.store.gazetteer` for the layers and how they stack.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from conflictmap.errors import UnknownPlaceError
from conflictmap.model import Place
from conflictmap.paths import CORRECTIONS_DB, resolve_home
from conflictmap.store.build import CURATED_ALIAS
from conflictmap.store.corrections.reading import read_overrides
from conflictmap.store.gazetteer.base import CORRECTED, PREFERRED, Candidate
from conflictmap.store.gazetteer.corrected import Corrected
from conflictmap.store.gazetteer.layers import Layers
from conflictmap.store.gazetteer.opening import memory_layers, open_layers
from conflictmap.store.gazetteer.shapes import Shapes
from conflictmap.store.overrides import Overrides
from conflictmap.store.schema import BasemapKind

__all__ = ["Gazetteer"]


class Gazetteer:
    """Read-only access to every gazetteer layer.

    The data layers are opened once and shared by every view
    (:meth:`with_overrides`); what depends on the corrections lives in one
    immutable snapshot that :meth:`refresh` replaces when the corrections file
    changes.

    Parameters
    ----------
    home : path, optional
        The conflictmap home (default: ``$CONFLICTMAP_HOME`` or the user data folder).
    build : bool
        Build the base layer when it is missing or stale (default ``True``).
    progress : bool
        Show a progress bar on stderr while building.
    overrides : Overrides, optional
        Per-run corrections laid on top of the stored ones.

    Examples
    --------
    >>> gaz = Gazetteer.from_places([Place(id="t:1", name="Gao", lat=16.27, lon=-0.04,
    ...                                     country="ML", kind="city")])
    >>> [c.place.name for c in gaz.candidates("gao")]
    ['Gao']
    """

    _layers: Layers
    _shapes: Shapes
    _view: Corrected

    def __init__(
        self,
        home: str | Path | None = None,
        *,
        build: bool = True,
        progress: bool = True,
        overrides: Overrides | None = None,
    ) -> None:
        self.home = resolve_home(home)
        self._layers = open_layers(self.home, build=build, progress=progress)
        self._shapes = Shapes(self._layers)
        stamp = self._corrections_stamp()
        self._view = Corrected.of(self._stored_overrides(), overrides, stamp)

    @classmethod
    def _assemble(cls, home: Path, layers: Layers, shapes: Shapes, view: Corrected) -> Gazetteer:
        gaz = cls.__new__(cls)
        gaz.home = home
        gaz._layers, gaz._shapes, gaz._view = layers, shapes, view
        return gaz

    @classmethod
    def from_places(
        cls,
        places: Iterable[Place],
        *,
        aliases: Iterable[tuple[str, str]] = (),
        never: Iterable[str] = (),
        demonyms: Iterable[tuple[str, str]] = (),
        overrides: Overrides | None = None,
    ) -> Gazetteer:
        """A tiny in-memory gazetteer (for tests and examples)."""
        layers = memory_layers(places, aliases=aliases, never=never, demonyms=demonyms)
        ov = overrides or Overrides()
        view = Corrected(stored=Overrides(), run=overrides, stamp=None, overrides=ov)
        return cls._assemble(Path("."), layers, Shapes(layers), view)

    def with_overrides(self, overrides: Overrides | None) -> Gazetteer:
        """A view of this gazetteer with per-run overrides on top (shares the layers)."""
        if overrides is None or overrides.empty:
            return self
        return self._assemble(
            self.home, self._layers, self._shapes, self._view.laid_over(overrides)
        )

    def for_article(
        self, articles: Iterable[str], country: str | None = None, region: str | None = None
    ) -> Gazetteer:
        """A view applying the corrections scoped to an article (its id, its content
        hash), to ``country``, its main focus, and to ``region``, its focus region's
        code (``MZ.01``; see :mod:`conflictmap.store.scopes`)."""
        if not self.overrides.scoped:
            return self
        view = self._view.scoped_to(articles, country, region)
        return self._assemble(self.home, self._layers, self._shapes, view)

    # -- the user's corrections ----------------------------------------------------

    @property
    def overrides(self) -> Overrides:
        """The corrections every lookup applies (stored, with per-run ones on top)."""
        return self._view.overrides

    @property
    def data_layers(self) -> object:
        """The open data layers this view reads (shared by every view of one gazetteer;
        a key for what is derived from them while they are open)."""
        return self._layers

    @property
    def layers(self) -> list[str]:
        """The data layers open: ``["base"]`` or ``["base", "imported"]``."""
        return self._layers.names

    def _corrections_stamp(self) -> tuple[float, ...]:
        path = self.home / CORRECTIONS_DB
        stamps = []
        for candidate in (path, path.with_name(path.name + "-wal")):
            try:
                stat = candidate.stat()
            except OSError:
                stamps.append(0.0)
            else:
                stamps += [stat.st_mtime, float(stat.st_size)]
        return tuple(stamps)

    def _stored_overrides(self) -> Overrides:
        # exists() would see the stored corrections too: ask the data layers only
        return read_overrides(self.home / CORRECTIONS_DB, known=self._layers_hold)

    def _layers_hold(self, pid: str) -> bool:
        return self._layers.place(pid) is not None

    def refresh(self) -> bool:
        """Re-read the user's corrections if another process changed them.

        A long-running process (a notebook, a batch run) calls this before each
        article, so a fix made meanwhile with ``conflictmap gazetteer alias`` holds.
        Returns True when the corrections were reloaded.
        """
        view = self._view
        if view.stamp is None:  # an in-memory gazetteer has no corrections file
            return False
        stamp = self._corrections_stamp()
        if stamp == view.stamp:
            return False
        self._view = view.reread(self._stored_overrides(), stamp)
        return True

    def close(self) -> None:
        self._layers.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- names ----------------------------------------------------------------------

    def candidates(self, key: str) -> list[Candidate]:
        """Every place the folded name ``key`` may refer to, corrections applied.

        A rejected name has no candidates; a preferred place carries
        :data:`PREFERRED`; places added or aliased by the user carry :data:`CORRECTED`.
        """
        ov = self.overrides
        if key in ov.reject:
            return []
        found = dict(self._layers.candidates(key))
        for pid in ov.aliases.get(key, ()):
            previous = found.get(pid)
            flags = (previous.flags if previous else 0) | CORRECTED | CURATED_ALIAS
            found[pid] = Candidate(self.get(pid), flags)
        preferred = ov.prefer.get(key)
        if preferred is not None:
            previous = found.get(preferred)
            flags = (previous.flags if previous else 0) | CORRECTED | PREFERRED
            found[preferred] = Candidate(self.get(preferred), flags)
        return [
            c
            if c.place.id not in ov.places
            else Candidate(ov.places[c.place.id], c.flags | CORRECTED)
            for c in found.values()
        ]

    def known_keys(self, keys: Iterable[str]) -> set[str]:
        """The subset of folded ``keys`` that some layer knows as a name."""
        ov = self.overrides
        if not (ov.aliases or ov.prefer or ov.reject):  # the layers' answer (a new set)
            return self._layers.known_keys(keys)
        keys = list(dict.fromkeys(keys))
        known = self._layers.known_keys(keys)
        known |= {k for k in keys if k in ov.aliases or k in ov.prefer}
        return known - ov.reject

    def prefix_test(self) -> Callable[[str], bool] | None:
        """``test(prefix)``: may a name this gazetteer knows start with the folded ``prefix``?

        Never False for a prefix of a name :meth:`known_keys` knows (a stored name, an
        alias, a preferred name); it may be True for one it does not (a rejected name),
        so a caller may skip every key that extends a prefix it answers False for.
        ``None`` when the layers have no name index to ask (an in-memory gazetteer).
        """
        indexes = self._layers.name_indexes()
        if indexes is None:
            return None
        tests = [index.has_prefix for index in indexes]
        view = self._view  # read once: refresh() may swap the snapshot
        if view.overrides.aliases or view.overrides.prefer:
            tests.append(view.has_name_prefix)
        if len(tests) == 1:
            return tests[0]
        return lambda prefix: any(test(prefix) for test in tests)

    def name_keys(self) -> set[str]:
        """Every folded name the stored layers know, before corrections (issue 15's
        transliteration index is built over them)."""
        return self._layers.name_keys()

    def open_name_indexes(self) -> None:
        """Open every stored layer's precompiled name index now, building it when it is
        missing or stale (as the first lookup would); a parent process calls this so
        that the workers it starts only open the index."""
        self._layers.name_indexes()

    def rebuild_name_indexes(self) -> list[Path]:
        """Rebuild the precompiled name index of every stored layer from SQLite
        (:mod:`conflictmap.store.nameindex`; atomically: a temporary file, then a
        rename) and use them; returns their paths."""
        return [index.path for index in self._layers.rebuild_name_indexes()]

    def check_name_indexes(self) -> list[tuple[Path, str | None]]:
        """Verify every layer's name index whole (CRC-32 included), rebuilding those that
        fail; returns each index's path and what was wrong (``None``: sound)."""
        return self._layers.check_name_indexes()

    def keys_with_prefix(self, prefix: str, *, limit: int = 20) -> list[str]:
        """Known folded names that start with ``prefix`` (an index range scan)."""
        return self._layers.keys_with_prefix(prefix, limit=limit)

    def is_never_place(self, key: str) -> bool:
        """True when ``key`` is a name that is never a place (curated or rejected)."""
        ov = self.overrides
        if key in ov.reject:
            return True
        if key in ov.aliases or key in ov.prefer:
            return False
        return self._layers.is_never_place(key)

    @property
    def never_place_keys(self) -> frozenset[str]:
        """Names that are never a place: the curated list and the rejected names."""
        return self._view.never_place_keys(self._layers.never_place_keys)

    def demonym(self, key: str) -> list[str]:
        """Place ids whose demonym folds to ``key`` ("malian" → ["geonames:2453866"]).

        Regional demonyms with no place ("Arab") are known but name nothing: ``[]``.
        """
        return self._layers.demonym(key)

    @property
    def demonym_keys(self) -> frozenset[str]:
        return self._layers.demonym_keys

    def words(self, name: str) -> Mapping[str, float]:
        """A word list: ``first_name``/``last_name`` (share %) or ``english`` (rank)."""
        return self._layers.words(name)

    @property
    def first_names(self) -> Mapping[str, float]:
        """Given names (folded) with their share of the population in percent."""
        return self.words("first_name")

    @property
    def abbreviations(self) -> dict[str, str]:
        """Case-sensitive abbreviations ("Ky.") → place id."""
        return self._layers.abbreviations

    # -- places ---------------------------------------------------------------------

    def get(self, pid: str) -> Place:
        """The place with id ``pid`` from the highest layer that has it.

        Raises
        ------
        UnknownPlaceError
            When no layer holds ``pid``.
        """
        added = self.overrides.places  # read once: refresh() may swap the snapshot
        if pid in added:
            return added[pid]
        place = self._layers.place(pid)
        if place is None:
            raise UnknownPlaceError(f"unknown place id {pid!r}")
        return place

    def exists(self, pid: str) -> bool:
        return pid in self.overrides.places or self._layers.place(pid) is not None

    def country(self, code: str) -> Place | None:
        """The country entry for an ISO 3166-1 alpha-2 code."""
        return self._layers.country(code)

    def region(self, country: str, admin1: str) -> Place | None:
        """The first-level region ``admin1`` of ``country``, if the gazetteer has it."""
        return self._layers.region(country, admin1)

    # -- shapes ---------------------------------------------------------------------

    def shape(self, code: str, *, simple: bool = False) -> Any:
        """The country's polygon as a shapely geometry in ``(lon, lat)``, or ``None``."""
        return self._shapes.shape(code, simple=simple)

    def outline(self, code: str) -> Any:
        """The country's polygon to measure: a :class:`~conflictmap.geo.planar.Outline`
        (read without shapely) when it is a plain (multi)polygon, else shapely's."""
        return self._shapes.outline(code)

    def border_outline(self, a: str, b: str) -> Any:
        """The shared border to measure: an :class:`~conflictmap.geo.planar.Outline`
        when it is a plain (multi)line, else shapely's, or ``None``."""
        return self._shapes.border_outline(a, b)

    def shapes(self, *, simple: bool = True) -> dict[str, Any]:
        """Every country polygon (for a basemap)."""
        return self._shapes.shapes(simple=simple)

    def basemap(
        self, kinds: Sequence[BasemapKind], box: tuple[float, float, float, float]
    ) -> list[tuple[BasemapKind, str, bytes]]:
        """The basemap's detail pieces of ``kinds`` meeting ``box`` (south, west, north,
        east) as ``(kind, country or '', wkb)``: 1:10m land and first-level boundaries,
        1:50m rivers and lakes (``store/basebuild/basemap.py``)."""
        return self._shapes.basemap(kinds, box)

    def shape_names(self) -> dict[str, str]:
        """Natural Earth's short label name of each country shape ("Dem. Rep. Congo")."""
        return self._shapes.shape_names()

    def border(self, a: str, b: str) -> Any:
        """The shared border of two countries as a shapely line, or ``None``."""
        return self._shapes.border(a, b)

    def border_midpoint(self, a: str, b: str) -> tuple[float, float] | None:
        """``(lon, lat)`` halfway along the shared border of two countries, or ``None``
        (read without shapely)."""
        return self._shapes.border_midpoint(a, b)

    def area_km2(self, code: str) -> float | None:
        """The geodesic area of a country's outline (km²), measured at build time."""
        return self._shapes.area_km2(code)

    def border_length_km(self, a: str, b: str) -> float | None:
        """The geodesic length of two countries' shared border (km)."""
        return self._shapes.border_length_km(a, b)

    def neighbours(self, code: str) -> list[str]:
        """ISO codes of the countries sharing a border with ``code``."""
        return self._shapes.neighbours(code)

    def country_at(self, lat: float, lon: float) -> str | None:
        """The ISO code of the country containing the point, if any."""
        return self._shapes.country_at(lat, lon)

    # -- information ----------------------------------------------------------------

    def meta(self, layer: str = "base") -> dict[str, str]:
        """The ``meta`` table of a layer (``"base"`` or ``"imported"``)."""
        return self._layers.meta(layer)

    def counts(self) -> dict[str, dict[str, int]]:
        """Places per layer and names of each open data layer."""
        return self._layers.counts()

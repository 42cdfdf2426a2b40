"""User corrections as an immutable snapshot the resolver applies on every lookup.

The persistent store (:mod:`conflictmap.store.corrections`) produces one of
these; per-run fixes (``--fix NAME=PLACE_ID``, ``--no-place NAME``) produce another,
and :meth:`Overrides.merged` lays the per-run one on top.

Examples
--------
>>> run = Overrides.from_cli(fixes=["Gao=geonames:2457163"], no_place=["Hagel"])
>>> run.prefer["gao"], "hagel" in run.reject
('geonames:2457163', True)
>>> import pickle
>>> pickle.loads(pickle.dumps(run)) == run
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from conflictmap.errors import CorrectionError
from conflictmap.model import Layer, Place, PlaceKind
from conflictmap.store.scopes import ScopeKind
from conflictmap.text.folding import fold

__all__ = ["Overrides"]


def _rebuild(
    places: dict[str, Place],
    aliases: dict[str, tuple[str, ...]],
    prefer: dict[str, str],
    reject: frozenset[str],
    scoped: dict[str, Overrides] | None = None,
) -> Overrides:
    return Overrides(
        places=_frozen(places),  # type: ignore[arg-type]
        aliases=_frozen(aliases),  # type: ignore[arg-type]
        prefer=_frozen(prefer),  # type: ignore[arg-type]
        reject=reject,
        scoped=_frozen(scoped),  # type: ignore[arg-type]
    )


def _frozen(mapping: Mapping[str, object] | None = None) -> Mapping[str, object]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class Overrides:
    """What the user has corrected.

    Attributes
    ----------
    places : mapping of place id to :class:`~conflictmap.model.Place`
        Places the user added (``user:<n>``), or replaced coordinates of.
    aliases : mapping of folded name to place ids
        Names that now resolve to those places.
    prefer : mapping of folded name to place id
        When the name is ambiguous, this place wins over every heuristic.
    reject : frozenset of folded names
        Names that are never places.
    scoped : mapping of scope text to Overrides
        Preferences, rejections and aliases that apply only in a scope
        (``country:MZ``, ``region:MZ.01``, ``article:<id>``; see
        :mod:`conflictmap.store.scopes`), laid on top of the rest by :meth:`for_article`.
    """

    places: Mapping[str, Place] = field(default_factory=_frozen)  # type: ignore[arg-type]
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=_frozen)  # type: ignore[arg-type]
    prefer: Mapping[str, str] = field(default_factory=_frozen)  # type: ignore[arg-type]
    reject: frozenset[str] = frozenset()
    scoped: Mapping[str, Overrides] = field(default_factory=_frozen)  # type: ignore[arg-type]

    def __reduce__(self) -> tuple[object, ...]:
        # Mapping proxies do not pickle; rebuild from plain dicts (worker processes, Dask).
        return (
            _rebuild,
            (
                dict(self.places),
                dict(self.aliases),
                dict(self.prefer),
                self.reject,
                dict(self.scoped),
            ),
        )

    @property
    def empty(self) -> bool:
        return not (self.places or self.aliases or self.prefer or self.reject or self.scoped)

    @property
    def scoped_countries(self) -> frozenset[str]:
        """The country codes some ``country:`` scope names."""
        return self._scoped_values(ScopeKind.COUNTRY)

    @property
    def scoped_regions(self) -> frozenset[str]:
        """The region codes (``MZ.01``) some ``region:`` scope names."""
        return self._scoped_values(ScopeKind.REGION)

    def _scoped_values(self, kind: ScopeKind) -> frozenset[str]:
        prefix = f"{kind}:"
        return frozenset(s.removeprefix(prefix) for s in self.scoped if s.startswith(prefix))

    def for_article(
        self,
        articles: Iterable[str] = (),
        country: str | None = None,
        region: str | None = None,
    ) -> Overrides:
        """What applies to one article: the narrowest matching scope first.

        The corrections for everywhere, with those of ``country:<country>`` laid on
        top, then those of ``region:<region>`` (its focus region's code, ``MZ.01``),
        then those of ``article:<a>`` for each ``a`` in ``articles`` (its id, its
        content hash). The result holds no scoped part.

        Examples
        --------
        >>> everywhere = Overrides.from_cli(fixes=["Palma=geonames:2512989"])
        >>> mz = Overrides.from_cli(fixes=["Palma=geonames:1036286"])
        >>> ov = Overrides(prefer=everywhere.prefer, scoped={"country:MZ": mz})
        >>> ov.for_article(country="MZ").prefer["palma"], ov.for_article().prefer["palma"]
        ('geonames:1036286', 'geonames:2512989')
        >>> no_place = Overrides.from_cli(no_place=["Palma"])
        >>> ov = Overrides(scoped={"country:MZ": mz, "region:MZ.01": no_place})
        >>> "palma" in ov.for_article(country="MZ", region="MZ.01").reject
        True
        >>> ov.for_article(country="MZ", region="MZ.06").prefer["palma"]
        'geonames:1036286'
        """
        out = Overrides(
            places=self.places, aliases=self.aliases, prefer=self.prefer, reject=self.reject
        )
        names = [f"{ScopeKind.COUNTRY}:{country}"] if country else []
        names += [f"{ScopeKind.REGION}:{region}"] if region else []
        names += [f"{ScopeKind.ARTICLE}:{a}" for a in articles if a]
        for name in dict.fromkeys(names):
            part = self.scoped.get(name)
            if part is not None:
                out = out.merged(part)
        return out

    def keys(self) -> set[str]:
        """Every folded name these overrides make spottable."""
        return set(self.aliases) | set(self.prefer)

    def merged(self, other: Overrides) -> Overrides:
        """``self`` with ``other`` laid on top (``other`` wins)."""
        aliases = dict(self.aliases)
        for key, pids in other.aliases.items():
            aliases[key] = tuple(dict.fromkeys((*pids, *aliases.get(key, ()))))
        reject = (self.reject - set(other.prefer) - set(other.aliases)) | other.reject
        scoped = dict(self.scoped)
        for scope, part in other.scoped.items():
            scoped[scope] = scoped[scope].merged(part) if scope in scoped else part
        return Overrides(
            places=_frozen({**self.places, **other.places}),  # type: ignore[arg-type]
            aliases=_frozen(aliases),  # type: ignore[arg-type]
            prefer=_frozen({**self.prefer, **other.prefer}),  # type: ignore[arg-type]
            reject=frozenset(reject),
            scoped=_frozen(scoped),  # type: ignore[arg-type]
        )

    @classmethod
    def from_cli(cls, *, fixes: Iterable[str] = (), no_place: Iterable[str] = ()) -> Overrides:
        """Parse ``--fix NAME=PLACE_ID``, ``--fix NAME=LAT,LON`` and ``--no-place NAME``.

        ``NAME=LAT,LON`` adds a place for this run only (id ``run:<n>``).

        Examples
        --------
        >>> run = Overrides.from_cli(fixes=["Ndjolbaye=14.12,-4.21"])
        >>> run.prefer["ndjolbaye"], run.places["run:1"].lat, run.places["run:1"].name
        ('run:1', 14.12, 'Ndjolbaye')
        """
        prefer: dict[str, str] = {}
        aliases: dict[str, tuple[str, ...]] = {}
        places: dict[str, Place] = {}
        for spec in fixes:
            name, sep, target = spec.partition("=")
            if not sep or not name.strip() or not target.strip():
                raise CorrectionError(f"--fix {spec!r}: expected NAME=PLACE_ID or NAME=LAT,LON")
            key = fold(name)
            if not key:
                raise CorrectionError(f"--fix {spec!r}: the name has no letters")
            pid = target.strip()
            point = _point(spec, pid)
            if point is not None:
                pid = f"run:{len(places) + 1}"
                places[pid] = _run_place(pid, " ".join(name.split()), point)
            prefer[key] = pid
            aliases[key] = (pid,)
        reject = set()
        for name in no_place:
            key = fold(name)
            if not key:
                raise CorrectionError(f"--no-place {name!r}: the name has no letters")
            reject.add(key)
        return cls(
            places=_frozen(places),  # type: ignore[arg-type]
            aliases=_frozen(aliases),  # type: ignore[arg-type]
            prefer=_frozen(prefer),  # type: ignore[arg-type]
            reject=frozenset(reject),
        )


def _point(spec: str, target: str) -> tuple[float, float] | None:
    """``(lat, lon)`` when ``target`` is ``LAT,LON`` (``None``: it is a place id)."""
    lat_text, comma, lon_text = target.partition(",")
    if not comma:
        return None
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        raise CorrectionError(f"--fix {spec!r}: expected NAME=LAT,LON with two numbers") from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise CorrectionError(f"--fix {spec!r}: latitude -90..90 and longitude -180..180")
    return lat, lon


def _run_place(pid: str, name: str, point: tuple[float, float]) -> Place:
    return Place(
        id=pid,
        name=name,
        lat=point[0],
        lon=point[1],
        kind=PlaceKind.VILLAGE,
        layer=Layer.CORRECTIONS,
        source="given for this run (--fix NAME=LAT,LON)",
    )

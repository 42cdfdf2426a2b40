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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from conflictmap.errors import CorrectionError
from conflictmap.model import Place
from conflictmap.text.folding import fold

__all__ = ["Overrides"]


def _rebuild(
    places: dict[str, Place],
    aliases: dict[str, tuple[str, ...]],
    prefer: dict[str, str],
    reject: frozenset[str],
) -> Overrides:
    return Overrides(
        places=_frozen(places),  # type: ignore[arg-type]
        aliases=_frozen(aliases),  # type: ignore[arg-type]
        prefer=_frozen(prefer),  # type: ignore[arg-type]
        reject=reject,
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
    """

    places: Mapping[str, Place] = field(default_factory=_frozen)  # type: ignore[arg-type]
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=_frozen)  # type: ignore[arg-type]
    prefer: Mapping[str, str] = field(default_factory=_frozen)  # type: ignore[arg-type]
    reject: frozenset[str] = frozenset()

    def __reduce__(self) -> tuple[object, ...]:
        # Mapping proxies do not pickle; rebuild from plain dicts (worker processes, Dask).
        return (
            _rebuild,
            (dict(self.places), dict(self.aliases), dict(self.prefer), self.reject),
        )

    @property
    def empty(self) -> bool:
        return not (self.places or self.aliases or self.prefer or self.reject)

    def keys(self) -> set[str]:
        """Every folded name these overrides make spottable."""
        return set(self.aliases) | set(self.prefer)

    def merged(self, other: Overrides) -> Overrides:
        """``self`` with ``other`` laid on top (``other`` wins)."""
        aliases = dict(self.aliases)
        for key, pids in other.aliases.items():
            aliases[key] = tuple(dict.fromkeys((*pids, *aliases.get(key, ()))))
        reject = (self.reject - set(other.prefer) - set(other.aliases)) | other.reject
        return Overrides(
            places=_frozen({**self.places, **other.places}),  # type: ignore[arg-type]
            aliases=_frozen(aliases),  # type: ignore[arg-type]
            prefer=_frozen({**self.prefer, **other.prefer}),  # type: ignore[arg-type]
            reject=frozenset(reject),
        )

    @classmethod
    def from_cli(cls, *, fixes: Iterable[str] = (), no_place: Iterable[str] = ()) -> Overrides:
        """Parse ``--fix NAME=PLACE_ID`` and ``--no-place NAME`` options."""
        prefer: dict[str, str] = {}
        aliases: dict[str, tuple[str, ...]] = {}
        for spec in fixes:
            name, sep, pid = spec.partition("=")
            if not sep or not name.strip() or not pid.strip():
                raise CorrectionError(f"--fix {spec!r}: expected NAME=PLACE_ID")
            key = fold(name)
            if not key:
                raise CorrectionError(f"--fix {spec!r}: the name has no letters")
            prefer[key] = pid.strip()
            aliases[key] = (pid.strip(),)
        reject = set()
        for name in no_place:
            key = fold(name)
            if not key:
                raise CorrectionError(f"--no-place {name!r}: the name has no letters")
            reject.add(key)
        return cls(
            aliases=_frozen(aliases),  # type: ignore[arg-type]
            prefer=_frozen(prefer),  # type: ignore[arg-type]
            reject=frozenset(reject),
        )

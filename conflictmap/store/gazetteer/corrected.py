"""What a gazetteer's answers owe to the user's corrections: one immutable snapshot.

:class:`Corrected` holds the stored corrections, the per-run overrides laid on
top, and everything derived from them (the merged :class:`Overrides`, the names
that are never a place). A gazetteer swaps in a new snapshot when the corrections
file changes, so nothing derived from the old corrections outlives them.

Examples
--------
>>> from conflictmap.store.overrides import Overrides
>>> view = Corrected.of(Overrides(reject=frozenset({"hagel"})), None)
>>> sorted(view.never_place_keys(frozenset({"kidal"})))
['hagel', 'kidal']
>>> run = Overrides.from_cli(fixes=["Hagel=t:1"])
>>> "hagel" in view.laid_over(run).overrides.reject
False
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field

from conflictmap.store.overrides import Overrides

__all__ = ["Corrected"]


@dataclass(frozen=True, kw_only=True)
class Corrected:
    """The stored corrections, the per-run ones, and what derives from them.

    Attributes
    ----------
    stored : Overrides
        Read from the corrections file (empty without one).
    run : Overrides or None
        Per-run overrides laid on top.
    stamp : tuple of float or None
        The corrections file's modification stamp when ``stored`` was read
        (``None``: the gazetteer has no corrections file to watch).
    overrides : Overrides
        ``stored`` with ``run`` on top: what every lookup applies.
    """

    stored: Overrides
    run: Overrides | None
    stamp: tuple[float, ...] | None
    overrides: Overrides
    _never: dict[frozenset[str], frozenset[str]] = field(
        default_factory=dict, compare=False, repr=False
    )
    _names: list[list[str]] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def of(
        cls, stored: Overrides, run: Overrides | None, stamp: tuple[float, ...] | None = None
    ) -> Corrected:
        """The snapshot of ``stored`` with ``run`` laid on top."""
        merged = stored.merged(run) if run is not None else stored
        return cls(stored=stored, run=run, stamp=stamp, overrides=merged)

    def laid_over(self, run: Overrides) -> Corrected:
        """This snapshot with more per-run overrides on top."""
        both = self.run.merged(run) if self.run is not None else run
        return Corrected(
            stored=self.stored, run=both, stamp=self.stamp, overrides=self.overrides.merged(run)
        )

    def scoped_to(
        self, articles: Iterable[str], country: str | None, region: str | None = None
    ) -> Corrected:
        """This snapshot with the scoped corrections of one article laid on (issue 17).

        The narrowest scope wins: ``article:`` over ``region:`` over ``country:`` over
        everywhere; the per-run overrides stay on top of all of them.
        """
        names = tuple(articles)
        run = self.run.for_article(names, country, region) if self.run is not None else None
        return Corrected.of(self.stored.for_article(names, country, region), run, self.stamp)

    def reread(self, stored: Overrides, stamp: tuple[float, ...]) -> Corrected:
        """The snapshot after the corrections file changed (same per-run overrides)."""
        return Corrected.of(stored, self.run, stamp)

    def has_name_prefix(self, prefix: str) -> bool:
        """True when a name the corrections make known (an alias, a preferred name)
        starts with ``prefix`` (the names sorted once per snapshot).

        >>> view = Corrected.of(Overrides(prefer={"gao": "t:1"}), None)
        >>> view.has_name_prefix("ga"), view.has_name_prefix("gao"), view.has_name_prefix("gaoa")
        (True, True, False)
        """
        if not self._names:
            self._names.append(sorted(self.overrides.keys()))
        names = self._names[0]
        at = bisect_left(names, prefix)
        return at < len(names) and names[at].startswith(prefix)

    def never_place_keys(self, curated: frozenset[str]) -> frozenset[str]:
        """The ``curated`` never-place names and the rejected ones (computed once)."""
        found = self._never.get(curated)
        if found is None:
            found = self._never.setdefault(curated, curated | self.overrides.reject)
        return found

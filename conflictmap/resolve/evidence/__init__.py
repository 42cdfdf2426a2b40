"""The resolver's evidence, one module per kind (see :mod:`.base` for what a unit is).

Priors, computed once per article, in the order their terms are summed:
:class:`~.prior.KindPrior` (kind, population, own name, curated alias),
:class:`~.corrections.Corrections` and :class:`~.prior.RegionLikeTown`.
Evidence, computed in every round: :class:`~.containers.Containers`,
:class:`~.focus.Focus` (country, then region), :class:`~.proximity.Proximity` and
:class:`~.senses.NamedElsewhere`.

Examples
--------
>>> [name for unit in default_evidence(ResolveTuning()) for name in unit.names]
['container', 'focus_country', 'focus_region', 'proximity', 'named_elsewhere']
"""

from __future__ import annotations

from conflictmap.resolve.evidence.base import Evidence, Prior
from conflictmap.resolve.evidence.containers import Containers
from conflictmap.resolve.evidence.corrections import Corrections
from conflictmap.resolve.evidence.focus import Focus
from conflictmap.resolve.evidence.prior import KindPrior, RegionLikeTown
from conflictmap.resolve.evidence.proximity import Proximity
from conflictmap.resolve.evidence.senses import NamedElsewhere
from conflictmap.tuning.resolve import ResolveTuning

__all__ = ["SHARES_ONLY", "default_evidence", "default_priors"]

#: the evidence units whose terms in a round depend on nothing but the shares of the
#: belief they are given (not its scores, nor the round): when a round leaves every
#: share as it was, the rounds after it would all give the same belief again
SHARES_ONLY: frozenset[type] = frozenset({Containers, Focus, Proximity, NamedElsewhere})


def default_priors(config: ResolveTuning) -> tuple[Prior, ...]:
    """The priors the resolver uses unless told otherwise, in the order they are summed."""
    return (KindPrior(config), Corrections(config), RegionLikeTown(config))


def default_evidence(config: ResolveTuning) -> tuple[Evidence, ...]:
    """The per-round evidence the resolver uses unless told otherwise, in order."""
    return (Containers(config), Focus(config), Proximity(config), NamedElsewhere(config))

"""The gazetteer's data types: a :class:`Candidate` and how a name matched it.

A candidate's ``flags`` (a :class:`~conflictmap.model.kinds.CandidateFlag`) say
how its name matched: the place's own name, a curated alias, an upper-case-only
form, a user correction (:data:`CORRECTED`), the user's preference
(:data:`PREFERRED`).

Examples
--------
>>> from conflictmap.model import Place
>>> gao = Place(id="t:1", name="Gao", lat=16.27, lon=-0.04, country="ML", kind="city")
>>> c = Candidate(gao, CORRECTED | PREFERRED)
>>> c.corrected, c.preferred, c.own_name
(True, True, False)
>>> c.flags
<CandidateFlag.CORRECTED|PREFERRED: 24>
"""

from __future__ import annotations

from dataclasses import dataclass

from conflictmap.model import Place
from conflictmap.model.kinds import CandidateFlag

__all__ = ["BATCH", "CACHE_KEYS", "CORRECTED", "PLACE_COLUMNS", "PREFERRED", "Candidate"]

#: flag on a candidate that comes from the user's corrections
CORRECTED = CandidateFlag.CORRECTED
#: flag on a candidate the user prefers for this name
PREFERRED = CandidateFlag.PREFERRED

# The bits as plain integers: ``IntFlag.__and__`` builds a new flag on every test
# (about 4 µs), and the resolver asks these properties tens of thousands of times.
_OWN_NAME = CandidateFlag.OWN_NAME.value
_CURATED_ALIAS = CandidateFlag.CURATED_ALIAS.value
_UPPER_ONLY = CandidateFlag.UPPER_ONLY.value
_CORRECTED = CandidateFlag.CORRECTED.value
_PREFERRED = CandidateFlag.PREFERRED.value

#: the columns :func:`~conflictmap.store.gazetteer.rows.checked_place` reads, in order
PLACE_COLUMNS = (
    "p.pid, p.name, p.lat, p.lon, p.country, p.feature, p.kind, p.admin1, p.admin1_name, "
    "p.population, p.layer, p.source, p.admin2"
)
#: ids or names asked of SQLite in one ``IN (...)`` query
BATCH = 400
#: names whose stored candidates are kept in memory (bounded: constant memory on any feed)
CACHE_KEYS = 4096


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place that a folded name may refer to, with how the name matched it."""

    place: Place
    flags: CandidateFlag = CandidateFlag.NONE

    def __post_init__(self) -> None:
        if not isinstance(self.flags, CandidateFlag):  # an integer read from a name row
            object.__setattr__(self, "flags", CandidateFlag(self.flags))

    @property
    def own_name(self) -> bool:
        return bool(self.flags._value_ & _OWN_NAME)

    @property
    def curated(self) -> bool:
        return bool(self.flags._value_ & _CURATED_ALIAS)

    @property
    def upper_only(self) -> bool:
        return bool(self.flags._value_ & _UPPER_ONLY)

    @property
    def corrected(self) -> bool:
        return bool(self.flags._value_ & _CORRECTED)

    @property
    def preferred(self) -> bool:
        return bool(self.flags._value_ & _PREFERRED)

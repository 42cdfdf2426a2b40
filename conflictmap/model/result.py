"""Everything found in one article: :class:`Result`, and its JSON contract.

>>> from conflictmap.model.mention import Mention
>>> from conflictmap.model.place import Place
>>> bamako = Place(id="geonames:2460596", name="Bamako", lat=12.60915, lon=-7.97522,
...                country="ML", feature="PPLC", kind="capital")
>>> m = Mention(start=0, end=6, text="Bamako", place=bamako.id, confidence=0.97)
>>> r = Result(id="a1", mentions=(m,), places=(bamako,))
>>> r.to_dict()["places"]["geonames:2460596"]["mentions"]
1
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from conflictmap.model.mention import Mention
from conflictmap.model.place import Place
from conflictmap.model.statement import Statement

__all__ = ["Reported", "Result", "set_html_renderer"]


class Reported(Protocol):
    """What the model needs of an event (``conflictmap.events.Event``, a later stage)."""

    def to_dict(self) -> dict[str, Any]: ...


#: How a Result shows itself in Jupyter. The model knows no renderer: the package's
#: top level (``conflictmap/__init__.py``) installs the map renderer here.
_html_renderer: Callable[[Result], str] | None = None


def set_html_renderer(renderer: Callable[[Result], str] | None) -> None:
    """Install how :meth:`Result._repr_html_` draws a result (``None``: no HTML view)."""
    global _html_renderer
    _html_renderer = renderer


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    """Everything conflictmap found in one article."""

    id: str | None = None
    mentions: tuple[Mention, ...] = ()
    places: tuple[Place, ...] = ()
    statements: tuple[Statement, ...] = ()
    #: the incidents reported (``conflictmap.events.Event``), in text order
    events: tuple[Reported, ...] = ()
    text: str = ""
    title: str | None = None

    @property
    def unresolved(self) -> tuple[Mention, ...]:
        return tuple(m for m in self.mentions if m.place is None)

    @property
    def place_by_id(self) -> Mapping[str, Place]:
        return {p.id: p for p in self.places}

    def mention_counts(self) -> Counter[str]:
        return Counter(m.place for m in self.mentions if m.place is not None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON output contract (DESIGN.md), as plain Python objects."""
        counts = self.mention_counts()
        return {
            "id": self.id,
            "mentions": [m.to_dict() for m in self.mentions],
            "places": {p.id: p.to_dict(counts.get(p.id, 0)) for p in self.places},
            "statements": [s.to_dict() for s in self.statements],
            "events": [e.to_dict() for e in self.events],
            "unresolved": [
                {"start": m.start, "end": m.end, "text": m.text} for m in self.unresolved
            ],
        }

    def _repr_html_(self) -> str | None:
        """The result's map in Jupyter (the renderer the package installed)."""
        return _html_renderer(self) if _html_renderer is not None else None

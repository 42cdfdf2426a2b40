"""A span of the article that names a place: :class:`Mention`.

>>> m = Mention(start=0, end=6, text="Bamako", place="geonames:2460596", confidence=0.97)
>>> m.to_dict()["kind"]
'name'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conflictmap.model.kinds import MentionKind

__all__ = ["Mention"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A span of the article that names a place.

    ``start``/``end`` are Python string indices into the original text;
    ``place`` is ``None`` when the span was spotted but not resolved.
    """

    start: int
    end: int
    text: str
    place: str | None = None
    confidence: float = 0.0
    alternatives: tuple[str, ...] = ()
    #: why the resolver chose ``place`` (e.g. ``"correction"``)
    reason: str | None = None
    kind: MentionKind = MentionKind.NAME

    def __post_init__(self) -> None:
        if type(self.kind) is not MentionKind:
            object.__setattr__(self, "kind", MentionKind(self.kind))

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "place": self.place,
            "confidence": round(self.confidence, 3),
            "alternatives": list(self.alternatives),
            "kind": self.kind.value,
        }

"""Resolution: one place for each spotted name.

The public parts: the :class:`Resolver` protocol and its answer
(:class:`Resolution`, whose ``ranked`` candidates are :class:`Scored`), the
default :class:`GazetteerResolver`, :func:`share` (a ranked candidate's softmax
share, for evidence that re-ranks a resolution) and :func:`border_place`.
"""

from __future__ import annotations

from conflictmap.resolve.base import Resolution, Resolver, Scored, share, softmax
from conflictmap.resolve.borders import border_place
from conflictmap.resolve.resolver import GazetteerResolver

__all__ = [
    "GazetteerResolver",
    "Resolution",
    "Resolver",
    "Scored",
    "border_place",
    "share",
    "softmax",
]

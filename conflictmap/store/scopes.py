"""Where a correction applies: one article, the articles about a country, or everywhere.

A scope is written ``article:<id>`` (an article's id, or its content hash from
:func:`article_hash`), ``country:CC`` (articles whose main focus is that country)
or ``everywhere`` (every article: what a correction without a scope does).
Resolution applies the narrowest matching scope first: one article over a
country over everywhere (:meth:`~conflictmap.store.overrides.Overrides.for_article`).

Examples
--------
>>> parse_scope("country:mz")
Scope(kind=<ScopeKind.COUNTRY: 'country'>, value='MZ')
>>> str(parse_scope("article:palma-2021")), str(parse_scope(None))
('article:palma-2021', 'everywhere')
>>> parse_scope("country:Mozambique")
Traceback (most recent call last):
...
conflictmap.errors.CorrectionError: scope 'country:Mozambique': the country must be a two-letter ISO code (e.g. MZ)
>>> article_hash("Palma fell.")
'sha256:71a196b3c254e375'
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from conflictmap.errors import CorrectionError
from conflictmap.model.kinds import WordEnum

__all__ = ["MAX_SCOPE", "Scope", "ScopeKind", "article_hash", "parse_scope"]

#: the longest scope text (``article:`` and an id); an article id longer than
#: this is named by its content hash instead
MAX_SCOPE = 200


class ScopeKind(WordEnum):
    """How wide a correction applies, narrowest first."""

    ARTICLE = "article"
    COUNTRY = "country"
    EVERYWHERE = "everywhere"


@dataclass(frozen=True, slots=True, kw_only=True)
class Scope:
    """A correction's scope: its kind and what it names (an article id, a country code)."""

    kind: ScopeKind
    value: str = ""

    def __str__(self) -> str:
        return self.kind.value if self.kind is ScopeKind.EVERYWHERE else f"{self.kind}:{self.value}"

    @property
    def everywhere(self) -> bool:
        return self.kind is ScopeKind.EVERYWHERE


EVERYWHERE = Scope(kind=ScopeKind.EVERYWHERE)


def parse_scope(text: object) -> Scope:
    """The :class:`Scope` a text names (``None`` or ``""``: everywhere), or a clear error."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return EVERYWHERE
    if not isinstance(text, str):
        raise CorrectionError(f"the scope must be text, not {type(text).__name__}")
    spec = text.strip()
    if len(spec) > MAX_SCOPE:
        raise CorrectionError(f"the scope is longer than {MAX_SCOPE} characters")
    if spec == ScopeKind.EVERYWHERE.value:
        return EVERYWHERE
    kind, sep, value = spec.partition(":")
    value = value.strip()
    if kind == ScopeKind.COUNTRY.value and sep:
        code = value.upper()
        if len(code) != 2 or not code.isascii() or not code.isalpha():
            raise CorrectionError(
                f"scope {spec!r}: the country must be a two-letter ISO code (e.g. MZ)"
            )
        return Scope(kind=ScopeKind.COUNTRY, value=code)
    if kind == ScopeKind.ARTICLE.value and sep:
        if not value or not value.isprintable():
            raise CorrectionError(f"scope {spec!r}: the article id is empty or not printable")
        return Scope(kind=ScopeKind.ARTICLE, value=value)
    raise CorrectionError(f"scope {spec[:60]!r}: expected article:<id>, country:CC or everywhere")


def article_hash(text: str) -> str:
    """The content hash naming an article in an ``article:`` scope (stable across runs)."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return f"sha256:{digest[:16]}"

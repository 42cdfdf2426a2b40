"""Where a correction applies: one article, the articles about a region or a country,
or everywhere.

A scope is written ``article:<id>`` (an article's id, or its content hash from
:func:`article_hash`), ``region:CC.ADMIN1`` (articles whose main focus is that
first-level region, keyed as the gazetteer keys regions: the country code and the
GeoNames admin1 code, e.g. ``region:MZ.01`` for Cabo Delgado), ``country:CC``
(articles whose main focus is that country) or ``everywhere`` (every article: what
a correction without a scope does). Resolution applies the narrowest matching
scope first: one article over a region over a country over everywhere
(:meth:`~conflictmap.store.overrides.Overrides.for_article`).

A region may be given by its name (``region:Cabo Delgado``, ``region:Punjab, PK``)
when a gazetteer is at hand to find its code (:func:`find_regions`); it is stored
by its code.

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
>>> parse_scope("region:mz.01")
Scope(kind=<ScopeKind.REGION: 'region'>, value='MZ.01')
>>> parse_scope("region:Cabo Delgado")
Traceback (most recent call last):
...
conflictmap.errors.CorrectionError: scope 'region:Cabo Delgado': name the region by its code (e.g. region:MZ.01; 'conflictmap gazetteer search NAME' shows it)
>>> parse_scope("region:Cabo Delgado", regions=lambda name: [("MZ.01", "Cabo Delgado, MZ")])
Scope(kind=<ScopeKind.REGION: 'region'>, value='MZ.01')
>>> article_hash("Palma fell.")
'sha256:71a196b3c254e375'
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from conflictmap.errors import CorrectionError
from conflictmap.model import Place, PlaceKind
from conflictmap.model.kinds import WordEnum
from conflictmap.text.folding import fold

__all__ = [
    "MAX_SCOPE",
    "RegionFinder",
    "RegionSource",
    "Scope",
    "ScopeKind",
    "article_hash",
    "find_regions",
    "parse_scope",
    "region_key",
]

#: a first-level region's code: the country code, a dot, the admin1 code
_REGION_CODE = re.compile(r"[A-Za-z]{2}\.[A-Za-z0-9]{1,10}")
#: ``NAME, CC``: a region name with the country that holds it
_NAMED_IN = re.compile(r"(?P<name>.+?)\s*[,(]\s*(?P<cc>[A-Za-z]{2})\s*\)?")

#: what names a region's candidates: ``(code, label)`` pairs for a region name
RegionFinder = Callable[[str], Sequence[tuple[str, str]]]

#: the longest scope text (``article:`` and an id); an article id longer than
#: this is named by its content hash instead
MAX_SCOPE = 200


class ScopeKind(WordEnum):
    """How wide a correction applies, narrowest first."""

    ARTICLE = "article"
    REGION = "region"
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


def parse_scope(text: object, *, regions: RegionFinder | None = None) -> Scope:
    """The :class:`Scope` a text names (``None`` or ``""``: everywhere), or a clear error.

    ``regions`` finds the regions a name may be (:func:`find_regions` over a
    gazetteer); without it a region must be given by its code.
    """
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
    if kind == ScopeKind.REGION.value and sep:
        return Scope(kind=ScopeKind.REGION, value=_region_code(spec, value, regions))
    if kind == ScopeKind.ARTICLE.value and sep:
        if not value or not value.isprintable():
            raise CorrectionError(f"scope {spec!r}: the article id is empty or not printable")
        return Scope(kind=ScopeKind.ARTICLE, value=value)
    raise CorrectionError(
        f"scope {spec[:60]!r}: expected article:<id>, region:CC.ADMIN1, country:CC or everywhere"
    )


def article_hash(text: str) -> str:
    """The content hash naming an article in an ``article:`` scope (stable across runs)."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return f"sha256:{digest[:16]}"


def region_key(country: str, admin1: str) -> str:
    """The code a region scope names a first-level region by (``MZ.01``)."""
    return f"{country.upper()}.{admin1.upper()}"


def _region_code(spec: str, value: str, regions: RegionFinder | None) -> str:
    """The region code ``value`` gives or names, or one clear error."""
    if _REGION_CODE.fullmatch(value):
        return value.upper()
    if not value or not value.isprintable():
        raise CorrectionError(f"scope {spec[:60]!r}: the region is empty or not printable")
    if regions is None:
        raise CorrectionError(
            f"scope {spec[:60]!r}: name the region by its code (e.g. region:MZ.01; "
            "'conflictmap gazetteer search NAME' shows it)"
        )
    found = list(dict(regions(value)).items())
    if not found:
        raise CorrectionError(
            f"scope {spec[:60]!r}: no first-level region is named {value[:40]!r} "
            "(give its code, e.g. region:MZ.01)"
        )
    if len(found) > 1:
        options = " or ".join(f"region:{code} ({label})" for code, label in found[:4])
        raise CorrectionError(f"scope {spec[:60]!r}: the name is ambiguous: {options}")
    return found[0][0]


class _Candidate(Protocol):
    @property
    def place(self) -> Place: ...  # pragma: no cover - a protocol


@runtime_checkable
class RegionSource(Protocol):
    """What :func:`find_regions` asks of a gazetteer
    (:class:`~conflictmap.store.gazetteer.Gazetteer` is one)."""

    def region(self, country: str, admin1: str) -> Place | None: ...  # pragma: no cover

    def candidates(self, key: str) -> Sequence[_Candidate]: ...  # pragma: no cover


def find_regions(source: RegionSource, text: str) -> list[tuple[str, str]]:
    """The regions ``text`` may be: a code (``MZ.01``), a name (``Cabo Delgado``) or a
    name with its country (``Punjab, PK``); each as ``(code, "Name, CC")``."""
    if _REGION_CODE.fullmatch(text.strip()):
        country, _, admin1 = text.strip().upper().partition(".")
        place = source.region(country, admin1)
        return [] if place is None else [(f"{country}.{admin1}", f"{place.name}, {country}")]
    named = _NAMED_IN.fullmatch(text.strip())
    if named:
        found = _named(source, named["name"], named["cc"].upper())
        if found:
            return found
    return _named(source, text, None)


def _named(source: RegionSource, name: str, country: str | None) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    for candidate in source.candidates(fold(name)):
        place = candidate.place
        if place.kind is not PlaceKind.REGION or not place.country or not place.admin1:
            continue
        if country is None or place.country == country:
            code = region_key(place.country, place.admin1)
            found.setdefault(code, f"{place.name}, {place.country}")
    return list(found.items())

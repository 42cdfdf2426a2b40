"""Name folding: the key under which the gazetteer stores and looks up names.

Folding drops case, accents, apostrophes, hyphens, dots and spaces, so that the
spellings a reporter, a French map and GeoNames use meet on one key.

Examples
--------
>>> fold("Ségou") == fold("Segou") == "segou"
True
>>> fold("Aguel-Hoc"), fold("N'Djamena"), fold("Ndjamena")
('aguelhoc', 'ndjamena', 'ndjamena')
>>> fold("  Tombouctou ")
'tombouctou'
>>> fold("Łódź"), fold("Ærø"), fold("Straße")
('lodz', 'aero', 'strasse')
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ABBREVIATIONS", "HAS_SPECIAL", "SPECIAL", "fold", "fold_variants", "variant_keys"]

# Letters that NFKD does not decompose into a base letter and a combining mark.
_SPECIAL = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
        "ħ": "h",
        "Ħ": "h",
    }
)
_ASCII_DROP = re.compile(r"[^0-9A-Za-z]+")
#: a name holding one of the letters of ``_SPECIAL``
_HAS_SPECIAL = re.compile("[" + "".join(chr(code) for code in _SPECIAL) + "]")
#: every character that is not ``str.isalnum()`` (``\\w`` is ``isalnum()`` or ``_``)
_DROP = re.compile(r"[\W_]+")


def fold(name: str) -> str:
    """Return the lookup key of ``name``.

    Parameters
    ----------
    name : str
        Any spelling of a place name.

    Returns
    -------
    str
        Lower-case letters and digits only (non-Latin letters are kept, folded).

    Notes
    -----
    The key is, by definition, the characters ``c`` with ``c.isalnum()`` of
    ``NFKD(name.translate(_SPECIAL))``, case-folded. It is computed without a Python
    loop over the characters: ``[\\W_]`` matches exactly the characters that are not
    ``isalnum()`` (the regex engine's word class is ``isalnum()`` plus ``_``), the
    translation runs only on a name that holds one of its letters, and a pure-ASCII
    name needs neither the normalisation nor the case folding (both are lower-casing
    there). ``tests/test_folding_reference.py`` compares the result with the
    character-by-character definition on every name of the base gazetteer and on
    arbitrary text.

    Examples
    --------
    >>> fold("Saint-Louis")
    'saintlouis'
    """
    if name.isascii():
        return _ASCII_DROP.sub("", name).lower()
    if _HAS_SPECIAL.search(name) is not None:
        name = name.translate(_SPECIAL)
    return _DROP.sub("", unicodedata.normalize("NFKD", name)).casefold()


#: Abbreviated first words and their full forms.
_ABBREVIATED = {
    "st": "saint",
    "ste": "sainte",
    "ft": "fort",
    "mt": "mount",
    "pt": "port",
}
_FULL = {full: short for short, full in _ABBREVIATED.items()}
#: each of those words and the other form
_OTHER = {**_ABBREVIATED, **_FULL}
_INITIALS = "sSfFmMpP"
_FIRST_WORD = re.compile(r"^\s*([^\W\d_]+)\.?[\s\-]+(?=\S)")

#: for folding many names at once (:mod:`conflictmap.store.geonames.rowkeys`): the
#: translation of the letters NFKD leaves whole, the test for them, and each
#: abbreviated or full first word with its other form
SPECIAL = _SPECIAL
HAS_SPECIAL = _HAS_SPECIAL
ABBREVIATIONS = _OTHER


def fold_variants(name: str) -> set[str]:
    """Folded keys of ``name`` and of its common abbreviated forms.

    Examples
    --------
    >>> sorted(fold_variants("Saint Louis"))
    ['saintlouis', 'stlouis']
    >>> sorted(fold_variants("St. Louis"))
    ['saintlouis', 'stlouis']
    >>> sorted(fold_variants("Mt. Kenya"))
    ['mountkenya', 'mtkenya']
    """
    return set(variant_keys(name))


def variant_keys(name: str) -> tuple[str, ...]:
    """:func:`fold_variants` as a sorted tuple (the form an index stores).

    Examples
    --------
    >>> variant_keys("St. Louis"), variant_keys("Kona"), variant_keys("---")
    (('saintlouis', 'stlouis'), ('kona',), ())
    """
    key = fold(name)
    start = name[:1]
    # the words of _OTHER start with these letters (and no other letter lower-cases to
    # them: tests/test_folding_reference.py), so the match is needed for no other name
    match = _FIRST_WORD.match(name) if start in _INITIALS or start.isspace() else None
    if match is not None:
        other = _OTHER.get(match.group(1).lower())
        if other is not None:
            rest = fold(name[match.end() :])
            if rest:
                return tuple(sorted({key, other + rest} - {""}))
    return (key,) if key else ()

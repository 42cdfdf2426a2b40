"""Transliteration-aware matching keys: "Manbej" and "Manbij" meet, "Der-Ezzor" and "Deir ez-Zor".

Names romanised from Arabic, Persian, Pashto, Cyrillic, Amharic/Tigrinya, Somali,
Burmese, Hausa/Fulani, or spelt the French colonial way, differ from GeoNames' in
predictable ways: the article (al-, el-, ad-, as-, ash-, ar-), vowels and diphthongs
(ou/u/oo, ei/ai/ay/ey/ie, i/ee/y), consonant pairs (q/k/g, dh/d/z, th/t/s, kh/h/k,
j/dj/g, w/v/ou, sh/ch/sch), doubled letters, apostrophes and ayn/hamza marks, hyphens
and spaces, Ukrainian against Russian forms (Kharkiv/Kharkov, Kupiansk/Kupyansk).

Two keys work on a :func:`~conflictmap.text.folding.fold`-ed name (so on what the
gazetteer stores: lower-case ASCII, no spaces, marks or hyphens):

* :func:`skeleton`, coarse, for looking up: the first sound and the consonant
  classes that follow, vowels and ``h`` dropped, repeats collapsed;
* :func:`spelling`, fine, for ranking: digraphs and vowel spellings made one, doubled
  letters single, the leading article gone; two names that mean one place are few
  edits apart in it (:func:`similarity`).

Examples
--------
>>> from conflictmap.text.folding import fold
>>> skeleton(fold("Manbej")) == skeleton(fold("Manbij"))
True
>>> skeleton(fold("Der-Ezzor")) == skeleton(fold("Deir ez-Zor")) == skeleton(fold("Deir el-Zour"))
True
>>> skeleton(fold("Kharkov")) == skeleton(fold("Kharkiv")), skeleton(fold("Kupiansk")) == skeleton(fold("Kupyansk"))
(True, True)
>>> skeleton(fold("Ouagadougou")) == skeleton(fold("Wagadugu"))
True
>>> skeleton(fold("Java")) == skeleton(fold("Jawa")), skeleton(fold("Java")) == skeleton(fold("Goa"))
(True, False)
>>> round(similarity(fold("Maarat al-Numaan"), fold("Ma'arrat an Nu'man")), 2)
0.92
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

__all__ = ["RULES", "Spellings", "similarity", "skeleton", "spelled_all", "spelling", "ukrainian_h"]

#: the version of the rules of :func:`spelling` and :func:`skeleton`: the stored
#: transliteration index holds both (:mod:`conflictmap.resolve.variantstore`) and is
#: read only when it was made with these rules, so a change to any rule changes this
#: (``tests/test_translit.py`` pins what the rules make to it)
RULES = "1"

# A leading Arabic article, plain ("al", "el") or assimilated before a doubled sun
# letter ("ar-Raqqa" folded "arraqqa", "as-Suwayda" "assuwayda", "ash-Shaykh").
_ARTICLE = re.compile(r"^(?:[ae]l(?=[^aeiou][a-z]{3})|[ae](?=(sh|ts|[tdrzsnl])\1))")
# The same at the start of every line of names joined by newlines (:class:`Spellings`).
_ARTICLES = re.compile(r"^(?:[ae]l(?=[^aeiou\n][a-z]{3})|[ae](?=(sh|ts|[tdrzsnl])\1))", re.M)
# Spellings of one sound, longest first (applied left to right in one pass).
_DIGRAPHS = (
    ("sch", "s"),
    ("tch", "c"),
    ("dj", "j"),
    ("dzh", "j"),
    ("zh", "j"),
    ("kh", "k"),
    ("gh", "g"),
    ("q", "k"),
    ("ck", "k"),
    ("sh", "s"),
    ("ch", "s"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
    ("ts", "c"),
    ("oo", "u"),
    ("ou", "u"),
    ("ee", "i"),
    ("ie", "i"),
    ("ei", "ai"),
    ("ey", "ai"),
    ("ay", "ai"),
    ("ae", "ai"),
    ("iy", "i"),
    ("yi", "i"),
    ("y", "i"),
    ("v", "w"),
    ("x", "ks"),
)
_DIGRAPH = re.compile("|".join(re.escape(a) for a, _ in _DIGRAPHS))
_DIGRAPH_OF = dict(_DIGRAPHS)
# "ou" before a vowel is the French w: "Ouagadougou", "Ouaddai".
_FRENCH_W = re.compile(r"ou(?=[aeio])")
# c is k but before e, i, y and h ("Tombouctou", "Mocímboa"; "Cecil", "Chad" stay).
_HARD_C = re.compile(r"c(?![eiyh])")
_DOUBLE = re.compile(r"([a-z])\1+")
# Consonant classes of the skeleton: q/k/g/c/j one, d/z (dh) one, t/s (th) one, w/v one.
_CLASS = str.maketrans("qgcjzsvbp", "kkkkdtwbb")
_NOT_SKELETON = re.compile(r"[aeiouyh0-9]")
_VOWELS = str.maketrans("eiou", "aaaa")
# g not in a digraph (gh, ng at the end stay): Russian г where Ukrainian has h.
_RUSSIAN_G = re.compile(r"(?<![n])g(?!h)")
# The article's l before a sun letter ("deir el-Zour" beside "deir ez-Zor").
_SUN_L = re.compile(r"(?<=[aeiou])l(?=[tdrzsn])")
# w closing a diphthong ("Dayr az Zawr", "Kharkov"/"Kharkiv" -> v -> w after a vowel).
_GLIDE_W = re.compile(r"(?<=[aeiou])w(?![aeiou])")


def spelling(key: str) -> str:
    """The folded ``key`` with its spelling variation made one (vowels kept).

    >>> spelling("deirezzor"), spelling("dayrazzawr"), spelling("maarrataannuman")
    ('dairezor', 'dairazawr', 'maratanuman')
    >>> spelling("alqaim"), spelling("arraqqah"), spelling("alep")
    ('kaim', 'rakah', 'alep')
    """
    found = _SPELLINGS.get(key)
    if found is not None:
        return found
    light = _respelt(_ARTICLE.sub("", key))
    if len(_SPELLINGS) >= _SPELLINGS_KEPT:
        _SPELLINGS.clear()
    _SPELLINGS[key] = light
    return light


#: spellings already made (a variant lookup compares one name with hundreds, and
#: the same names recur from article to article); bounded
_SPELLINGS: dict[str, str] = {}
_SPELLINGS_KEPT = 1 << 16


def _respelt(text: str) -> str:
    """:func:`spelling` after the article, on one name."""
    text = _FRENCH_W.sub("w", text)
    text = _HARD_C.sub("k", text)
    text = _DIGRAPH.sub(lambda m: _DIGRAPH_OF[m.group(0)], text)
    return _DOUBLE.sub(r"\1", text)


def _respelt_all(text: str) -> str:
    """:func:`_respelt` on names joined by newlines (no rule reads across a newline).

    The replacements are functions, not ``\\1`` templates: before Python 3.12 ``re``
    expands a template in Python for every match, a little slower than a call.
    """
    text = _FRENCH_W.sub("w", text)
    text = _HARD_C.sub("k", text)
    text = _DIGRAPH.sub(lambda m: _DIGRAPH_OF[m[0]], text)
    return _DOUBLE.sub(lambda m: m[1], text)


def skeleton(key: str) -> str:
    """The lookup key of a folded name: its first sound, then its consonant classes.

    Vowels and ``h`` go, ``l`` before a sun letter goes (the article: "deir el-Zour"
    and "deir ez-Zor"), consonants fall into classes and repeats collapse. An initial
    vowel is kept as ``a``.

    >>> skeleton("deirelzour"), skeleton("dairazzawr"), skeleton("kharkiv"), skeleton("kharkov")
    ('drdr', 'drdr', 'krk', 'krk')
    >>> skeleton("aleppo"), skeleton("halab"), skeleton("kupiansk")
    ('alb', 'lb', 'kbntk')
    """
    light = spelling(key)
    if not light:
        return ""
    head = "a" if light[0] in "aeiou" else ""
    body = _SUN_L.sub("", light)
    body = _GLIDE_W.sub("", body)
    body = _NOT_SKELETON.sub("", body).translate(_CLASS)
    return head + _DOUBLE.sub(r"\1", body)


def similarity(a: str, b: str) -> float:
    """How alike two folded names are once their :func:`spelling` is made one (0 to 1).

    The mean of two normalised Levenshtein similarities (rapidfuzz): of the spellings,
    and of the spellings with every vowel one letter (romanisations disagree most
    on vowels: "Der-Ezzor" and "Deir ez-Zor", "Kondoz" and "Kunduz").

    >>> similarity("manbej", "manbij"), similarity("kharkov", "kharkiv")
    (0.917, 0.917)
    >>> similarity("kondoz", "kunduz"), similarity("halab", "aleppo")
    (0.833, 0.3)
    """
    x, y = spelling(a), spelling(b)
    plain = Levenshtein.normalized_similarity(x, y)
    blind = Levenshtein.normalized_similarity(x.translate(_VOWELS), y.translate(_VOWELS))
    return round((plain + blind) / 2, 3)


class Spellings:
    """Folded names made ready to be compared with many keys (:meth:`alike`).

    Their :func:`spelling` is made for all of them at once (:func:`spelled_all`), or
    read from the stored index, which holds it (``spelled``); the comparison
    runs in rapidfuzz's C loop, and only the names that can reach the cut are scored
    as :func:`similarity` scores them.

    >>> names = Spellings(["manbij", "menbij", "mosul"])
    >>> names.spelled
    ('manbij', 'menbij', 'mosul')
    >>> names.alike("manbej", 0.85), names.alike("manbej", 0.8)
    ([('manbij', 0.917)], [('manbij', 0.917), ('menbij', 0.833)])
    """

    __slots__ = ("_joined", "_names", "spelled")

    def __init__(self, names: Sequence[str], spelled: str | None = None) -> None:
        """``spelled``: the names' spellings joined by newlines, as :func:`spelled_all`
        makes them, when already made (the stored index holds them)."""
        self._names: tuple[str, ...] | None = tuple(names)
        self._joined: str | None = None
        if spelled is None or spelled.count("\n") != len(self._names) - 1 or not self._names:
            self.spelled: tuple[str, ...] = spelled_all(self._names)
        else:
            self.spelled = tuple(spelled.split("\n"))

    @classmethod
    def stored(cls, names: str, spelled: str) -> Spellings:
        """The names of a row of the stored index, joined by newlines, with their
        spellings joined likewise: the names are split only when one is asked for
        (:meth:`alike` reads only those alike enough).

        >>> Spellings.stored("manbij\\nmosul", "manbij\\nmosul").names
        ('manbij', 'mosul')
        """
        if names.count("\n") != spelled.count("\n"):  # not one spelling per name
            return cls(names.split("\n"), spelled)
        made = cls.__new__(cls)
        made._names, made._joined = None, names
        made.spelled = tuple(spelled.split("\n"))
        return made

    @property
    def names(self) -> tuple[str, ...]:
        """The folded names, in the order of :attr:`spelled`."""
        if self._names is None:
            self._names = tuple((self._joined or "").split("\n"))
            self._joined = None
        return self._names

    def alike(self, key: str, cut: float) -> list[tuple[str, float]]:
        """The names whose :func:`similarity` to ``key`` is at least ``cut``, in order,
        with it (exactly as :func:`similarity` gives it)."""
        x = spelling(key)
        vowelless = x.translate(_VOWELS)
        # the mean of two similarities (each at most 1) rounds to >= cut only when the
        # plain one is >= 2 * cut - 1 less half a rounding step: that bound, and a margin
        floor = max(0.0, 2.0 * cut - 1.002)
        hits = process.extract(
            x,
            self.spelled,
            scorer=Levenshtein.normalized_similarity,
            score_cutoff=floor,
            limit=None,
        )
        out = []
        for idx in sorted(hit[2] for hit in hits):
            spelt = self.spelled[idx]  # its vowels made one here: few names come this far
            plain = Levenshtein.normalized_similarity(x, spelt)
            blind = Levenshtein.normalized_similarity(vowelless, spelt.translate(_VOWELS))
            score = round((plain + blind) / 2, 3)
            if score >= cut:
                out.append((self.names[idx], score))
        return out


def spelled_all(names: Sequence[str]) -> tuple[str, ...]:
    """The :func:`spelling` of every name, made at once: the rules run over the names
    joined by newlines (no rule reads across one), not kept in :func:`spelling`'s memo.

    >>> spelled_all(["deirezzor", "alqaim"]), spelled_all([])
    (('dairezor', 'kaim'), ())
    """
    joined = "\n".join(names)
    if not names:
        return ()
    if joined.count("\n") != len(names) - 1:  # a name with a newline: one at a time
        return tuple(spelling(name) for name in names)
    return tuple(_respelt_all(_ARTICLES.sub("", joined)).split("\n"))


def ukrainian_h(key: str) -> str:
    """The Russian ``g`` of a folded name as the Ukrainian ``h`` ("Lugansk" -> "Luhansk").

    >>> ukrainian_h("gorlovka"), ukrainian_h("chernigov"), ukrainian_h("kiev")
    ('horlovka', 'chernihov', 'kiev')
    """
    return _RUSSIAN_G.sub("h", key)

"""The name keys of many dump rows at once: :func:`~.dumps.keys_of_row` for a batch.

Folding a name one call at a time is a chain of Python calls per name (the cache,
the ASCII test, the abbreviation test, two regular expressions), and a diverse dump
repeats few names. Here the names of a whole batch of rows are folded as one text:

* the names are joined by newlines (a dump row holds none: its lines are split on
  them) and folded with the steps of :func:`~conflictmap.text.folding.fold`: the
  letters NFKD leaves whole translated, NFKD, every character that is not
  ``isalnum()`` dropped (the newlines kept), case folding. Each step maps every
  character on its own (a newline is a starter, so NFKD reorders no mark across
  it), so the text splits back into each name's key;
* a key without a Latin letter is emptied (:func:`~.layer.name_keys` keeps only
  keys with one);
* names whose first word is an abbreviation or its full form (``St. Louis``,
  ``Saint Louis``) get their second key as :func:`~conflictmap.text.folding.variant_keys`
  does: the first word is ASCII letters, so the key of the rest is the end of the
  name's key;
* each row's keys are then deduplicated as :func:`~.dumps.keys_of_row` does: its
  own keys (name, ASCII name), then the keys of its alternate names that are not
  already among them. The order of the keys within a row may differ (the layer's
  tables are sorted by key), the keys are the same (``tests/test_geonames_rowkeys.py``).

Examples
--------
>>> keys_of_rows([("Kona", "Kona", "Konna,Kɔnna,KNA"), ("St. Louis", "St. Louis", "")])
[(['kona'], ['konna', 'kɔnna']), (['stlouis', 'saintlouis'], [])]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from conflictmap.text.folding import ABBREVIATIONS, HAS_SPECIAL, SPECIAL

__all__ = ["keys_of_rows"]

#: what :func:`~conflictmap.text.folding.fold` drops (``[\\W_]``), but the newlines
#: between names (the underscore is removed on its own: one class is the fastest)
_DROP = re.compile(r"[^\w\n]+")
#: a key without a Latin letter (one line of the folded text)
_NO_LATIN = re.compile(r"^[^a-z\n]+$", re.MULTILINE)
#: a name (after its newline) whose first word :func:`~conflictmap.text.folding.variant_keys`
#: replaces: one of its words in ASCII letters of either case (no other letter
#: lower-cases to them), then what its ``_FIRST_WORD`` asks for, spaces other than
#: the newline
_FIRST_WORD = re.compile(
    r"\n[^\S\n]*("
    + "|".join(
        "".join(f"[{c}{c.upper()}]" for c in word)
        for word in sorted(ABBREVIATIONS, key=len, reverse=True)
    )
    + r")\.?(?:[^\S\n]|-)+(?=\S)"
)

#: one row: its name, its ASCII name, its alternate names (as in the dump)
Row = tuple[str, str, str]
#: a row's own keys and its other keys
Keys = tuple[list[str], list[str]]


def _names(rows: Sequence[Row]) -> tuple[list[str], list[tuple[int, int]]]:
    """The names to fold, and each row's (own names, all names) counts.

    An alternate name is left out as :func:`~conflictmap.store.basebuild.writer.keep_alternate`
    does (an IATA-like code); the other names it leaves out (empty, the row's own
    name) give no key beyond the row's own.
    """
    names: list[str] = []
    shape: list[tuple[int, int]] = []
    add, extend, mark = names.append, names.extend, shape.append
    for name, ascii_name, alternates in rows:
        add(name)
        own = 1
        if ascii_name and ascii_name != name:
            add(ascii_name)
            own = 2
        if alternates:
            kept = [a for a in alternates.split(",") if not (a.isupper() and len(a.strip()) <= 4)]
            extend(kept)
            mark((own, own + len(kept)))
        else:
            mark((own, own))
    return names, shape


def _fold(names: list[str]) -> list[str]:
    """The Latin key of each name ("" for none)."""
    if not names:
        return []
    text = "\n".join(names)
    if HAS_SPECIAL.search(text) is not None:
        text = text.translate(SPECIAL)
    text = unicodedata.normalize("NFKD", text).replace("_", "")
    keys = _NO_LATIN.sub("", _DROP.sub("", text).casefold()).split("\n")
    if len(keys) != len(names):
        raise ValueError("a name holds a newline")
    return keys


def _second_keys(names: list[str], keys: list[str]) -> dict[int, str]:
    """The second key of the names with an abbreviated (or full) first word, by index."""
    second: dict[int, str] = {}
    text = "\n" + "\n".join(names)
    index, seen = -1, 0
    for match in _FIRST_WORD.finditer(text):
        start = match.start() + 1
        index += text.count("\n", seen, start)
        seen = start
        word = match.group(1)
        rest = keys[index][len(word) :]
        if rest:
            second[index] = ABBREVIATIONS[word.lower()] + rest
    return second


def keys_of_rows(rows: Sequence[Row]) -> list[Keys]:
    """The own keys and the other keys of each row, as :func:`~.dumps.keys_of_row` gives
    them (``name`` and ``ascii_name`` stripped, ``alternates`` as in the dump)."""
    names, shape = _names(rows)
    keys = _fold(names)
    second = _second_keys(names, keys)
    marks = [*sorted(second), len(names)]
    mark = 0
    out: list[Keys] = []
    start = 0
    for own_count, count in shape:
        end = start + count
        if marks[mark] < end:
            row = keys[start:end]
            own = [k for k in dict.fromkeys(row[:own_count]) if k]
            while marks[mark] < end:
                index = marks[mark]
                if index < start + own_count:
                    if second[index] not in own:
                        own.append(second[index])
                else:
                    row.append(second[index])
                mark += 1
            out.append((own, [k for k in dict.fromkeys(row[own_count:]) if k and k not in own]))
        elif count == 1:
            key = keys[start]
            out.append(([key] if key else [], []))
        elif count == own_count:  # a name and an ASCII name
            first, other = keys[start], keys[start + 1]
            own = [first] if first else []
            if other and other != first:
                own.append(other)
            out.append((own, []))
        else:
            own = [k for k in dict.fromkeys(keys[start : start + own_count]) if k]
            alt = keys[start + own_count : end]
            out.append((own, [k for k in dict.fromkeys(alt) if k and k not in own]))
        start = end
    return out

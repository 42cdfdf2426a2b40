"""A synthetic GeoNames dump as diverse as the real ``allCountries``, for import speed.

The tests' synthetic dump (``tests/_geonames.synthetic_dump``) draws names from 13
syllables: about 31,000 distinct names however many rows, so a cache of folded
names answers almost every lookup and name keys pile up on few B-tree pages. Real
GeoNames names are mostly distinct (allCountries: about 13M rows, most names seen
once or a few times). Here:

* names of 1-4 syllables from about 700 (onsets x vowels x codas, with accented
  vowels), one in eight with a second word ("Bir Kelou", "St. X", "Mont X"),
  so that nearly every name is new;
* 0-6 alternate names per row (other spellings, non-Latin scripts, codes that the
  import leaves out), as in the real dump where most rows have none and a few many;
* ids rising with random gaps (the real dump is sorted by id), feature classes and
  populations in roughly the real proportions.

An allCountries-sized dump (13M rows) takes about 4 minutes of CPU to draw row by
row (3M rows: 51 s); ``--grow SMALL`` makes it in under a minute (53 s) from a
smaller dump made here: the rows of SMALL, then copies of them with their ids moved
above the last one and, in each copy, the letters of every name exchanged by
another fixed permutation (vowels among vowels, consonants among consonants, so
that names stay pronounceable and as diverse as in SMALL), until ROWS rows.
Measured: the 3M-row dump of seed 7 has 2,595,149 distinct names (primary name
column; 3,034,011 distinct alternate names); grown to 13M, 11,252,983 (1.6 GB,
about the size of the real ``allCountries.txt``).

Usage::

    python bench/diverse_dump.py OUT.txt ROWS [--seed 7]
    python bench/diverse_dump.py OUT.txt ROWS --grow SMALL.txt
"""

from __future__ import annotations

import argparse
import random
import sys
import unicodedata
from pathlib import Path

_ONSETS = ["", "b", "k", "m", "d", "s", "g", "t", "l", "n", "f", "r", "z", "y", "w", "h",
           "bl", "kr", "dj", "ts", "sh", "kh", "gb", "ny", "mb", "nd", "tch", "v", "p", "j"]  # fmt: skip
_VOWELS = ["a", "e", "i", "o", "u", "ou", "é", "è", "ai", "ia", "ö", "ü", "â", "ô", "ɛ", "ɔ",
           "ei", "au", "ye", "oa"]  # fmt: skip
_CODAS = ["", "", "", "n", "r", "l", "m", "k", "s", "t"]
_SECOND = ["", "", "", "", "", "", "", "Bir ", "St. ", "Mont ", "Ville ", "Nouveau ", "Ouro "]
_CLASSES = [("P", "PPL")] * 10 + [("H", "STM"), ("H", "WLL"), ("T", "HLL"), ("T", "MT"),
            ("S", "SCH"), ("S", "FRM"), ("A", "ADM3"), ("L", "LCTY"), ("V", "FRST"), ("R", "RD")]  # fmt: skip
_OPEN_VOWELS = str.maketrans("ɛɔƐƆ", "eoEO")
_CYRILLIC = str.maketrans("abdefgiklmnoprstuvyz", "абдефгиклмнопрстувыз")
_COUNTRIES = ["ML", "NE", "BF", "SN", "CI", "GN", "MR", "TD", "NG", "CM", "US", "FR", "IN", "CN",
              "BR", "RU", "ID", "MX", "DE", "IR"]  # fmt: skip


def _syllable(rng: random.Random) -> str:
    return rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)


def _name(rng: random.Random) -> str:
    word = "".join(_syllable(rng) for _ in range(rng.choice((1, 2, 2, 3, 3, 3, 4)))).title()
    return rng.choice(_SECOND) + word


def _alternates(rng: random.Random, name: str) -> list[str]:
    count = rng.choice((0, 0, 0, 0, 1, 1, 2, 3, 6))
    alts = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.35:
            alts.append(name + rng.choice(("a", "e", "ou", "-Kiré", " Bozo", "i")))
        elif kind < 0.55:
            alts.append(name.lower().translate(_CYRILLIC))
        elif kind < 0.7:
            alts.append(name.upper()[:3])  # a code: left out by the import
        else:
            alts.append(_name(rng))
    return alts


def ascii_of(name: str) -> str:
    """The dump's ``asciiname`` of ``name``: its letters without their accents, as GeoNames
    writes it ("És" is "Es"; the open vowels are written e and o).

    Dropping every letter that is not ASCII instead ("És" as "s") made names of one or
    two letters that real dumps do not have (19,555 of one letter in the 3M-row dump of
    seed 7, against none in 108,661 rows of seven real country files): a few keys ("s",
    "t", "gb") held a thousand places each.

    >>> ascii_of("És"), ascii_of("Gbɛdɔ"), ascii_of("Köulâ")
    ('Es', 'Gbedo', 'Koula')
    """
    plain = unicodedata.normalize("NFKD", name.translate(_OPEN_VOWELS))
    return plain.encode("ascii", "ignore").decode() or name


def row(rng: random.Random, gid: int) -> str:
    """One 19-column dump row (no newline)."""
    name = _name(rng)
    fclass, fcode = rng.choice(_CLASSES)
    population = rng.choice((0,) * 12 + (120, 800, 2500, 5000, 40_000, 250_000))
    ascii_name = ascii_of(name)
    cols = [
        str(gid), name, ascii_name, ",".join(_alternates(rng, name)),
        f"{rng.uniform(-60, 70):.5f}", f"{rng.uniform(-180, 180):.5f}", fclass, fcode,
        rng.choice(_COUNTRIES), "", f"{rng.randint(1, 40):02d}", "", "", "",
        str(population), "", str(rng.randint(0, 3000)), "Africa/Bamako", "2021-03-09",
    ]  # fmt: skip
    return "\t".join(cols)


def diverse_dump(path: Path, rows: int, *, seed: int = 7, start_id: int = 100_000_000) -> Path:
    """Write ``rows`` diverse made-up places to ``path`` (streamed) and return it."""
    rng = random.Random(seed)
    gid = start_id
    with path.open("w", encoding="utf-8") as out:
        for _ in range(rows):
            gid += rng.randint(1, 4)
            out.write(row(rng, gid) + "\n")
    return path


_VOWEL_RING = "aeiouy"
_CONSONANT_RING = "bcdfghjklmnpqrstvwxz"


def _exchange(copy: int) -> dict[int, int]:
    """The letter permutation of the ``copy``-th copy (1, 2, ...)."""
    src = dst = ""
    for ring, step in ((_VOWEL_RING, copy), (_CONSONANT_RING, 3 * copy)):
        moved = ring[step % len(ring) :] + ring[: step % len(ring)]
        src += ring + ring.upper()
        dst += moved + moved.upper()
    return str.maketrans(src, dst)


def grow(path: Path, rows: int, small: Path) -> Path:
    """Write ``rows`` rows to ``path``: ``small``'s rows, then exchanged copies (streamed)."""
    last = 0
    with small.open(encoding="utf-8") as handle:
        for line in handle:
            last = int(line.split("\t", 1)[0])
    written, copy = 0, 0
    with path.open("w", encoding="utf-8") as out:
        while written < rows:
            table = _exchange(copy) if copy else None
            offset = copy * last
            with small.open(encoding="utf-8") as handle:
                for line in handle:
                    if written == rows:
                        break
                    gid, rest = line.split("\t", 1)
                    if table is not None:
                        name, ascii_name, alternates, tail = rest.split("\t", 3)
                        rest = "\t".join(
                            (name.translate(table), ascii_name.translate(table),
                             alternates.translate(table), tail)
                        )  # fmt: skip
                    out.write(f"{int(gid) + offset}\t{rest}")
                    written += 1
            copy += 1
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("rows", type=int)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--grow", type=Path, metavar="SMALL", help="grow a smaller dump")
    args = parser.parse_args()
    if args.grow:
        grow(args.out, args.rows, args.grow)
    else:
        diverse_dump(args.out, args.rows, seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())

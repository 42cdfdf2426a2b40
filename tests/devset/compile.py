"""Compile the hand-written annotations into ``articles/<slug>.gold.json`` (offsets by code).

The annotator writes, per article, ``source/<slug>.ann``: a header (title, date, split,
countries, style) and one line per annotated name, as *surface + occurrence*, never as
offsets::

    P   Gao             *   geonames:2457163
    P   Ségou region    1   geonames:2451477   also=geonames:2451478
    p   U.S.            *   geonames:6252001   note=not required: an aside
    O   Malian          *   demonym
    O   Palma           *   not-in-data        country=MZ
    N   Hemedti         *   person

Columns are tab-separated: ``P`` a required place, ``p`` a place not required, ``O`` an
optional span, ``N`` a non-place; the surface as written; ``*`` (every whole-word
occurrence) or occurrence numbers ``1,3`` (1-based); a place id (from
``source/places.tsv``) or, for ``O``/``N``, the reason; then ``key=value`` extras.
Longer surfaces claim their text first, so ``Darfur *`` skips the "Darfur" inside an
annotated "North Darfur", and occurrences count only what is left.

Usage::

    python -m tests.devset.compile           # (re)write every gold file
    python -m tests.devset.compile --check   # exit 1 if a gold file is stale
    python -m tests.devset.compile --unannotated   # capitalised words left unannotated

Examples
--------
>>> whole_word_matches("Gao and Gaoual; Gao.", "Gao")
[(0, 3), (16, 19)]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
ARTICLES = HERE / "articles"
PLACES = SOURCE / "places.tsv"
HEADER_KEYS = ("title", "date", "split", "countries", "style")
MARKS = {"P": "mention", "p": "mention", "O": "optional", "N": "not_place"}


class AnnotationError(ValueError):
    """A source line that does not compile (the message names file and line)."""


@dataclass(kw_only=True)
class Line:
    """One annotation line of a ``.ann`` file."""

    where: str
    mark: str
    surface: str
    occurrences: tuple[int, ...] | None  # None: every occurrence
    value: str
    extras: dict[str, str] = field(default_factory=dict)


def whole_word_matches(text: str, surface: str) -> list[tuple[int, int]]:
    """Offsets of ``surface`` in ``text`` not glued to a letter or digit on either side."""
    pattern = re.compile(r"(?<![\w])" + re.escape(surface) + r"(?![\w])")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def read_places(path: Path = PLACES) -> dict[str, dict[str, str]]:
    """The place registry: id -> row (every column as written)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader((ln for ln in handle if not ln.startswith("#")), delimiter="\t")
        places: dict[str, dict[str, str]] = {}
        for row in rows:
            if row["id"] in places:
                raise AnnotationError(f"{path.name}: {row['id']} listed twice")
            places[row["id"]] = row
    return places


def parse_ann(path: Path) -> tuple[dict[str, str], list[Line]]:
    """Header and annotation lines of one ``.ann`` file."""
    header: dict[str, str] = {}
    lines: list[Line] = []
    in_body = False
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{number}"
        if not raw.strip() or raw.startswith("#"):
            continue
        if raw.strip() == "==":
            in_body = True
            continue
        cols = raw.split("\t")
        if not in_body:
            if len(cols) != 2 or cols[0] not in HEADER_KEYS:
                raise AnnotationError(f"{where}: bad header line {raw!r}")
            header[cols[0]] = cols[1]
            continue
        lines.append(_parse_line(where, cols))
    missing = [k for k in HEADER_KEYS if k not in header]
    if missing:
        raise AnnotationError(f"{path.name}: header lacks {missing}")
    return header, lines


def _parse_line(where: str, cols: list[str]) -> Line:
    if len(cols) < 4 or cols[0] not in MARKS:
        raise AnnotationError(f"{where}: want MARK<TAB>surface<TAB>occurrence<TAB>value")
    mark, surface, occ, value, *rest = cols
    extras = {}
    for item in rest:
        key, sep, val = item.partition("=")
        if not sep or key not in ("also", "note", "country"):
            raise AnnotationError(f"{where}: bad extra {item!r}")
        extras[key] = val
    if occ == "*":
        occurrences = None
    elif re.fullmatch(r"[1-9][0-9]*(,[1-9][0-9]*)*", occ):
        occurrences = tuple(int(n) for n in occ.split(","))
    else:
        raise AnnotationError(f"{where}: occurrence must be * or 1,2,...: {occ!r}")
    return Line(
        where=where, mark=mark, surface=surface, occurrences=occurrences, value=value, extras=extras
    )


def locate(text: str, lines: list[Line]) -> list[tuple[Line, int, int]]:
    """Offsets for every line: longest surfaces first, each claiming its characters."""
    taken: list[tuple[int, int]] = []
    out: list[tuple[Line, int, int]] = []
    groups: dict[str, list[Line]] = {}
    for line in lines:
        groups.setdefault(line.surface, []).append(line)
    for surface in sorted(groups, key=lambda s: (-len(s), s)):
        # occurrences are counted among what longer surfaces left, once per surface
        free = [
            (s, e)
            for s, e in whole_word_matches(text, surface)
            if not any(s < te and ts < e for ts, te in taken)
        ]
        numbered = [ln for ln in groups[surface] if ln.occurrences is not None]
        every = [ln for ln in groups[surface] if ln.occurrences is None]
        if len(every) > 1 or not free:
            where = groups[surface][0].where
            raise AnnotationError(f"{where}: {surface!r} unclaimed in the text, or two '*' lines")
        used: set[int] = set()
        for line in numbered:
            assert line.occurrences is not None
            if max(line.occurrences) > len(free) or used & set(line.occurrences):
                raise AnnotationError(
                    f"{line.where}: {surface!r} occurs {len(free)} times unclaimed "
                    "(or an occurrence is listed twice)"
                )
            used |= set(line.occurrences)
            out += [(line, *free[n - 1]) for n in line.occurrences]
        for line in every:
            out += [(line, *free[n]) for n in range(len(free)) if n + 1 not in used]
        taken += free
    return sorted(out, key=lambda t: t[1])


def place_record(row: dict[str, str]) -> dict[str, Any]:
    """The gold place fields of a registry row, typed as JSON wants them."""

    def num(key: str) -> float | None:
        return float(row[key]) if row[key] else None

    return {
        "place": row["id"],
        "name": row["name"],
        "kind": row["kind"],
        "feature": row["feature"],
        "country": row["country"],
        "lat": num("lat"),
        "lon": num("lon"),
        "iso3166_2": row["iso3166_2"] or None,
        "admin1": row["admin1"] or None,
        "admin2": row["admin2"] or None,
        "tolerance_km": num("tolerance_km"),
        "tolerance_note": row["tolerance_note"],
        "source": row["source"],
        "needs_dump": row["needs_dump"] or None,
    }


def compile_article(slug: str, places: dict[str, dict[str, str]]) -> dict[str, Any]:
    """The gold JSON object of one article."""
    header, lines = parse_ann(SOURCE / f"{slug}.ann")
    text = (ARTICLES / f"{slug}.txt").read_text(encoding="utf-8")
    mentions, not_places, optional = [], [], []
    dumps: set[str] = set()
    for line, start, end in locate(text, lines):
        span = {"start": start, "end": end, "text": text[start:end]}
        if line.mark in "Pp":
            row = places.get(line.value)
            if row is None:
                raise AnnotationError(f"{line.where}: {line.value} is not in places.tsv")
            also = [a for a in line.extras.get("also", "").split(",") if a]
            mentions.append(
                {
                    **span,
                    **place_record(row),
                    "required": line.mark == "P",
                    "also_ok": also,
                    "note": line.extras.get("note", ""),
                }
            )
            if line.mark == "P" and row["needs_dump"]:
                dumps.add(row["needs_dump"])
        elif line.mark == "N":
            not_places.append({**span, "reason": line.value})
        else:
            country = line.extras.get("country") or None
            optional.append({**span, "reason": line.value, "country": country})
    return {
        "id": slug,
        "title": header["title"],
        "date": header["date"],
        "split": header["split"],
        "countries": header["countries"].split(","),
        "needs_dumps": sorted(dumps),
        "style": header["style"],
        "mentions": mentions,
        "not_places": not_places,
        "optional": optional,
    }


def slugs() -> list[str]:
    """Every article with an annotation source, sorted."""
    return sorted(p.stem for p in SOURCE.glob("*.ann"))


def render(gold: dict[str, Any]) -> str:
    """The gold file's exact text (stable, so ``--check`` can compare)."""
    return json.dumps(gold, ensure_ascii=False, indent=1) + "\n"


def unannotated(slug: str, gold: dict[str, Any]) -> list[str]:
    """Capitalised words outside every span: a reviewing aid for the annotator."""
    text = (ARTICLES / f"{slug}.txt").read_text(encoding="utf-8")
    spans = [
        (s["start"], s["end"]) for k in ("mentions", "not_places", "optional") for s in gold[k]
    ]
    words = []
    for m in re.finditer(r"\b[A-Z][\w'’-]+", text):
        if not any(s <= m.start() < e for s, e in spans):
            words.append(m.group())
    return words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if a gold file is stale")
    parser.add_argument("--unannotated", action="store_true", help="list words to review")
    args = parser.parse_args(argv)
    places = read_places()
    stale = []
    for slug in slugs():
        try:
            gold = compile_article(slug, places)
        except AnnotationError as error:
            print(f"devset: {error}", file=sys.stderr)
            return 1
        target = ARTICLES / f"{slug}.gold.json"
        if args.unannotated:
            print(slug, " ".join(unannotated(slug, gold)))
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != render(gold):
                stale.append(slug)
        elif not args.unannotated:
            tmp = target.with_suffix(".json.tmp")
            tmp.write_text(render(gold), encoding="utf-8")
            tmp.replace(target)
    if stale:
        print(f"devset: stale gold (run python -m tests.devset.compile): {stale}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

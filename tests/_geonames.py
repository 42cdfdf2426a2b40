"""Helpers for import tests: GeoNames rows, test homes, layer snapshots."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import zipfile
from collections.abc import Iterable
from pathlib import Path

from conflictmap.paths import BASE_DB, IMPORTED_DB


def dump_row(
    gid: int,
    name: str,
    lat: float,
    lon: float,
    *,
    alt: str = "",
    fclass: str = "P",
    fcode: str = "PPL",
    cc: str = "ML",
    admin1: str = "04",
    population: int = 0,
    ascii_name: str | None = None,
    admin2: str = "",
) -> str:
    """One row in GeoNames' 19-column dump format (no newline)."""
    cols = [
        str(gid), name, ascii_name if ascii_name is not None else name, alt,
        f"{lat}", f"{lon}", fclass, fcode, cc, "", admin1, admin2, "", "",
        str(population), "", "300", "Africa/Bamako", "2021-03-09",
    ]  # fmt: skip
    assert len(cols) == 19
    return "\t".join(cols)


def write_dump(path: Path, rows: Iterable[str]) -> Path:
    path.write_text("".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def zip_file(target: Path, member: Path, *, extra: dict[str, str] | None = None) -> Path:
    """``target`` (a .zip) holding ``member`` as GeoNames ships it (plus e.g. a readme)."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(member, member.name)
        for name, text in (extra or {}).items():
            archive.writestr(name, text)
    return target


def make_home(base_home: Path, folder: Path) -> Path:
    """A writable home sharing the session's base layer (a symlink, read-only use)."""
    folder.mkdir(parents=True, exist_ok=True)
    link = folder / BASE_DB
    if not link.exists():
        os.symlink((base_home / BASE_DB).resolve(), link)
    # The base's transliteration index too, else the home's first run builds it again
    # (seconds of CPU). A rebuild renames a new file over the link, never writing
    # through it. (The name index is found beside the link's target.)
    for path in base_home.glob("translit-*.sqlite"):
        if not (folder / path.name).exists():
            os.symlink(path.resolve(), folder / path.name)
    return folder


def layer_digest(home: Path) -> str | None:
    """A hash of the imported layer's places, names and admin codes (None if absent)."""
    path = home / IMPORTED_DB
    if not path.exists():
        return None
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        for sql in (
            "SELECT * FROM places ORDER BY rid",
            "SELECT key, rid, flags FROM names ORDER BY key, rid",
            "SELECT * FROM admin_codes ORDER BY code",
        ):
            for row in conn.execute(sql):
                digest.update(repr(row).encode())
        return digest.hexdigest()
    finally:
        conn.close()


def integrity(home: Path) -> str:
    conn = sqlite3.connect(f"file:{home / IMPORTED_DB}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def counts(home: Path) -> tuple[int, int]:
    conn = sqlite3.connect(f"file:{home / IMPORTED_DB}?mode=ro", uri=True)
    try:
        return (
            conn.execute("SELECT COUNT(*) FROM places").fetchone()[0],
            conn.execute("SELECT COUNT(*) FROM names").fetchone()[0],
        )
    finally:
        conn.close()


def synthetic_dump(path: Path, rows: int, *, seed: int = 7, start_id: int = 50_000_000) -> Path:
    """A GeoNames-format dump of ``rows`` made-up places, written as a stream.

    Names look like real ones (syllables, accents, alternate spellings) so that
    folding and name filtering do their usual work; ids start at ``start_id``, far
    from real GeoNames ids.
    """
    import random

    rng = random.Random(seed)
    syllables = ["ba", "ko", "ma", "di", "sé", "gou", "ta", "li", "ké", "nou", "fa", "ra", "zi"]
    classes = [("P", "PPL")] * 6 + [("H", "WLL"), ("T", "HLL"), ("A", "ADM3"), ("S", "SCH")]
    with path.open("w", encoding="utf-8") as out:
        for i in range(rows):
            name = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).title()
            alts = ",".join(
                name + suffix for suffix in rng.sample(["a", "e", "ou", "-Kiré", " Bozo", "o"], 3)
            )
            fclass, fcode = rng.choice(classes)
            out.write(
                dump_row(
                    start_id + i,
                    name,
                    round(rng.uniform(10, 25), 5),
                    round(rng.uniform(-12, 4), 5),
                    alt=alts,
                    fclass=fclass,
                    fcode=fcode,
                    admin1=f"{rng.randint(1, 10):02d}",
                    population=rng.choice([0, 0, 0, 120, 800, 5000]),
                )
                + "\n"
            )
    return path

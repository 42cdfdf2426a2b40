"""An imported layer written before the import checked its numbers (issue 20, defect 5).

The import now refuses a negative population or a latitude of 999
(``tests/test_hostile_import.py``), but a home may hold an ``imported.sqlite`` an
older version wrote with them: one such row made every article naming the place fail
with ``internal error: ValueError: math domain error``. Here the old layer is made by
hand (the schema of a layer from before districts were stored, no ``admin2``), and
reading it must clamp what can be clamped, leave out what cannot, and say so in one
line.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from conflictmap.paths import IMPORTED_DB
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.text.folding import fold
from conflictmap.tuning.imports import IMPORT

from ._geonames import make_home
from .conftest import cli_exit_code

GAO = 2457163  # in the base too, as a town of 86,000
KONA = 2454857
OLD_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    rid INTEGER PRIMARY KEY, pid TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    lat REAL NOT NULL, lon REAL NOT NULL, country TEXT, fclass TEXT, feature TEXT,
    kind TEXT NOT NULL, admin1 TEXT, admin1_name TEXT,
    population INTEGER NOT NULL DEFAULT 0, layer TEXT NOT NULL, source TEXT);
CREATE TABLE names (key TEXT NOT NULL, rid INTEGER NOT NULL, flags INTEGER NOT NULL
    DEFAULT 0, PRIMARY KEY (key, rid)) WITHOUT ROWID;
CREATE TABLE never_places (key TEXT PRIMARY KEY, name TEXT NOT NULL, source TEXT);
"""
#: (geonameid, name, lat, lon, kind, population) as an old import could store them
OLD_ROWS = [
    (GAO, "Gao", 16.27167, -0.04417, "city", -5),
    (KONA, "Kona", 999.0, -3.89474, "town", 1000),
    (9000001, "Zzoldtext", 14.5, -4.2, "village", "many"),
    (9000002, "Zzoldhuge", 14.6, -4.3, "village", 1e30),
    (9000003, "Zzoldtextlat", "x", -4.3, "village", 10),
    (9000006, "Zzoldinf", 14.9, float("-inf"), "village", 10),
    (9000004, "Zzoldkind", 14.7, -4.4, "hamlet-ish", 10),
    (9000005, "Zzoldfine", 14.8, -4.5, "village", 120),
]


def write_old_layer(home: Path, rows: list[tuple[object, ...]]) -> Path:
    path = home / IMPORTED_DB
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.executescript(OLD_SCHEMA)
        conn.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [("layer", "imported"), ("schema_version", "1"), ("complete", "1")],
        )
        for rid, (gid, name, lat, lon, kind, population) in enumerate(rows, 1):
            conn.execute(
                "INSERT INTO places VALUES (?, ?, ?, ?, ?, 'ML', 'P', 'PPL', ?, '04', NULL, ?,"
                " 'imported', 'GeoNames ML.txt')",
                (rid, f"geonames:{gid}", name, lat, lon, kind, population),
            )
            conn.execute("INSERT INTO names VALUES (?, ?, 1)", (fold(str(name)), rid))
    return path


@pytest.fixture
def old_home(tmp_path: Path, base_home: Path) -> Path:
    home = make_home(base_home, tmp_path / "home")
    write_old_layer(home, OLD_ROWS)
    return home


def test_an_old_negative_population_does_not_fail_the_article(
    old_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CONFLICTMAP_HOME", str(old_home))
    article = tmp_path / "gao.txt"
    article.write_text("Rebels attacked Gao on Monday, then moved towards Kona.\n")
    assert cli_exit_code(["extract", str(article)]) == 0
    out, err = capsys.readouterr()
    assert "internal error" not in err and "Traceback" not in err
    lines = [line for line in err.splitlines() if "warning" in line]
    assert len(lines) == 1, err
    assert str(old_home / IMPORTED_DB) in lines[0] and "population -5: read as 0" in lines[0]
    assert '"name": "Gao"' in out and '"name": "Kona"' in out


def test_each_bad_number_is_clamped_or_left_out(old_home: Path) -> None:
    with pytest.warns(UserWarning, match="imported.sqlite") as caught:
        gaz = Gazetteer(old_home, progress=False, build=False)
        gao = gaz.get(f"geonames:{GAO}")
        kona = gaz.get(f"geonames:{KONA}")
        text = gaz.get("geonames:9000001")
        huge = gaz.get("geonames:9000002")
        found = {
            key: gaz.candidates(fold(key))
            for key in ("Zzoldtextlat", "Zzoldinf", "Zzoldkind", "Zzoldfine")
        }
    assert len(caught) == 1  # one line, however many rows are out of range
    assert gao is not None and gao.population == 0 and gao.layer == "imported"
    # Kona's imported row (latitude 999) is left out: the base's Kona stands.
    assert kona is not None and kona.layer != "imported" and -90 <= kona.lat <= 90
    assert text is not None and text.population == 0
    assert huge is not None and huge.population == IMPORT.max_population
    assert found["Zzoldtextlat"] == found["Zzoldinf"] == found["Zzoldkind"] == []
    assert [c.place.population for c in found["Zzoldfine"]] == [120]
    gaz.close()


def test_search_reads_the_old_layer_too(
    old_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONFLICTMAP_HOME", str(old_home))
    assert cli_exit_code(["gazetteer", "search", "Gao", "--no-fuzzy"]) == 0
    out, err = capsys.readouterr()
    assert "geonames:2457163" in out and "internal error" not in err


def test_a_warning_quotes_no_terminal_controls(tmp_path: Path, base_home: Path) -> None:
    home = make_home(base_home, tmp_path / "home")
    write_old_layer(home, [(9000009, "Zzoldesc", 14.5, -4.2, "village", "\x1b]0;HACKED\x07")])
    with pytest.warns(UserWarning) as caught, Gazetteer(home, progress=False, build=False) as gaz:
        assert gaz.get("geonames:9000009").population == 0
    message = str(caught[0].message)
    assert "\x1b" not in message and "\x07" not in message and "\\x1b" in message


@pytest.mark.parametrize("flags", ["x", -1, 1 << 40, 2.5])
def test_name_flags_out_of_range_read_as_none(
    tmp_path: Path, base_home: Path, flags: object
) -> None:
    home = make_home(base_home, tmp_path / "home")
    path = write_old_layer(home, [(9000010, "Zzoldflags", 14.5, -4.2, "village", 10)])
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE names SET flags = ?", (flags,))
    with (
        pytest.warns(UserWarning, match="flags") as caught,
        Gazetteer(home, progress=False, build=False) as gaz,
    ):
        found = gaz.candidates("zzoldflags")
        assert gaz.candidates("zzoldflags") == found
    assert len(caught) == 1
    assert [(c.place.id, c.flags.value) for c in found] == [("geonames:9000010", 0)]

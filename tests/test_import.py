"""The imported layer: GeoNames formats, merging by id, idempotence, bad input."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from conflictmap.errors import GazetteerError, ImportFormatError
from conflictmap.paths import IMPORTED_DB
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.geonames_import import AUX_NAME, import_files

from ._geonames import counts, dump_row, layer_digest, make_home, write_dump, zip_file
from .conftest import cli_exit_code

KONA = dump_row(2454857, "Kona", 14.94329, -3.89474, alt="Kona,Konna,Kɔnna,GAQ")
TOWNS = [
    KONA,
    dump_row(2454104, "Léré", 15.7118, -4.9118, ascii_name="Lere", admin1="08"),
    dump_row(2461246, "Aguelhok", 18.71667, 1.31667, fclass="H", fcode="WLL", admin1="10"),
    dump_row(2453514, "Ménaka", 15.9182, 2.4022, fcode="PPLA", population=9110, admin1="12070577"),
]


@pytest.fixture
def home(tmp_path: Path, base_home: Path) -> Path:
    return make_home(base_home, tmp_path / "home")


@pytest.fixture
def towns(tmp_path: Path) -> Path:
    return write_dump(tmp_path / "XX.txt", TOWNS)


def open_gaz(home: Path) -> Gazetteer:
    return Gazetteer(home, progress=False)


def test_dump_rows_become_imported_places(home: Path, towns: Path) -> None:
    report = import_files([towns], home=home)
    assert [(f.file, f.format, f.rows, f.places) for f in report.files] == [
        ("XX.txt", "dump", 4, 4)
    ]
    with open_gaz(home) as gaz:
        kona = {c.place.id: c for c in gaz.candidates("konna")}["geonames:2454857"]
        assert kona.place.layer == "imported"
        assert (kona.place.name, kona.place.kind, kona.place.feature) == ("Kona", "village", "PPL")
        assert kona.place.admin1_name == "Mopti"  # from the bundled GeoNames admin1 names
        alternate = {c.place.id: c for c in gaz.candidates("kɔnna")}["geonames:2454857"]
        assert not alternate.own_name  # found by an alternate name only the dump has
        assert {c.place.id: c for c in gaz.candidates("kona")}["geonames:2454857"].own_name
        assert gaz.get("geonames:2453514").kind == "town"  # PPLA
        assert gaz.get("geonames:2461246").kind == "feature"  # a well
        assert "geonames:2454104" in {c.place.id for c in gaz.candidates("lere")}
        # "GAQ" is an airport-code-like alternate: filtered like the base build does
        assert "geonames:2454857" not in {c.place.id for c in gaz.candidates("gaq")}


def test_feature_classes_can_be_limited(home: Path, towns: Path) -> None:
    report = import_files([towns], home=home, classes="pa")
    assert (report.files[0].places, report.files[0].skipped) == (3, 1)
    with open_gaz(home) as gaz:
        assert not gaz.exists("geonames:2461246")


def test_importing_the_same_file_twice_changes_nothing(home: Path, towns: Path) -> None:
    import_files([towns], home=home)
    first, first_counts = layer_digest(home), counts(home)
    meta1 = _meta(home)
    import_files([towns], home=home)
    assert layer_digest(home) == first
    assert counts(home) == first_counts == (4, 6)
    meta2 = _meta(home)
    strip = [{k: v for k, v in f.items() if k != "imported_at"} for f in json.loads(meta2["files"])]
    assert strip == [
        {k: v for k, v in f.items() if k != "imported_at"} for f in json.loads(meta1["files"])
    ]
    assert meta2["places"] == meta1["places"] == "4"


def test_a_reimported_row_replaces_its_names(home: Path, tmp_path: Path) -> None:
    import_files([write_dump(tmp_path / "a.txt", [KONA])], home=home)
    renamed = dump_row(2454857, "Konna", 14.94329, -3.89474, alt="Kona")
    import_files([write_dump(tmp_path / "b.txt", [renamed])], home=home)
    with open_gaz(home) as gaz:
        assert gaz.get("geonames:2454857").name == "Konna"
        assert not gaz.candidates("kɔnna")  # the earlier row's alternate name is gone
        kona = [c for c in gaz.candidates("konna") if c.place.id == "geonames:2454857"]
        assert [c.own_name for c in kona] == [True]


def test_zip_and_txt_give_the_same_layer(tmp_path: Path, base_home: Path, towns: Path) -> None:
    txt_home = make_home(base_home, tmp_path / "txt")
    zip_home = make_home(base_home, tmp_path / "zip")
    import_files([towns], home=txt_home)
    archive = zip_file(tmp_path / "XX.zip", towns, extra={"readme.txt": "GeoNames readme\n"})
    report = import_files([archive], home=zip_home)
    assert report.files[0].file == "XX.zip:XX.txt"
    with sqlite3.connect(txt_home / IMPORTED_DB) as a, sqlite3.connect(zip_home / IMPORTED_DB) as b:
        query = "SELECT pid, name, lat, lon, kind FROM places ORDER BY rid"
        assert a.execute(query).fetchall() == b.execute(query).fetchall()
        names = "SELECT key, rid, flags FROM names ORDER BY key, rid"
        assert a.execute(names).fetchall() == b.execute(names).fetchall()


def test_imported_row_replaces_the_base_row_with_the_same_id(home: Path, tmp_path: Path) -> None:
    with open_gaz(home) as gaz:
        base_gao = gaz.get("geonames:2457163")
        assert base_gao.layer == "base"
    # The imported row does not carry the name "Gao": the base's name still finds
    # the place, and the imported row is what comes back.
    row = dump_row(2457163, "Gao-Ville", 16.27, -0.05, alt="", admin1="09", population=86633)
    import_files([write_dump(tmp_path / "gao.txt", [row])], home=home)
    with open_gaz(home) as gaz:
        assert gaz.get("geonames:2457163").name == "Gao-Ville"
        found = {c.place.id: c.place for c in gaz.candidates("gao")}
        assert found["geonames:2457163"].layer == "imported"
        assert found["geonames:2457163"].lon == -0.05


def test_alternate_names_only_for_places_the_gazetteer_holds(home: Path, tmp_path: Path) -> None:
    import_files([write_dump(tmp_path / "XX.txt", [KONA])], home=home)
    alt = tmp_path / "alternateNamesV2.txt"
    rows = [
        ("1", "2454857", "fr", "Konnah"),
        ("2", "2454857", "link", "https://en.wikipedia.org/wiki/Konna"),
        ("3", "2454857", "post", "BP12"),
        ("4", "2457163", "", "Gawgaw"),  # only the base has 2457163 (Gao)
        ("5", "999999999", "", "Nowhere"),
    ]
    alt.write_text("".join("\t".join([*r, *[""] * 6]) + "\n" for r in rows), encoding="utf-8")
    report = import_files([alt], home=home).files[0]
    assert (report.format, report.rows, report.names, report.skipped) == (
        "alternate_names", 5, 2, 3
    )  # fmt: skip
    with open_gaz(home) as gaz:
        assert [c.place.id for c in gaz.candidates("konnah")] == ["geonames:2454857"]
        gao = [c.place for c in gaz.candidates("gawgaw")]
        assert [(p.id, p.name, p.layer) for p in gao] == [("geonames:2457163", "Gao", "imported")]
        assert not gaz.candidates("nowhere")
        assert "geonames:2454857" not in {c.place.id for c in gaz.candidates("bp12")}
    # Importing the dump again keeps the names that came from the alternate-names file.
    import_files([write_dump(tmp_path / "XX.txt", [KONA])], home=home)
    with open_gaz(home) as gaz:
        assert [c.place.id for c in gaz.candidates("konnah")] == ["geonames:2454857"]
    with sqlite3.connect(home / IMPORTED_DB) as conn:
        flags = conn.execute("SELECT flags FROM names WHERE key = 'konnah'").fetchone()[0]
    assert flags == AUX_NAME


def test_admin_codes_name_regions_and_places(home: Path, tmp_path: Path) -> None:
    region = dump_row(2453347, "Mopti Region", 14.5, -4.0, fclass="A", fcode="ADM1", population=1)
    cercle = dump_row(8631543, "Cercle de Mopti", 14.4, -4.1, fclass="A", fcode="ADM2")
    import_files([write_dump(tmp_path / "XX.txt", [KONA, region, cercle])], home=home)
    admin1 = tmp_path / "admin1CodesASCII.txt"
    admin1.write_text("ML.04\tMopti Test\tMopti Test\t2453347\nZZ.01\tNo Point\tNo Point\t1\n")
    admin2 = tmp_path / "admin2Codes.txt"
    admin2.write_text("ML.04.8631543\tMopti Cercle\tMopti Cercle\t8631543\n")
    report = import_files([admin2, admin1], home=home)  # applied admin1 first, whatever the order
    assert [(f.format, f.rows, f.places, f.skipped) for f in report.files] == [
        ("admin1", 2, 1, 1),
        ("admin2", 1, 1, 0),
    ]
    with open_gaz(home) as gaz:
        assert gaz.get("geonames:2454857").admin1_name == "Mopti Test"
        assert gaz.get("geonames:2453347").kind == "region"
        assert [c.place.id for c in gaz.candidates("moptitest")] == ["geonames:2453347"]
        # the base knows the real cercle too (admin2.tsv, geonames:7701484); the made-up
        # one of this dump gets the admin2 file's name
        assert "geonames:8631543" in [c.place.id for c in gaz.candidates("mopticercle")]
    # A dump imported later takes region names from the stored codes.
    later = dump_row(6906555, "Kona", 13.076, -7.711, admin1="04")
    import_files([write_dump(tmp_path / "YY.txt", [later])], home=home)
    with open_gaz(home) as gaz:
        assert gaz.get("geonames:6906555").admin1_name == "Mopti Test"


def test_metadata_records_files_for_info(home: Path, towns: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import_files([towns], home=home)
    meta = _meta(home)
    files = json.loads(meta["files"])
    assert [(f["file"], f["rows"], f["places"]) for f in files] == [("XX.txt", 4, 4)]
    assert meta["places"] == "4" and meta["updated_at"] and "GeoNames" in meta["credits"]
    _run(["--home", str(home), "gazetteer", "info"])
    rows = {row["layer"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["imported"]["places"] == 4
    assert "XX.txt (4 rows" in rows["imported"]["files"]


def test_cli_import_prints_a_summary(home: Path, towns: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert _run(["--home", str(home), "gazetteer", "import", str(towns)]) == 0
    captured = capsys.readouterr()
    assert "XX.txt: 4 rows, 4 places" in captured.out
    assert "GeoNames" in captured.out
    assert "importing XX.txt 100%" in captured.err  # the progress bar (not a terminal here)


# -- bad input -----------------------------------------------------------------


def _damaged_zip(folder: Path, towns: Path, *, stored: bool = False) -> Path:
    """A zip whose data is damaged near its end (its directory is intact).

    Deflated data then fails to decompress after the first megabyte has been read;
    stored data decompresses but fails its CRC check at the very end.
    """
    rows = [KONA.replace("Kona", f"Kona{i}", 1) for i in range(30000)]
    big = write_dump(folder / "ZZ.txt", rows)
    archive = folder / "ZZ.zip"
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(archive, "w", compression=method) as out:
        out.write(big, big.name)
    info = zipfile.ZipFile(archive).infolist()[0]
    data = bytearray(archive.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + int(info.compress_size * 0.9)
    if stored:  # a plausible digit changes: only the CRC can tell
        digit = data.index(b"14.94329", start) + 3
        data[digit] = ord("8")
    else:
        data[start : start + 64] = bytes(b ^ 0x55 for b in data[start : start + 64])
    archive.write_bytes(bytes(data))
    return archive


BAD_INPUTS = {
    "truncated zip": (
        lambda d, t: _write(d / "ML.zip", zip_file(d / "ok.zip", t).read_bytes()[:300]),
        "not a readable zip file",
    ),
    "damaged zip data": (_damaged_zip, "ZZ.zip:ZZ.txt, line "),
    "zip crc mismatch": (
        lambda d, t: _damaged_zip(d, t, stored=True),
        "corrupt zip data (Bad CRC-32",
    ),
    "wrong column count": (
        lambda d, t: _write(d / "ML.txt", (TOWNS[0] + "\n" + "1\tonly\tthree\n").encode()),
        "ML.txt, line 2: 3 columns",
    ),
    "first row unknown": (
        lambda d, t: _write(d / "ML.txt", b"a\tb\tc\n"),
        "ML.txt, line 1: 3 columns: not a GeoNames table",
    ),
    "not utf-8": (
        lambda d, t: _write(
            d / "ML.txt", (TOWNS[0] + "\n").encode() + "Ségou\t".encode("latin-1") * 19
        ),
        "ML.txt, line 2: not UTF-8",
    ),
    "bad latitude": (
        lambda d, t: _write(d / "ML.txt", TOWNS[0].replace("14.94329", "north").encode()),
        "ML.txt, line 1: latitude 'north' is not a number",
    ),
    "empty file": (lambda d, t: _write(d / "ML.txt", b""), "holds no rows"),
    "zip without a table": (
        lambda d, t: _write_zip(d / "ML.zip", {"readme.txt": "x", "a.csv": "y", "b.csv": "z"}),
        "holds no GeoNames table",
    ),
    "countryInfo": (
        lambda d, t: _write(d / "countryInfo.txt", b"# ISO\tISO3\n"),
        "is not a table the gazetteer imports",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS), ids=list(BAD_INPUTS))
def test_bad_input_is_one_line_exit_1_and_keeps_the_layer(
    case: str, home: Path, towns: Path, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    import_files([towns], home=home)
    before = layer_digest(home)
    make, needle = BAD_INPUTS[case]
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    bad = make(bad_dir, towns)
    # the good file comes first: its rows are applied before the bad one fails
    good = write_dump(tmp_path / "good.txt", [dump_row(1, "Goodtown", 1.0, 1.0)])
    code = _run(["--home", str(home), "gazetteer", "import", "-q", str(good), str(bad)])
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 1, err
    assert len(lines) == 1 and "Traceback" not in err, err
    assert bad.name in lines[0] and needle in lines[0], lines[0]
    assert lines[0].startswith("conflictmap: error: ")
    assert layer_digest(home) == before
    assert not list(home.glob(".*.tmp"))
    with pytest.raises(ImportFormatError):
        import_files([bad], home=home)


def test_missing_file_is_an_error_before_anything_is_written(home: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert _run(["--home", str(home), "gazetteer", "import", str(home / "nope.txt")]) == 1
    assert "nope.txt" in capsys.readouterr().err
    assert not (home / IMPORTED_DB).exists()


def test_one_import_at_a_time(home: Path, towns: Path) -> None:
    import fcntl

    with (home / ".imported.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        with pytest.raises(GazetteerError, match="another import"):
            import_files([towns], home=home)
    import_files([towns], home=home)


def test_a_stale_temporary_file_is_removed(home: Path, towns: Path) -> None:
    stale = home / f".{IMPORTED_DB}.99999.tmp"
    stale.write_bytes(b"half an import")
    import_files([towns], home=home)
    assert not stale.exists()


def test_an_open_gazetteer_keeps_reading_while_an_import_replaces_the_layer(
    home: Path, towns: Path, tmp_path: Path
) -> None:
    import_files([towns], home=home)
    with open_gaz(home) as gaz:
        more = write_dump(tmp_path / "more.txt", [dump_row(7, "Newtown", 1.0, 1.0)])
        import_files([more], home=home)
        assert gaz.get("geonames:2454857").name == "Kona"
        assert not gaz.exists("geonames:7")
    with open_gaz(home) as gaz:
        assert gaz.get("geonames:7").name == "Newtown"


# -- helpers ---------------------------------------------------------------------


def _meta(home: Path) -> dict[str, str]:
    with sqlite3.connect(home / IMPORTED_DB) as conn:
        return dict(conn.execute("SELECT key, value FROM meta"))


_run = cli_exit_code


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _write_zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def test_a_damaged_imported_layer_is_kept_aside_not_overwritten(home: Path, towns: Path) -> None:
    from conflictmap.errors import GazetteerCorruptError

    damaged = b"SQLite format 3\x00" + b"\x07" * 5000
    (home / IMPORTED_DB).write_bytes(damaged)
    with pytest.raises(GazetteerCorruptError, match="kept as"):
        import_files([towns], home=home)
    aside = list(home.glob(f"{IMPORTED_DB}.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == damaged
    assert not (home / IMPORTED_DB).exists()
    import_files([towns], home=home)  # the next import starts a new layer
    assert counts(home)[0] == 4

"""Hostile and broken correction files (issue 20, defects 7, 10 and 14).

* A read-only home (``corrections.sqlite`` in a folder nobody may write, with no
  ``-wal``/``-shm`` files) still serves ``extract`` and ``gazetteer history``.
* ``import-corrections`` with numbers or nesting that Python's JSON reader chokes
  on gives one clear line and status 1, never "internal error".
* Hand-edited rows of the corrections file (bad JSON, latitude 999 or "x") are
  skipped with a warning, so every other correction still applies, and
  ``verify()`` names them.
* ``import-corrections`` checks what ``add`` checks: country codes, name length,
  and it caps uid length and the aliases of one file.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conflictmap.errors import CorrectionWarning
from conflictmap.paths import BASE_DB, CORRECTIONS_DB
from conflictmap.store.corrections import EXPORT_FORMAT, CorrectionStore
from conflictmap.store.corrections.base import MAX_IMPORT_ALIASES, MAX_UID
from conflictmap.store.gazetteer import Gazetteer

from ._geonames import make_home
from .conftest import ROOT, cli_exit_code

GAO_ML = "geonames:2457163"
ARTICLE = "Gunmen attacked Gao and Timbuktu on Monday, officials in Mali said."


@pytest.fixture
def home(tmp_path: Path, base_home: Path) -> Path:
    return make_home(base_home, tmp_path / "home")


def run_main(home: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli_exit_code(["--home", str(home), *args])
    out, err = capsys.readouterr()
    return code, out, err


def bundle(**sections: object) -> dict[str, object]:
    return {"format": EXPORT_FORMAT, "version": 1, **sections}


def import_text(
    home: Path, text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    path = tmp_path / "bundle.json"
    path.write_text(text, encoding="utf-8")
    return run_main(home, "gazetteer", "import-corrections", str(path), capsys=capsys)


def assert_one_clear_line(code: int, err: str, needle: str) -> None:
    assert code == 1, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "internal error" not in err and lines[0].startswith("conflictmap: error:"), err
    assert needle in lines[0], err


# -- defect 7: a read-only home --------------------------------------------------------


def _reader_command() -> list[str]:
    """How to run the CLI as a user who cannot write the home (root writes anywhere)."""
    if os.geteuid() != 0:
        return [sys.executable]
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot drop the right to write")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable]


def _derived_indexes(base_home: Path) -> list[str]:
    return [p.name for n in ("base-names-*.idx", "translit-*.sqlite") for p in base_home.glob(n)]


@pytest.fixture
def read_only_home(base_home: Path) -> Iterator[Path]:
    """A home in a 555 folder holding corrections.sqlite and no -wal/-shm files."""
    folder = Path(tempfile.mkdtemp(prefix="conflictmap-ro-"))
    try:
        os.chmod(folder, 0o755)
        try:
            os.link((base_home / BASE_DB).resolve(), folder / BASE_DB)
        except OSError:
            shutil.copyfile(base_home / BASE_DB, folder / BASE_DB)
        store = CorrectionStore(folder / CORRECTIONS_DB)
        store.reject("Timbuktu")
        store.verify()  # the last connection closes: the WAL is checkpointed and removed
        assert sorted(p.name for p in folder.iterdir()) == [BASE_DB, CORRECTIONS_DB]
        # the base's derived indexes, as a run that could write left them: else each run
        # builds them in memory (seconds of CPU; a read-only home without them is
        # test_robustness_stores' test_extract_works_on_an_unwritable_base). Copies, not
        # links: their mode is set to 0444 below.
        for name in _derived_indexes(base_home):
            shutil.copyfile(base_home / name, folder / name)
        (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
        for path in folder.iterdir():
            os.chmod(path, 0o444)
        os.chmod(folder, 0o555)
        yield folder
    finally:
        os.chmod(folder, stat.S_IRWXU)
        shutil.rmtree(folder, ignore_errors=True)


def run_reader(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONFLICTMAP_HOME": str(home), "PYTHONPATH": str(ROOT)}
    env.pop("CONFLICTMAP_DEBUG", None)
    return subprocess.run(
        [*_reader_command(), "-m", "conflictmap", *args],
        capture_output=True, text=True, env=env, timeout=300, cwd=home,
    )  # fmt: skip


def test_extract_works_in_a_read_only_home(read_only_home: Path, base_home: Path) -> None:
    proc = run_reader(read_only_home, "extract", str(read_only_home / "article.txt"))
    assert proc.returncode == 0, proc.stderr
    found = {m["text"] for m in json.loads(proc.stdout)["mentions"] if m["place"]}
    assert "Gao" in found and "Timbuktu" not in found  # the stored rejection still holds
    assert sorted(p.name for p in read_only_home.iterdir()) == sorted(
        [BASE_DB, CORRECTIONS_DB, "article.txt", *_derived_indexes(base_home)]
    )  # nothing written


def test_history_and_export_work_in_a_read_only_home(read_only_home: Path) -> None:
    proc = run_reader(read_only_home, "gazetteer", "history")
    assert proc.returncode == 0, proc.stderr
    assert [row["summary"] for row in json.loads(proc.stdout)] == ["reject 'Timbuktu'"]
    proc = run_reader(read_only_home, "gazetteer", "export", "-")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["reject"] == [{"name": "Timbuktu"}]


def test_a_write_in_a_read_only_home_is_one_clear_line(read_only_home: Path) -> None:
    proc = run_reader(read_only_home, "gazetteer", "reject", "Hagel")
    assert proc.returncode == 1
    assert proc.stderr.strip().startswith("conflictmap: error:"), proc.stderr
    assert "internal error" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


# -- defect 10: JSON that Python's reader chokes on ----------------------------------------


def test_a_400_digit_latitude_is_one_clear_line(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    place = json.dumps(_place(lat=0)).replace('"lat": 0', '"lat": ' + "9" * 400)
    text = json.dumps(bundle(places=[])).replace('"places": []', f'"places": [{place}]')
    code, _out, err = import_text(home, text, tmp_path, capsys)
    assert_one_clear_line(code, err, "places[0]: latitude")


def test_an_integer_over_4300_digits_is_one_clear_line(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = json.dumps(bundle()).replace('"version": 1', '"version": ' + "1" * 5000)
    code, _out, err = import_text(home, text, tmp_path, capsys)
    assert_one_clear_line(code, err, "not valid JSON")


def test_json_nested_100000_deep_is_one_clear_line(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    text = json.dumps(bundle(reject=[])).replace('"reject": []', f'"reject": {deep}')
    code, _out, err = import_text(home, text, tmp_path, capsys)
    assert_one_clear_line(code, err, "nested too deeply")


# -- defect 10: hand-edited rows --------------------------------------------------------


def _edit(path: Path, sql: str, *params: object) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


def _damaged_home(home: Path) -> CorrectionStore:
    store = CorrectionStore(home / CORRECTIONS_DB)
    store.reject("Timbuktu")
    for name, lat in (("Alpha", 14.0), ("Bravo", 14.5), ("Charlie", 15.0)):
        store.add(name, lat=lat, lon=-4.0, country="ML")
    path = home / CORRECTIONS_DB
    _edit(path, "UPDATE places SET value = ? WHERE pid = 'user:1'", "{not json")
    good = json.loads(sqlite3.connect(path).execute(
        "SELECT value FROM places WHERE pid = 'user:2'").fetchone()[0])  # fmt: skip
    _edit(
        path, "UPDATE places SET value = ? WHERE pid = 'user:2'", json.dumps({**good, "lat": 999})
    )
    _edit(
        path, "UPDATE places SET value = ? WHERE pid = 'user:3'", json.dumps({**good, "lat": "x"})
    )
    return store


def test_hand_edited_rows_are_skipped_with_a_warning(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _damaged_home(home)
    with (
        pytest.warns(CorrectionWarning) as caught,
        Gazetteer(home, progress=False, build=False) as gaz,
    ):
        assert "timbuktu" in gaz.overrides.reject  # the sound rows still apply
        assert not set(gaz.overrides.places) & {"user:1", "user:2", "user:3"}
    text = " ".join(str(w.message) for w in caught)
    assert "user:1" in text and "user:2" in text and "user:3" in text


def test_extract_runs_past_hand_edited_rows(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _damaged_home(home)
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code, out, err = run_main(home, "extract", str(article), capsys=capsys)
    assert code == 0, err
    found = {m["text"] for m in json.loads(out)["mentions"] if m["place"]}
    assert "Gao" in found and "Timbuktu" not in found
    assert "conflictmap: warning:" in err and "user:2" in err and "internal error" not in err


def test_verify_names_hand_edited_rows(home: Path) -> None:
    store = _damaged_home(home)
    check = store.verify()
    assert not check.ok
    text = " ".join(check.problems)
    assert "user:1" in text and "user:2" in text and "user:3" in text


def test_check_corrections_names_hand_edited_rows(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = CorrectionStore(home / CORRECTIONS_DB)
    store.reject("Hagel")
    code, out, err = run_main(home, "gazetteer", "check-corrections", capsys=capsys)
    assert code == 0 and out.strip() == "ok: integrity ok, 1 correction", err
    _damaged_home(home)
    code, out, err = run_main(home, "gazetteer", "check-corrections", capsys=capsys)
    assert code == 1, err
    problems = [line for line in out.splitlines() if line.startswith("problem: places")]
    assert len(problems) == 3 and "latitude 999 is outside" in out, out


def test_a_hand_edited_history_row_does_not_break_history(home: Path) -> None:
    store = CorrectionStore(home / CORRECTIONS_DB)
    store.reject("Timbuktu")
    store.reject("Hagel")
    conn = sqlite3.connect(home / CORRECTIONS_DB)
    try:  # the history is append-only: a hand edit has to drop its trigger first
        conn.execute("DROP TRIGGER history_no_update")
        conn.execute("UPDATE history SET changes = '[{oops' WHERE id = 1")
        conn.commit()
    finally:
        conn.close()
    rows = store.history()
    assert [r.id for r in rows] == [1, 2] and rows[0].status == "damaged"
    assert any("#1" in p for p in store.verify().problems)


# -- defect 14: import-corrections checks what add checks ------------------------------------


def _place(**fields: object) -> dict[str, object]:
    return {"id": "user:1", "name": "Ndjolbaye", "lat": 14.1, "lon": -4.2, **fields}


@pytest.mark.parametrize(
    ("country", "needle"),
    [("ZZ", "unknown country code 'ZZ'"), ("éé", "not a two-letter ISO code")],
)
def test_import_refuses_a_country_add_refuses(
    home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    country: str,
    needle: str,
) -> None:
    code, _out, err = run_main(
        home, "gazetteer", "add", "Ndjolbaye", "--lat", "14.1", "--lon", "-4.2",
        "--country", country, capsys=capsys,
    )  # fmt: skip
    assert_one_clear_line(code, err, needle)
    text = json.dumps(bundle(places=[_place(country=country)]), ensure_ascii=False)
    code, _out, err = import_text(home, text, tmp_path, capsys)
    assert_one_clear_line(code, err, needle)
    assert (
        not (home / CORRECTIONS_DB).exists() or not CorrectionStore(home / CORRECTIONS_DB).history()
    )


def test_import_caps_the_uid(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = json.dumps(bundle(places=[_place(uid="u" * (MAX_UID + 1))]))
    code, _out, err = import_text(home, text, tmp_path, capsys)
    assert_one_clear_line(code, err, f"longer than {MAX_UID} characters")


def test_import_caps_the_aliases_of_one_file(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    aliases = [{"name": f"Gao{i}", "place": GAO_ML} for i in range(MAX_IMPORT_ALIASES + 1)]
    code, _out, err = import_text(home, json.dumps(bundle(aliases=aliases)), tmp_path, capsys)
    assert_one_clear_line(code, err, f"more than {MAX_IMPORT_ALIASES:,} aliases")
    ok = json.dumps(bundle(aliases=aliases[:3]))
    code, out, err = import_text(home, ok, tmp_path, capsys)
    assert code == 0 and "3 aliases" in out, err


def test_import_caps_name_length(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Held before the fix too (the import cleans names as add does); kept as a guard.
    text = json.dumps(bundle(places=[_place(name="N" * 100_000)]))
    code, _out, err = import_text(home, text, tmp_path, capsys)
    assert_one_clear_line(code, err, "longer than 200 characters")


# -- every parser linear: replaying an import reads each stored place once ----------------


def test_replaying_an_import_reads_each_stored_place_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conflictmap.store.corrections import state

    count = 300
    places = [
        {"id": f"user:{i}", "name": f"Place {i}", "lat": 10 + i / 1000, "lon": 1.0}
        for i in range(1, count + 1)
    ]
    raw = json.dumps(bundle(places=places)).encode()
    store = CorrectionStore(tmp_path / CORRECTIONS_DB)
    assert store.import_bytes(raw).changed
    decoded: list[str] = []
    checked = state._checked

    def counting(table: str, key: tuple[str, ...], text: object) -> object:
        decoded.append(table)
        return checked(table, key, text)

    monkeypatch.setattr(state, "_checked", counting)
    assert not store.import_bytes(raw).changed  # a replay adds nothing
    # One pass over the stored places (plus the cells the plan reads), not one per
    # entry: a scan per entry decoded 45,150 cells here.
    assert decoded.count("places") <= 2 * count, len(decoded)

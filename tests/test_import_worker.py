"""Big dumps' name keys are staged by a second process: the same layer, and failures fail.

The worker is used from ``IMPORT.worker_min_bytes`` of dumps; here the threshold is
set to 0 (every import uses it) or out of reach (none does), and the two layers and
reports are compared, with a row replaced by a later one of the same call, a
re-import, feature classes and the other tables.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

import pytest

from conflictmap.errors import GazetteerError, ImportFormatError
from conflictmap.store.geonames import bulk, import_files, transaction, worker
from conflictmap.tuning.imports import IMPORT

from ._geonames import dump_row, integrity, layer_digest, make_home, write_dump

ROOT = Path(__file__).resolve().parents[1]


def _diverse(path: Path, rows: int) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from diverse_dump import diverse_dump
    finally:
        sys.path.remove(str(ROOT / "bench"))
    made: Path = diverse_dump(path, rows, seed=3)
    return made


def _threshold(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    monkeypatch.setattr(transaction, "IMPORT", dataclasses.replace(IMPORT, worker_min_bytes=size))


def _files(tmp_path: Path) -> tuple[list[Path], list[Path]]:
    dump = _diverse(tmp_path / "diverse.txt", 3_000)
    again = write_dump(
        tmp_path / "again.txt",
        [
            dump_row(2454857, "Kona", 14.94, -3.89, alt="Konna,Kɔnna,KNA"),
            dump_row(2454857, "Kona Bis", 14.94, -3.89, alt="Konabis"),
            dump_row(7, "St. Louis", 1.0, 1.0, alt="Saint-Louis,Сент-Луис", fclass="A"),
        ],
    )
    admin = tmp_path / "admin1CodesASCII.txt"
    admin.write_text("ML.04\tMopti\tMopti\t0\n", encoding="utf-8")
    return [dump, again, admin], [again, dump]


def _layers(
    tmp_path: Path, base_home: Path, monkeypatch: pytest.MonkeyPatch, size: int, classes: str | None
) -> tuple[str | None, list[tuple[Any, ...]]]:
    home = make_home(base_home, tmp_path / f"home-{size}-{classes}")
    first, second = _files(tmp_path)
    _threshold(monkeypatch, size)
    reports: list[tuple[Any, ...]] = []
    for files in (first, second):
        report = import_files(files, home=home, classes=classes)
        reports += [(f.file, f.rows, f.places, f.names, f.skipped) for f in report.files]
        reports.append((report.places, report.names))
    return layer_digest(home), reports


@pytest.mark.parametrize("classes", [None, "PA"])
def test_the_worker_stages_what_the_import_would(
    tmp_path: Path, base_home: Path, monkeypatch: pytest.MonkeyPatch, classes: str | None
) -> None:
    started = []
    real = worker.Worker.__init__

    def spy(self: worker.Worker, *args: object, **kwargs: object) -> None:
        started.append(args)
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(worker.Worker, "__init__", spy)
    alone = _layers(tmp_path, base_home, monkeypatch, 1 << 62, classes)
    assert started == []
    with_worker = _layers(tmp_path, base_home, monkeypatch, 0, classes)
    assert len(started) == 2
    assert with_worker == alone
    assert alone[0] is not None and alone[1][0][3] > 3_000


@pytest.mark.parametrize("split", [False, True])
def test_names_the_worker_sorted_make_the_same_first_layer(
    tmp_path: Path, base_home: Path, monkeypatch: pytest.MonkeyPatch, split: bool
) -> None:
    """A first import of rising ids: the child sorts the keys and they are copied in."""
    rows = _diverse(tmp_path / "d.txt", 3_000).read_text(encoding="utf-8").splitlines(True)
    if split:  # two files, the ids still rising from the first to the second
        dumps = [tmp_path / "d1.txt", tmp_path / "d2.txt"]
        dumps[0].write_text("".join(rows[:1_000]), encoding="utf-8")
        dumps[1].write_text("".join(rows[1_000:]), encoding="utf-8")
    else:
        dumps = [tmp_path / "d.txt"]
    copied: list[bool] = []
    real = bulk.BulkLoad._copy_sorted

    def spy(self: bulk.BulkLoad, progress: object) -> bool:
        copied.append(real(self, None))
        return copied[-1]

    monkeypatch.setattr(bulk.BulkLoad, "_copy_sorted", spy)
    digests, reports = [], []
    for size in (1 << 62, 0):
        home = make_home(base_home, tmp_path / f"home-{size}")
        _threshold(monkeypatch, size)
        report = import_files(dumps, home=home)
        digests.append(layer_digest(home))
        reports.append([(f.file, f.rows, f.places, f.names) for f in report.files])
        reports.append([report.places, report.names])
        assert integrity(home) == "ok"
    assert copied == [True]
    assert digests[0] == digests[1] and digests[0] is not None
    assert reports[0] == reports[2] and reports[1] == reports[3]


def _previous(tmp_path: Path, base_home: Path) -> tuple[Path, str | None]:
    home = make_home(base_home, tmp_path / "home")
    import_files([write_dump(tmp_path / "prev.txt", [dump_row(5, "Gao", 1.0, 1.0)])], home=home)
    return home, layer_digest(home)


def test_a_file_that_changed_under_the_worker_fails_the_import(
    tmp_path: Path, base_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, before = _previous(tmp_path, base_home)
    dump = _diverse(tmp_path / "d.txt", 500)
    other = _diverse(tmp_path / "other.txt", 499)
    real = worker.Worker.__init__

    def swapped(
        self: worker.Worker, load: Path, files: list[Path], *rest: object, **kw: object
    ) -> None:
        real(self, load, [other], *rest, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(worker.Worker, "__init__", swapped)
    _threshold(monkeypatch, 0)
    with pytest.raises(ImportFormatError, match="changed during the import"):
        import_files([dump], home=home)
    assert layer_digest(home) == before and integrity(home) == "ok"
    assert not list(home.glob(".imported.sqlite.*"))


def test_a_failed_worker_fails_the_import(
    tmp_path: Path, base_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, before = _previous(tmp_path, base_home)
    dump = _diverse(tmp_path / "d.txt", 500)
    real = worker.Worker.__init__

    def gone(self: worker.Worker, load: Path, *rest: object, **kw: object) -> None:
        load.unlink()  # the child opens the staging file without creating it
        real(self, load, *rest, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(worker.Worker, "__init__", gone)
    _threshold(monkeypatch, 0)
    with pytest.raises(GazetteerError, match="staging the names failed"):
        import_files([dump], home=home)
    assert layer_digest(home) == before and integrity(home) == "ok"


def test_a_bad_row_is_named_by_the_import_not_the_worker(
    tmp_path: Path, base_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, before = _previous(tmp_path, base_home)
    rows = [dump_row(10 + i, f"Place {i}", 1.0, 1.0) for i in range(50)]
    rows[30] = rows[30].replace("\t1.0\t", "\t91.0\t", 1)
    rows[40] = "only\tfour\tcolumns\there"
    _threshold(monkeypatch, 0)
    with pytest.raises(
        ImportFormatError, match=r"bad\.txt, line 31: latitude 91.0 is out of range"
    ):
        import_files([write_dump(tmp_path / "bad.txt", rows)], home=home)
    assert layer_digest(home) == before

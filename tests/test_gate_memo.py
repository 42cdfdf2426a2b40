"""The gates' memo (issue 19: start-up): what they read from patterns, kept in the home.

A run of the CLI reads the memo of its home and writes back what it read anew; the next
run reads no pattern it holds, and gives the same output. Without :func:`load` (the
library, the tests) the readings are kept in the process only: nothing is written.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conflictmap.text import gatememo, gates
from conflictmap.text.patterns import lazy

from ._textmemo import cli_twice, counting_run, home_beside, memo_file
from .conftest import ROOT

SOURCES = (
    (r"(?:\bon\s+)?\b(?:jan|feb)\.?\s+[0-3]?\d\b", re.IGNORECASE),
    (r"\b(?:a|one|[1-9])\s+days?\s+ago\b", re.IGNORECASE),
    (r"[0-9]+", 0),
)


def _readings() -> list[tuple[Any, ...]]:
    out = []
    for source, flags in SOURCES:
        pattern = lazy(source, flags)
        out.append((gates.needed(pattern), gates.needed_all(pattern), gates.starts(pattern)))
        assert not pattern.compiled_yet
    return out


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A fresh memo for the test, and the patterns the gates parse meanwhile."""
    monkeypatch.setattr(gatememo, "_MEMO", gatememo._Memo())
    seen: list[str] = []

    def counted(real: Any) -> Any:
        def read(source: str, flags: int) -> Any:
            seen.append(source)
            return real(source, flags)

        return read

    for name in ("_needed", "_needed_all", "_starts_of"):  # what reads a pattern's tree
        monkeypatch.setattr(gates, name, counted(getattr(gates, name)))
    return seen


def _memo_file(home: Path) -> Path:
    return memo_file(home, "gates")


def test_a_saved_memo_gives_the_same_readings_without_parsing(
    tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _readings()  # no memo loaded: read from the patterns, nothing kept
    assert len(parses) == 3 * len(SOURCES)
    gatememo.save()
    assert not list(tmp_path.iterdir())
    gatememo.load(tmp_path)
    assert _readings() == expected and len(parses) == 6 * len(SOURCES)
    gatememo.save()
    rows = json.loads(_memo_file(tmp_path).read_text(encoding="utf-8"))
    assert len(rows) == 3 * len(SOURCES)
    monkeypatch.setattr(gatememo, "_MEMO", gatememo._Memo())  # the next run
    gatememo.load(tmp_path)
    parses.clear()
    assert _readings() == expected and parses == []


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"{}",
        b'[["needed", 2, "x"]]',
        b'[["needed", "2", "x", null]]',
        b'[["needed", 2, "x", [1]]]',
        b'[["needed_all", 2, "x", ["ab"]]]',
        b'[["other", 2, "x", null]]',
        b'[["needed", 2, "ok", ["ok"]], ["needed", 2, "x", 5]]',
    ],
)
def test_a_damaged_or_foreign_memo_is_ignored_and_replaced(
    tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    gatememo.load(tmp_path)
    expected = _readings()
    gatememo.save()  # a whole memo, then damaged
    path = _memo_file(tmp_path)
    path.write_bytes(content)
    monkeypatch.setattr(gatememo, "_MEMO", gatememo._Memo())
    gatememo.load(tmp_path)
    assert gatememo._MEMO.readings == {}  # all of the file or nothing of it
    parses.clear()
    assert _readings() == expected and len(parses) == 3 * len(SOURCES)
    gatememo.save()
    assert len(json.loads(path.read_text(encoding="utf-8"))) == 3 * len(SOURCES)


def test_without_a_home_each_pattern_is_read_once_and_nothing_written(
    tmp_path: Path, parses: list[str]
) -> None:
    expected = _readings()
    assert _readings() == expected and len(parses) == 3 * len(SOURCES)  # the second: no parse
    gatememo.save()
    assert not list(tmp_path.iterdir())


def test_another_versions_memo_is_removed_and_an_unwritable_home_keeps_none(
    tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "gates-0000000000000000.json"
    old.write_text("[]", encoding="utf-8")
    gatememo.load(tmp_path)
    _readings()
    gatememo.save()
    assert not old.exists() and _memo_file(tmp_path).name != old.name
    monkeypatch.setattr(gatememo, "_MEMO", gatememo._Memo())
    gatememo.load(tmp_path / "no-such-home")
    _readings()
    gatememo.save()  # the folder is missing: no error, no file
    assert not (tmp_path / "no-such-home").exists()


def test_the_memo_file_is_named_by_the_gates_code_and_python() -> None:
    assert gatememo.version(b"code", "3.11.7") != gatememo.version(b"code", "3.12.0")
    assert gatememo.version(b"code", "3.11.7") != gatememo.version(b"code2", "3.11.7")


_COUNTING_RUN = counting_run(
    "from conflictmap.text import gates\n"
    "seen = []\n"
    "def counted(real):\n"
    "    def read(source, flags):\n"
    "        seen.append(source)\n"
    "        return real(source, flags)\n"
    "    return read\n"
    "for name in ('_needed', '_needed_all', '_starts_of'):\n"
    "    setattr(gates, name, counted(getattr(gates, name)))\n"
)


def test_the_second_run_of_the_cli_reads_no_pattern_and_prints_the_same(
    base_home: Path, tmp_path: Path
) -> None:
    home = home_beside(base_home, tmp_path)
    args = ["extract", str(ROOT / "examples" / "sahel-convoy.txt")]
    (first, read_first), (second, read_second) = cli_twice(home, _COUNTING_RUN, args)
    assert read_first > 0 and read_second == 0
    assert first == second and json.loads(first)["places"]
    assert _memo_file(home).stat().st_size > 0


def test_a_map_keeps_the_memo_too(base_home: Path, tmp_path: Path) -> None:
    home = home_beside(base_home, tmp_path)
    args = ["map", str(ROOT / "examples" / "sahel-convoy.txt"), "-o", str(tmp_path / "map.html")]
    (_, read_first), (_, read_second) = cli_twice(home, _COUNTING_RUN, args)
    assert read_first > 0 and read_second == 0
    assert json.loads(_memo_file(home).read_text(encoding="utf-8"))

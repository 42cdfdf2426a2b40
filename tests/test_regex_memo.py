"""The memo of compiled patterns (issue 19: start-up), kept in the home.

A run of the CLI rebuilds the patterns its home's memo holds from their code, without
parsing them, and writes back those it compiled anew; every pattern it gives equals
:func:`re.compile`'s (``==`` compares the flags, the source and the whole code).
Without :func:`load` (the library, the tests) nothing is kept or written.
"""

from __future__ import annotations

import gc
import importlib
import json
import pkgutil
import re
from pathlib import Path
from typing import Any

import pytest

import conflictmap
from conflictmap.text import regexmemo
from conflictmap.text.patterns import LazyPattern, lazy

from ._textmemo import cli_twice, counting_run, home_beside, memo_file
from .conftest import ROOT

SOURCES = (
    (r"\b(?P<n>\d+)\s*(?:km|kilometres?)\s+(?P<dir>north|south)(?:-?(?:east|west))?\b", re.I),
    (r"(?:\bon\s+)?\b(?:jan|feb)\.?\s+[0-3]?\d\b", re.IGNORECASE | re.MULTILINE),
    (r"[0-9]+", 0),
    (r"(?<!\w)(?:Gao|Kidal|Tombouctou)(?!\w)", 0),
)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A fresh memo for the test, and the patterns parsed meanwhile."""
    monkeypatch.setattr(regexmemo, "_MEMO", regexmemo._Memo())
    seen: list[str] = []
    real = regexmemo._parts

    def counted(source: str, flags: int) -> Any:
        seen.append(source)
        return real(source, flags)

    monkeypatch.setattr(regexmemo, "_parts", counted)
    return seen


def _compiled() -> list[re.Pattern[str]]:
    out = [regexmemo.compile(source, flags) for source, flags in SOURCES]
    for got, (source, flags) in zip(out, SOURCES, strict=True):
        expected = re.compile(source, flags)
        assert got == expected
        assert (got.groups, dict(got.groupindex)) == (expected.groups, dict(expected.groupindex))
    return out


def _memo_file(home: Path) -> Path:
    return memo_file(home, "regex")


def test_every_pattern_of_the_package_is_rebuilt_exactly() -> None:
    for module in pkgutil.walk_packages(conflictmap.__path__, "conflictmap."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    patterns = {(p.pattern, p._flags) for p in gc.get_objects() if isinstance(p, LazyPattern)}
    assert len(patterns) > 100  # the events, statements and spotting patterns
    for source, flags in sorted(patterns):
        parts = regexmemo._parts(source, flags)
        assert parts is not None, source
        rebuilt, expected = regexmemo._build(source, parts), re.compile(source, flags)
        assert rebuilt == expected, source
        assert rebuilt.groupindex == expected.groupindex and rebuilt.groups == expected.groups
        # what the file holds gives the same pattern back
        ((key, again),) = [regexmemo._entry(json.loads(json.dumps([source, flags, *parts])))]
        assert key == (source, flags) and regexmemo._build(source, again) == expected


def test_a_saved_memo_gives_the_same_patterns_without_parsing(
    tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _compiled()  # no memo loaded: compiled by re, nothing kept
    assert parses == []
    regexmemo.save()
    assert not list(tmp_path.iterdir())
    regexmemo.load(tmp_path)
    assert _compiled() == expected and len(parses) == len(SOURCES)
    regexmemo.save()
    assert len(json.loads(_memo_file(tmp_path).read_text(encoding="utf-8"))) == len(SOURCES)
    monkeypatch.setattr(regexmemo, "_MEMO", regexmemo._Memo())  # the next run
    regexmemo.load(tmp_path)
    parses.clear()
    assert _compiled() == expected and parses == []
    before = _memo_file(tmp_path).stat().st_mtime_ns
    regexmemo.save()  # nothing new: not written
    assert _memo_file(tmp_path).stat().st_mtime_ns == before


def test_lazy_patterns_go_through_the_memo(tmp_path: Path, parses: list[str]) -> None:
    regexmemo.load(tmp_path)
    pattern = lazy(r"\bnear\s+(?P<name>\w+)", re.IGNORECASE)
    assert pattern.search("Fighting NEAR Gao.").group("name") == "Gao"  # type: ignore[union-attr]
    assert parses == [pattern.pattern]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"{}",
        b'[["[0-9]+", 0, 32, [1, 2, 3], 0, {}]]',
        b'[["[0-9]+", "0", 32, [1], 0, {}, [null]]]',
        b'[["[0-9]+", 0, 32, ["1"], 0, {}, [null]]]',
        b'[["[0-9]+", 0, 32, [1], 0, {"a": "1"}, [null]]]',
        b'[["[0-9]+", 0, 32, [1], 0, {}, [3]]]',
    ],
)
def test_a_damaged_or_foreign_memo_is_ignored_and_replaced(
    tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    regexmemo.load(tmp_path)
    expected = _compiled()
    regexmemo.save()  # a whole memo, then damaged
    path = _memo_file(tmp_path)
    path.write_bytes(content)
    monkeypatch.setattr(regexmemo, "_MEMO", regexmemo._Memo())
    regexmemo.load(tmp_path)
    assert regexmemo._MEMO.parts == {}  # all of the file or nothing of it
    parses.clear()
    assert _compiled() == expected and len(parses) == len(SOURCES)
    regexmemo.save()
    assert len(json.loads(path.read_text(encoding="utf-8"))) == len(SOURCES)


def test_code_the_engine_refuses_is_compiled_again_and_replaced(
    tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    regexmemo.load(tmp_path)
    expected = _compiled()
    regexmemo.save()
    path = _memo_file(tmp_path)
    rows = json.loads(path.read_text(encoding="utf-8"))
    rows[0][3] = [1, 2, 3, 99999]  # well-formed JSON, not code: "invalid SRE code"
    path.write_text(json.dumps(rows), encoding="utf-8")
    monkeypatch.setattr(regexmemo, "_MEMO", regexmemo._Memo())
    regexmemo.load(tmp_path)
    parses.clear()
    assert _compiled() == expected and parses == [rows[0][0]]
    regexmemo.save()
    again = json.loads(path.read_text(encoding="utf-8"))
    assert again[0][3] != [1, 2, 3, 99999] and len(again) == len(SOURCES)


def test_a_python_whose_re_works_otherwise_keeps_no_memo(
    tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = regexmemo._build

    def other(source: str, parts: Any) -> re.Pattern[str]:
        return real(source, (parts[0] ^ re.IGNORECASE, *parts[1:]))

    monkeypatch.setattr(regexmemo, "_build", other)
    regexmemo.load(tmp_path)
    _compiled()
    regexmemo.save()
    assert not list(tmp_path.iterdir())


def test_another_versions_memo_is_removed_and_an_unwritable_home_keeps_none(
    tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "regex-0000000000000000.json"
    old.write_text("[]", encoding="utf-8")
    regexmemo.load(tmp_path)
    _compiled()
    regexmemo.save()
    assert not old.exists() and _memo_file(tmp_path).name != old.name
    monkeypatch.setattr(regexmemo, "_MEMO", regexmemo._Memo())
    regexmemo.load(tmp_path / "no-such-home")
    _compiled()
    regexmemo.save()  # the folder is missing: no error, no file
    assert not (tmp_path / "no-such-home").exists()


def test_the_memo_file_is_named_by_python_and_its_engine() -> None:
    assert regexmemo.version("3.11.7", "a") != regexmemo.version("3.12.0", "a")
    assert regexmemo.version("3.11.7", "a") != regexmemo.version("3.11.7", "b")


_COUNTING_RUN = counting_run(
    "from conflictmap.text import regexmemo\n"
    "seen = []\n"
    "real = regexmemo._parts\n"
    "def counted(source, flags):\n"
    "    seen.append(source)\n"
    "    return real(source, flags)\n"
    "regexmemo._parts = counted\n"
)


@pytest.mark.parametrize("jsonl", [False, True], ids=["article", "jsonl"])
def test_the_second_run_of_the_cli_parses_no_pattern_and_prints_the_same(
    base_home: Path, tmp_path: Path, jsonl: bool
) -> None:
    home = home_beside(base_home, tmp_path)
    article = ROOT / "examples" / "kharkiv-front.txt"
    if jsonl:
        feed = tmp_path / "feed.jsonl"
        feed.write_text(
            json.dumps({"id": "k", "text": article.read_text(encoding="utf-8")}) + "\n",
            encoding="utf-8",
        )
        args = ["extract", "--jsonl", str(feed), "--workers", "1"]
    else:
        args = ["extract", str(article), "--events"]
    (first, parsed_first), (second, parsed_second) = cli_twice(home, _COUNTING_RUN, args)
    assert parsed_first > 50 and parsed_second == 0
    assert first == second
    assert json.loads(first.splitlines()[0] if jsonl else first)["places"]
    assert len(json.loads(_memo_file(home).read_text(encoding="utf-8"))) == parsed_first

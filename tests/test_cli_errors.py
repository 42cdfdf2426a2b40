"""Bad input gets one clear line on stderr and exit status 1, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(
    args: list[str], home: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "CONFLICTMAP_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "conflictmap", *args],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=300,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[bytes], needle: str) -> None:
    err = proc.stderr.decode()
    assert proc.returncode == 1, (proc.returncode, err)
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip() and "building gazetteer" not in line]
    assert len(lines) == 1, err
    assert needle in lines[0], lines[0]


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: _write(d / "empty.txt", b""), "empty"),
        (lambda d: _write(d / "blank.txt", b"  \n\t \n"), "empty"),
        (lambda d: _write(d / "binary.txt", bytes(range(256)) * 20), "binary"),
        (lambda d: _write(d / "latin.txt", b"\x81\x8d\x8f\x90\x9d" * 50 + b"\xff\xfe\x00"), ""),
    ],
    ids=["missing", "directory", "empty", "whitespace", "binary", "undecodable"],
)
def test_bad_article(tmp_path: Path, base_home: Path, make, needle: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    proc = run(["extract", str(path)], base_home)
    assert_one_line_error(proc, needle)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_usage_error_exits_2(base_home: Path) -> None:
    proc = run(["extract"], base_home)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr.decode()

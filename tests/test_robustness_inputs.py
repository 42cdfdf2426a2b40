"""Hostile, broken and huge inputs through the real command line (issue 9).

Every case runs ``python -m conflictmap`` in a subprocess and demands either
correct output or exit status 1 with exactly one line on stderr, never a
traceback, and never a changed or half-written output file. Peak memory of the
child comes from ``os.wait4`` (its own ``ru_maxrss``), so the size-limit tests
can show that a 100 MB article is never held in memory.

Permissions: when the tests run as root, the child is started with
CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH dropped from its capability bounding
set (``prctl(PR_CAPBSET_DROP)``), so file modes apply to it as to any user.
"""

from __future__ import annotations

import codecs
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conflictmap.errors import (
    ArticleFileError,
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputTooLargeError,
)
from conflictmap.text import decode_bytes, html_to_text, read_article

MB = 1024 * 1024
ARTICLE = "Fighting resumed in Ségou and Ménaka, north-east of Bamako, on Monday."
PLACES = {"Ségou", "Ménaka", "Bamako"}

# -- running the CLI ----------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: bytes
    stderr: str
    #: peak resident memory of the child in KiB (Linux ``ru_maxrss``)
    maxrss_kb: int

    @property
    def error_lines(self) -> list[str]:
        return [
            line
            for line in self.stderr.splitlines()
            if line.strip() and not line.startswith("building gazetteer")
        ]


#: Runs a command and writes its peak RSS (KiB) to a file. The measured process is
#: started from this small interpreter, not from the test process: Linux carries a
#: process's ``maxrss`` over fork and exec, so a child forked straight from a large
#: pytest process would report pytest's size instead of its own.
_MEASURE = (
    "import os, subprocess, sys\n"
    "p = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
    "code = os.waitstatus_to_exitcode(status)\n"
    "sys.exit(code if code >= 0 else 128 - code)\n"
)


def cli(
    args: list[str],
    home: Path,
    *,
    stdin: bytes | Path | None = None,
    cwd: Path | None = None,
    preexec: Callable[[], None] | None = None,
    timeout: float = 300,
) -> Outcome:
    """Run ``conflictmap ARGS`` and return its outcome with the child's own peak RSS."""
    env = {**os.environ, "CONFLICTMAP_HOME": str(home)}
    env.pop("CONFLICTMAP_DEBUG", None)
    with tempfile.TemporaryDirectory() as scratch:
        rss = Path(scratch) / "rss"
        out_path, err_path = Path(scratch) / "out", Path(scratch) / "err"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            feed: int | object = subprocess.DEVNULL
            handle = None
            if isinstance(stdin, Path):
                handle = stdin.open("rb")
                feed = handle
            elif stdin is not None:
                feed = subprocess.PIPE
            command = [sys.executable, "-S", "-c", _MEASURE, str(rss)]
            proc = subprocess.Popen(
                [*command, sys.executable, "-m", "conflictmap", *args],
                stdin=feed,  # type: ignore[arg-type]
                stdout=out,
                stderr=err,
                env=env,
                cwd=cwd,
                preexec_fn=preexec,
                start_new_session=True,
            )
            writer = None
            if isinstance(stdin, bytes):
                writer = threading.Thread(target=_feed, args=(proc, stdin), daemon=True)
                writer.start()
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the runner and the command
                proc.wait()
            finally:
                if handle is not None:
                    handle.close()
            if writer is not None:
                writer.join(5)
        return Outcome(
            proc.returncode,
            out_path.read_bytes(),
            err_path.read_text(encoding="utf-8", errors="replace"),
            int(rss.read_text()) if rss.exists() else 0,
        )


def _feed(proc: subprocess.Popen[bytes], data: bytes) -> None:
    assert proc.stdin is not None
    try:
        proc.stdin.write(data)
        proc.stdin.close()
    except BrokenPipeError:
        pass  # the child refused the input before reading all of it


def assert_one_line_error(outcome: Outcome, needle: str = "") -> str:
    assert "Traceback" not in outcome.stderr, outcome.stderr
    assert outcome.returncode == 1, (outcome.returncode, outcome.stderr)
    lines = outcome.error_lines
    assert len(lines) == 1, outcome.stderr
    assert lines[0].startswith("conflictmap: error: "), lines[0]
    assert "internal error" not in lines[0]
    assert needle.lower() in lines[0].lower(), lines[0]
    return lines[0]


def assert_places(outcome: Outcome, expected: set[str] = PLACES) -> dict[str, Any]:
    assert "Traceback" not in outcome.stderr, outcome.stderr
    assert outcome.returncode == 0, outcome.stderr
    result = json.loads(outcome.stdout)
    names = {p["name"] for p in result["places"].values()}
    assert expected <= names, names
    mojibake = [m["text"] for m in result["mentions"] if "Ã" in m["text"] or "\ufffd" in m["text"]]
    assert not mojibake
    return result


# -- permissions that apply even to root ---------------------------------------------

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE = 1
_CAP_DAC_READ_SEARCH = 2


def _drop_file_capabilities() -> None:  # runs in the child before exec
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


@pytest.fixture(scope="module")
def as_user(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], None] | None:
    """A ``preexec_fn`` under which file modes bind the child, or ``None`` if they already do."""
    if os.geteuid() != 0:
        return None
    probe = tmp_path_factory.mktemp("perm") / "secret.txt"
    probe.write_text("x")
    probe.chmod(0)
    code = f"open({str(probe)!r}).read()"
    try:
        proc = subprocess.run(
            [sys.executable, "-c", code],
            preexec_fn=_drop_file_capabilities,
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as error:
        pytest.skip(f"running as root and cannot drop CAP_DAC_OVERRIDE for the child: {error}")
    if proc.returncode == 0:
        pytest.skip("running as root and dropping CAP_DAC_OVERRIDE did not make chmod effective")
    return _drop_file_capabilities


# -- fixtures ------------------------------------------------------------------------------


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


HTML_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Mali: fighting near S&eacute;gou</title>
<style>.Kidal { color: red }</style><script>var place = "Timbuktu";</script></head>
<body><nav><a href="/">Home</a> <a href="/gao">Gao</a></nav>
<!-- Tessalit is only named in a comment -->
<article><h1>Fighting resumes</h1>
<p>Rebels attacked M&eacute;naka &amp; the outskirts of Bamako&#39;s airport.</p>
<p>Troops moved
   from <b>S&#xe9;gou</b>.</p></article>
<footer>About Kidal</footer></body></html>
"""
HTML_HIDDEN = {"Timbuktu", "Gao", "Kidal", "Tessalit"}

MALFORMED_HTML = (
    "<html><body><p>Rebels took <b>Bamako<p>then <i>S&eacute;gou</b> &amp <div>and "
    "M&eacute;naka</span></td></table><p><<<>>> &notarealentity; </html></html><p>"
)


# -- error cases: exit 1, one line ---------------------------------------------------------

ERROR_CASES: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "missing file": (lambda d: ["extract", str(d / "missing.txt")], "no such file"),
    "directory": (lambda d: ["extract", str(d)], "is a directory"),
    "empty file": (lambda d: ["extract", str(write(d / "e.txt", b""))], "empty"),
    "whitespace only": (
        lambda d: ["extract", str(write(d / "w.txt", b" \n\t\r\n  \x0c\n"))],
        "empty",
    ),
    "utf-16 whitespace only": (
        lambda d: ["extract", str(write(d / "w16.txt", " \n\t \n".encode("utf-16")))],
        "empty",
    ),
    "binary bytes": (
        lambda d: ["extract", str(write(d / "b.txt", bytes(range(256)) * 40))],
        "binary",
    ),
    "png image named .txt": (
        lambda d: [
            "extract",
            str(write(d / "img.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(4000))),
        ],
        "binary",
    ),
    "undecodable bytes": (
        lambda d: ["extract", str(write(d / "u.txt", b"\x81\x8d\x8f\x90\x9d" * 50))],
        "encoding",
    ),
    "truncated utf-16": (
        lambda d: ["extract", str(write(d / "t16.txt", codecs.BOM_UTF16_LE + b"G\x00a\x00o"))],
        "utf-16",
    ),
    "html without text": (
        lambda d: [
            "extract",
            str(write(d / "s.html", "<html><script>var Gao = 1;</script><!-- Kidal --></html>")),
        ],
        "no article text",
    ),
    "socket": (lambda d: ["extract", _socket(d / "sock")], "socket"),
    "larger than --max-size": (
        lambda d: ["extract", str(write(d / "big.txt", ARTICLE * 20000)), "--max-size", "1M"],
        "--max-size",
    ),
    "map output folder missing": (
        lambda d: [
            "map",
            str(write(d / "a.txt", ARTICLE)),
            "-o",
            str(d / "no" / "such" / "folder" / "map.html"),
        ],
        "does not exist",
    ),
    "map output under a file": (
        lambda d: [
            "map",
            str(write(d / "a.txt", ARTICLE)),
            "-o",
            str(write(d / "plain", "x") / "map.html"),
        ],
        "map.html",
    ),
    "jsonl file missing": (
        lambda d: ["extract", "--jsonl", str(d / "missing.jsonl")],
        "no such file",
    ),
}


def _socket(path: Path) -> str:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.close()  # the file stays; opening it fails (ENXIO) even for root
    return str(path)


@pytest.mark.parametrize("case", sorted(ERROR_CASES))
def test_bad_input_is_one_line_error(case: str, tmp_path: Path, base_home: Path) -> None:
    make, needle = ERROR_CASES[case]
    assert_one_line_error(cli(make(tmp_path), base_home), needle)


@pytest.mark.parametrize("option", ["--jsonl", "-o", "--geojson", "--csv", "--json"])
def test_directory_as_a_file_option_is_a_usage_error(
    option: str, tmp_path: Path, base_home: Path
) -> None:
    # click checks these paths itself: a usage error (status 2), still no traceback.
    command = (
        ["extract"] if option == "--jsonl" else ["map", str(write(tmp_path / "a.txt", ARTICLE))]
    )
    outcome = cli([*command, option, str(tmp_path)], base_home)
    assert outcome.returncode == 2
    assert "Traceback" not in outcome.stderr
    assert "is a directory" in outcome.stderr


@pytest.mark.parametrize(
    ("case", "data", "needle"),
    [
        ("empty stdin", b"", "empty"),
        ("binary stdin", bytes(range(256)) * 4000, "binary"),
        ("stdin over the limit", ARTICLE.encode() * 30000, "--max-size"),
    ],
)
def test_bad_stdin_is_one_line_error(case: str, data: bytes, needle: str, base_home: Path) -> None:
    args = ["extract", "-", "--max-size", "1M"]
    assert_one_line_error(cli(args, base_home, stdin=data), needle)


def test_unreadable_file(
    tmp_path: Path, base_home: Path, as_user: Callable[[], None] | None
) -> None:
    path = write(tmp_path / "secret.txt", ARTICLE)
    path.chmod(0)
    assert_one_line_error(cli(["extract", str(path)], base_home, preexec=as_user), "permission")


def test_read_only_output_folder_keeps_old_map(
    tmp_path: Path, base_home: Path, as_user: Callable[[], None] | None
) -> None:
    article = write(tmp_path / "a.txt", ARTICLE)
    folder = tmp_path / "ro"
    folder.mkdir()
    old = write(folder / "map.html", b"old map")
    folder.chmod(0o555)
    try:
        outcome = cli(["map", str(article), "-o", str(old)], base_home, preexec=as_user)
        assert_one_line_error(outcome, "map.html")
        assert old.read_bytes() == b"old map"
        assert sorted(p.name for p in folder.iterdir()) == ["map.html"]
    finally:
        folder.chmod(0o755)


# -- correct output --------------------------------------------------------------------

ENCODED = {
    "utf-8": ARTICLE.encode("utf-8"),
    "utf-8 with BOM": ARTICLE.encode("utf-8-sig"),
    "utf-16 LE with BOM": codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"),
    "utf-16 BE with BOM": codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"),
    "utf-16 LE without BOM": ARTICLE.encode("utf-16-le"),
    "utf-16 BE without BOM": ARTICLE.encode("utf-16-be"),
    "utf-32 with BOM": ARTICLE.encode("utf-32"),
    "windows-1252": ARTICLE.encode("cp1252"),
    "latin-1": ARTICLE.encode("latin-1"),
    "utf-8 decoded as 1252 and saved again": ARTICLE.encode("utf-8").decode("cp1252").encode(),
    "utf-8 with a pasted 1252 quote": ARTICLE.encode() + b" \x93Quote\x94 \x96 end.",
    "mixed line endings": ("Report.\r\n" + ARTICLE + "\rMore.\n\r\nEnd.\u2028").encode(),
    "nfd accents": ARTICLE.replace("é", "e\u0301").encode(),
}


@pytest.mark.parametrize("case", sorted(ENCODED))
def test_encodings_give_the_right_places(case: str, tmp_path: Path, base_home: Path) -> None:
    path = write(tmp_path / "article.txt", ENCODED[case])
    result = assert_places(cli(["extract", str(path)], base_home))
    text = read_article(path).text
    for mention in result["mentions"]:
        assert text[mention["start"] : mention["end"]] == mention["text"]


def test_cp1252_accents_come_out_right(tmp_path: Path, base_home: Path) -> None:
    sentence = "Les combats ont repris à Ségou, à Léré et à Ménaka, selon l’armée."
    path = write(tmp_path / "fr.txt", sentence.encode("cp1252"))
    assert read_article(path).text == sentence
    result = assert_places(cli(["extract", str(path)], base_home), {"Ségou", "Ménaka"})
    assert {"Ségou", "Ménaka"} <= {m["text"] for m in result["mentions"]}
    csv_out = cli(["extract", str(path), "--format", "csv"], base_home)
    assert csv_out.returncode == 0
    assert "Ségou" in csv_out.stdout.decode("utf-8")
    assert "Ã" not in csv_out.stdout.decode("utf-8")


def test_stdin_text(base_home: Path) -> None:
    assert_places(cli(["extract", "-"], base_home, stdin=ARTICLE.encode("utf-16")))


def test_html_file_drops_scripts_navigation_and_comments(tmp_path: Path, base_home: Path) -> None:
    path = write(tmp_path / "page.html", HTML_PAGE)
    result = assert_places(cli(["extract", str(path)], base_home))
    names = {p["name"] for p in result["places"].values()}
    assert not names & HTML_HIDDEN, names
    text = read_article(path).text
    assert "<" not in text and "&eacute;" not in text and "Timbuktu" not in text
    assert "Ségou" in text and "Ménaka & the outskirts of Bamako's airport" in text
    for mention in result["mentions"]:
        assert text[mention["start"] : mention["end"]] == mention["text"]


def test_html_on_stdin(base_home: Path) -> None:
    result = assert_places(cli(["extract", "-"], base_home, stdin=HTML_PAGE.encode()))
    assert not {p["name"] for p in result["places"].values()} & HTML_HIDDEN


def test_malformed_html(tmp_path: Path, base_home: Path) -> None:
    path = write(tmp_path / "broken.html", MALFORMED_HTML)
    assert_places(cli(["extract", str(path)], base_home))


def test_html_declared_windows_1252(tmp_path: Path, base_home: Path) -> None:
    page = HTML_PAGE.replace('charset="utf-8"', 'charset="windows-1252"')
    page = page.replace("S&eacute;gou", "Ségou").replace("M&eacute;naka", "Ménaka")
    path = write(tmp_path / "legacy.htm", page.encode("cp1252"))
    assert_places(cli(["extract", str(path)], base_home))


@pytest.mark.slow  # seconds of CPU on one huge line: CI's slow tier
def test_one_megabyte_line(tmp_path: Path, base_home: Path) -> None:
    unit = "Convoys left Bamako for Ségou, then Ménaka; "
    line = (unit * (MB // len(unit) + 1))[:MB]
    path = write(tmp_path / "line.txt", line)
    outcome = cli(["extract", str(path), "--format", "json"], base_home)
    result = assert_places(outcome)
    assert len(result["mentions"]) > 60_000
    for mention in result["mentions"][:: max(1, len(result["mentions"]) // 500)]:
        assert line[mention["start"] : mention["end"]] == mention["text"]


@pytest.mark.slow  # a 1.4 MB article read in full: CI's slow tier
def test_size_limit_can_be_raised(tmp_path: Path, base_home: Path) -> None:
    sentence = "Fighting resumed in Ségou and Ménaka; Bamako sent troops.\n"
    path = write(tmp_path / "long.txt", sentence * 24_000)  # about 1.4 MB
    assert_one_line_error(cli(["extract", str(path), "--max-size", "1M"], base_home), "1 MB")
    assert_places(cli(["extract", str(path), "--max-size", "2M"], base_home))


# -- memory stays bounded ------------------------------------------------------------------


@pytest.fixture(scope="module")
def hundred_mb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 100 MB article: 1 MB of real text, the rest a sparse hole (no disk used)."""
    path = tmp_path_factory.mktemp("big") / "huge.txt"
    with path.open("wb") as handle:
        handle.write((ARTICLE.encode() + b"\n") * (MB // len(ARTICLE)))
        handle.truncate(100 * MB)
    return path


def _baseline_kb(tmp_path: Path, home: Path) -> int:
    return cli(["extract", str(write(tmp_path / "empty.txt", b""))], home).maxrss_kb


def test_hundred_mb_file_is_refused_without_reading_it(
    hundred_mb: Path, tmp_path: Path, base_home: Path
) -> None:
    outcome = cli(["extract", str(hundred_mb)], base_home)
    assert_one_line_error(outcome, "100 MB is larger than the 10 MB limit")
    assert outcome.maxrss_kb < _baseline_kb(tmp_path, base_home) + 16 * 1024


def test_hundred_mb_stream_is_refused_at_the_limit(
    hundred_mb: Path, tmp_path: Path, base_home: Path
) -> None:
    outcome = cli(["extract", "-", "--max-size", "5M"], base_home, stdin=hundred_mb)
    assert_one_line_error(outcome, "larger than the 5 MB limit")
    # At most the limit is buffered, plus one copy when the buffer is returned.
    assert outcome.maxrss_kb < _baseline_kb(tmp_path, base_home) + 3 * 5 * 1024 + 16 * 1024


def test_memory_measurement_sees_a_full_read(
    hundred_mb: Path, tmp_path: Path, base_home: Path
) -> None:
    # With the limit raised the file is read whole, and the measurement shows it;
    # the NULs after the first megabyte then make it binary, however text-like its start.
    outcome = cli(["extract", str(hundred_mb), "--max-size", "200M"], base_home)
    assert_one_line_error(outcome, "binary")
    assert outcome.maxrss_kb > _baseline_kb(tmp_path, base_home) + 90 * 1024


def test_endless_device_is_refused(tmp_path: Path, base_home: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero on this system")
    outcome = cli(["extract", "/dev/zero"], base_home)
    assert_one_line_error(outcome, "binary")
    assert outcome.maxrss_kb < _baseline_kb(tmp_path, base_home) + 16 * 1024


# -- outputs: atomic, all or nothing -------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_map_writes_every_output(tmp_path: Path, base_home: Path) -> None:
    article = write(tmp_path / "a.txt", ARTICLE)
    out = tmp_path / "out"
    out.mkdir()
    args = ["map", str(article), "-o", str(out / "m.html")]
    args += ["--geojson", str(out / "m.geojson"), "--csv", str(out / "m.csv")]
    args += ["--json", str(out / "m.json")]
    outcome = cli(args, base_home)
    assert outcome.returncode == 0, outcome.stderr
    assert sorted(_snapshot(out)) == ["m.csv", "m.geojson", "m.html", "m.json"]
    assert json.loads((out / "m.geojson").read_text())["type"] == "FeatureCollection"
    assert {
        p["name"] for p in json.loads((out / "m.json").read_text())["places"].values()
    } >= PLACES
    assert "Ségou" in (out / "m.csv").read_text(encoding="utf-8")
    assert (out / "m.html").read_text().rstrip().endswith("</html>")


@pytest.mark.parametrize(
    "failure",
    ["bad article", "second article bad", "export folder missing", "export is a directory"],
)
def test_failed_map_run_leaves_old_outputs_untouched(
    failure: str, tmp_path: Path, base_home: Path
) -> None:
    good = write(tmp_path / "a.txt", ARTICLE)
    bad = write(tmp_path / "bad.txt", bytes(range(256)) * 10)
    out = tmp_path / "out"
    out.mkdir()
    for name in ("m.html", "m.csv", "m.json"):
        write(out / name, f"previous {name}")
    (out / "adir").mkdir()
    before = _snapshot(out)
    args = {
        "bad article": ["map", str(bad)],
        "second article bad": ["map", str(good), str(bad)],
        "export folder missing": ["map", str(good), "--geojson", str(tmp_path / "no/x.geojson")],
        "export is a directory": ["map", str(good), "--geojson", str(out / "adir")],
    }[failure]
    args += ["-o", str(out / "m.html"), "--csv", str(out / "m.csv"), "--json", str(out / "m.json")]
    outcome = cli(args, base_home)
    if failure == "export is a directory":  # click refuses it as a usage error
        assert outcome.returncode == 2 and "Traceback" not in outcome.stderr
    else:
        assert_one_line_error(outcome)
    assert _snapshot(out) == before  # same files, same bytes, no temporary leftovers


def test_default_output_folder(tmp_path: Path, base_home: Path) -> None:
    article = write(tmp_path / "story.txt", ARTICLE)
    outcome = cli(["map", str(article)], base_home, cwd=tmp_path)
    assert outcome.returncode == 0, outcome.stderr
    assert (tmp_path / "output" / "story.html").is_file()
    assert [p.name for p in (tmp_path / "output").iterdir()] == ["story.html"]


# -- JSON Lines with broken lines ------------------------------------------------------------


@pytest.mark.parametrize("workers", ["1", "2"])
def test_jsonl_broken_lines_get_error_objects(
    workers: str, tmp_path: Path, base_home: Path
) -> None:
    lines = [
        json.dumps({"id": "ok1", "text": ARTICLE}).encode(),
        b"{not json",
        json.dumps({"id": "no-text"}).encode(),
        json.dumps({"id": "text-not-string", "text": 42}).encode(),
        json.dumps({"id": "blank-text", "text": "   "}).encode(),
        b"[1, 2, 3]",
        json.dumps({"id": "huge", "text": "Gao " * (MB // 2)}).encode(),
        b"",
        b'{"id": "bad-utf8", "text": "S\xe9gou and Gao"}',
        b'{"id": "surrogate", "text": "Gao \\ud800 Kidal"}',
        b"\x00\x01\x02 binary junk",
        json.dumps({"id": "ok2", "text": "Kidal and Gao were attacked."}).encode(),
    ]
    path = write(tmp_path / "feed.jsonl", b"\n".join(lines) + b"\n")
    outcome = cli(
        ["extract", "--jsonl", str(path), "--workers", workers, "--max-size", "1M"], base_home
    )
    assert "Traceback" not in outcome.stderr
    out = [json.loads(line) for line in outcome.stdout.decode("utf-8").splitlines()]
    assert len(out) == len([line for line in lines if line.strip()])
    by_id = {item.get("id"): item for item in out if item.get("id") is not None}
    by_line = {item.get("line"): item for item in out}
    for ident in ("no-text", "text-not-string", "blank-text"):
        assert by_id[ident].get("error"), by_id[ident]
    for number in (2, 6, 7, 11):  # invalid JSON, not an object, huge, binary junk
        assert by_line[number].get("error"), by_line[number]
    for ident in ("ok1", "ok2", "bad-utf8"):
        assert not by_id[ident].get("error"), by_id[ident]
    assert "surrogate" in by_id["surrogate"]["error"]  # refused cleanly: not valid Unicode
    assert {p["name"] for p in by_id["ok1"]["places"].values()} >= PLACES
    assert {"Kidal", "Gao"} <= {p["name"] for p in by_id["ok2"]["places"].values()}


# -- the library level: decoding and HTML, fast ----------------------------------------------


OTHER_SCRIPTS = {
    "cp1251": "Боевики атаковали город Гао на севере Мали. Французские войска вошли в Кидаль.",
    "koi8_r": "Боевики атаковали город Гао на севере Мали. Французские войска вошли в Кидаль.",
    "cp1256": "هاجم مسلحون مدينة غاو في شمال مالي. دخلت القوات الفرنسية إلى كيدال.",
    "cp1253": "Ένοπλοι επιτέθηκαν στην πόλη Γκάο στο βόρειο Μάλι.",
    "gb18030": "武装分子袭击了马里北部城市加奥。法国军队进入基达尔。",
    "cp1250": "Bojownicy zaatakowali miasto Gao na północy Mali. Wojska weszły do Kidalu.",
    "cp1254": "Militanlar Mali'nin kuzeyindeki Gao şehrine saldırdı. Ağır çatışma sürüyor.",
}


@pytest.mark.parametrize("encoding", sorted(OTHER_SCRIPTS))
def test_legacy_encodings_decode_or_refuse(encoding: str) -> None:
    text = OTHER_SCRIPTS[encoding]
    assert decode_bytes(text.encode(encoding)).text == text


@pytest.mark.parametrize(
    "data",
    [
        b"\x81\x8d\x8f\x90\x9d" * 50,
        bytes(range(0x80, 0x100)) * 3,
        b"\xe9\xe8\xe0" * 30,
        "Гао".encode("cp1251"),
    ],
    ids=["c1-bytes", "every-high-byte", "accents-only", "three-cyrillic-letters"],
)
def test_unreadable_bytes_are_refused_not_garbled(data: bytes) -> None:
    with pytest.raises((EncodingError, BinaryInputError)):
        decode_bytes(data)


def test_control_characters_become_spaces_and_offsets_hold() -> None:
    article = decode_bytes(b"Gao\x1bKidal\x0cMopti\x07 fell, rebels said on Monday night.")
    assert article.text == "Gao Kidal\nMopti  fell, rebels said on Monday night."


def test_html_text_keeps_blocks_apart() -> None:
    text = html_to_text(
        "<table><tr><td>Gao</td><td>Kidal</td></tr></table><div>Mopti</div>Sévaré"
        "<ul><li>Douentza</li><li>Konna</li></ul>"
    )
    assert text == "Gao Kidal\n\nMopti\n\nSévaré\n\nDouentza\n\nKonna"


def test_nested_dropped_elements_do_not_crash() -> None:
    html = "<nav><script>a</script><nav><style>b</style><p>x</p></nav></nav>" * 200 + "<p>Gao</p>"
    assert html_to_text(html) == "Gao"


def test_deeply_nested_html() -> None:
    html = "<div>" * 20_000 + "Gao" + "</div>" * 20_000
    assert html_to_text(html) == "Gao"


def test_stream_limit_reads_at_most_one_chunk_past_it() -> None:
    class Endless:
        read_bytes = 0

        def read(self, size: int = -1) -> bytes:
            self.read_bytes += size
            return b"Gao " * (size // 4) + b"x" * (size % 4)

    stream = Endless()
    with pytest.raises(InputTooLargeError):
        read_article("-", stdin=stream, max_bytes=3 * MB)  # type: ignore[arg-type]
    assert stream.read_bytes <= 3 * MB + 1


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda d: d / "missing.txt", ArticleFileError),
        (lambda d: d, ArticleFileError),
        (lambda d: write(d / "e.txt", b"\n\n"), EmptyInputError),
        (lambda d: write(d / "b.bin", b"\x00" * 100), BinaryInputError),
    ],
    ids=["missing", "directory", "blank", "nul"],
)
def test_read_article_errors(tmp_path: Path, make: Callable[[Path], Path], error: type) -> None:
    with pytest.raises(error):
        read_article(make(tmp_path))

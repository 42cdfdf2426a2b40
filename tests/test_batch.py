"""Batch mode (``extract --jsonl``): order, per-line errors, bounded read-ahead, workers, CLI.

Speed and memory are measured by ``bench/batch_scaling.py``, not here.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from conflictmap.batch import (
    BatchStats,
    Record,
    extract_jsonl,
    geoparse_records,
    parse_record,
    read_records,
    result_line,
)
from conflictmap.batch import pool as batch_pool
from conflictmap.cli import cli
from conflictmap.errors import ArticleFileError, ConflictmapError
from conflictmap.pipeline import geoparse, open_gazetteer
from conflictmap.store.overrides import Overrides

TEXTS = [
    "Fighting broke out near Gao and Kidal in northern Mali on Sunday.",
    "French troops reached Timbuktu after leaving Bamako.",
    "Protesters gathered in Paris and Berlin.",
    "The convoy left Niamey for Agadez.",
    "Refugees crossed from Mali into Mauritania near Bassikounou.",
]

fork_only = pytest.mark.skipif(
    multiprocessing.get_start_method(allow_none=False) != "fork",
    reason="the test patches a worker function, which only fork() carries into workers",
)


def jsonl(items: list[object]) -> bytes:
    return b"".join(json.dumps(i).encode() + b"\n" for i in items)


def records(n: int) -> list[Record]:
    return [Record(i + 1, f"r{i}", TEXTS[i % len(TEXTS)]) for i in range(n)]


def expected_line(text: str, ident: object, home: Path) -> dict[str, object]:
    out = geoparse(text, id=ident, gazetteer=open_gazetteer(home, progress=False)).to_dict()  # type: ignore[arg-type]
    out["id"] = ident
    return json.loads(json.dumps(out))


# -- parsing -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        ("{oops", "invalid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('"just a string"', "expected a JSON object"),
        ('{"id": 1}', 'no "text" string'),
        ('{"id": 1, "text": 42}', 'no "text" string'),
        ('{"id": 1, "text": "  \\n "}', "the text is empty"),
        ('{"n": ' + "9" * 5000 + "}", "invalid JSON"),
        ("[" * 100_000 + "]" * 100_000, "invalid JSON"),
    ],
)
def test_parse_record_reports_bad_lines(raw: str, error: str) -> None:
    record = parse_record(7, raw)
    assert record.text is None
    assert record.error is not None
    assert record.error.startswith("line 7: ")
    assert error in record.error


def test_parse_record_keeps_any_id_and_defaults_to_line_number() -> None:
    assert parse_record(3, '{"id": {"a": 1}, "text": "Gao"}').id == {"a": 1}
    assert parse_record(3, '{"text": "Gao"}').id == 3


def test_read_records_skips_blank_lines_and_numbers_lines() -> None:
    data = b'{"id": "a", "text": "Gao"}\n\n   \n{"id": "b", "text": "Kidal"}'
    got = list(read_records(io.BytesIO(data)))
    assert [(r.line, r.id, r.text) for r in got] == [(1, "a", "Gao"), (4, "b", "Kidal")]


def test_read_records_skips_an_overlong_line_and_goes_on() -> None:
    long_line = json.dumps({"id": "big", "text": "x" * 5000}).encode()
    data = b'{"id": "a", "text": "Gao"}\n' + long_line + b'\n{"id": "c", "text": "Kidal"}\n'
    got = list(read_records(io.BytesIO(data), max_bytes=1000))
    assert [(r.line, r.id) for r in got] == [(1, "a"), (2, None), (3, "c")]
    assert got[1].error == "line 2: larger than the size limit"


def test_read_records_invalid_utf8_is_replaced_not_fatal() -> None:
    got = list(read_records(io.BytesIO(b'{"text": "Ga\xffo"}\n')))
    assert got[0].text == "Ga\ufffdo"


def test_read_records_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ArticleFileError, match="no such file"):
        list(read_records(tmp_path / "missing.jsonl"))
    with pytest.raises(ArticleFileError, match="is a directory"):
        list(read_records(tmp_path))


# -- one line ------------------------------------------------------------------------


def test_result_line_lone_surrogate_gives_valid_json(tiny_gazetteer: object) -> None:
    record = parse_record(1, '{"id": "s\\ud800", "text": "Fighting near Gao \\udc80 today."}')
    line, ok = result_line(record, tiny_gazetteer)  # type: ignore[arg-type]
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    out = json.loads(line)  # writable and valid, whether geoparsed or refused
    assert out["id"] == "s\ud800"
    if ok:
        assert [m["text"] for m in out["mentions"]] == ["Gao"]
    else:
        assert out["error"].startswith("line 1: ") and "surrogate" in out["error"]


def test_result_line_reports_an_internal_error_on_its_line(
    tiny_gazetteer: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import conflictmap.pipeline

    def broken(*args: object, **kwargs: object) -> object:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(conflictmap.pipeline, "geoparse", broken)
    line, ok = result_line(Record(5, "x", "Gao"), tiny_gazetteer)  # type: ignore[arg-type]
    assert not ok
    assert json.loads(line) == {
        "id": "x",
        "line": 5,
        "error": "line 5: internal error: division by zero",
    }


# -- the batch, in process and with workers -----------------------------------------------


def test_one_worker_matches_geoparse_in_order(base_home: Path) -> None:
    recs = records(7)
    got = [json.loads(line) for line, ok in geoparse_records(recs, home=base_home, workers=1)]
    assert got == [expected_line(r.text or "", r.id, base_home) for r in recs]


def test_two_workers_keep_input_order_and_match_one_worker(base_home: Path) -> None:
    recs = records(23)
    recs[4] = Record(5, None, None, "line 5: invalid JSON (Expecting value)")
    recs[11] = Record(12, "empty", None, "line 12: the text is empty")
    one = list(geoparse_records(recs, home=base_home, workers=1))
    two = list(geoparse_records(recs, home=base_home, workers=2, chunk_lines=2))
    assert two == one
    oks = [ok for _, ok in two]
    assert oks.count(False) == 2 and not oks[4] and not oks[11]
    assert json.loads(two[11][0]) == {
        "id": "empty",
        "line": 12,
        "error": "line 12: the text is empty",
    }
    assert [json.loads(line)["id"] for line, ok in two if ok] == [
        r.id for i, r in enumerate(recs) if i not in (4, 11)
    ]


def test_read_ahead_is_bounded(base_home: Path) -> None:
    """Records are pulled only as the window frees up: constant memory on any input."""
    pulled = 0

    def source() -> Iterator[Record]:
        nonlocal pulled
        for record in records(60):
            pulled += 1
            yield record

    chunk_lines, window = 2, 3
    # in flight: the window, the chunk being filled, the reader's queue (one chunk's
    # worth) and the one it holds, and the rest of the chunk being handed on
    bound = (window + 3) * chunk_lines
    written = 0
    worst = 0
    for _line, _ok in geoparse_records(
        source(), home=base_home, workers=2, chunk_lines=chunk_lines, window=window
    ):
        written += 1
        worst = max(worst, pulled - written)
        assert pulled - written <= bound, (pulled, written)
    assert written == 60
    assert worst > 0  # work really was read ahead, within the bound


@pytest.mark.parametrize("workers", [1, 2])
def test_results_flow_while_a_live_feed_pauses(base_home: Path, workers: int) -> None:
    """Lines read so far are geoparsed and handed on without waiting for more input."""
    import threading

    release = threading.Event()

    def feed() -> Iterator[Record]:
        yield from records(3)
        if not release.wait(timeout=60):
            raise AssertionError("no result arrived while the input was paused")
        yield from records(2)

    got = 0
    for _line, ok in geoparse_records(feed(), home=base_home, workers=workers, chunk_lines=8):
        assert ok
        got += 1
        if got == 3:
            release.set()
    assert got == 5


def test_overrides_reach_the_workers(base_home: Path) -> None:
    text = "Fighting broke out near Gao and Kidal in northern Mali on Sunday."
    recs = [Record(1, "a", text), Record(2, "b", text)]
    no_gao = Overrides.from_cli(fixes=(), no_place=("Gao",))
    for workers in (1, 2):
        got = [json.loads(line) for line, _ in geoparse_records(
            recs, home=base_home, workers=workers, overrides=no_gao, chunk_lines=1
        )]  # fmt: skip
        for out in got:
            names = [m["text"] for m in out["mentions"]]
            assert "Gao" not in names and "Kidal" in names, (workers, names)


@fork_only
def test_a_dead_worker_is_one_clear_error(base_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch_pool, "_run_chunk", _die)
    with pytest.raises(ConflictmapError, match="a worker process died"):
        list(geoparse_records(records(6), home=base_home, workers=2, chunk_lines=2))


def _die(chunk: list[Record]) -> list[tuple[bytes, bool]]:
    os._exit(3)


def test_extract_jsonl_writes_utf8_lines_and_counts_errors(base_home: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        jsonl([{"id": "a", "text": "Des combats à Gao et à Kidal, près de Tombouctou."}])
        + b"not json\n"
        + jsonl([{"id": "c", "text": TEXTS[1]}])
    )
    out = io.BytesIO()
    stats = extract_jsonl(source, out, home=base_home, workers=2, progress=False)
    assert stats == BatchStats(lines=3, errors=1)
    lines = out.getvalue().decode("utf-8").splitlines()
    assert [json.loads(x).get("id") for x in lines] == ["a", None, "c"]
    assert json.loads(lines[1])["error"].startswith("line 2: invalid JSON")


# -- the command ------------------------------------------------------------------------------


def test_cli_jsonl_from_stdin_with_summary_on_stderr(base_home: Path) -> None:
    data = jsonl([{"id": 1, "text": TEXTS[0]}, {"id": 2}, {"id": 3, "text": TEXTS[2]}])
    result = CliRunner().invoke(
        cli, ["--home", str(base_home), "extract", "--jsonl", "-", "--workers", "1"], input=data
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert [x["id"] for x in lines] == [1, 2, 3]
    assert lines[1]["error"] == 'line 2: no "text" string'
    assert "1 of 3 lines could not be geoparsed" in result.stderr


def test_cli_jsonl_rejects_format_and_article(base_home: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(jsonl([{"text": TEXTS[0]}]))
    runner = CliRunner()
    bad_format = runner.invoke(cli, ["extract", "--jsonl", str(source), "--format", "csv"])
    assert bad_format.exit_code == 2
    assert "--format applies to one ARTICLE" in bad_format.output
    both = runner.invoke(cli, ["extract", str(source), "--jsonl", str(source)])
    assert both.exit_code == 2


def _spawn(args: list[str], home: Path, **kwargs: object) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CONFLICTMAP_HOME": str(home)}
    env.pop("CONFLICTMAP_DEBUG", None)
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "conflictmap", *args], env=env, **kwargs
    )


def _big_feed(path: Path, n: int = 3000) -> Path:
    path.write_bytes(jsonl([{"id": i, "text": " ".join(TEXTS * 4)} for i in range(n)]))
    return path


def _descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        found += [int(c) for c in children]
        stack += [int(c) for c in children]
    return found


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX process groups")
def test_ctrl_c_stops_workers_without_tracebacks(base_home: Path, tmp_path: Path) -> None:
    feed = _big_feed(tmp_path / "feed.jsonl")
    out = (tmp_path / "out.jsonl").open("wb")
    proc = _spawn(
        ["extract", "--jsonl", str(feed), "--workers", "2"],
        base_home,
        stdout=out,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal would signal it
    )
    deadline = time.monotonic() + 60
    while (tmp_path / "out.jsonl").stat().st_size == 0 and time.monotonic() < deadline:
        time.sleep(0.05)  # wait until workers are busy
    workers = _descendants(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("the run did not stop within 60 s of Ctrl-C")
    out.close()
    assert proc.returncode != 0
    text = err.decode()
    assert "Traceback" not in text, text
    assert "KeyboardInterrupt" not in text, text
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in _state(pid), pid
    written = (tmp_path / "out.jsonl").read_bytes()
    assert written.endswith(b"\n")  # only whole lines were written
    for line in written.splitlines():
        json.loads(line)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0].lower()
    except (OSError, IndexError):
        return "gone"


@pytest.mark.skipif(sys.platform == "win32", reason="select() on pipes needs POSIX")
def test_cli_live_stdin_with_workers(base_home: Path) -> None:
    """Results of a paused stdin feed come out before more input (and workers start)."""
    import select

    proc = _spawn(
        ["extract", "--jsonl", "-", "--workers", "2"],
        base_home,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,  # unbuffered: select() then sees every line that is not read yet
        start_new_session=True,  # so that a failure can stop the workers too
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write(jsonl([{"id": "a", "text": TEXTS[0]}, {"id": "b", "text": TEXTS[1]}]))
        proc.stdin.flush()  # and then the feed pauses
        got = []
        for _ in range(2):
            ready, _, _ = select.select([proc.stdout], [], [], 60)
            assert ready, "no result while the input was paused"
            got.append(json.loads(proc.stdout.readline())["id"])
        assert got == ["a", "b"]
        rest, err = proc.communicate(jsonl([{"id": "c", "text": TEXTS[2]}]), timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0, err
    assert [json.loads(x)["id"] for x in rest.splitlines()] == ["c"]


def test_closed_pipe_ends_quietly(base_home: Path, tmp_path: Path) -> None:
    feed = _big_feed(tmp_path / "feed.jsonl")
    err_path = tmp_path / "stderr.txt"
    with err_path.open("wb") as err_file:
        proc = _spawn(
            ["extract", "--jsonl", str(feed), "--workers", "2"],
            base_home,
            stdout=subprocess.PIPE,
            stderr=err_file,
            start_new_session=True,
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert json.loads(first)["id"] == 0
        proc.stdout.close()  # like `| head -1`
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            pytest.fail("the run went on for 60 s after its output pipe closed")
    err = err_path.read_text()
    assert "Traceback" not in err, err


def test_a_line_date_dates_its_events(tiny_gazetteer: object) -> None:
    raw = '{"id": "d", "text": "Rebels attacked Gao on Monday.", "date": "2013-01-14"}'
    line, ok = result_line(parse_record(1, raw), tiny_gazetteer)  # type: ignore[arg-type]
    assert ok
    events = json.loads(line)["events"]
    assert [(e["date"], e["date_text"]) for e in events] == [("2013-01-14", "on Monday")]
    undated, _ = result_line(parse_record(2, raw.replace(', "date": "2013-01-14"', "")),
                             tiny_gazetteer)  # type: ignore[arg-type]  # fmt: skip
    assert [e["date"] for e in json.loads(undated)["events"]] == [None]

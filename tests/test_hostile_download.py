"""``gazetteer download`` against a hostile local HTTP server (issue 20, defects 10, 12).

The server is a raw socket on 127.0.0.1, one thread per connection, scripted per
test: it trickles, sends headers no HTTP client should accept, or never ends. Every
case must end quickly with one clear line (a :class:`DownloadError`, never an
"internal error"), leave no partial file and no ``.downloads.<pid>/`` folder.
Timeouts are short (one second) so the whole file runs in a few seconds.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conflictmap.errors import DownloadError
from conflictmap.store.download import Downloader, download_and_import

from ._geonames import dump_row, make_home
from .conftest import ROOT, cli_exit_code

Script = Callable[[socket.socket, threading.Event], None]

#: how long a scripted server goes on before it gives up by itself (a regression then
#: fails on the elapsed time instead of hanging the suite)
SERVER_LIFE = 12.0


def _read_request(conn: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        part = conn.recv(4096)
        if not part:
            return
        data += part


def _drip(conn: socket.socket, stop: threading.Event, data: bytes, every: float) -> None:
    """Send ``data`` one byte every ``every`` seconds."""
    end = time.monotonic() + SERVER_LIFE
    for byte in data:
        if stop.wait(every) or time.monotonic() > end:
            return
        conn.sendall(bytes([byte]))


def _flood(conn: socket.socket, stop: threading.Event, chunk: bytes, per_second: int) -> None:
    """Send ``chunk`` ``per_second`` times a second, until stopped."""
    end = time.monotonic() + SERVER_LIFE
    while not stop.is_set() and time.monotonic() < end:
        conn.sendall(chunk)
        time.sleep(1 / per_second)


@contextlib.contextmanager
def hostile(script: Script) -> Iterator[str]:
    """A loopback server answering every request with ``script``; yields its base URL."""
    stop = threading.Event()
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)

    def serve_one(conn: socket.socket) -> None:
        with conn:
            conn.settimeout(SERVER_LIFE)
            try:
                _read_request(conn)
                script(conn, stop)
            except OSError:
                pass  # the client hung up: what a client should do with this server

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=serve_one, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/"
    finally:
        stop.set()
        thread.join(5)
        server.close()


def _zip_bytes(member: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, data)
    return buffer.getvalue()


GOOD_ZIP = _zip_bytes("XX.txt", (dump_row(2454857, "Kona", 14.94329, -3.89474) + "\n").encode())
OK_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nConnection: close\r\n"


def trickled_body(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(OK_HEAD + f"Content-Length: {len(GOOD_ZIP)}\r\n\r\n".encode())
    _drip(conn, stop, GOOD_ZIP, 0.3)


def trickled_headers(conn: socket.socket, stop: threading.Event) -> None:
    _drip(conn, stop, b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"s" * 1000 + b"\r\n\r\n", 0.3)


def endless_but_fast(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(OK_HEAD + b"\r\nPK\x03\x04")
    _flood(conn, stop, b"\0" * 4096, 50)  # 200 KB/s: fast enough, never ends


def endless_flood(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(OK_HEAD + b"\r\nPK\x03\x04")
    _flood(conn, stop, b"\0" * 65536, 200)


def zeros_not_zip(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(OK_HEAD + b"\r\n")
    _flood(conn, stop, b"\0" * 65536, 200)


def zip_bomb(conn: socket.socket, stop: threading.Event) -> None:
    bomb = _zip_bytes("XX.txt", b"\0" * (64 << 20))
    conn.sendall(OK_HEAD + f"Content-Length: {len(bomb)}\r\n\r\n".encode() + bomb)


def garbage_status(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"SPAM SPAM SPAM\r\n\r\n" + GOOD_ZIP)


def huge_header(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(OK_HEAD + b"X-Huge: " + b"h" * 100_000 + b"\r\n\r\n" + GOOD_ZIP)


def many_headers(conn: socket.socket, stop: threading.Event) -> None:
    lines = b"".join(b"X-Header-%d: v\r\n" % i for i in range(150))
    conn.sendall(OK_HEAD + lines + b"\r\n" + GOOD_ZIP)


def bad_chunked(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(OK_HEAD + b"Transfer-Encoding: chunked\r\n\r\nZZZZ\r\n" + GOOD_ZIP + b"\r\n")


def good(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(OK_HEAD + f"Content-Length: {len(GOOD_ZIP)}\r\n\r\n".encode() + GOOD_ZIP)


#: (script, Downloader options, what the error says, seconds it may take)
CASES: dict[str, tuple[Script, dict[str, float], str, float]] = {
    "a trickled body": (trickled_body, {"timeout": 1}, "too slow", 4),
    "trickled headers": (trickled_headers, {"timeout": 1}, "no answer within 1 s", 4),
    "an endless body past the deadline": (
        endless_but_fast,
        {"timeout": 1, "deadline": 2},
        "not complete within the deadline of 2 s",
        5,
    ),
    "an endless body past the size cap": (
        endless_flood,
        {"timeout": 5, "max_bytes": 4 << 20},
        "more than 4,194,304 bytes",
        5,
    ),
    "zeros for a zip": (zeros_not_zip, {"timeout": 5}, "not a zip file", 3),
    "a zip bomb": (zip_bomb, {"timeout": 5}, "inflates", 5),
    "a garbage status line": (garbage_status, {"timeout": 5}, "not a valid HTTP answer", 3),
    "a 100 KB header": (huge_header, {"timeout": 5}, "not a valid HTTP answer", 3),
    "over 100 headers": (many_headers, {"timeout": 5}, "more than 100 headers", 3),
    "a bad chunked body": (bad_chunked, {"timeout": 5}, "not a valid HTTP answer", 3),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_a_hostile_server_is_one_clear_error_soon(case: str, tmp_path: Path) -> None:
    script, options, needle, seconds = CASES[case]
    folder = tmp_path / "downloads"
    with hostile(script) as url:
        started = time.monotonic()
        with pytest.raises(DownloadError) as caught:
            Downloader(base_url=url, **options).fetch("XX", folder)  # type: ignore[arg-type]
        elapsed = time.monotonic() - started
    message = str(caught.value)
    assert message.startswith(f"XX: {url}XX.zip: ") and needle in message, message
    assert "\n" not in message and len(message) < 300, message
    assert elapsed < seconds, f"{elapsed:.1f} s"
    assert not list(folder.iterdir()), "no partial file is left"


@pytest.fixture
def home(tmp_path: Path, base_home: Path) -> Path:
    return make_home(base_home, tmp_path / "home")


@pytest.mark.parametrize("case", ["a garbage status line", "a bad chunked body", "zeros for a zip"])
def test_the_cli_says_one_line_and_leaves_no_folder(
    case: str, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script, _, needle, _ = CASES[case]
    with hostile(script) as url:
        args = ["--home", str(home), "gazetteer", "download", "-q", "XX", "--base-url", url]
        code = cli_exit_code([*args, "--timeout", "2"])
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 1 and len(lines) == 1, err
    assert lines[0].startswith("conflictmap: error: XX: ") and needle in lines[0], lines[0]
    assert not list(home.glob(".downloads*"))


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_what_killed_runs_left_is_removed(home: Path, tmp_path: Path) -> None:
    stale = home / f".downloads.{_dead_pid()}"
    stale.mkdir()
    (stale / ".XX.zip.1.part").write_bytes(b"PK half")
    kept = tmp_path / "kept"
    kept.mkdir()
    stale_part = kept / f".XX.zip.{_dead_pid()}.part"
    stale_part.write_bytes(b"PK half")
    live = home / f".downloads.{os.getppid()}"  # a running process: left alone
    live.mkdir()
    with hostile(good) as url:
        download_and_import(["XX"], home=home, downloader=Downloader(base_url=url))
        download_and_import(["XX"], home=home, downloader=Downloader(base_url=url), save_to=kept)
    assert not stale.exists() and not stale_part.exists()
    assert live.exists()
    assert (kept / "XX.zip").read_bytes() == GOOD_ZIP


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_download_leaves_nothing_after_the_next(home: Path) -> None:
    code = "import sys; from conflictmap.cli import main; main(sys.argv[1:])"
    with hostile(trickled_body) as url:
        child = subprocess.Popen(
            [sys.executable, "-c", code, "--home", str(home), "gazetteer", "download", "-q",
             "XX", "--base-url", url, "--timeout", "30"],
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        folder = home / f".downloads.{child.pid}"
        try:
            for _ in range(200):
                if any(folder.glob("*.part")):
                    break
                time.sleep(0.05)
            assert any(folder.glob("*.part")), "the child never started downloading"
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
        assert folder.exists()
    with hostile(good) as url:
        download_and_import(["XX"], home=home, downloader=Downloader(base_url=url))
    assert not folder.exists()

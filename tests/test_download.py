"""``gazetteer download``: GeoNames country files through an injectable fetcher.

Everything is served by a local ``http.server`` (or an injected fetcher); the
tests never reach the internet.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from conflictmap.errors import DownloadError
from conflictmap.paths import IMPORTED_DB
from conflictmap.store.download import (
    DEFAULT_BASE_URL,
    Downloader,
    download_and_import,
    urllib_fetch,
)
from conflictmap.store.gazetteer import Gazetteer

from ._geonames import dump_row, layer_digest, make_home, write_dump, zip_file
from .conftest import GEONAMES, cli_exit_code

XX_ROWS = [
    dump_row(2454857, "Kona", 14.94329, -3.89474, alt="Konna"),
    dump_row(2454104, "Léré", 15.7118, -4.9118, admin1="08"),
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def mirror(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A local GeoNames mirror: XX.zip (made up), ML.zip (from ../shared if present)."""
    folder = tmp_path_factory.mktemp("mirror")
    work = tmp_path_factory.mktemp("mirror-src")
    zip_file(folder / "XX.zip", write_dump(work / "XX.txt", XX_ROWS), extra={"readme.txt": "r"})
    if (GEONAMES / "ML.txt").exists():
        zip_file(folder / "ML.zip", GEONAMES / "ML.txt")
    (folder / "HT.zip").write_text("<html>Not the file you want</html>")
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", folder
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def home(tmp_path: Path, base_home: Path) -> Path:
    return make_home(base_home, tmp_path / "home")


_run = cli_exit_code


def test_urls_point_at_geonames_dump_folder() -> None:
    downloader = Downloader()
    assert downloader.url("ml") == DEFAULT_BASE_URL + "ML.zip"
    assert downloader.url("cities500") == DEFAULT_BASE_URL + "cities500.zip"
    assert Downloader(base_url="http://m/x").url("SN") == "http://m/x/SN.zip"
    with pytest.raises(DownloadError, match="not a two-letter country code"):
        downloader.url("Mali")


def test_download_and_import_from_a_local_server(
    mirror: tuple[str, Path], home: Path, tmp_path: Path
) -> None:
    url, _ = mirror
    seen: list[tuple[str, int, int]] = []
    downloader = Downloader(base_url=url, progress=lambda *a: seen.append(a))
    report = download_and_import(["xx"], home=home, downloader=downloader)
    assert [(f.file, f.places) for f in report.files] == [("XX.zip:XX.txt", 2)]
    assert seen and seen[-1][0] == "XX.zip" and seen[-1][1] == seen[-1][2] > 0
    with Gazetteer(home, progress=False) as gaz:
        assert gaz.get("geonames:2454857").layer == "imported"
    assert not list(home.glob(".downloads*")), "the temporary download folder is removed"


def test_injected_fetcher_gets_the_url(home: Path, tmp_path: Path) -> None:
    archive = zip_file(tmp_path / "XX.zip", write_dump(tmp_path / "XX.txt", XX_ROWS))
    calls: list[tuple[str, float]] = []

    def fetch(url: str, *, timeout: float) -> Iterable[bytes]:
        calls.append((url, timeout))
        data = archive.read_bytes()
        return [data[:100], data[100:]]

    downloader = Downloader(base_url="https://mirror.invalid/dump", fetcher=fetch, timeout=5)
    download_and_import(["XX"], home=home, downloader=downloader, save_to=tmp_path / "kept")
    assert calls == [("https://mirror.invalid/dump/XX.zip", 5)]
    assert (tmp_path / "kept" / "XX.zip").read_bytes() == archive.read_bytes()


def test_cli_download(mirror: tuple[str, Path], home: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    url, _ = mirror
    code = _run(["--home", str(home), "gazetteer", "download", "XX", "--base-url", url])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "XX.zip:XX.txt: 2 rows, 2 places" in captured.out
    assert "downloading XX.zip" in captured.err


@pytest.mark.parametrize(
    ("codes", "needle"),
    [
        (["ZZ"], "ZZ: http://127.0.0.1:"),  # 404
        (["HT"], "not a zip file"),
        (["XX", "ZZ"], "HTTP 404"),  # one missing file: nothing is imported
        (["Mali"], "not a two-letter country code"),
    ],
    ids=["not-found", "not-a-zip", "one-of-two-missing", "bad-code"],
)
def test_download_errors_are_one_line_and_keep_the_layer(
    mirror: tuple[str, Path], home: Path, tmp_path: Path, codes: list[str], needle: str, capsys
) -> None:  # type: ignore[no-untyped-def]
    url, _ = mirror
    previous = write_dump(tmp_path / "previous.txt", XX_ROWS[:1])
    assert _run(["--home", str(home), "gazetteer", "import", "-q", str(previous)]) == 0
    before = layer_digest(home)
    capsys.readouterr()
    code = _run(["--home", str(home), "gazetteer", "download", "-q", *codes, "--base-url", url])
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 1 and len(lines) == 1, err
    assert lines[0].startswith("conflictmap: error: ") and needle in lines[0], lines[0]
    assert layer_digest(home) == before
    assert not list(home.glob(".downloads*"))


def test_unreachable_server_is_a_download_error(home: Path, tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    downloader = Downloader(base_url=f"http://127.0.0.1:{port}/", timeout=5)
    with pytest.raises(DownloadError, match=r"^ML: http://127.0.0.1:\d+/ML.zip: "):
        downloader.fetch("ML", tmp_path / "downloads")
    assert not list((tmp_path / "downloads").iterdir()), "no partial file is left"
    assert not (home / IMPORTED_DB).exists()


def test_urllib_fetch_refuses_other_schemes() -> None:
    with pytest.raises(DownloadError, match="only http, https and file"):
        urllib_fetch("ftp://example.invalid/ML.zip", timeout=1)


@pytest.mark.shared
@pytest.mark.skipif(
    not (GEONAMES / "ML.txt").exists(), reason=f"../shared GeoNames dumps are absent ({GEONAMES})"
)
def test_download_ml_from_a_mirror_of_shared(mirror: tuple[str, Path], home: Path) -> None:
    url, _ = mirror
    report = download_and_import(["ML"], home=home, downloader=Downloader(base_url=url))
    assert report.files[0].file == "ML.zip:ML.txt"
    assert report.files[0].rows == sum(1 for _ in (GEONAMES / "ML.txt").open(encoding="utf-8"))
    with Gazetteer(home, progress=False) as gaz:
        assert gaz.get("geonames:2454857").name == "Kona"

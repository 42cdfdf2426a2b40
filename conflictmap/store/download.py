"""Fetch GeoNames dump files (``ML.zip``...) and import them.

The network is reached only through a *fetcher*, a callable that takes a URL and
returns the body as an iterable of byte chunks. The default
(:func:`~conflictmap.store.fetch.urllib_fetch`) uses ``urllib``; tests and users
behind unusual networks pass their own (an ``httpx`` client, a cache, a local
folder)::

    def fetch(url: str, *, timeout: float) -> Iterable[bytes]: ...

A body that also has an integer ``size`` attribute (the ``Content-Length``) gets
a progress bar with a percentage.

Whatever the fetcher, a download is given up (and its partial file removed) when:

* it runs past its deadline (``deadline`` seconds for the file);
* it slows below :attr:`~conflictmap.tuning.imports.DownloadTuning.min_rate` bytes
  per second over a ``timeout`` window (a server trickling a byte every few seconds);
* it grows past :attr:`~conflictmap.tuning.imports.DownloadTuning.max_bytes`;
* a ``.zip`` does not start like a zip, or holds a member that inflates like a zip
  bomb (the import's own limits, checked before the import starts).

The default fetcher also holds the server to the ``timeout`` for its headers and
to the deadline while a read blocks; see :mod:`conflictmap.store.fetch`.

Examples
--------
>>> import tempfile
>>> def offline(url, *, timeout):
...     raise DownloadError(f"{url}: offline")
>>> Downloader(fetcher=offline).url("ml")
'https://download.geonames.org/export/dump/ML.zip'
>>> try:
...     Downloader(fetcher=offline).fetch("ML", Path(tempfile.mkdtemp()))
... except DownloadError as error:
...     print(error)
ML: https://download.geonames.org/export/dump/ML.zip: offline
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import time
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from conflictmap.errors import DownloadError, ImportFormatError
from conflictmap.files import remove_stale
from conflictmap.paths import resolve_home
from conflictmap.store.geonames import ImportReport, ProgressFn, import_files
from conflictmap.store.geonames.reader import check_member
from conflictmap.tuning.imports import DOWNLOAD

__all__ = [
    "DEFAULT_BASE_URL",
    "Downloader",
    "Fetcher",
    "download_and_import",
    "remove_stale",
]

#: GeoNames' export dump folder (country files, allCountries, alternate names)
DEFAULT_BASE_URL = "https://download.geonames.org/export/dump/"

#: the other dumps ``download`` accepts by name, and their file names
NAMED_FILES = {
    "allcountries": "allCountries.zip",
    "cities500": "cities500.zip",
    "cities1000": "cities1000.zip",
    "cities5000": "cities5000.zip",
    "cities15000": "cities15000.zip",
    "alternatenamesv2": "alternateNamesV2.zip",
    "admin1codesascii": "admin1CodesASCII.txt",
    "admin2codes": "admin2Codes.txt",
}


class Fetcher(Protocol):
    """Gets the body of ``url`` as byte chunks; raises :class:`DownloadError` on failure."""

    def __call__(self, url: str, *, timeout: float) -> Iterable[bytes]: ...


class _Transfer:
    """The rules every chunk of one download is held to."""

    def __init__(self, url: str, *, timeout: float, deadline: float, max_bytes: int) -> None:
        self.url = url
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.started = self.window_start = time.monotonic()
        self.deadline = deadline
        self.done = self.window_done = 0

    def take(self, chunk: bytes) -> None:
        now = time.monotonic()
        self.done += len(chunk)
        if self.done > self.max_bytes:
            raise DownloadError(f"{self.url}: more than {self.max_bytes:,} bytes: given up")
        if now - self.started > self.deadline:
            raise DownloadError(
                f"{self.url}: not complete within the deadline of {self.deadline:g} s"
            )
        if now - self.window_start >= self.timeout:
            rate = (self.done - self.window_done) / (now - self.window_start)
            if rate < DOWNLOAD.min_rate:
                raise DownloadError(
                    f"{self.url}: the server sends {rate:,.0f} bytes/s, too slow "
                    f"(less than {DOWNLOAD.min_rate:,.0f} over {self.timeout:g} s)"
                )
            self.window_start, self.window_done = now, self.done


def _check_zip(url: str, path: Path) -> None:
    """Refuse a downloaded ``.zip`` that is not one, or that holds a zip bomb."""
    if not zipfile.is_zipfile(path):
        raise DownloadError(f"{url}: the server sent something that is not a zip file")
    size = path.stat().st_size
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                check_member(path, info, size)
    except ImportFormatError as error:
        raise DownloadError(f"{url}: {str(error).removeprefix(f'{path}:')}") from None
    except zipfile.BadZipFile as error:
        raise DownloadError(f"{url}: not a readable zip file ({error})") from None


class Downloader:
    """Downloads GeoNames dump files from GeoNames or a mirror.

    Parameters
    ----------
    base_url : str
        The folder holding ``ML.zip`` and the other dumps (default: GeoNames).
    fetcher : Fetcher, optional
        How to get a URL (default :func:`~conflictmap.store.fetch.urllib_fetch`).
    timeout : float
        Seconds to wait for the server; also the window over which the transfer
        must keep the minimum rate.
    deadline : float, optional
        Seconds one file may take in all (default
        :attr:`~conflictmap.tuning.imports.DownloadTuning.deadline_s`).
    max_bytes : int, optional
        The largest file accepted (default
        :attr:`~conflictmap.tuning.imports.DownloadTuning.max_bytes`).
    progress : callable, optional
        Called as ``progress(file_name, bytes_done, bytes_total)``; the total is 0
        when the server does not say.
    """

    def __init__(
        self,
        *,
        base_url: str = DEFAULT_BASE_URL,
        fetcher: Fetcher | Callable[..., Iterable[bytes]] | None = None,
        timeout: float = 60.0,
        deadline: float | None = None,
        max_bytes: int | None = None,
        progress: ProgressFn | None = None,
    ) -> None:
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.timeout = timeout
        self.deadline = DOWNLOAD.deadline_s if deadline is None else deadline
        self.max_bytes = DOWNLOAD.max_bytes if max_bytes is None else max_bytes
        if not fetcher:
            from conflictmap.store.fetch import urllib_fetch

            fetcher = functools.partial(urllib_fetch, deadline=self.deadline)
        self.fetcher = fetcher
        self.progress = progress

    @staticmethod
    def file_name(code: str) -> str:
        """``ML.zip`` for a country code, or a named dump's file name.

        Examples
        --------
        >>> Downloader.file_name("sn"), Downloader.file_name("admin1CodesASCII")
        ('SN.zip', 'admin1CodesASCII.txt')
        """
        cleaned = code.strip()
        if re.fullmatch(r"[A-Za-z]{2}", cleaned):
            return f"{cleaned.upper()}.zip"
        named = NAMED_FILES.get(cleaned.lower())
        if named is None:
            raise DownloadError(
                f"{code!r}: not a two-letter country code (ML, SN...) or a GeoNames dump "
                f"name ({', '.join(sorted(set(NAMED_FILES.values())))})"
            )
        return named

    def url(self, code: str) -> str:
        """The URL of ``code``'s file."""
        return self.base_url + self.file_name(code)

    def fetch(self, code: str, folder: Path) -> Path:
        """Download ``code``'s file into ``folder`` (atomically) and return its path.

        Raises
        ------
        DownloadError
            The server could not be reached, answered with an error, was too slow,
            or sent something that is not the expected file.
        """
        name = self.file_name(code)
        url = self.base_url + name
        label = name.rsplit(".", 1)[0]
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale(folder, f".{name}.*.part")
        target = folder / name
        part = folder / f".{name}.{os.getpid()}.part"
        try:
            with part.open("wb") as out:
                done = self._receive(url, name, out)
                out.flush()
                os.fsync(out.fileno())
            if name.endswith(".zip"):
                _check_zip(url, part)
            if done == 0:
                raise DownloadError(f"{url}: the server sent an empty file")
            os.replace(part, target)
        except DownloadError as error:
            part.unlink(missing_ok=True)
            message = str(error)
            raise DownloadError(
                message if message.startswith(f"{label}:") else f"{label}: {message}"
            ) from None
        except (OSError, ValueError) as error:
            part.unlink(missing_ok=True)
            raise DownloadError(f"{label}: {url}: {error}") from None
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        return target

    def _receive(self, url: str, name: str, out: BinaryIO) -> int:
        """Write the body of ``url`` to ``out`` under the transfer rules; returns its size."""
        transfer = _Transfer(
            url, timeout=self.timeout, deadline=self.deadline, max_bytes=self.max_bytes
        )
        body = self.fetcher(url, timeout=self.timeout)
        head = b""
        for chunk in body:
            if name.endswith(".zip") and len(head) < 2:
                head += chunk[: 2 - len(head)]
                if len(head) == 2 and head != b"PK":  # every zip starts with "PK"
                    raise DownloadError(f"{url}: the server sent something that is not a zip file")
            transfer.take(chunk)
            out.write(chunk)
            if self.progress is not None:
                self.progress(name, transfer.done, int(getattr(body, "size", 0) or 0))
        return transfer.done

    def fetch_all(self, codes: Sequence[str], folder: Path) -> list[Path]:
        """Download every file (names are checked before anything is fetched)."""
        for code in codes:
            self.file_name(code)
        return [self.fetch(code, folder) for code in dict.fromkeys(codes)]


def download_and_import(
    codes: Sequence[str],
    *,
    home: str | os.PathLike[str] | None = None,
    downloader: Downloader | None = None,
    save_to: Path | None = None,
    classes: str | None = None,
    progress: ProgressFn | None = None,
) -> ImportReport:
    """Download GeoNames files and import them in one transaction.

    The files go to ``save_to`` when given, else to a temporary folder in the home
    that is removed afterwards (and, if the process is killed, by the next download).
    Nothing is imported unless every file arrived.
    """
    downloader = downloader or Downloader()
    home_path = resolve_home(home)
    home_path.mkdir(parents=True, exist_ok=True)
    remove_stale(home_path, ".downloads.*")
    folder = save_to or home_path / f".downloads.{os.getpid()}"
    try:
        paths = downloader.fetch_all(codes, folder)
        return import_files(paths, home=home_path, classes=classes, progress=progress)
    finally:
        if save_to is None:
            shutil.rmtree(folder, ignore_errors=True)


def __getattr__(name: str) -> Any:
    # ``urllib_fetch`` is imported on first use: its http.client, ssl and email imports
    # cost ~30 ms, and ``conflictmap extract`` loads this module with the command line.
    if name == "urllib_fetch":
        from conflictmap.store.fetch import urllib_fetch

        return urllib_fetch
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

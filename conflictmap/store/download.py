"""Fetch GeoNames dump files (``ML.zip``...) and import them.

The network is reached only through a *fetcher*, a callable that takes a URL and
returns the body as an iterable of byte chunks. The default uses ``urllib``; tests
and users behind unusual networks pass their own (an ``httpx`` client, a cache, a
local folder)::

    def fetch(url: str, *, timeout: float) -> Iterable[bytes]: ...

A body that also has an integer ``size`` attribute (the ``Content-Length``) gets
a progress bar with a percentage.

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

import os
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from conflictmap.errors import DownloadError
from conflictmap.paths import resolve_home
from conflictmap.store.geonames import ImportReport, ProgressFn, import_files
from conflictmap.version import __version__

__all__ = [
    "DEFAULT_BASE_URL",
    "Downloader",
    "Fetcher",
    "download_and_import",
    "urllib_fetch",
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

_CHUNK = 1 << 16


class Fetcher(Protocol):
    """Gets the body of ``url`` as byte chunks; raises :class:`DownloadError` on failure."""

    def __call__(self, url: str, *, timeout: float) -> Iterable[bytes]: ...


class _Body:
    """The body of a ``urllib`` response, read in chunks (``size`` from Content-Length)."""

    def __init__(self, url: str, timeout: float) -> None:
        self.url = url
        self.timeout = timeout
        self.size = 0

    def __iter__(self) -> Iterator[bytes]:
        import urllib.error  # here, not at the top: every CLI start would pay for it
        import urllib.request

        request = urllib.request.Request(
            self.url, headers={"User-Agent": f"conflictmap/{__version__}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                self.size = int(response.headers.get("Content-Length") or 0)
                while chunk := response.read(_CHUNK):
                    yield chunk
        except urllib.error.HTTPError as error:
            raise DownloadError(f"{self.url}: HTTP {error.code} {error.reason}") from None
        except urllib.error.URLError as error:
            raise DownloadError(f"{self.url}: {error.reason}") from None
        except (OSError, ValueError) as error:
            raise DownloadError(f"{self.url}: {error}") from None


def urllib_fetch(url: str, *, timeout: float) -> Iterable[bytes]:
    """The default :class:`Fetcher`: ``urllib`` with a timeout, read in 64 KiB chunks."""
    if not url.startswith(("http://", "https://", "file://")):
        raise DownloadError(f"{url}: only http, https and file URLs can be fetched")
    return _Body(url, timeout)


class Downloader:
    """Downloads GeoNames dump files from GeoNames or a mirror.

    Parameters
    ----------
    base_url : str
        The folder holding ``ML.zip`` and the other dumps (default: GeoNames).
    fetcher : Fetcher, optional
        How to get a URL (default :func:`urllib_fetch`).
    timeout : float
        Seconds to wait for the server.
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
        progress: ProgressFn | None = None,
    ) -> None:
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.fetcher = fetcher or urllib_fetch
        self.timeout = timeout
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
            The server could not be reached, answered with an error, or sent
            something that is not the expected file.
        """
        name = self.file_name(code)
        url = self.base_url + name
        label = name.rsplit(".", 1)[0]
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        part = folder / f".{name}.{os.getpid()}.part"
        done = 0
        try:
            body = self.fetcher(url, timeout=self.timeout)
            with part.open("wb") as out:
                for chunk in body:
                    out.write(chunk)
                    done += len(chunk)
                    if self.progress is not None:
                        self.progress(name, done, int(getattr(body, "size", 0) or 0))
                out.flush()
                os.fsync(out.fileno())
            if name.endswith(".zip") and not zipfile.is_zipfile(part):
                raise DownloadError(f"{url}: the server sent something that is not a zip file")
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
    that is removed afterwards. Nothing is imported unless every file arrived.
    """
    downloader = downloader or Downloader()
    home_path = resolve_home(home)
    home_path.mkdir(parents=True, exist_ok=True)
    folder = save_to or home_path / f".downloads.{os.getpid()}"
    try:
        paths = downloader.fetch_all(codes, folder)
        return import_files(paths, home=home_path, classes=classes, progress=progress)
    finally:
        if save_to is None:
            shutil.rmtree(folder, ignore_errors=True)

"""The default fetcher of ``gazetteer download``: ``urllib`` held to a deadline.

``urllib`` alone waits ``timeout`` seconds for *each* read, so a server that sends
its headers or its body one byte every few seconds can hold a download for hours.
Here:

* the status line and headers must arrive within ``timeout`` seconds in all;
* the body is read as it arrives (``read1``: one receive per chunk), so the caller
  sees every byte and can apply its rate and size rules;
* past the ``deadline`` (seconds for the whole file) a watchdog shuts the socket
  down, which wakes a read blocked on it;
* a broken answer (a garbage status line, a header line of 100 KB, over 100
  headers, a bad chunked body) is a :class:`~conflictmap.errors.DownloadError` with
  one line, like a refused connection or an HTTP error status.

Examples
--------
>>> try:
...     list(urllib_fetch("ftp://example.invalid/ML.zip", timeout=1))
... except DownloadError as error:
...     print(error)
ftp://example.invalid/ML.zip: only http, https and file URLs can be fetched
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

from conflictmap.errors import DownloadError
from conflictmap.tuning.imports import DOWNLOAD
from conflictmap.version import __version__

__all__ = ["Body", "urllib_fetch"]

_CHUNK = 1 << 16


class _Watch:
    """A timer that shuts down the connection's socket when it fires."""

    def __init__(self) -> None:
        self.sock: socket.socket | None = None
        self.fired = ""
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def arm(self, seconds: float, why: str) -> None:
        """Fire in ``seconds`` (replacing an armed timer); ``why`` is the error then."""
        self.disarm()
        self._timer = threading.Timer(max(seconds, 0.0), self._fire, args=(why,))
        self._timer.daemon = True
        self._timer.start()

    def disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _fire(self, why: str) -> None:
        with self._lock:
            self.fired = why
            if self.sock is not None:
                # the plain socket's shutdown: wakes a blocked read, even under TLS
                with contextlib.suppress(OSError):
                    socket.socket.shutdown(self.sock, socket.SHUT_RDWR)

    def watch(self, sock: socket.socket | None) -> None:
        with self._lock:
            self.sock = sock
            if self.fired and sock is not None:
                self._fire(self.fired)


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, watch: _Watch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._watch = watch

    def connect(self) -> None:
        super().connect()
        self._watch.watch(self.sock)


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, watch: _Watch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._watch = watch

    def connect(self) -> None:
        super().connect()
        self._watch.watch(self.sock)


def _opener(watch: _Watch) -> Any:
    """A ``urllib`` opener whose connections report their sockets to ``watch``."""
    import urllib.request

    class HTTPHandler(urllib.request.HTTPHandler):
        def http_open(self, req: Any) -> Any:
            return self.do_open(functools.partial(_HTTPConnection, watch=watch), req)

    class HTTPSHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: Any) -> Any:
            return self.do_open(
                functools.partial(_HTTPSConnection, watch=watch),
                req,
                context=getattr(self, "_context", None),
            )

    return urllib.request.build_opener(HTTPHandler, HTTPSHandler)


class Body:
    """The body of ``url``, read in chunks as they arrive (``size`` from Content-Length).

    Parameters
    ----------
    url : str
        What to get.
    timeout : float
        Seconds for the server to answer (status and headers, in all) and for each read.
    deadline : float
        Seconds for the whole file.
    """

    def __init__(self, url: str, timeout: float, deadline: float) -> None:
        self.url = url
        self.timeout = timeout
        self.deadline = deadline
        self.size = 0

    def __iter__(self) -> Iterator[bytes]:
        watch = _Watch()
        started = time.monotonic()
        try:
            yield from self._chunks(watch, started)
        except DownloadError:
            raise
        except (OSError, ValueError, http.client.HTTPException) as error:
            # urllib's URLError and HTTPError are OSErrors; a bad chunk size a ValueError
            raise self._error(error, watch) from None
        finally:
            watch.disarm()

    def _chunks(self, watch: _Watch, started: float) -> Iterator[bytes]:
        import urllib.request

        request = urllib.request.Request(
            self.url, headers={"User-Agent": f"conflictmap/{__version__}"}
        )
        first = min(self.timeout, self.deadline)
        watch.arm(first, f"no answer within {first:g} s")
        with _opener(watch).open(request, timeout=self.timeout) as response:
            left = self.deadline - (time.monotonic() - started)
            watch.arm(left, f"not complete within the deadline of {self.deadline:g} s")
            self.size = _content_length(response.headers.get("Content-Length"))
            read = getattr(response, "read1", response.read)
            while chunk := read(_CHUNK):
                yield chunk
        if watch.fired:  # the socket was shut down: what looked like the end was not
            raise DownloadError(f"{self.url}: {watch.fired}")

    def _error(self, error: BaseException, watch: _Watch) -> DownloadError:
        import urllib.error

        if watch.fired:
            return DownloadError(f"{self.url}: {watch.fired}")
        if isinstance(error, urllib.error.HTTPError):
            return DownloadError(f"{self.url}: HTTP {error.code} {_short(error.reason)}")
        if isinstance(error, urllib.error.URLError):
            return DownloadError(f"{self.url}: {_short(error.reason)}")
        if isinstance(error, http.client.HTTPException):
            return DownloadError(
                f"{self.url}: not a valid HTTP answer ({type(error).__name__}: {_short(error)})"
            )
        return DownloadError(f"{self.url}: {_short(error)}")


def _short(value: object, limit: int = 120) -> str:
    """``value`` as text on one line, at most ``limit`` characters (a header can be huge)."""
    text = " ".join(str(value).split()) or type(value).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _content_length(value: str | None) -> int:
    """The Content-Length as a number (0 when absent or not a number)."""
    if value is None or not value.strip().isdigit() or len(value.strip()) > 18:
        return 0
    return int(value.strip())


def urllib_fetch(url: str, *, timeout: float, deadline: float | None = None) -> Iterable[bytes]:
    """The default fetcher: ``urllib`` with a timeout and a deadline, read as data arrives."""
    if not url.startswith(("http://", "https://", "file://")):
        raise DownloadError(f"{url}: only http, https and file URLs can be fetched")
    return Body(url, timeout, DOWNLOAD.deadline_s if deadline is None else deadline)

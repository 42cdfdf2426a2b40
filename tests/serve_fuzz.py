"""Fuzzing the review app's HTTP API (issue 20): generated requests, checked answers.

:data:`requests` is a Hypothesis strategy of :class:`Call` (a method, a path with
its query, headers, a body) over every route of ``conflictmap serve`` and paths it
does not have: JSON bodies with every field of the wrong type, out of range, huge,
nested, hostile text; bodies that are not JSON, not UTF-8, not an object; scopes,
place ids and mention numbers valid and not; a missing CSRF token or a foreign
origin now and then. :class:`ApiFuzzer` sends them to a running app over one
keep-alive connection and :meth:`ApiFuzzer.check` holds every answer to the bar:

* never a 5xx, never a traceback (neither in the answer nor logged by the server);
* every refusal a 4xx whose body is one JSON object ``{"error": "<one line>"}``;
* every success what the route serves (JSON that parses, the page, the exports).

Used by tests/test_serve_fuzz.py (a few hundred cases in CI) and by
``bench/fuzz_campaign.py`` (tens of thousands). A valid PNG export starts Chromium
(seconds), so PNG requests here always carry a size the server must refuse; the
browser test downloads real ones.
"""

from __future__ import annotations

import http.client
import json
import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from hypothesis import strategies as st

from .hostile_payloads import PAYLOADS
from .serve_harness import Running

__all__ = ["ARTICLE", "ApiFuzzer", "Call", "fuzz_json", "fuzz_text", "requests"]

#: the article the fuzzed app has open at the start (a Cabo Delgado story)
ARTICLE = (
    "Insurgents attacked Mocímboa da Praia and Macomia in Cabo Delgado province, "
    "Mozambique, and families fled south to Pemba, officials in Maputo said."
)
#: place ids the fuzzer names: real ones, user ones, and ids that cannot exist
PLACES = (
    "geonames:1028918", "geonames:1024699", "admin1:MZ.01", "user:1", "user:2",
    "user:999999", "geonames:0", "geonames:99999999999999999999999", "geonames:", "x",
)  # fmt: skip
SCOPES = ("article", "region", "country", "everywhere")
#: what a successful answer of each kind of path is
_PAGES = {"/": "text/html", "/static/app.js": "javascript", "/static/app.css": "text/css",
          "/static/leaflet.js": "javascript", "/static/leaflet.css": "text/css"}  # fmt: skip
_EXPORTS = {"html": "text/html", "geojson": "geo+json", "csv": "text/csv"}


@dataclass(frozen=True, slots=True)
class Call:
    """One generated request."""

    method: str
    path: str
    body: bytes | None = None
    headers: tuple[tuple[str, str | None], ...] = ()

    def __repr__(self) -> str:
        return f"Call({self.method} {self.path[:120]!r} body={(self.body or b'')[:160]!r})"


_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=40),
    st.sampled_from(["", " ", "Pemba", "Macomia", "\x00", "\ud7ff", "x" * 300, "Ｇao", "１"]),
)
_int = st.one_of(
    st.integers(-3, 12), st.integers(-(2**70), 2**70), st.sampled_from([10**400, -(10**400)])
)
_float = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-100, 100),
    st.sampled_from([-12.96, 40.49, 90.0000001, -180.5, 1e308]),
)
_json: st.SearchStrategy[Any] = st.recursive(
    st.one_of(st.none(), st.booleans(), _int, _float, _text),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_text, inner, max_size=4)),
    max_leaves=12,
)


def _value(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A field's value: often a plausible one, else anything JSON holds."""
    return st.one_of(good, good, _json)


_FIELDS: dict[str, dict[str, st.SearchStrategy[Any]]] = {
    "/api/open": {"text": _value(_text), "name": _value(_text)},
    "/api/choose": {"mention": _value(st.integers(-1, 8)), "place": _value(st.sampled_from(PLACES)),
                    "scope": _value(st.sampled_from(SCOPES))},
    "/api/alias": {"mention": _value(st.integers(-1, 8)), "place": _value(st.sampled_from(PLACES)),
                   "scope": _value(st.sampled_from(SCOPES)), "name": _value(_text)},
    "/api/reject": {"mention": _value(st.integers(-1, 8)), "scope": _value(st.sampled_from(SCOPES))},
    "/api/add": {"mention": _value(st.integers(-1, 8)), "lat": _value(_float),
                 "lon": _value(_float), "name": _value(_text),
                 "scope": _value(st.sampled_from(SCOPES))},
    "/api/undo": {},
}  # fmt: skip


@st.composite
def _object_body(draw: st.DrawFn, path: str) -> bytes:
    fields = _FIELDS[path]
    keys = sorted(fields)  # most often every field, else some
    if draw(st.integers(0, 2)) == 2:
        keys = draw(st.lists(st.sampled_from(sorted(fields) or ["x"]), unique=True))
    data = {k: draw(fields[k]) if k in fields else draw(_json) for k in keys}
    if draw(st.integers(0, 5)) == 5:
        data[draw(_text)] = draw(_json)
    return json.dumps(data, allow_nan=True).encode("utf-8", "surrogatepass")


_raw_body = st.one_of(
    st.binary(max_size=200),
    _json.map(lambda v: json.dumps(v, allow_nan=True).encode("utf-8", "surrogatepass")),
    st.sampled_from([b"", b"{", b"[" * 5000, b'{"a":' * 3000, b"\xff\xfe{}", b'"\\ud800"',
                     b'{"text": "\\ud800"}', b"{\"mention\": 1e999}", b"null"]),
)  # fmt: skip


@st.composite
def _post(draw: st.DrawFn) -> Call:
    path = draw(st.sampled_from(sorted(_FIELDS)))
    body = draw(st.one_of(_object_body(path), _object_body(path), _raw_body))
    return Call("POST", path, body, draw(_headers()))


@st.composite
def _headers(draw: st.DrawFn) -> tuple[tuple[str, str | None], ...]:
    choice = draw(st.integers(0, 19))  # Hypothesis favours 0: the usual headers there
    if choice == 19:
        return (("X-CSRF-Token", None),)
    if choice == 18:
        return (("Origin", draw(st.sampled_from(["http://evil.example", "null", "", "x"]))),)
    if choice == 17:
        return (("Content-Type", draw(st.sampled_from(["text/plain", "", "application/x"]))),)
    return ()


def _query(pairs: dict[str, str]) -> str:
    return urlencode(pairs, quote_via=quote, encoding="utf-8", errors="surrogatepass")


@st.composite
def _get(draw: st.DrawFn) -> Call:
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return Call("GET", draw(st.sampled_from(sorted(_PAGES))))
    if kind == 1:
        return Call("GET", "/static/" + quote(draw(_text), safe=""))
    if kind == 2:
        return Call("GET", draw(st.sampled_from(["/api/article", "/api/history"])))
    if kind == 3:
        return Call("GET", f"/api/candidates/{draw(_int)}")
    if kind == 4:
        query = {"q": draw(_text)}
        if draw(st.booleans()):
            query["country"] = draw(_text)
        return Call("GET", "/api/search?" + _query(query))
    if kind == 5:
        fmt = draw(
            st.one_of(st.sampled_from(sorted(_EXPORTS)), _text.map(lambda t: quote(t, safe="")))
        )
        return Call("GET", f"/export/{fmt}")
    if kind == 6:  # a PNG size the server must refuse (a valid one starts Chromium)
        bad = draw(st.one_of(
            st.fixed_dictionaries({"width": _text.filter(lambda t: not _valid_width(t))}),
            st.fixed_dictionaries({"scale": _text.filter(lambda t: t not in ("1", "2", "3", ""))}),
            st.fixed_dictionaries({"width": st.integers(2001, 3000).map(str),
                                   "scale": st.just("3")}),
        ))  # fmt: skip
        return Call("GET", "/export/png?" + _query(bad))
    if kind == 7:
        method = draw(st.sampled_from(["PUT", "DELETE", "PATCH", "POST", "GET"]))
        return Call(
            method, draw(st.sampled_from(["/api/choose", "/api/article", "/", "/export/csv"]))
        )
    path = "/" + "/".join(quote(p, safe="") for p in draw(st.lists(_text, max_size=3)))
    return Call(draw(st.sampled_from(["GET", "POST"])), path, b"{}", draw(_headers()))


def _valid_width(text: str) -> bool:
    return text == "" or (text.isascii() and text.isdigit() and len(text) <= 5
                          and 400 <= int(text) <= 3000)  # fmt: skip


#: every generated request
requests = st.one_of(_post(), _get())


class _Errors(logging.Handler):
    """Counts what the server logs at ERROR (uvicorn logs an unhandled exception so)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(self.format(record)[-6000:])


@dataclass
class ApiFuzzer:
    """Sends :class:`Call` s to a running app and checks every answer."""

    app: Running
    statuses: dict[int, int] = field(default_factory=dict)
    _connection: http.client.HTTPConnection | None = None
    _errors: _Errors = field(default_factory=_Errors)

    def __post_init__(self) -> None:
        for name in ("uvicorn", "uvicorn.error", "uvicorn.asgi", "starlette", ""):
            logging.getLogger(name).addHandler(self._errors)

    def close(self) -> None:
        for name in ("uvicorn", "uvicorn.error", "uvicorn.asgi", "starlette", ""):
            logging.getLogger(name).removeHandler(self._errors)
        if self._connection is not None:
            self._connection.close()

    def send(self, call: Call) -> tuple[int, str, bytes]:
        """``(status, content type, body)`` of the app's answer."""
        headers: dict[str, str | None] = {"Content-Type": "application/json"}
        if call.method != "GET":
            headers |= {"Origin": self.app.base, "X-CSRF-Token": self.app.plan.guard.csrf}
        headers |= dict(call.headers)
        sent = {k: v for k, v in headers.items() if v is not None}
        for attempt in (1, 2):
            if self._connection is None:
                self._connection = http.client.HTTPConnection(
                    "127.0.0.1", self.app.plan.port, timeout=120
                )
            try:
                self._connection.request(call.method, call.path, body=call.body, headers=sent)
                response = self._connection.getresponse()
                content = response.read()
            except (http.client.HTTPException, ConnectionError):
                self._connection.close()
                self._connection = None
                if attempt == 2:
                    raise
                continue
            if response.getheader("connection", "").lower() == "close":
                self._connection.close()
                self._connection = None
            return response.status, response.getheader("content-type") or "", content
        raise AssertionError("unreachable")

    def check(self, call: Call) -> None:
        """Send ``call``; fail (AssertionError) if the answer misses the bar."""
        status, kind, content = self.send(call)
        self.statuses[status] = self.statuses.get(status, 0) + 1
        assert status < 500, f"{status} for {call!r}: {content[:300]!r}"
        assert b"Traceback" not in content, f"a traceback for {call!r}"
        if self._errors.records:
            logged, self._errors.records = self._errors.records, []
            raise AssertionError(f"the server logged an error for {call!r}: {logged[0]}")
        if status >= 400:
            assert 400 <= status < 500 and "application/json" in kind, (status, kind, call)
            error = json.loads(content)
            assert isinstance(error, dict) and list(error) == ["error"], (error, call)
            message = error["error"]
            assert isinstance(message, str) and message.strip(), (error, call)
            assert "\n" not in message and len(message) <= 600, (message[:200], call)
            return
        path = call.path.partition("?")[0]
        wanted = _PAGES.get(path) or _EXPORTS.get(path.removeprefix("/export/"), "json")
        assert wanted in kind, (status, kind, call)
        if wanted == "json" or wanted == "geo+json":
            json.loads(content)


#: text and JSON values as the requests carry them (for other fuzzers of the same kind)
fuzz_text = _text
fuzz_json = _json

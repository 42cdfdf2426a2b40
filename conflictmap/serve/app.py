"""The review app's routes (Starlette): the page, its JSON API, the exports.

Every state-changing route is a POST that :class:`~conflictmap.serve.guard.Guard`
has already checked (origin, CSRF token, access token, body size). Handlers read
a JSON object, call the :class:`~conflictmap.serve.workspace.Workspace` in a
worker thread and answer JSON; a bad request is one clear ``{"error": ...}``.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Awaitable, Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from conflictmap.errors import ConflictmapError
from conflictmap.mapping import make_map, page_html
from conflictmap.mapping.assets import bundle_for
from conflictmap.mapping.basemap import world
from conflictmap.output import to_csv, to_geojson
from conflictmap.serve.guard import BodyTooLarge, Guard, GuardConfig
from conflictmap.serve.workspace import Workspace

__all__ = ["STATIC", "create_app"]

#: the page, its script and its style sheet
STATIC = Path(__file__).resolve().parent / "static"

Handler = Callable[[Request], Awaitable[Response]]

#: the PNG export's default width in CSS pixels (``map --png``'s 1280x800)
PNG_WIDTH = 1280
#: the PNG export's lowest and highest width in CSS pixels (a small embed; a poster)
PNG_WIDTHS = (400, 3000)
#: the PNG export's device pixel ratios (1x, 2x, 3x: print sharpness)
PNG_SCALES = (1, 2, 3)
#: the widest PNG the app renders, in image pixels (width times scale): a
#: 6000x3750 image is about 90 MB of pixels in Chromium
PNG_MAX_PIXELS = 6000
#: height over width of the exported PNG (``map --png``'s 1280x800)
PNG_ASPECT = 0.625
_WIDTH_RULE = f"the PNG width must be a whole number of pixels, {PNG_WIDTHS[0]} to {PNG_WIDTHS[1]}"
_SCALE_RULE = "the PNG scale must be 1, 2 or 3"


class BadRequest(Exception):
    """A request the app cannot use (one line for the page)."""


def _json_error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _guarded(handler: Handler) -> Handler:
    async def answer(request: Request) -> Response:
        try:
            return await handler(request)
        except BodyTooLarge:
            return _json_error(413, "the request body is too large")
        except ClientDisconnect:
            return _json_error(400, "the request ended before its body did")
        except (BadRequest, ConflictmapError) as error:
            return _json_error(400, str(error))

    return answer


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequest("the request body is not JSON") from None
    if not isinstance(data, dict):
        raise BadRequest("the request body is not a JSON object")
    return data


def _field(data: dict[str, Any], key: str, kind: type, *, optional: bool = False) -> Any:
    value = data.get(key)
    if value is None and optional:
        return None
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        try:
            value = float(value)
        except OverflowError:  # an integer of hundreds of digits (issue 20, the API fuzz)
            raise BadRequest(f"{key!r} is too large a number") from None
    if not isinstance(value, kind) or isinstance(value, bool):
        raise BadRequest(f"{key!r} must be {kind.__name__}")
    return value


@cache
def _leaflet() -> tuple[str, str]:
    bundle = bundle_for(cluster=False)
    script = next(source for name, _, source in bundle.scripts if name == "leaflet")
    style = next(css for name, css in bundle.styles if name == "leaflet")
    return script, style


class _Routes:
    """The handlers, over one workspace."""

    def __init__(self, workspace: Workspace, csrf: str) -> None:
        self.workspace = workspace
        self.csrf = csrf

    async def page(self, request: Request) -> Response:
        html = (STATIC / "index.html").read_text(encoding="utf-8").replace("{{csrf}}", self.csrf)
        return Response(html, media_type="text/html; charset=utf-8")

    async def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name == "leaflet.js":
            return Response(_leaflet()[0], media_type="text/javascript")
        if name == "leaflet.css":
            return Response(_leaflet()[1], media_type="text/css")
        if name not in ("app.js", "app.css"):
            return _json_error(404, "not found")
        kind = "text/javascript" if name.endswith(".js") else "text/css"
        return Response((STATIC / name).read_text(encoding="utf-8"), media_type=kind)

    async def article(self, request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(self.workspace.view))

    async def basemap(self, request: Request) -> Response:
        gaz = await run_in_threadpool(self.workspace.gazetteer)
        return JSONResponse((await run_in_threadpool(world, gaz)).geojson)

    async def open_article(self, request: Request) -> Response:
        data = await _body(request)
        text = _field(data, "text", str)
        name = (_field(data, "name", str, optional=True) or "article")[:200]
        ws = self.workspace
        if name.lower().endswith((".html", ".htm", ".xhtml")):
            view = await run_in_threadpool(ws.open_bytes, text.encode("utf-8"), name=name)
        else:
            view = await run_in_threadpool(ws.open_text, text, name=name)
        return JSONResponse(view)

    async def candidates(self, request: Request) -> Response:
        index = int(request.path_params["index"])
        return JSONResponse(await run_in_threadpool(self.workspace.candidates, index))

    async def choose(self, request: Request) -> Response:
        data = await _body(request)
        args = (
            _field(data, "mention", int),
            _field(data, "place", str),
            _field(data, "scope", str),
        )
        return JSONResponse(await run_in_threadpool(self.workspace.choose, *args))

    async def alias(self, request: Request) -> Response:
        data = await _body(request)
        args = (
            _field(data, "mention", int),
            _field(data, "place", str),
            _field(data, "scope", str),
            _field(data, "name", str, optional=True),
        )
        return JSONResponse(await run_in_threadpool(self.workspace.alias, *args))

    async def reject(self, request: Request) -> Response:
        data = await _body(request)
        args = (_field(data, "mention", int), _field(data, "scope", str))
        return JSONResponse(await run_in_threadpool(self.workspace.not_a_place, *args))

    async def add(self, request: Request) -> Response:
        data = await _body(request)

        def run() -> dict[str, Any]:
            return self.workspace.add_place(
                _field(data, "mention", int), lat=_field(data, "lat", float),
                lon=_field(data, "lon", float), name=_field(data, "name", str, optional=True),
                reach=_field(data, "scope", str),
            )  # fmt: skip

        return JSONResponse(await run_in_threadpool(run))

    async def undo(self, request: Request) -> Response:
        await _body(request)
        return JSONResponse(await run_in_threadpool(self.workspace.undo))

    async def history(self, request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(self.workspace.history))

    async def search(self, request: Request) -> Response:
        query = request.query_params.get("q", "")
        country = request.query_params.get("country") or None
        return JSONResponse(await run_in_threadpool(self.workspace.search, query, country))

    async def export(self, request: Request) -> Response:
        fmt = request.path_params["fmt"]
        size = png_size(request.query_params) if fmt == "png" else None
        return await run_in_threadpool(_export, self.workspace, fmt, size)

    def routes(self) -> list[Route]:
        g = _guarded
        return [
            Route("/", self.page),
            Route("/static/{name}", self.static),
            Route("/api/article", g(self.article)),
            Route("/api/basemap", g(self.basemap)),
            Route("/api/open", g(self.open_article), methods=["POST"]),
            Route("/api/candidates/{index:int}", g(self.candidates)),
            Route("/api/choose", g(self.choose), methods=["POST"]),
            Route("/api/alias", g(self.alias), methods=["POST"]),
            Route("/api/reject", g(self.reject), methods=["POST"]),
            Route("/api/add", g(self.add), methods=["POST"]),
            Route("/api/undo", g(self.undo), methods=["POST"]),
            Route("/api/history", g(self.history)),
            Route("/api/search", g(self.search)),
            Route("/export/{fmt}", g(self.export)),
        ]


def create_app(workspace: Workspace, *, guard: GuardConfig | None = None) -> Any:
    """The ASGI app over ``workspace``, wrapped in a :class:`Guard` built from ``guard``
    (without one, the bare app: for tests of the routes alone)."""
    csrf = guard.csrf if guard is not None else secrets.token_hex(16)
    app = Starlette(
        routes=_exact(_Routes(workspace, csrf).routes()),
        exception_handlers={404: _not_found, 405: _not_allowed},
    )
    app.router.redirect_slashes = False  # a path with a slash too many is not found, not moved
    return Guard(app, guard) if guard is not None else app


def _exact(routes: list[Route]) -> list[Route]:
    """``routes`` matching whole paths only. Starlette ends each route's pattern with
    ``$``, which also matches before a final newline: ``GET /%0A`` was answered with
    the page and ``/api/history%0A`` with the history (found by the API fuzz, issue 20).
    """
    for route in routes:
        pattern = route.path_regex.pattern
        if pattern.endswith("$"):
            route.path_regex = re.compile(pattern[:-1] + r"\Z")
    return routes


def png_size(params: Mapping[str, str]) -> tuple[int, int, int]:
    """The PNG export's ``(width, height, scale)`` from the query (``?width=&scale=``),
    or one clear error: a width within :data:`PNG_WIDTHS` (CSS pixels), a scale of
    :data:`PNG_SCALES`, at most :data:`PNG_MAX_PIXELS` image pixels wide.

    Examples
    --------
    >>> png_size({}), png_size({"width": "800", "scale": "2"})
    ((1280, 800, 1), (800, 500, 2))
    >>> png_size({"width": "1e3"})
    Traceback (most recent call last):
    ...
    conflictmap.serve.app.BadRequest: the PNG width must be a whole number of pixels, 400 to 3000
    """
    width = _whole(params.get("width"), PNG_WIDTH, "width")
    scale = _whole(params.get("scale"), 1, "scale")
    if not PNG_WIDTHS[0] <= width <= PNG_WIDTHS[1]:
        raise BadRequest(_WIDTH_RULE)
    if scale not in PNG_SCALES:
        raise BadRequest(_SCALE_RULE)
    if width * scale > PNG_MAX_PIXELS:
        raise BadRequest(
            f"a PNG {width} pixels wide at {scale}x is {width * scale} pixels: "
            f"at most {PNG_MAX_PIXELS} (a smaller width or scale)"
        )
    return width, round(width * PNG_ASPECT), scale


def _whole(text: str | None, default: int, what: str) -> int:
    if text is None or text == "":
        return default
    if not (text.isascii() and text.isdigit()) or len(text) > 5:
        raise BadRequest(_WIDTH_RULE if what == "width" else _SCALE_RULE)
    return int(text)


def _file_stem(name: str) -> str:
    """The export's file name stem: the article's name, letters, digits, - and _ only.

    Examples
    --------
    >>> _file_stem("Rapport: Ségou/Gao <2024>"), _file_stem("«»"), _file_stem("Ахтирка")
    ('RapportSégouGao2024', 'article', 'Ахтирка')
    """
    return "".join(c for c in name if c.isalnum() or c in "-_")[:80] or "article"


async def _not_found(request: Request, exc: Exception) -> Response:
    return _json_error(404, "not found")


async def _not_allowed(request: Request, exc: Exception) -> Response:
    return _json_error(405, f"{request.method[:10]} is not allowed here")


def _export(workspace: Workspace, fmt: str, size: tuple[int, int, int] | None = None) -> Response:
    opened = workspace.opened
    stem = _file_stem(opened.name)
    body: str | bytes
    if fmt == "html":
        gaz = workspace.gazetteer()
        body, kind = page_html(make_map(opened.result, gazetteer=gaz)), "text/html"
    elif fmt == "geojson":
        data = to_geojson(opened.result, gazetteer=workspace.gazetteer())
        body, kind = json.dumps(data, ensure_ascii=False, indent=1), "application/geo+json"
    elif fmt == "csv":
        body, kind = to_csv(opened.result), "text/csv"
    elif fmt == "png":  # headless Chromium (the png extra), network off
        from conflictmap.output.render import png_bytes

        width, height, scale = size or png_size({})
        html = page_html(make_map(opened.result, gazetteer=workspace.gazetteer()))
        body, kind = png_bytes(html, width=width, height=height, scale=scale), "image/png"
    else:
        raise BadRequest(f"unknown export format {fmt[:20]!r} (html, png, geojson or csv)")
    # the header is latin-1: an ASCII name, and the article's own (RFC 6266) beside it
    ascii_stem = "".join(c for c in stem if c.isascii()).strip("-_") or "article"
    disposition = (
        f'attachment; filename="{ascii_stem}.{fmt}"; '
        f"filename*=UTF-8''{quote(stem + '.' + fmt, safe='', errors='replace')}"
    )
    return Response(body, media_type=kind, headers={"content-disposition": disposition})

"""The review app's HTTP surface (issue 17): guarded, size-limited, and it corrects.

The app runs for real (uvicorn in a thread, on a free loopback port) over a fresh
home sharing the session's base gazetteer; requests are plain HTTP, so what the
guard refuses is refused on the wire, not in a test client.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from conflictmap.errors import ConflictmapError
from conflictmap.paths import CORRECTIONS_DB
from conflictmap.serve.guard import MAX_BODY
from conflictmap.serve.run import plan_server
from conflictmap.store.corrections import CorrectionStore

from ._geonames import make_home
from .conftest import cli_exit_code
from .serve_harness import Running, running_app

PALMA_ES, PALMA_BR = "geonames:2512989", "geonames:3455475"
SPAIN = "Protesters marched in Palma, on Mallorca, as Madrid sent police to Spain's islands."


@pytest.fixture
def home(tmp_path: Path, base_home: Path) -> Path:
    return make_home(base_home, tmp_path / "home")


@pytest.fixture
def app(home: Path, tmp_path: Path) -> Iterator[Running]:
    article = tmp_path / "mallorca.txt"
    article.write_text(SPAIN, encoding="utf-8")
    with running_app(home, str(article)) as running:
        yield running


def test_the_page_carries_its_csrf_token_and_a_strict_policy(app: Running) -> None:
    status, page = app.call("GET", "/")
    assert status == 200 and app.plan.guard.csrf.encode() in page
    request_headers = {"Host": f"127.0.0.1:{app.plan.port}"}
    status, _ = app.call("GET", "/static/app.js", headers=request_headers)
    assert status == 200


def test_a_change_without_the_csrf_token_or_from_elsewhere_is_refused(app: Running) -> None:
    body = {"mention": 0, "place": PALMA_BR, "scope": "country"}
    for headers, needle in [
        ({"X-CSRF-Token": None}, "CSRF"),
        ({"X-CSRF-Token": "0" * 43}, "CSRF"),
        ({"Origin": "http://evil.example"}, "own page"),
        ({"Origin": None}, "own page"),
        ({"Origin": "null"}, "own page"),
        ({"Origin": f"http://127.0.0.1:{app.plan.port + 1}"}, "own page"),
    ]:
        status, answer = app.call("POST", "/api/choose", body, headers=headers)
        assert (status, needle in answer["error"]) == (403, True), headers
    status, answer = app.call("GET", "/api/article", headers={"Host": "evil.example"})
    assert status == 421  # DNS rebinding: a foreign Host header
    status, answer = app.call("POST", "/api/choose", body)
    assert status == 200 and "(in country:ES)" in answer["message"]


def test_nothing_refused_was_written(app: Running, home: Path) -> None:
    body = {"mention": 0, "place": PALMA_BR, "scope": "everywhere"}
    app.call("POST", "/api/choose", body, headers={"Origin": "http://evil.example"})
    app.call(
        "POST", "/api/reject", {"mention": 0, "scope": "everywhere"}, headers={"X-CSRF-Token": "x"}
    )
    assert CorrectionStore(home / CORRECTIONS_DB).history() == []


def test_a_choice_moves_the_pin_and_undo_moves_it_back(app: Running, home: Path) -> None:
    _, view = app.call("GET", "/api/article")
    palma = next(m for m in view["mentions"] if m["text"] == "Palma")
    assert palma["place"] == PALMA_ES
    _, listed = app.call("GET", f"/api/candidates/{palma['index']}")
    chosen = next(c for c in listed["candidates"] if c["chosen"])
    assert chosen["id"] == PALMA_ES and chosen["nearest"]["name"] in ("Madrid", "Spain")
    assert chosen["evidence"][0].startswith("chosen, confidence")
    _, answer = app.call("POST", "/api/choose", {"mention": palma["index"], "place": PALMA_BR,
                                                 "scope": "country"})  # fmt: skip
    pins = {p["id"] for p in answer["view"]["pins"]}
    assert PALMA_BR in pins and PALMA_ES not in pins
    (row,) = CorrectionStore(home / CORRECTIONS_DB).history()
    assert row.scope == "country:ES"
    _, answer = app.call("POST", "/api/undo", {})
    assert PALMA_ES in {p["id"] for p in answer["view"]["pins"]}
    _, rows = app.call("GET", "/api/history")
    assert [r["status"] for r in rows] == ["active", "undone"]
    assert [r["scope"] for r in rows] == ["country:ES", "country:ES"]  # the undo's target


def test_bad_requests_get_one_clear_error(app: Running) -> None:
    cases = [
        ("/api/choose", b"{not json", "not JSON"),
        ("/api/choose", b"[1, 2]", "not a JSON object"),
        (
            "/api/choose",
            b'{"mention": "0", "place": "x", "scope": "article"}',
            "'mention' must be int",
        ),
        (
            "/api/choose",
            b'{"mention": 99, "place": "geonames:1", "scope": "article"}',
            "no mention #99",
        ),
        ("/api/choose", b'{"mention": 0, "place": "geonames:1", "scope": "moon"}', "unknown scope"),
        (
            "/api/choose",
            b'{"mention": 0, "place": "geonames:1", "scope": "article"}',
            "unknown place id",
        ),
        ("/api/add", b'{"mention": 0, "lat": 91, "lon": 0, "scope": "article"}', "latitude"),
        (
            "/api/add",  # found by the API fuzz (issue 20): a float() overflow was a 500
            b'{"mention": 0, "lat": 1, "lon": 1' + b"0" * 400 + b', "scope": "article"}',
            "'lon' is too large a number",
        ),
        ("/api/open", b'{"text": "   "}', "empty"),
        ("/api/open", b"[" * 100_000, "not JSON"),
    ]
    for path, raw, needle in cases:
        status, answer = app.call("POST", path, raw=raw)
        assert status == 400 and needle in answer["error"], (raw[:40], answer)
    status, answer = app.call("GET", "/export/exe")
    assert status == 400 and "unknown export format" in answer["error"]


def _post_raw(app: Running, headers: dict[str, str], body: object) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", app.plan.port, timeout=60)
    try:
        connection.request("POST", "/api/open", body=body, headers={  # type: ignore[arg-type]
            "Origin": app.base, "X-CSRF-Token": app.plan.guard.csrf,
            "Content-Type": "application/json", **headers},
            encode_chunked="Transfer-Encoding" in headers)  # fmt: skip
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_a_body_over_the_limit_is_refused(app: Running) -> None:
    # a declared length over the limit: refused before the body is read
    status, answer = _post_raw(app, {"Content-Length": str(MAX_BODY + 1)}, b"{}")
    assert status == 413 and b"too large" in answer
    # a chunked body (no length declared) is counted as it streams
    chunk = b" " * 65536
    chunks = iter([b'{"text": "Gao.', *([chunk] * (MAX_BODY // len(chunk) + 2)), b'"}'])
    status, answer = _post_raw(app, {"Transfer-Encoding": "chunked"}, chunks)
    assert status == 413 and b"too large" in answer
    status, _ = app.call("GET", "/api/article")
    assert status == 200  # the app is still there


def test_exports_are_attachments_of_the_corrected_article(app: Running) -> None:
    app.call("POST", "/api/choose", {"mention": 0, "place": PALMA_BR, "scope": "article"})
    status, geojson = app.call("GET", "/export/geojson")
    assert status == 200 and PALMA_BR in json.dumps(geojson)
    status, csv = app.call("GET", "/export/csv")
    assert status == 200 and b"Palma" in csv
    status, html = app.call("GET", "/export/html")
    assert status == 200 and b"<html" in html.lower()


def test_a_token_is_needed_off_loopback_and_checked(home: Path) -> None:
    with pytest.raises(ConflictmapError, match="give --token"):
        plan_server(host="0.0.0.0", port=8765, token=None)
    with pytest.raises(ConflictmapError, match="16 or more"):
        plan_server(host="0.0.0.0", port=8765, token="short")
    token = "a1b2c3d4e5f6a7b8c9d0"
    with running_app(home, token=token) as app:
        assert app.call("GET", "/api/article")[0] == 401
        assert app.call("GET", "/", headers={"Cookie": "conflictmap_token=wrong"})[0] == 401
        assert app.call("GET", f"/?token={token}")[0] == 200
        assert (
            app.call("GET", "/api/article", headers={"Cookie": f"conflictmap_token={token}"})[0]
            == 200
        )
        assert (
            app.call("GET", "/api/article", headers={"Authorization": f"Bearer {token}"})[0] == 200
        )
        body = {"text": "Rebels took Gao."}
        status, _ = app.call("POST", "/api/open", body)
        assert status == 401  # the CSRF token alone is not enough


def test_the_cli_refuses_a_public_host_without_a_token(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_exit_code(["serve", "--host", "0.0.0.0"]) != 0
    err = capsys.readouterr().err
    assert "give --token" in err and len(err.strip().splitlines()) == 1


def test_two_tabs_and_a_cli_writing_at_once_lose_nothing(app: Running, home: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    _, view = app.call("GET", "/api/article")
    count = len(view["mentions"])
    store = CorrectionStore(home / CORRECTIONS_DB)

    def tab(i: int) -> bool:
        """One tab's write; True when it wrote a history row."""
        scope = ("article", "everywhere")[i % 2]
        status, answer = app.call("POST", "/api/reject", {"mention": i % count, "scope": scope})
        return status == 200 and answer["message"].startswith("#")

    def cli(i: int) -> bool:
        return store.reject(f"Elsewhere{i}").changed

    with ThreadPoolExecutor(max_workers=6) as pool:  # tabs and CLI writes interleaved
        futures = [pool.submit(tab, i) for i in range(2 * count)]
        futures[1:1] = [pool.submit(cli, i) for i in range(12)]
        results = [f.result() for f in futures]
    written = [r for r in store.history() if r.action == "reject"]
    assert {f"Elsewhere{i}" for i in range(12)} <= {r.args["name"] for r in written}
    assert len(written) == sum(results) and sum(results) > 12
    assert store.verify().ok


CABO = (
    "Insurgents attacked Mocímboa da Praia and Macomia in Cabo Delgado province, "
    "Mozambique, and families fled south to Pemba. Others reached Mossimboa."
)
NAMPULA = (
    "Families displaced by the fighting arrived in Nampula city and Nacala, in Nampula "
    "province, Mozambique, and some moved on to Pemba and Mossimboa."
)
PEMBA, MOCIMBOA = "geonames:1028918", "geonames:1024699"


def _placed(view: dict[str, object], name: str) -> str | None:
    found = [m["place"] for m in view["mentions"] if m["text"] == name]  # type: ignore[attr-defined]
    return found[0] if found else None


def test_this_region_is_offered_and_holds_in_that_region_only(app: Running, home: Path) -> None:
    _, view = app.call("POST", "/api/open", {"text": CABO, "name": "cabo.txt"})
    assert view["region"] == {"code": "MZ.01", "name": "Cabo Delgado"}
    assert view["scopes"]["region"] == "region:MZ.01"
    pemba = next(m["index"] for m in view["mentions"] if m["text"] == "Pemba")
    status, answer = app.call("POST", "/api/reject", {"mention": pemba, "scope": "region"})
    assert status == 200 and "(in region:MZ.01)" in answer["message"]
    assert _placed(answer["view"], "Pemba") is None
    macomia = next(m["index"] for m in answer["view"]["mentions"] if m["text"] == "Macomia")
    status, answer = app.call("POST", "/api/alias", {"mention": macomia, "place": MOCIMBOA,
                                                    "name": "Mossimboa", "scope": "region"})  # fmt: skip
    assert status == 200, answer
    assert "alias 'Mossimboa' → geonames:1024699 (in region:MZ.01)" in answer["message"]
    assert _placed(answer["view"], "Mossimboa") == MOCIMBOA
    _, view = app.call("POST", "/api/open", {"text": NAMPULA, "name": "nampula.txt"})
    assert view["region"]["code"] == "MZ.06"
    assert _placed(view, "Pemba") == PEMBA and _placed(view, "Mossimboa") is None
    _, rows = app.call("GET", "/api/history")
    assert [r["scope"] for r in rows] == ["region:MZ.01", "region:MZ.01"]
    assert CorrectionStore(home / CORRECTIONS_DB).verify().ok


def test_this_region_is_refused_when_the_article_has_none(app: Running) -> None:
    _, view = app.call("POST", "/api/open", {"text": "Talks opened in Mali and Niger."})
    assert view["scopes"]["region"] is None
    status, answer = app.call("POST", "/api/reject", {"mention": 0, "scope": "region"})
    assert status == 400 and "no focus region" in answer["error"]


def test_a_png_size_outside_the_choices_is_refused_before_rendering(app: Running) -> None:
    for query, needle in [
        ("width=abc", "whole number of pixels, 400 to 3000"),
        ("width=1e3", "whole number of pixels"),
        ("width=-800", "whole number of pixels"),
        ("width=99999999", "whole number of pixels"),
        ("width=399", "400 to 3000"),
        ("width=3001", "400 to 3000"),
        ("scale=4", "scale must be 1, 2 or 3"),
        ("scale=1.5", "scale must be 1, 2 or 3"),
        ("scale=0", "scale must be 1, 2 or 3"),
        ("width=2500&scale=3", "7500 pixels: at most 6000"),
    ]:
        status, answer = app.call("GET", f"/export/png?{query}")
        assert status == 400 and needle in answer["error"], (query, answer)
        assert "\n" not in answer["error"]


def test_an_export_of_an_article_with_a_non_latin_name_is_an_attachment(app: Running) -> None:
    # issue 20, found by tests/test_serve_fuzz.py: a name outside latin-1 broke the
    # Content-Disposition header (a 500)
    app.call("POST", "/api/open", {"text": "Shelling hit Kharkiv.", "name": "Харків ā"})
    status, csv = app.call("GET", "/export/csv")
    assert status == 200 and b"Kharkiv" in csv


def test_a_path_with_a_final_newline_is_not_found(app: Running) -> None:
    # found by the API fuzz (issue 20): a route's "$" matched before a final newline
    for path in ("/%0A", "/api/history%0A", "/api/search%0A"):
        status, answer = app.call("GET", path)
        assert status == 404 and answer == {"error": "not found"}, (path, status, answer)
    for path in ("/export/csv%0A", "/static/app.js%0A"):  # no such format or file
        status, answer = app.call("GET", path)
        assert 400 <= status < 500 and isinstance(answer, dict), (path, status, answer)
    status, _ = app.call("GET", "/api/history")
    assert status == 200

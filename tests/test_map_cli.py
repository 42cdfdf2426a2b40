"""``conflictmap map``: page, fragment, PNG, JSON Lines, exports; all-or-nothing writes."""

from __future__ import annotations

import json
import os
import re
import struct
import sys
from pathlib import Path

import pytest

from conflictmap.mapping import external_references
from conflictmap.output import CSV_COLUMNS

from .conftest import cli_exit_code

ROOT = Path(__file__).resolve().parents[1]
SAHEL = ROOT / "examples" / "sahel-convoy.txt"
DARFUR = ROOT / "examples" / "darfur-el-fasher.txt"


def run(args: list[str], home: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli_exit_code(["--home", str(home), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_map_writes_page_and_exports(
    tmp_path: Path, base_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "sahel.html"
    code, out, err = run(
        [
            "map", str(SAHEL), "-o", str(page),
            "--geojson", str(tmp_path / "p.geojson"),
            "--csv", str(tmp_path / "p.csv"),
            "--json", str(tmp_path / "p.json"),
        ],
        base_home,
        capsys,
    )  # fmt: skip
    assert code == 0, err
    assert out.strip() == str(page)
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "conflictmap.draw(" in html
    assert "<title>conflictmap: sahel-convoy</title>" in html
    assert external_references(html) == []
    geo = json.loads((tmp_path / "p.geojson").read_text())
    assert geo["type"] == "FeatureCollection" and geo["features"]
    border = next(f for f in geo["features"] if f["properties"]["id"] == "border:ML-MR")
    assert border["geometry"]["type"] in ("LineString", "MultiLineString")
    header = (tmp_path / "p.csv").read_text().splitlines()[0]
    assert header.split(",") == list(CSV_COLUMNS)
    assert json.loads((tmp_path / "p.json").read_text())["id"] == "sahel-convoy"


def test_embed_writes_a_fragment(
    tmp_path: Path, base_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "fragment.html"
    code, _, err = run(
        ["map", str(SAHEL), "--embed", "--embed-height", "70vh", "-o", str(target)],
        base_home,
        capsys,
    )
    assert code == 0, err
    fragment = target.read_text(encoding="utf-8")
    assert fragment.lstrip().startswith("<!-- conflictmap map")
    assert "<html" not in fragment and "height:70vh" in fragment
    code, _, err = run(
        ["map", str(SAHEL), "--embed", "--embed-height", "1;x", "-o", str(target)],
        base_home,
        capsys,
    )
    assert code == 2 and "CSS length" in err


def test_jsonl_gives_one_layer_per_article_and_skips_bad_lines(
    tmp_path: Path, base_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "sahel", "text": SAHEL.read_text(encoding="utf-8")}),
        "{not json",
        json.dumps({"id": "darfur", "text": DARFUR.read_text(encoding="utf-8")}),
        json.dumps({"id": "empty", "text": "   "}),
    ]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "feed.html"
    code, _, err = run(["map", "--jsonl", str(feed), "-o", str(target)], base_home, capsys)
    assert code == 0, err
    warnings = [line for line in err.splitlines() if "warning" in line]
    assert len(warnings) == 2 and "line 2" in warnings[0] and "line 4" in warnings[1]
    html = target.read_text(encoding="utf-8")
    assert '["sahel", feature_group_' in html and '["darfur", feature_group_' in html
    assert "2 articles" in html


def test_jsonl_with_no_usable_line_is_one_clear_error(
    tmp_path: Path, base_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "bad.jsonl"
    feed.write_text("{oops\n", encoding="utf-8")
    code, _, err = run(
        ["map", "--jsonl", str(feed), "-o", str(tmp_path / "x.html")], base_home, capsys
    )
    assert code == 1
    assert err.strip().splitlines()[-1].startswith("conflictmap: error:")
    assert "no usable article" in err and "Traceback" not in err
    assert not (tmp_path / "x.html").exists()


def test_png_without_chromium_is_one_line_and_writes_nothing(
    tmp_path: Path,
    base_home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    monkeypatch.setenv("CONFLICTMAP_CHROMIUM", str(tmp_path / "no-such-chromium"))
    page = tmp_path / "map.html"
    page.write_text("the previous map", encoding="utf-8")
    code, _, err = run(
        ["map", str(SAHEL), "-o", str(page), "--png", str(tmp_path / "map.png"),
         "--csv", str(tmp_path / "map.csv")],
        base_home,
        capsys,
    )  # fmt: skip
    assert code == 1
    assert err.count("\n") == 1 and "CONFLICTMAP_CHROMIUM" in err and "Traceback" not in err
    assert page.read_text(encoding="utf-8") == "the previous map"  # all or nothing
    assert not (tmp_path / "map.png").exists() and not (tmp_path / "map.csv").exists()


def test_png_without_playwright_is_one_line(
    tmp_path: Path,
    base_home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import fails
    code, _, err = run(
        ["map", str(SAHEL), "-o", str(tmp_path / "m.html"), "--png", str(tmp_path / "m.png")],
        base_home,
        capsys,
    )
    assert code == 1 and "pip install 'conflictmap[png]'" in err and err.count("\n") == 1


@pytest.mark.browser
def test_png_is_rendered_with_headless_chromium(
    tmp_path: Path, base_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    if not (Path("/usr/bin/chromium").exists() or os.environ.get("CONFLICTMAP_CHROMIUM")):
        pytest.skip("no Chromium at /usr/bin/chromium (CI installs Debian's chromium package)")
    png = tmp_path / "map.png"
    code, _, err = run(
        [
            "map",
            str(SAHEL),
            "-o",
            str(tmp_path / "m.html"),
            "--png",
            str(png),
            "--png-size",
            "800x500",
            "--png-scale",
            "1.5",
        ],
        base_home,
        capsys,
    )
    assert code == 0, err
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 750)  # 800x500 CSS pixels at 1.5 pixels each


def test_pdf_is_one_page_of_the_map(
    tmp_path: Path, base_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    if not (Path("/usr/bin/chromium").exists() or os.environ.get("CONFLICTMAP_CHROMIUM")):
        pytest.skip("no Chromium at /usr/bin/chromium (CI installs Debian's chromium package)")
    pdf = tmp_path / "map.pdf"
    code, _, err = run(["map", str(SAHEL), "-o", str(tmp_path / "m.html"), "--pdf", str(pdf),
                        "--png-size", "800x500"], base_home, capsys)  # fmt: skip
    assert code == 0, err
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") == 1  # one page
    assert re.findall(rb"/MediaBox \[0 0 600 375\.?\d*\]", data)  # 800x500 px in points
    assert len(data) > 50_000  # the drawn map, not a blank page
    assert len(data) > 20_000  # a drawn map, not a blank page


def test_bad_png_size_is_a_usage_error(
    tmp_path: Path, base_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["map", str(SAHEL), "--png", str(tmp_path / "m.png"), "--png-size", "huge"],
        base_home,
        capsys,
    )
    assert code == 2 and "1280x800" in err


def test_title_subtitle_source_and_date_reach_the_title_panel_escaped(
    tmp_path: Path, base_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "report.html"
    code, _, err = run(
        ["map", str(SAHEL), "-o", str(page), "--title", "Convoy <b>ambushed</b>",
         "--subtitle", "Gao & Mopti", "--source", "AFP", "--date", "14 January 2013"],
        base_home,
        capsys,
    )  # fmt: skip
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert "<title>Convoy &lt;b&gt;ambushed&lt;/b&gt;</title>" in html
    spec_title = str(_draw_spec(html)["title"])
    assert spec_title.startswith("<h1>Convoy &lt;b&gt;ambushed&lt;/b&gt;</h1>")
    assert '<p class="cm-subtitle">Gao &amp; Mopti</p>' in spec_title
    assert '<p class="cm-byline">Source: AFP · 14 January 2013</p>' in spec_title
    assert "<b>" not in spec_title


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("--title", "x" * 201, "longer than 200"), ("--source", "AFP\x1b]0;HACKED\x07", "control"),
     ("--date", "14 May\u202e", "control")],
)  # fmt: skip
def test_heading_options_refuse_long_or_control_text(
    tmp_path: Path, base_home: Path, capsys: pytest.CaptureFixture[str],
    option: str, value: str, message: str,
) -> None:  # fmt: skip
    code, _, err = run(["map", str(SAHEL), "-o", str(tmp_path / "m.html"), option, value],
                       base_home, capsys)  # fmt: skip
    assert code == 2 and option in err and message in err
    assert not (tmp_path / "m.html").exists()


def _draw_spec(html: str) -> dict[str, object]:
    start = html.index("conflictmap.draw(")
    body = html[html.index("}, ", start) + 3 :]
    spec = json.JSONDecoder().raw_decode(body)[0]
    assert isinstance(spec, dict)
    return spec

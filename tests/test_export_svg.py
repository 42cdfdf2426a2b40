"""`map --svg`: the map as laid out in the page, as a stand-alone vector drawing (issue 18).

The SVG is made by the CLI like the PNG and the PDF (headless Chromium, network
blocked, written with the run's other outputs all or none). It must be well-formed
XML holding the map as shapes and text (place names, the title as text even when it
looks like markup, no script, no link to anything), and it must look like the map:
drawn in Chromium, it is compared pixel by pixel with the PNG of the same page.
"""

from __future__ import annotations

import base64
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import cli_exit_code
from .test_browser_map import system_chromium

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SAHEL = ROOT / "examples" / "sahel-convoy.txt"
SVG = "{http://www.w3.org/2000/svg}"
TITLE = '<script>alert(1)</script> & "Niono"'


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with system_chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def drawn(base_home: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Sahel example as HTML, SVG and PNG from one `conflictmap map` run."""
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    folder = tmp_path_factory.mktemp("svg")
    out = {kind: folder / f"map.{kind}" for kind in ("html", "svg", "png")}
    argv = ["--home", str(base_home), "map", str(SAHEL), "-o", str(out["html"]),
            "--svg", str(out["svg"]), "--png", str(out["png"]), "--png-size", "900x600",
            "--title", TITLE, "--source", "AFP"]  # fmt: skip
    assert cli_exit_code(argv) == 0
    return out


def test_the_svg_is_the_map_as_shapes_and_text(drawn: dict[str, Path]) -> None:
    root = ET.parse(drawn["svg"]).getroot()
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height")) == ("900", "600")
    texts = [el.text or "" for el in root.iter(f"{SVG}text")]
    for name in ("Bamako", "Niono", "Gao", "Mopti", "Legend", "MALI", "BURKINA FASO"):
        assert name in texts, name
    assert [t for t in texts if re.fullmatch(r"\d+ km", t)]  # the scale bar
    assert "ANDORRA" not in texts  # nothing from outside the view
    assert TITLE in texts  # the title as text, not as markup
    assert sum(1 for _ in root.iter(f"{SVG}path")) > 20  # outlines, lines, pins
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert not tags & {"script", "foreignObject", "image", "use", "a", "style"}
    # the panels' and the pins' shadows, as filters the shapes use (issue 18: none before)
    filters = {
        el.get("id"): {c.tag.removeprefix(SVG) for c in el} for el in root.iter(f"{SVG}filter")
    }
    assert {"feGaussianBlur", "feDropShadow"} <= set().union(*filters.values())
    assert {el.get("filter") for el in root.iter() if el.get("filter")} == {
        f"url(#{name})" for name in filters
    }
    attributes = {name.lower() for el in root.iter() for name in el.attrib}
    assert not [a for a in attributes if a.startswith("on") or a.endswith("href")]
    assert b"http://" not in drawn["svg"].read_bytes().replace(b"http://www.w3.org/2000/svg", b"")


#: Share of pixels that differ by more than 48 in a channel (SVG drawn vs the PNG).
_DIFF_JS = """async ([svg, png]) => {
    const load = src => new Promise((ok, fail) => {
        const img = new Image(); img.onload = () => ok(img); img.onerror = fail; img.src = src;
    });
    const [a, b] = await Promise.all([load(svg), load(png)]);
    const pixels = img => {
        const c = document.createElement('canvas');
        c.width = b.naturalWidth; c.height = b.naturalHeight;
        const g = c.getContext('2d'); g.drawImage(img, 0, 0, c.width, c.height);
        return g.getImageData(0, 0, c.width, c.height).data;
    };
    const p = pixels(a), q = pixels(b);
    let off = 0;
    for (let i = 0; i < p.length; i += 4) {
        const d = Math.max(Math.abs(p[i] - q[i]), Math.abs(p[i + 1] - q[i + 1]),
                           Math.abs(p[i + 2] - q[i + 2]));
        if (d > 48) off++;
    }
    return off / (p.length / 4);
}"""


def test_the_svg_looks_like_the_map(chromium: Any, drawn: dict[str, Path]) -> None:
    page = chromium.new_page(viewport={"width": 900, "height": 600})
    try:
        page.route("**/*", lambda route: route.abort())  # nothing from outside
        page.set_content("<body></body>")
        svg = "data:image/svg+xml;base64," + base64.b64encode(drawn["svg"].read_bytes()).decode()
        png = "data:image/png;base64," + base64.b64encode(drawn["png"].read_bytes()).decode()
        off = page.evaluate(_DIFF_JS, [svg, png])
        keep = os.environ.get("CONFLICTMAP_SCREENSHOTS")
        if keep:  # the SVG as drawn, to look at
            page.set_content(f'<body style="margin:0"><img src="{svg}"></body>')
            page.screenshot(path=str(Path(keep) / "sahel-svg-900x600.png"))
        assert off < 0.03, f"{off:.1%} of the pixels differ from the PNG"
    finally:
        page.close()


def test_svg_is_written_with_the_other_outputs_or_not_at_all(
    base_home: Path, tmp_path: Path
) -> None:
    html, svg = tmp_path / "m.html", tmp_path / "m.svg"
    html.write_text("old", encoding="utf-8")
    code = cli_exit_code(["--home", str(base_home), "map", str(SAHEL), "-o", str(html),
                          "--svg", str(svg), "--csv", str(svg)])  # fmt: skip
    assert code != 0  # two outputs on one file are refused before anything is written
    assert html.read_text(encoding="utf-8") == "old" and not svg.exists()
    missing = tmp_path / "no" / "such" / "m.svg"
    code = cli_exit_code(["--home", str(base_home), "map", str(SAHEL), "-o", str(html),
                          "--svg", str(missing)])  # fmt: skip
    assert code != 0 and html.read_text(encoding="utf-8") == "old"

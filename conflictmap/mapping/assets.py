"""The JavaScript and CSS a map inlines: vendored Leaflet (+ plugin) and our own.

Vendored files live unmodified in ``assets/`` next to this module, with their
licence files, a ``MANIFEST.tsv`` of SHA-256 sums and the ``refresh.sh`` script
that fetches them with ``npm pack``. Our own script and style sheet live in
``assets/conflictmap/``.

Inlining does three things to the vendored text, none of which changes behaviour:
it drops ``sourceMappingURL`` comments (a browser's developer tools would try to
fetch them), turns the images Leaflet's CSS refers to (``url(images/...)``) into
``data:`` URIs, and strips CSS comments.

Examples
--------
>>> bundle = bundle_for(cluster=False)
>>> bundle.names
('leaflet', 'conflictmap')
>>> "url(images/" in bundle.style or "sourceMappingURL" in bundle.script
False
>>> bundle_for(cluster=True).names
('leaflet', 'markercluster', 'conflictmap')
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from conflictmap.mapping.escape import script_text

__all__ = ["ASSETS", "Bundle", "bundle_for", "data_uri", "manifest", "verify", "versions"]

#: Folder of the vendored and own assets.
ASSETS = Path(__file__).resolve().parent / "assets"

#: name -> (scripts, style sheets), relative to :data:`ASSETS`.
_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "leaflet": (("leaflet/leaflet.js",), ("leaflet/leaflet.css",)),
    "markercluster": (
        ("markercluster/leaflet.markercluster.js",),
        ("markercluster/MarkerCluster.css", "markercluster/MarkerCluster.Default.css"),
    ),
    "conflictmap": (
        ("conflictmap/map.js", "conflictmap/events.js"),
        ("conflictmap/map.css", "conflictmap/events.css"),
    ),
}

_SOURCE_MAP = re.compile(r"^\s*//[#@]\s*sourceMappingURL=\S*\s*$", re.MULTILINE)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(images/[^'")\s]+)\1\s*\)""")
_MIME = {".png": "image/png", ".svg": "image/svg+xml", ".woff2": "font/woff2"}


@dataclass(frozen=True, slots=True)
class Bundle:
    """Inline-ready scripts and styles, in load order.

    ``scripts`` holds ``(name, guard, source)``: each source runs only when its
    guard (a JavaScript expression) is true, so that two maps pasted into one
    page load Leaflet once and share it.
    """

    scripts: tuple[tuple[str, str, str], ...]
    styles: tuple[tuple[str, str], ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _, _ in self.scripts)

    @property
    def script(self) -> str:
        """All scripts in one function that hides AMD/CommonJS loaders from them.

        A page with RequireJS (a notebook, a CMS) would otherwise make Leaflet
        register as a module instead of setting ``window.L``.
        """
        blocks = [f"if ({guard}) {{\n{source}\n}}" for _, guard, source in self.scripts]
        return "(function (define, exports, module) {\n" + "\n".join(blocks) + "\n}).call(window);"

    @property
    def style(self) -> str:
        """All style sheets, joined."""
        return "\n".join(css for _, css in self.styles)


def data_uri(path: Path) -> str:
    """A ``data:`` URI holding the file at ``path`` (base64).

    Examples
    --------
    >>> data_uri(ASSETS / "leaflet" / "images" / "layers.png")[:22]
    'data:image/png;base64,'
    """
    mime = _MIME.get(path.suffix.lower(), "application/octet-stream")
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _script(relative: str) -> str:
    source = (ASSETS / relative).read_text(encoding="utf-8")
    return script_text(_SOURCE_MAP.sub("", source)).strip()


def _style(relative: str) -> str:
    path = ASSETS / relative
    css = _CSS_COMMENT.sub("", path.read_text(encoding="utf-8"))

    def inline(match: re.Match[str]) -> str:
        return f'url("{data_uri(path.parent / match.group(2))}")'

    css = _CSS_URL.sub(inline, css)
    # A style element ends at "</style"; our sources never hold it, keep it so.
    if "</style" in css.lower():
        raise ValueError(f"{relative}: contains '</style'")
    return re.sub(r"\n\s*\n+", "\n", css).strip()


@cache
def _part(name: str) -> tuple[str, str]:
    scripts, styles = _PARTS[name]
    source = "\n".join(_script(x) for x in scripts)
    if name == "leaflet":
        source += "\n;" + _default_icon()
    return source, "\n".join(_style(x) for x in styles)


def _default_icon() -> str:
    """Point Leaflet's default marker at inlined images (its CSS trick needs a file URL)."""
    images = ASSETS / "leaflet" / "images"
    urls = {
        "iconUrl": data_uri(images / "marker-icon.png"),
        "iconRetinaUrl": data_uri(images / "marker-icon-2x.png"),
        "shadowUrl": data_uri(images / "marker-shadow.png"),
    }
    options = ",".join(f'{key}:"{value}"' for key, value in urls.items())
    return f'L.Icon.Default.imagePath="";L.Icon.Default.mergeOptions({{{options}}});'


@cache
def versions() -> dict[str, str]:
    """Versions of the vendored packages and of our own map script.

    Examples
    --------
    >>> versions()["leaflet"]
    '1.9.4'
    """
    out = {row["package"]: row["version"] for row in manifest()}
    own = (ASSETS / "conflictmap" / "map.js").read_text(encoding="utf-8")
    match = re.search(r'var VERSION = "([^"]+)"', own)
    out["conflictmap"] = match.group(1) if match else "0"
    return out


def _guard(name: str) -> str:
    v = versions()
    if name == "leaflet":
        return f'!(window.L && window.L.version === "{v["leaflet"]}")'
    if name == "markercluster":
        return "!window.L.MarkerClusterGroup"
    return f'!(window.conflictmap && window.conflictmap.version === "{v["conflictmap"]}")'


def bundle_for(*, cluster: bool) -> Bundle:
    """The assets a map needs: Leaflet, the clustering plugin if ``cluster``, ours."""
    names = ["leaflet", *(["markercluster"] if cluster else []), "conflictmap"]
    scripts, styles = [], []
    for name in names:
        js, css = _part(name)
        scripts.append((name, _guard(name), js))
        styles.append((name, css))
    return Bundle(tuple(scripts), tuple(styles))


def manifest() -> list[dict[str, str]]:
    """Rows of ``assets/MANIFEST.tsv``: package, version, path, sha256."""
    lines = (ASSETS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:] if line]


def verify() -> list[str]:
    """Vendored files whose SHA-256 differs from the manifest (empty when all match).

    Examples
    --------
    >>> verify()
    []
    """
    bad = []
    for row in manifest():
        path = ASSETS / row["path"]
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "missing"
        if digest != row["sha256"]:
            bad.append(row["path"])
    return bad

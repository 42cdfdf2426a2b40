"""Escaping untrusted article text for each place it can reach in a map.

Article text reaches a map in two contexts, and each gets its own escaping:

* **HTML** (popup bodies, which Leaflet inserts with ``innerHTML``):
  :func:`html_text` escapes ``& < > " '``, so ``<img onerror=...>`` stays text
  and a quote cannot close an attribute.
* **JavaScript inside an inline ``<script>``** (every value handed to the map's
  script): :func:`js_literal` writes a JSON value (strings in double quotes,
  backslashes and quotes escaped) and additionally escapes ``< > &`` and the
  line separators U+2028/U+2029, so ``</script>`` or ``<!--`` cannot end or
  confuse the script element. Backticks and ``${...}`` are inert inside a
  double-quoted JSON string.

Names shown in tooltips and labels are never parsed as HTML at all: the map's
script puts them into the page with ``textContent``.

Examples
--------
>>> html_text('<img src=x onerror="alert(1)">')
'&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
>>> js_literal("</script><script>alert(`${1}`)</script>")
'"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(`${1}`)\\\\u003c/script\\\\u003e"'
>>> highlight("Gao fell to <b>rebels</b>.", [(0, 3)])
'<mark>Gao</mark> fell to &lt;b&gt;rebels&lt;/b&gt;.'
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from typing import Any

__all__ = ["highlight", "html_text", "js_literal", "layer_name", "script_text"]

_JS_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "'": "\\u0027",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JS_TABLE = str.maketrans(_JS_UNSAFE)


def html_text(value: object) -> str:
    """``value`` as HTML text, safe in element content and in quoted attributes.

    Examples
    --------
    >>> html_text("Tom's \\"café\\" & <bar>")
    'Tom&#x27;s &quot;café&quot; &amp; &lt;bar&gt;'
    """
    return html.escape(str(value), quote=True)


def layer_name(value: object) -> str:
    """A layer's name for folium's layer control: HTML-escaped, braces as entities.

    Leaflet inserts layer names as HTML, and folium's layer control passes them
    through a Jinja template a second time, where ``{{ ... }}`` would be evaluated.

    Examples
    --------
    >>> layer_name("{{ 7*7 }} <b>")
    '&#123;&#123; 7*7 &#125;&#125; &lt;b&gt;'
    """
    return html_text(value).replace("{", "&#123;").replace("}", "&#125;").replace("%", "&#37;")


def js_literal(value: Any) -> str:
    """``value`` as a JavaScript literal that is safe inside an inline ``<script>``.

    The result is JSON (so any JSON value: strings, numbers, lists, dicts) with
    every character that HTML treats specially inside a script element escaped.

    Examples
    --------
    >>> js_literal({"name": "Gao", "lat": 16.27})
    '{"name": "Gao", "lat": 16.27}'
    >>> js_literal("a\\\\b\\"c")
    '"a\\\\\\\\b\\\\"c"'
    """
    return json.dumps(value, ensure_ascii=False, allow_nan=False).translate(_JS_TABLE)


def script_text(source: str) -> str:
    """Trusted JavaScript source made safe to place inside a ``<script>`` element.

    ``</script`` (any case) is rewritten as ``<\\/script``, which means the same
    inside strings, regular expressions and comments (the only places it can occur
    in real code). ``<!--`` could switch the HTML parser into a state where the
    element no longer ends where it should, so source holding it is refused.

    Raises
    ------
    ValueError
        When ``source`` contains ``<!--``.

    Examples
    --------
    >>> script_text('var s = "</SCRIPT>";')
    'var s = "<\\\\/SCRIPT>";'
    """
    if "<!--" in source:
        raise ValueError("script source contains '<!--'")
    return re.sub(r"<(/script)", r"<\\\1", source, flags=re.IGNORECASE)


def highlight(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` as HTML with each ``(start, end)`` span wrapped in ``<mark>``.

    Spans are offsets into ``text``; overlapping or out-of-range spans are
    merged or clipped. Everything, marked or not, is escaped.

    Examples
    --------
    >>> highlight("Diabali and Diabaly", [(12, 19), (0, 7)])
    '<mark>Diabali</mark> and <mark>Diabaly</mark>'
    >>> highlight("a&b", [(1, 2), (1, 3)])
    'a<mark>&amp;b</mark>'
    """
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        start, end = max(0, start), min(len(text), end)
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts = []
    position = 0
    for start, end in merged:
        parts.append(html_text(text[position:start]))
        parts.append(f"<mark>{html_text(text[start:end])}</mark>")
        position = end
    parts.append(html_text(text[position:]))
    return "".join(parts)

"""Readable text of an HTML page (Lexbor through selectolax).

>>> html_to_text("<p>Gao &amp; Kidal</p><script>alert(1)</script>")
'Gao & Kidal'
"""

from __future__ import annotations

import re

__all__ = ["html_to_text"]


#: Elements whose content is never article text.
_DROP = (
    "script, style, noscript, template, nav, aside, form, iframe, svg, math, canvas, "
    "object, embed, button, select, textarea, dialog, [hidden], [aria-hidden=true], "
    "[role=navigation], [role=banner], [role=contentinfo], [role=search]"
)
#: Page header and footer: dropped unless inside the article itself.
_PAGE_CHROME = "header, footer"
_PARAGRAPHS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table section article main blockquote pre "
    "hr title figure figcaption caption address details summary header footer".split()
)
_LINES = frozenset("br tr".split())
_CELLS = frozenset("td th".split())


def html_to_text(html: str) -> str:
    """Readable text of an HTML page: scripts, styles, navigation and comments dropped.

    The page is parsed with Lexbor (through selectolax), which copes with broken
    markup as a browser does and decodes entities. The title comes first; block
    elements become paragraphs, ``<br>`` a line break, table cells are spaced, and
    whitespace inside text is collapsed as a browser renders it.

    Examples
    --------
    >>> html_to_text("<title>Mali</title><nav>Home</nav><p>Gao&nbsp;fell.<!-- x --></p><div>Kidal next")
    'Mali\\n\\nGao fell.\\n\\nKidal next'
    >>> html_to_text("<table><tr><td>Gao</td><td>Kidal</td></tr></table>")
    'Gao Kidal'
    """
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    # Children before their parents (reverse document order): a node is never
    # touched after an ancestor has freed it.
    for node in reversed(tree.css(_DROP)):
        node.decompose()
    for node in reversed(tree.css(_PAGE_CHROME)):
        if not _inside(node, ("article", "main")):
            node.decompose()
    parts: list[str] = []
    title = tree.css_first("head title")
    if title is not None:
        parts += [title.text(deep=True), "\n\n"]
    if tree.body is not None:
        _walk(tree.body, parts)
    text = "".join(parts)
    text = re.sub(r"[ \t\u00a0]*\n[ \t\u00a0\n]*", _newlines, text)
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def _inside(node: object, tags: tuple[str, ...]) -> bool:
    parent = getattr(node, "parent", None)
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def _walk(root: object, parts: list[str]) -> None:
    """Append the text under ``root``, with separators around block elements."""
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag  # type: ignore[attr-defined]
        if closing:
            parts.append("\n\n" if tag in _PARAGRAPHS else " ")
            continue
        if tag == "-text":
            parts.append(re.sub(r"\s+", " ", node.text_content or ""))  # type: ignore[attr-defined]
            continue
        if tag.startswith(("-", "!")):
            continue  # comments, doctype
        if tag in _LINES:
            parts.append("\n")
        elif tag in _PARAGRAPHS:
            parts.append("\n\n")
        if tag in _PARAGRAPHS or tag in _CELLS:
            stack.append((node, True))
        children = []
        child = node.child  # type: ignore[attr-defined]
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend((c, False) for c in reversed(children))


def _newlines(match: re.Match[str]) -> str:
    return "\n\n" if match.group().count("\n") > 1 else "\n"

"""Readable text of an HTML page (Lexbor through selectolax).

>>> html_to_text("<p>Gao &amp; Kidal</p><script>alert(1)</script>")
'Gao & Kidal'

Pages are untrusted: before parsing, a linear pass (:func:`bound_markup`) caps how
deep elements nest and how long a tag's attribute list may be, so that a page built
to make the parser quadratic (hundreds of thousands of nested or unclosed elements,
or of attributes) reads in time proportional to its size. Control characters and
bidi overrides that entities decode to (``&#x1b;``, ``&#x202e;``) are scrubbed from
the text.
"""

from __future__ import annotations

import re

from conflictmap.text.decode import scrub_controls

__all__ = ["MAX_ATTRIBUTE_CHARS", "MAX_DEPTH", "bound_markup", "html_to_text"]

#: Deepest element nesting kept; deeper start tags are dropped (their text stays).
#: Real pages nest 20-40 deep (the HTML Archive's almanac puts the 99th percentile
#: near 50); browsers themselves stop nesting at 512 (Chromium's kMaximumHTMLParserDOMTreeDepth).
MAX_DEPTH = 512
#: Longest attribute list kept on a tag; a longer one keeps only the attributes that
#: decide whether content is shown (hidden, aria-hidden, role).
MAX_ATTRIBUTE_CHARS = 8192

_TAG = re.compile(r"<(/?)([A-Za-z][^\s/<>]*)([^<>]*)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
#: Elements a new sibling of the same name closes (HTML's optional end tags).
_SELF_CLOSING_SIBLINGS = frozenset("p li dt dd tr td th option".split())
_KEPT_ATTRIBUTES = re.compile(
    r"""\b(?:hidden|aria-hidden\s*=\s*["']?\w+["']?|role\s*=\s*["']?\w+["']?)""", re.I
)


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

    tree = LexborHTMLParser(bound_markup(html))
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
    text = re.sub(r"[ \t\u00a0]*\n[ \t\u00a0\n]*", _newlines, scrub_controls(text))
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def bound_markup(html: str) -> str:
    """``html`` with nesting capped at :data:`MAX_DEPTH` and long attribute lists cut.

    One pass over the tags, keeping a stack of open elements no deeper than the cap
    (so each tag costs at most :data:`MAX_DEPTH` steps). Start tags that would nest
    deeper are dropped; their text stays, so no article text is lost.

    Examples
    --------
    >>> deep = "<div>" * 600 + "Gao" + "</div>" * 600
    >>> bounded = bound_markup(deep)
    >>> bounded.count("<div>"), "Gao" in bounded
    (512, True)
    >>> bound_markup('<p class="x">Gao<br>Kidal</p>')
    '<p class="x">Gao<br>Kidal</p>'
    """
    stack: list[str] = []
    open_count: dict[str, int] = {}

    def tag(match: re.Match[str]) -> str:
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            # Pops are paid for by the pushes before them: linear over the page.
            while open_count.get(name) and stack:
                top = stack.pop()
                open_count[top] -= 1
                if top == name:
                    break
            return match.group()
        if name in _VOID or attributes.rstrip().endswith("/"):
            pass
        elif stack and stack[-1] == name and name in _SELF_CLOSING_SIBLINGS:
            pass  # a new <p> or <li> closes the previous one: the depth is unchanged
        elif len(stack) >= MAX_DEPTH:
            return ""
        else:
            stack.append(name)
            open_count[name] = open_count.get(name, 0) + 1
        if len(attributes) > MAX_ATTRIBUTE_CHARS:
            kept = " ".join(_KEPT_ATTRIBUTES.findall(attributes))
            return f"<{name}{' ' + kept if kept else ''}>"
        return match.group()

    return _TAG.sub(tag, html)


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

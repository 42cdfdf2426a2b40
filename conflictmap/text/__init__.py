"""Text in: decoding article bytes, HTML to text, tokens and name folding."""

from __future__ import annotations

from conflictmap.text.article import DEFAULT_MAX_BYTES, Article, check_unicode
from conflictmap.text.decode import decode_bytes
from conflictmap.text.html import html_to_text
from conflictmap.text.load import read_article

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Article",
    "check_unicode",
    "decode_bytes",
    "html_to_text",
    "read_article",
]

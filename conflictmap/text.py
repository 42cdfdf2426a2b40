"""Loading articles: files, stdin, HTML, and bytes in any common encoding.

Offsets in a :class:`~conflictmap.models.Result` index into the text returned
here (for HTML, into the extracted text).

Examples
--------
>>> decode_bytes("Ségou".encode("utf-16")).text
'Ségou'
>>> decode_bytes(b"\\xef\\xbb\\xbfGao").text
'Gao'
>>> html_to_text("<p>Gao &amp; Kidal</p><script>alert(1)</script>")
'Gao & Kidal'
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import (
    ArticleFileError,
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputTooLargeError,
)

__all__ = ["DEFAULT_MAX_BYTES", "Article", "decode_bytes", "html_to_text", "read_article"]

#: Default size limit for one article (raise it with ``--max-size``).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_HTML_HINT = re.compile(rb"<\s*(?:!doctype\s+html|html|body|p|div|article|br)\b", re.I)


@dataclass(frozen=True, slots=True)
class Article:
    """Decoded article text and where it came from."""

    text: str
    name: str
    encoding: str = "utf-8"
    is_html: bool = False

    @property
    def stem(self) -> str:
        return Path(self.name).stem if self.name not in ("-", "<stdin>") else "stdin"


def decode_bytes(data: bytes, *, name: str = "<input>") -> Article:
    """Decode article bytes: BOMs, UTF-8, UTF-16, then a detected legacy encoding.

    Raises
    ------
    BinaryInputError
        For data that is not text (NUL bytes without a UTF-16 layout, control bytes).
    EncodingError
        When no encoding decodes the bytes with confidence.
    """
    encoding = None
    if data.startswith(codecs.BOM_UTF8):
        data, encoding = data[len(codecs.BOM_UTF8) :], "utf-8"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif _looks_utf16(data):
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
    if encoding is None:
        if b"\x00" in data[:8192] or _control_ratio(data[:8192]) > 0.05:
            raise BinaryInputError(f"{name}: binary data, not text")
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            text, encoding = _detect(data, name)
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            raise EncodingError(f"{name}: not valid {encoding} ({error.reason})") from error
    if text.startswith("\ufeff"):
        text = text[1:]
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if _control_ratio(text[:8192].encode("utf-8", "replace")) > 0.05:
        raise BinaryInputError(f"{name}: binary data, not text")
    is_html = bool(
        _HTML_HINT.search(
            data[:4096] if encoding.startswith("utf-8") else text[:4096].encode("utf-8", "ignore")
        )
    )
    return Article(text=text, name=name, encoding=encoding, is_html=is_html)


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    return (odd > 0.3 * half and even < 0.05 * half) or (even > 0.3 * half and odd < 0.05 * half)


def _control_ratio(data: bytes) -> float:
    if not data:
        return 0.0
    bad = sum(1 for b in data if b < 9 or 13 < b < 32 or b == 127)
    return bad / len(data)


def _detect(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise EncodingError(f"{name}: cannot tell the text encoding; convert it to UTF-8")
    encoding = best.encoding
    # Latin-1 and Windows-1252 differ only in 0x80-0x9F; prefer the one news sites use.
    if encoding in ("latin_1", "iso8859_1", "ascii"):
        encoding = "cp1252"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as error:
        raise EncodingError(f"{name}: cannot decode as {encoding}; convert it to UTF-8") from error


_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
)
_BLOCK_TAGS = frozenset(
    "p div br h1 h2 h3 h4 h5 h6 li ul ol tr table section article blockquote pre hr title dd dt figcaption".split()
)


def html_to_text(html: str) -> str:
    """Readable text of an HTML page: scripts, styles, navigation and comments dropped.

    Block elements become line breaks; entities are decoded by the parser.
    """
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    for tag in _DROP_TAGS:
        for node in tree.css(tag):
            node.decompose()
    root = tree.body or tree.root
    if root is None:
        return ""
    parts: list[str] = []
    title = tree.css_first("title")
    if title is not None and title.text(strip=True) and tree.body is not None:
        parts.append(title.text(strip=True))
        parts.append("\n\n")
    for node in root.traverse(include_text=True):
        if node.tag == "-text":
            parts.append(node.text_content or "")
        elif node.tag in _BLOCK_TAGS:
            parts.append("\n")
    text = "".join(parts)
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r" *\n[ \n]*", lambda m: "\n\n" if m.group().count("\n") > 1 else "\n", text)
    return text.strip()


def _read_limited(handle: BinaryIO, limit: int, name: str) -> bytes:
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputTooLargeError(
            f"{name}: larger than {limit // (1024 * 1024)} MB; raise the limit with --max-size"
        )
    return data


def read_article(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    html: bool | None = None,
    stdin: BinaryIO | None = None,
) -> Article:
    """Read and decode an article from a path, or from stdin when ``path`` is ``"-"``.

    HTML (``.html``/``.htm`` files, or input that looks like HTML) is reduced to
    its readable text.

    Raises
    ------
    ArticleFileError
        Missing file, a directory, no permission.
    EmptyInputError, BinaryInputError, EncodingError, InputTooLargeError
        For content that is not a usable article.
    """
    name = str(path)
    if name == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = _read_limited(stream, max_bytes, "<stdin>")
        name = "<stdin>"
    else:
        p = Path(path)
        try:
            info = p.stat()
        except FileNotFoundError:
            raise ArticleFileError(f"{name}: no such file") from None
        except PermissionError:
            raise ArticleFileError(f"{name}: permission denied") from None
        except OSError as error:
            raise ArticleFileError(f"{name}: {error.strerror or error}") from None
        if stat.S_ISDIR(info.st_mode):
            raise ArticleFileError(f"{name}: is a directory, not an article")
        if info.st_size > max_bytes:
            raise InputTooLargeError(
                f"{name}: {info.st_size // (1024 * 1024)} MB is larger than the "
                f"{max_bytes // (1024 * 1024)} MB limit; raise it with --max-size"
            )
        try:
            with p.open("rb") as handle:
                data = _read_limited(handle, max_bytes, name)
        except PermissionError:
            raise ArticleFileError(f"{name}: permission denied") from None
        except OSError as error:
            raise ArticleFileError(f"{name}: {error.strerror or error}") from None
    if not data.strip():
        raise EmptyInputError(f"{name}: the article is empty")
    article = decode_bytes(data, name=name)
    as_html = (
        html
        if html is not None
        else (name.lower().endswith((".html", ".htm", ".xhtml")) or article.is_html)
    )
    if as_html:
        text = html_to_text(article.text)
        article = Article(text=text, name=name, encoding=article.encoding, is_html=True)
    if not article.text.strip():
        raise EmptyInputError(f"{name}: the article has no text")
    return article

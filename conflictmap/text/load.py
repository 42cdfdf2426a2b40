"""Reading an article from a file or stdin, within a size limit.

Article bytes are untrusted. :func:`read_article` never holds more than the size
limit in memory (a larger file is refused from its size alone, a larger stream
after reading one chunk past the limit), refuses binary data after the first
chunk, and turns every problem into one :class:`~conflictmap.errors.InputError`
or :class:`~conflictmap.errors.ArticleFileError` with a one-line message.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from conflictmap.errors import (
    ArticleFileError,
    EmptyInputError,
    InputTooLargeError,
)
from conflictmap.text.article import DEFAULT_MAX_BYTES, Article
from conflictmap.text.decode import SNIFF_BYTES as _SNIFF
from conflictmap.text.decode import check_not_binary, decode_bytes, looks_like_page
from conflictmap.text.html import html_to_text

__all__ = ["read_article"]

#: Bytes read at a time; the first chunk is also sniffed for binary data.
_CHUNK = 1024 * 1024
#: Extensions that say "web page" and "plain text": a plain-text file is read as
#: HTML only when it starts as a page does, never because it quotes a tag.
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_TEXT_SUFFIXES = (".txt", ".text", ".md")


def _too_large(name: str, limit: int, size: int | None = None) -> InputTooLargeError:
    def mb(n: int) -> str:
        return f"{n / 1024**2:.0f} MB" if n >= 1024**2 else f"{n} bytes"

    what = f"{mb(size)} is" if size is not None else "the input is"
    return InputTooLargeError(
        f"{name}: {what} larger than the {mb(limit)} limit; raise it with --max-size"
    )


def _read_limited(handle: BinaryIO, limit: int, name: str) -> bytes:
    """Read at most ``limit`` bytes in chunks; refuse more, and binary data early."""
    buffer = io.BytesIO()
    total = 0
    sniffed = False
    while True:
        chunk = handle.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            break
        buffer.write(chunk)
        total += len(chunk)
        if not sniffed and (total >= _SNIFF or total > limit):
            head = buffer.getvalue()[:_SNIFF]
            check_not_binary(head, name)
            sniffed = True
        if total > limit:
            raise _too_large(name, limit)
    return buffer.getvalue()


def read_article(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    html: bool | None = None,
    stdin: BinaryIO | None = None,
) -> Article:
    """Read and decode an article from a path, or from stdin when ``path`` is ``"-"``.

    HTML (``.html``/``.htm``/``.xhtml`` files, a ``.txt`` file that starts as a web
    page does, or other input with HTML tags up front) is reduced to its readable
    text; ``html=True``/``False`` forces the choice.

    Raises
    ------
    ArticleFileError
        Missing file, a directory, a socket, no permission.
    EmptyInputError, BinaryInputError, EncodingError, InputTooLargeError
        For content that is not a usable article.

    Examples
    --------
    >>> import io
    >>> read_article("-", stdin=io.BytesIO(b"<p>Gao &amp; Kidal</p>")).text
    'Gao & Kidal'
    """
    name = os.fspath(path)
    if name == "":
        raise ArticleFileError("an empty path is not an article; give a file name, or - for stdin")
    if name == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        name = "<stdin>"
        data = _read_limited(stream, max_bytes, name)
    else:
        data = _read_file(Path(name), name, max_bytes)
    if not data.strip():
        raise EmptyInputError(f"{name}: the article is empty")
    article = decode_bytes(data, name=name)
    del data
    as_html = html if html is not None else _is_page(name.lower(), article)
    if as_html:
        text = html_to_text(article.text)
        article = Article(text=text, name=name, encoding=article.encoding, is_html=True)
    if not article.text.strip():
        what = "the page has no article text" if as_html else "the article is empty"
        raise EmptyInputError(f"{name}: {what}")
    return article


def _is_page(name: str, article: Article) -> bool:
    if name.endswith(_HTML_SUFFIXES):
        return True
    if name.endswith(_TEXT_SUFFIXES):
        return looks_like_page(article.text)
    return article.is_html


def _read_file(path: Path, name: str, max_bytes: int) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ArticleFileError(f"{name}: no such file") from None
    except PermissionError:
        raise ArticleFileError(f"{name}: permission denied") from None
    except OSError as error:
        raise ArticleFileError(f"{name}: cannot read ({error.strerror or error})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ArticleFileError(f"{name}: is a directory, not an article")
    if stat.S_ISSOCK(info.st_mode):
        raise ArticleFileError(f"{name}: is a socket, not an article")
    if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
        raise _too_large(name, max_bytes, info.st_size)
    try:
        with path.open("rb") as handle:
            return _read_limited(handle, max_bytes, name)
    except PermissionError:
        raise ArticleFileError(f"{name}: permission denied") from None
    except IsADirectoryError:
        raise ArticleFileError(f"{name}: is a directory, not an article") from None
    except OSError as error:
        raise ArticleFileError(f"{name}: cannot read ({error.strerror or error})") from None

"""A decoded article: :class:`Article`, and the Unicode check every text passes.

>>> Article(text="Gao fell.", name="news/gao.txt").stem
'gao'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from conflictmap.errors import (
    EncodingError,
)

__all__ = ["DEFAULT_MAX_BYTES", "Article", "check_unicode"]

#: Default size limit for one article (raise it with ``--max-size``). The pipeline
#: needs roughly 100 times the text size in memory, so 10 MB is about 1 GB.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Article:
    """Decoded article text and where it came from.

    Examples
    --------
    >>> Article(text="Gao fell.", name="news/gao.txt").stem
    'gao'
    """

    text: str
    name: str
    encoding: str = "utf-8"
    is_html: bool = False

    @property
    def stem(self) -> str:
        return Path(self.name).stem if self.name not in ("-", "<stdin>") else "stdin"


def check_unicode(text: str) -> None:
    """Refuse text that is not valid Unicode: a lone surrogate cannot be written out.

    Python strings may hold halves of UTF-16 surrogate pairs (from ``json.loads``
    of ``"\\ud800"`` or ``surrogateescape`` decoding); no export or map could
    encode them, so the pipeline refuses them up front.

    Raises
    ------
    EncodingError
        Naming the first offending character and its offset.

    Examples
    --------
    >>> check_unicode("Gao 👍")
    >>> check_unicode("Gao \\ud800")
    Traceback (most recent call last):
    ...
    conflictmap.errors.EncodingError: the text holds a lone surrogate (U+D800) at character 4; it is not valid Unicode
    """
    if text.isascii():
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise EncodingError(
            f"the text holds a lone surrogate (U+{ord(text[error.start]):04X}) at character "
            f"{error.start}; it is not valid Unicode"
        ) from None

"""The exceptions conflictmap raises, in one tree.

Every error a user can cause or meet is a :class:`ConflictmapError`; most also
inherit the built-in exception a Python caller would expect, so ``except
ValueError`` keeps working around a bad coordinate::

    ConflictmapError
    ├── InputError(ConflictmapError, ValueError)
    │   ├── EmptyInputError            empty or whitespace-only article
    │   ├── BinaryInputError           bytes that are not text
    │   ├── EncodingError              text in an encoding we cannot read safely
    │   └── InputTooLargeError         larger than the configured size limit
    ├── ArticleFileError(ConflictmapError, OSError)
    │                                  missing, a directory, unreadable
    ├── OutputError(ConflictmapError, OSError)
    │                                  cannot write the map or export
    ├── GazetteerError(ConflictmapError)
    │   ├── GazetteerNotBuiltError     no base gazetteer and building is off
    │   ├── GazetteerCorruptError      a store failed its integrity check (kept aside)
    │   ├── ImportFormatError(GazetteerError, ValueError)
    │   │                              a GeoNames dump with a bad row (names file and line)
    │   ├── DownloadError(GazetteerError, OSError)
    │   │                              the fetcher could not get a file
    │   └── UnknownPlaceError(GazetteerError, KeyError)
    │                                  a place id that no layer holds
    ├── CorrectionError(ConflictmapError, ValueError)
    │                                  a correction that cannot be applied
    └── RenderError(ConflictmapError, RuntimeError)
                                       PNG rendering failed (e.g. no Chromium)

The command-line interface prints ``str(error)`` on one line of stderr and exits
with status 1 for any of these.

Warnings (something was skipped, the run goes on) are a tree of their own::

    ConflictmapWarning(UserWarning)
    ├── CorrectionWarning              a damaged row of the corrections file, skipped
    └── GazetteerWarning               a gazetteer row with out-of-range numbers, read in
                                       range or left out

The command-line interface prints each as one ``conflictmap: warning:`` line.

Examples
--------
>>> from conflictmap.errors import EmptyInputError, InputError, ConflictmapError
>>> issubclass(EmptyInputError, InputError) and issubclass(InputError, ValueError)
True
>>> try:
...     raise EmptyInputError("article.txt: the file is empty")
... except ConflictmapError as error:
...     print(error)
article.txt: the file is empty
"""

from __future__ import annotations

__all__ = [
    "ArticleFileError",
    "BinaryInputError",
    "ConflictmapError",
    "ConflictmapWarning",
    "CorrectionError",
    "CorrectionWarning",
    "DownloadError",
    "EmptyInputError",
    "EncodingError",
    "GazetteerCorruptError",
    "GazetteerError",
    "GazetteerNotBuiltError",
    "GazetteerWarning",
    "ImportFormatError",
    "InputError",
    "InputTooLargeError",
    "OutputError",
    "RenderError",
    "UnknownPlaceError",
]


class ConflictmapError(Exception):
    """Base class of every error conflictmap raises on purpose."""

    def __str__(self) -> str:
        # KeyError's str() adds quotes; one plain line is what users see.
        return " ".join(str(arg) for arg in self.args) if self.args else type(self).__name__


class InputError(ConflictmapError, ValueError):
    """The article text cannot be used."""


class EmptyInputError(InputError):
    """The article is empty or holds only whitespace."""


class BinaryInputError(InputError):
    """The article is binary data, not text."""


class EncodingError(InputError):
    """The article's bytes cannot be decoded with confidence."""


class InputTooLargeError(InputError):
    """The article is larger than the size limit (raise it with ``--max-size``)."""


class ArticleFileError(ConflictmapError, OSError):
    """The article path is missing, a directory, or unreadable."""


class OutputError(ConflictmapError, OSError):
    """An output file or folder cannot be written."""


class GazetteerError(ConflictmapError):
    """Something is wrong with the gazetteer store."""


class GazetteerNotBuiltError(GazetteerError):
    """The base gazetteer has not been built and automatic building is off."""


class GazetteerCorruptError(GazetteerError):
    """A gazetteer or corrections file failed its integrity check; it was kept aside."""


class ImportFormatError(GazetteerError, ValueError):
    """A GeoNames file has a malformed row; the message names the file and line."""


class DownloadError(GazetteerError, OSError):
    """A GeoNames file could not be downloaded."""


class UnknownPlaceError(GazetteerError, KeyError):
    """No gazetteer layer holds the given place id."""


class CorrectionError(ConflictmapError, ValueError):
    """A correction cannot be applied (bad coordinates, empty name, ...)."""


class RenderError(ConflictmapError, RuntimeError):
    """Rendering the map to an image failed."""


class ConflictmapWarning(UserWarning):
    """Something was skipped; the run goes on (the CLI prints one line for it)."""


class CorrectionWarning(ConflictmapWarning):
    """A row of the corrections file is damaged (hand-edited?) and was skipped."""


class GazetteerWarning(ConflictmapWarning):
    """A gazetteer row holds a number out of range (a layer an older version wrote)."""

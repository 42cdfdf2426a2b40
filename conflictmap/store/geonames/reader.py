"""Reading GeoNames tables: plain files or a zip member, streamed in chunks.

Examples
--------
>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "admin1CodesASCII.txt"
>>> _ = path.write_bytes(b"# codes\\nML.05\\tS\\xc3\\xa9gou\\tSegou\\t2451477\\n\\nML.06\\tSikasso\\tSikasso\\t0")
>>> sniff(path)
'admin1'
>>> with open_source(path) as source:
...     [row[:2] for row in lines(source, None)], source.line, source.name
([['ML.05', 'Ségou'], ['ML.06', 'Sikasso']], 4, 'admin1CodesASCII.txt')
"""

from __future__ import annotations

import contextlib
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from conflictmap.errors import ImportFormatError
from conflictmap.store.geonames.base import ADMIN_COLUMNS, ALT_COLUMNS, DUMP_COLUMNS, ProgressFn

__all__ = ["Source", "chain", "detect_format", "first_row", "lines", "open_source", "sniff"]

_CHUNK = 1 << 20
_MAX_LINE = 16 << 20

#: GeoNames files that are not tables the gazetteer imports
_NOT_IMPORTED = ("countryinfo", "iso-languagecodes", "featurecodes", "readme")


@dataclass(kw_only=True)
class Source:
    """One file (or zip member) being read, with its position for messages."""

    path: Path
    label: str
    stream: IO[bytes]
    total: int
    line: int = 0
    done: int = 0

    @property
    def name(self) -> str:
        """The file's name as recorded in the layer's metadata (``ML.zip:ML.txt``)."""
        member = self.label[len(str(self.path)) + 1 :]
        return f"{self.path.name}:{member}" if member else self.path.name

    def error(self, message: str, line: int | None = None) -> ImportFormatError:
        """An error naming the file and the line (the current one by default)."""
        where = self.line if line is None else line
        return ImportFormatError(f"{self.label}, line {where}: {message}")


def _pick_member(archive: zipfile.ZipFile, path: Path) -> zipfile.ZipInfo:
    members = [i for i in archive.infolist() if not i.is_dir()]
    wanted = path.name[: -len(".zip")] + ".txt" if path.name.endswith(".zip") else ""
    for info in members:
        if Path(info.filename).name == wanted:
            return info
    texts = [
        i
        for i in members
        if i.filename.endswith(".txt")
        and Path(i.filename).name.lower() not in ("readme.txt", "iso-languagecodes.txt")
    ]
    if len(texts) == 1:
        return texts[0]
    raise ImportFormatError(
        f"{path}: the zip file holds no GeoNames table ({', '.join(i.filename for i in members) or 'nothing'})"
    )


@contextlib.contextmanager
def open_source(path: Path) -> Iterator[Source]:
    """``path`` opened for reading: the file itself, or the GeoNames table of a zip."""
    if path.is_dir():
        raise IsADirectoryError(21, "is a directory", str(path))
    with path.open("rb") as raw:
        if zipfile.is_zipfile(raw) or path.suffix.lower() == ".zip":
            raw.seek(0)
            try:
                archive = zipfile.ZipFile(raw)
                info = _pick_member(archive, path)
                stream = archive.open(info)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
                raise ImportFormatError(f"{path}: not a readable zip file ({error})") from None
            with archive, stream:
                label = f"{path}:{info.filename}"
                yield Source(path=path, label=label, stream=stream, total=info.file_size)
        else:
            raw.seek(0)
            yield Source(path=path, label=str(path), stream=raw, total=path.stat().st_size)


def _read(source: Source) -> bytes:
    try:
        return source.stream.read(_CHUNK)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise source.error(f"corrupt zip data ({error})", source.line + 1) from None
    except OSError as error:
        raise source.error(f"cannot read ({error})", source.line + 1) from None


def lines(source: Source, progress: ProgressFn | None) -> Iterator[list[str]]:
    """The source's rows as lists of columns; blank lines and ``#`` comments skipped."""
    name = source.path.name
    rest = b""
    while chunk := _read(source):
        source.done += len(chunk)
        if progress is not None:
            progress(name, source.done, source.total)
        parts = (rest + chunk).split(b"\n")
        rest = parts.pop()
        if len(rest) > _MAX_LINE:
            raise source.error("line too long: not a GeoNames table", source.line + 1)
        for raw in parts:
            source.line += 1
            row = _decode(source, raw)
            if row is not None:
                yield row
    if rest:
        source.line += 1
        row = _decode(source, rest)
        if row is not None:
            yield row


def _decode(source: Source, raw: bytes) -> list[str] | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise source.error(
            f"not UTF-8 text (byte 0x{raw[error.start]:02x} at column {error.start + 1})"
        ) from None
    text = text.rstrip("\r")
    if not text.strip() or text.startswith("#"):
        return None
    return text.split("\t")


def detect_format(columns: Sequence[str]) -> str | None:
    """The GeoNames table a row belongs to, from its columns (``None`` if unknown).

    Examples
    --------
    >>> detect_format(["2454857", "Kona"] + [""] * 17)
    'dump'
    >>> detect_format(["ML.05", "Ségou", "Segou", "2451477"])
    'admin1'
    >>> detect_format(["ML.05.123", "Bla", "Bla", "1"]), detect_format(["a", "b"])
    ('admin2', None)
    """
    n = len(columns)
    if n == DUMP_COLUMNS:
        return "dump"
    if n in ALT_COLUMNS:
        return "alternate_names"
    if n == ADMIN_COLUMNS:
        return "admin2" if columns[0].count(".") >= 2 else "admin1"
    return None


def chain(first: list[str], rows: Iterator[list[str]]) -> Iterator[list[str]]:
    """``first``, then the rest of ``rows``."""
    yield first
    yield from rows


def first_row(path: Path, source: Source, rows: Iterator[list[str]]) -> tuple[list[str], str]:
    """The first row of ``source`` and the table format it shows."""
    if path.name.lower().startswith(_NOT_IMPORTED):
        raise ImportFormatError(
            f"{path}: {path.name} is not a table the gazetteer imports "
            "(place dumps, alternateNamesV2, admin1CodesASCII and admin2Codes are)"
        )
    first = next(rows, None)
    if first is None:
        raise ImportFormatError(f"{source.label}: the file holds no rows")
    fmt = detect_format(first)
    if fmt is None:
        raise source.error(
            f"{len(first)} columns: not a GeoNames table (a place dump row has "
            f"{DUMP_COLUMNS} columns, alternateNamesV2 {ALT_COLUMNS[0]}, admin codes "
            f"{ADMIN_COLUMNS})"
        )
    return first, fmt


def sniff(path: Path) -> str:
    """The format of ``path`` from its first row (reads only the first chunk)."""
    with open_source(path) as source:
        return first_row(path, source, lines(source, None))[1]

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
import os
import stat
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from conflictmap.errors import ImportFormatError
from conflictmap.store.geonames.base import ADMIN_COLUMNS, ALT_COLUMNS, DUMP_COLUMNS, ProgressFn
from conflictmap.tuning.imports import IMPORT

__all__ = [
    "Source",
    "chain",
    "check_member",
    "check_regular",
    "detect_format",
    "first_row",
    "lines",
    "open_source",
    "sniff",
]

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


_KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


def check_regular(path: Path, mode: int) -> None:
    """Refuse anything but a regular file (``mode`` from ``stat``).

    A device never ends (``/dev/zero``) or a FIFO blocks, and a directory is not a
    table.
    """
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "Is a directory", str(path))
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    raise ImportFormatError(f"{path}: {kind}, not a file: give a GeoNames table (.txt or .zip)")


def _open_regular(path: Path) -> IO[bytes]:
    """``path`` opened for reading, refused unless it is a regular file.

    The check is made on the open file (no race with a swap of the path), and the
    open does not block on a FIFO.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        check_regular(path, os.fstat(fd).st_mode)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def check_member(path: Path, info: zipfile.ZipInfo, archive_size: int) -> None:
    """Refuse a member too big to read, or that inflates like a zip bomb."""
    label = f"{path}:{info.filename}"
    if info.file_size > IMPORT.max_member_bytes:
        raise ImportFormatError(
            f"{label}: {info.file_size:,} bytes uncompressed, more than the "
            f"{IMPORT.max_member_bytes:,} a GeoNames table may have"
        )
    # The directory's compressed size can lie; the zip's own size cannot.
    packed = max(min(info.compress_size, archive_size), 1)
    ratio = info.file_size / packed
    if info.file_size > IMPORT.inflation_floor_bytes and ratio > IMPORT.max_inflation:
        raise ImportFormatError(
            f"{label}: inflates {ratio:,.0f} times ({packed:,} bytes to {info.file_size:,}); "
            f"GeoNames tables inflate less than {IMPORT.max_inflation:.0f} times"
        )


@contextlib.contextmanager
def open_source(path: Path) -> Iterator[Source]:
    """``path`` opened for reading: the file itself, or the GeoNames table of a zip."""
    with _open_regular(path) as raw:
        size = os.fstat(raw.fileno()).st_size
        if zipfile.is_zipfile(raw) or path.suffix.lower() == ".zip":
            raw.seek(0)
            try:
                archive = zipfile.ZipFile(raw)
                info = _pick_member(archive, path)
                check_member(path, info, size)
                stream = archive.open(info)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
                raise ImportFormatError(f"{path}: not a readable zip file ({error})") from None
            with archive, stream:
                label = f"{path}:{info.filename}"
                yield Source(path=path, label=label, stream=stream, total=info.file_size)
        else:
            raw.seek(0)
            yield Source(path=path, label=str(path), stream=raw, total=size)


def _read(source: Source) -> bytes:
    try:
        return source.stream.read(_CHUNK)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise source.error(f"corrupt zip data ({error})", source.line + 1) from None
    except OSError as error:
        raise source.error(f"cannot read ({error})", source.line + 1) from None


def lines(source: Source, progress: ProgressFn | None) -> Iterator[list[str]]:
    """The source's rows as lists of columns; blank lines and ``#`` comments skipped.

    The complete lines of each chunk are decoded at once; a chunk that is not
    UTF-8 is decoded line by line, to name the line.
    """
    name = source.path.name
    rest = b""
    while chunk := _read(source):
        source.done += len(chunk)
        if progress is not None:
            progress(name, source.done, source.total)
        head = rest + chunk
        cut = head.rfind(b"\n")
        body, rest = (b"", head) if cut < 0 else (head[:cut], head[cut + 1 :])
        if len(rest) > _MAX_LINE:
            raise source.error("line too long: not a GeoNames table", source.line + 1)
        if cut >= 0:
            yield from _rows(source, body)
    if rest:
        yield from _rows(source, rest)


def _rows(source: Source, body: bytes) -> Iterator[list[str]]:
    """The rows of ``body``, complete lines without the last newline."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        for raw in body.split(b"\n"):
            source.line += 1
            row = _decode(source, raw)
            if row is not None:
                yield row
        return
    for line in text.split("\n"):
        source.line += 1
        if line.endswith("\r"):
            line = line.rstrip("\r")
        if line and not line.startswith("#") and not line.isspace():
            yield line.split("\t")


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

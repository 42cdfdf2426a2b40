"""Files the tool writes: always through a temporary file and a rename.

A crash, a kill or a full disk leaves either the old file or the new one, never half
of either; several outputs of one run are written all or none.

Targets that are not regular files are respected, not replaced: a symbolic link is
followed (the file it points to is replaced, the link stays), a character device or
a FIFO (``/dev/null``, ``/dev/stdout``, a named pipe) is written through, and a
socket or block device is refused. Two outputs of one run that land on the same
file are refused before anything is written.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from conflictmap.errors import OutputError

__all__ = ["atomic_write", "atomic_write_all", "remove_stale"]


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A crash or a full disk leaves either the old file or the new one, never half.

    Raises
    ------
    OutputError
        When the folder is missing or not writable.
    """
    return atomic_write_all({path: data})[0]


_PathLike = str | os.PathLike[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class _Target:
    """Where one output goes: ``path`` as given, ``real`` once links are followed."""

    path: Path
    real: Path
    #: write through (a device or FIFO) instead of replacing
    through: bool


def atomic_write_all(
    files: Mapping[_PathLike, str | bytes] | Iterable[tuple[_PathLike, str | bytes]],
) -> list[Path]:
    """Write several files all or none: each goes to a temporary file first, and the
    renames happen only once every temporary file is complete.

    If any file cannot be written, no target is touched.

    Raises
    ------
    OutputError
        When a folder is missing or not writable, or a target is a directory.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = atomic_write(folder / "map.html", "old")
    >>> try:
    ...     atomic_write_all({folder / "map.html": "new", folder / "no/dir.csv": "x"})
    ... except OutputError as error:
    ...     print(str(error).endswith("does not exist"))
    True
    >>> (folder / "map.html").read_text()
    'old'
    >>> try:
    ...     atomic_write_all([(folder / "a.html", "x"), (folder / "." / "a.html", "y")])
    ... except OutputError as error:
    ...     print(str(error).split(": ", 1)[1])
    two outputs of this run would write the same file
    """
    pairs = list(files.items()) if isinstance(files, Mapping) else list(files)
    targets = [_target(path) for path, _data in pairs]
    _refuse_duplicates(targets)
    staged: list[tuple[str, Path]] = []
    try:
        for target, (_path, data) in zip(targets, pairs, strict=True):
            if not target.through:
                staged.append((_stage(target.real, data), target.real))
        for target, (_path, data) in zip(targets, pairs, strict=True):
            if target.through:
                _write_through(target.path, data)
        for tmp, real in staged:
            os.replace(tmp, real)
    except OutputError:
        raise
    except OSError as error:
        raise OutputError(f"{error.filename}: cannot write ({error.strerror or error})") from None
    finally:
        for tmp, _real in staged:
            Path(tmp).unlink(missing_ok=True)
    return [target.path for target in targets]


def _target(path: _PathLike) -> _Target:
    """Classify an output path: a file to replace (links followed) or a device to write."""
    given = Path(path)
    if os.fspath(path) == "":
        raise OutputError("an empty path is not an output file; give a file name")
    try:
        mode = given.stat().st_mode
    except FileNotFoundError:
        mode = None  # a new file, or a link to one not made yet
    except OSError as error:
        raise OutputError(f"{given}: cannot write ({error.strerror or error})") from None
    if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        return _Target(path=given, real=given, through=True)
    if mode is not None and (stat.S_ISSOCK(mode) or stat.S_ISBLK(mode)):
        what = "a socket" if stat.S_ISSOCK(mode) else "a block device"
        raise OutputError(f"{given}: is {what}; give a file name")
    return _Target(path=given, real=Path(os.path.realpath(given)), through=False)


def _refuse_duplicates(targets: list[_Target]) -> None:
    seen: set[object] = set()
    for target in targets:
        try:
            info = target.real.stat()
            key: object = (info.st_dev, info.st_ino)
        except OSError:
            key = target.real
        if key in seen:
            raise OutputError(f"{target.path}: two outputs of this run would write the same file")
        seen.add(key)


def _write_through(path: Path, data: str | bytes) -> None:
    """Write ``data`` into a device or FIFO as it is (no temporary file can stand in)."""
    payload = data if isinstance(data, bytes) else data.encode("utf-8")
    try:
        # Non-blocking open: a FIFO nobody reads would otherwise hang the run.
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ENXIO:
            raise OutputError(f"{path}: no process is reading this FIFO") from None
        raise OutputError(f"{path}: cannot write ({error.strerror or error})") from None
    try:
        os.set_blocking(fd, True)
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as error:
        raise OutputError(f"{path}: cannot write ({error.strerror or error})") from None
    finally:
        os.close(fd)


def _stage(target: Path, data: str | bytes) -> str:
    """Write ``data`` to a complete, synced temporary file beside ``target``."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{target}: the folder {folder} does not exist")
    if target.is_dir():
        raise OutputError(f"{target}: is a directory")
    import tempfile  # only when writing: every start imports this module (issue 19)

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputError(
            f"{target}: cannot write in {folder} ({error.strerror or error})"
        ) from None
    try:
        payload = data if isinstance(data, bytes) else data.encode("utf-8")
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write ({error.strerror or error})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a process of another user counts as running)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. PermissionError: it exists
        return True
    return True


def remove_stale(folder: Path, pattern: str) -> list[Path]:
    """Remove what killed runs left in ``folder``: names matching ``pattern`` whose
    process id (the last all-digit dot-separated part) is no longer running.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / ".downloads.999999999").mkdir()
    >>> (folder / f".downloads.{os.getpid()}").mkdir()
    >>> [p.name for p in remove_stale(folder, ".downloads.*")]
    ['.downloads.999999999']
    """
    removed = []
    for path in folder.glob(pattern):
        pids = [part for part in path.name.split(".") if part.isdigit()]
        if not pids or _alive(int(pids[-1])):
            continue
        if path.is_dir() and not path.is_symlink():
            import shutil

            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed

"""Files the tool writes: always through a temporary file and a rename.

A crash, a kill or a full disk leaves either the old file or the new one, never half
of either; several outputs of one run are written all or none.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from conflictmap.errors import OutputError

__all__ = ["atomic_write", "atomic_write_all"]


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A crash or a full disk leaves either the old file or the new one, never half.

    Raises
    ------
    OutputError
        When the folder is missing or not writable.
    """
    return atomic_write_all({path: data})[0]


def atomic_write_all(files: Mapping[str | os.PathLike[str], str | bytes]) -> list[Path]:
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
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            staged.append((_stage(Path(path), data), Path(path)))
        for tmp, target in staged:
            os.replace(tmp, target)
    except OutputError:
        raise
    except OSError as error:
        raise OutputError(f"{error.filename}: cannot write ({error.strerror or error})") from None
    finally:
        for tmp, _target in staged:
            Path(tmp).unlink(missing_ok=True)
    return [target for _tmp, target in staged]


def _stage(target: Path, data: str | bytes) -> str:
    """Write ``data`` to a complete, synced temporary file beside ``target``."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{target}: the folder {folder} does not exist")
    if target.is_dir():
        raise OutputError(f"{target}: is a directory")
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

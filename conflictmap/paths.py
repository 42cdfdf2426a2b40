"""Where conflictmap keeps its files.

``CONFLICTMAP_HOME`` (or ``--home``) holds the built gazetteer and the user's
corrections; by default it is the platform's user data folder. The hand-kept
gazetteer tables ship inside the package (``conflictmap/_gazetteer``) in an
installed copy, and are read from the repository's ``gazetteer/`` folder in a
source checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["data_dir", "default_home", "resolve_home"]

ENV_HOME = "CONFLICTMAP_HOME"

BASE_DB = "base.sqlite"
IMPORTED_DB = "imported.sqlite"
CORRECTIONS_DB = "corrections.sqlite"


def default_home() -> Path:
    """The platform's user data folder for conflictmap."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("conflictmap", appauthor=False))


def resolve_home(home: str | os.PathLike[str] | None = None) -> Path:
    """``home`` if given, else ``$CONFLICTMAP_HOME``, else :func:`default_home`."""
    if home is not None:
        return Path(home).expanduser()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    return default_home()


def data_dir() -> Path:
    """The folder holding the bundled gazetteer tables (``gazetteer/`` in the repo)."""
    package = Path(__file__).resolve().parent
    installed = package / "_gazetteer"
    if installed.is_dir():
        return installed
    return package.parent / "gazetteer"

"""Where the toolkit's data folders are: `word_templates/`, `macros/` and `workbooks/`.

In a source checkout (and an editable install) they sit beside the package; a wheel installs them
inside it (see `[tool.setuptools.package-dir]` in pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder `name` (e.g. "word_templates") of an installed package, else of the source tree."""
    installed = _PACKAGE / name
    return installed if installed.is_dir() else _PACKAGE.parent / name

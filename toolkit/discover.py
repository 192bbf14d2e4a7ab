"""Find workbooks in files and folders (recursively), skipping Excel's `~$` lock files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from .errors import FinsamError

#: Suffixes looked at inside folders. Files named explicitly are always taken (and may be faults).
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls"}


def file_identity(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    """(device, inode) of the file at `path`, which every spelling of it and every link to it share; None
    when there is none."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    return found.st_dev, found.st_ino


def is_lock_file(path: Path) -> bool:
    """Excel's owner file for an open workbook (`~$name.xlsx`): never a report."""
    return path.name.startswith("~$")


def find_workbooks(paths: Iterable[str | Path]) -> list[Path]:
    """Every workbook below the given files and folders, sorted, lock files skipped, each file once.

    Raise FinsamError for a path that does not exist.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES
                            and not is_lock_file(p)
                            and not any(part.startswith(".~finsam-") for part in p.relative_to(path).parts))
        elif path.is_file():
            if not is_lock_file(path):
                found.append(path)
        else:
            raise FinsamError(f"Filen eller mappen {path} finns inte.")
    unique: dict[object, Path] = {}
    for p in found:  # each file once (by device and inode: any spelling, link or overlap), named as the user wrote it
        unique.setdefault(file_identity(p) or p, p)
    return list(unique.values())

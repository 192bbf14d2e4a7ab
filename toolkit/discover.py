"""Find workbooks in files and folders (recursively), skipping Excel's `~$` lock files."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .errors import FinsamError

#: Suffixes looked at inside folders. Files named explicitly are always taken (and may be faults).
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls"}


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
    unique: dict[Path, Path] = {}
    for p in found:  # each file once, named as the user wrote it
        unique.setdefault(p.resolve(), p)
    return list(unique.values())

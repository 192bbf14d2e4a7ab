"""Text from inputs stays text in every output: never a formula, never a character the format cannot hold.

- xlsx (openpyxl): `set_text` stores a string as a string cell even when it starts with "=".
  (The consolidation's xlsxwriter writes with `write_string` and `strings_to_formulas` off.)
- CSV: `csv_text` neutralises a field that a spreadsheet program would run as a formula, the OWASP
  way: a text starting with one of `= + - @ TAB CR` gets a leading apostrophe. A plain number such as
  "-1500.5" is left as it is.
- XML-based formats (xlsx, docx): `xml_text` drops the control characters XML 1.0 cannot hold (and
  lone surrogates UTF-8 cannot encode), which made openpyxl and Word crash.

`check_output` keeps a command from writing over its inputs (by inode) or over files it did not make.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

from .discover import file_identity
from .errors import FinsamError

#: First characters that make a spreadsheet program read a CSV field as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` without the characters an XML document cannot hold."""
    return _NOT_XML.sub("", text)


def csv_text(value: Any) -> Any:
    """A CSV field that no spreadsheet program runs as a formula (non-strings are returned as they are)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def set_text(cell: Any, text: str) -> None:
    """Write `text` into an openpyxl cell as a string cell, never a formula."""
    cell.value = xml_text(text)
    cell.data_type = "s"


def set_value(cell: Any, value: Any) -> None:
    """Write a value into an openpyxl cell; strings through `set_text`."""
    if isinstance(value, str):
        set_text(cell, value)
    else:
        cell.value = value


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether two paths are one file on disk (by device and inode: links and other spellings too)."""
    identity = file_identity(a)
    return identity is not None and identity == file_identity(b)


def check_output(out: str | os.PathLike, inputs: Iterable[str | os.PathLike | None], overwrite: bool = False,
                 option: str = "--skriv-over") -> None:
    """Refuse to write `out` over one of the command's inputs, or over an existing file without `overwrite`.

    Raises FinsamError with one Swedish line."""
    target = Path(out)
    for source in inputs:
        if source is not None and same_file(target, source):
            raise FinsamError(f"{target} är samma fil som indata {source}; indata skrivs aldrig över. "
                              "Välj ett annat namn.")
    if target.is_dir():
        raise FinsamError(f"{target} är en mapp. Ange ett filnamn.")
    if target.exists() and not overwrite:
        raise FinsamError(f"{target} finns redan. Välj ett annat namn, eller ange {option} för att ersätta den.")


# --- temporaries and multi-file outputs -------------------------------------------------------------
_HOST = re.sub(r"[^A-Za-z0-9]", "", os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", ""))
#: Every temporary file or folder the toolkit makes starts with this; a crashed run's are found by it.
TEMP_PREFIX = ".~finsam-"
_OURS = re.compile(re.escape(TEMP_PREFIX) + r"(?P<host>[A-Za-z0-9]*)-(?P<pid>\d+)-")
#: A temporary older than this is stale whatever made it (another machine on a shared folder).
STALE_SECONDS = 24 * 3600
LOCK_NAME = TEMP_PREFIX + "las"


def temp_prefix() -> str:
    """".~finsam-HOST-PID-": temporaries say which process made them, so a later run can clean up."""
    return f"{TEMP_PREFIX}{_HOST}-{os.getpid()}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but is not ours to signal
        return True
    return True


def _stale(path: Path, host: str, pid: int) -> bool:
    try:
        age = time.time() - path.lstat().st_mtime
    except OSError:
        return False
    return age > STALE_SECONDS or (host == _HOST and pid != os.getpid() and not _alive(pid))


def remove_stale(folder: str | os.PathLike) -> list[Path]:
    """Remove temporaries that crashed or killed runs left in `folder`; return what was removed."""
    removed = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for path in entries:
        found = _OURS.match(path.name)
        if found and _stale(path, found["host"], int(found["pid"])):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


@contextmanager
def output_lock(folder: str | os.PathLike) -> Iterator[None]:
    """Hold the folder's lock while writing; a second run into the same folder is refused in Swedish."""
    lock = Path(folder) / LOCK_NAME
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            holder = lock.read_text(encoding="utf-8", errors="replace").strip() if lock.is_file() else ""
            host, _, pid = holder.partition(" ")
            if pid.isdigit() and _stale(lock, host, int(pid)):
                lock.unlink(missing_ok=True)
                continue
            raise FinsamError(f"En annan körning skriver redan till {folder} (process {pid or 'okänd'}). "
                              f"Vänta tills den är klar, eller välj en annan mapp.") from None
    else:  # pragma: no cover - the stale lock came back at once
        raise FinsamError(f"Kunde inte låsa {folder} för skrivning.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(f"{_HOST} {os.getpid()}\n")
        yield
    finally:
        lock.unlink(missing_ok=True)


@contextmanager
def staged(folder: str | os.PathLike) -> Iterator[Path]:
    """A temporary folder inside `folder` to write a run's outputs into; on success they are moved
    into `folder` together, on any failure none is, and the temporary folder is always removed."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    remove_stale(target)
    with output_lock(target):
        staging = Path(tempfile.mkdtemp(prefix=temp_prefix(), dir=target))
        try:
            yield staging
            for written in sorted(staging.iterdir()):
                os.replace(written, target / written.name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


#: Who the toolkit says wrote and last changed the documents it writes (docx and xlsx core properties).
AUTHOR = "finsam-toolkit"


def made_by_toolkit(path: str | os.PathLike) -> bool:
    """Whether `path` is a Word or Excel file the toolkit wrote and nobody has saved since (its core
    properties still name the toolkit as the last to modify it): such a file may be replaced."""
    from .safe_zip import Package, read_file

    try:
        core = Package(read_file(path)).read("docProps/core.xml")
    except Exception:  # missing, not a zip, damaged: not ours
        return False
    found = re.search(rb"<(?:\w+:)?lastModifiedBy>([^<]{0,100})</", core)
    return bool(found) and found.group(1).decode("utf-8", "replace") == AUTHOR

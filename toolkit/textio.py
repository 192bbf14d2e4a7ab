"""Atomic writes: outputs appear whole or not at all; temporaries of killed runs are cleaned up."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from .safe_output import remove_stale, temp_prefix


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_MODE = _default_mode()
_CLEANED: set[Path] = set()  # folders whose stale temporaries this process has removed


def write_atomic(path: str | os.PathLike, write: Callable[[Path], object]) -> Path:
    """Call `write(tmp)` for a temporary file beside `path`, then move it into place."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.parent not in _CLEANED:
        _CLEANED.add(target.parent)
        remove_stale(target.parent)
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(), suffix=target.suffix, dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, _MODE)  # mkstemp creates 0600; outputs get the usual permissions
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_text_atomic(path: str | os.PathLike, text: str) -> Path:
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> Path:
    return write_atomic(path, lambda tmp: tmp.write_bytes(data))

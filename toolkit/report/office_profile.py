"""LibreOffice's profile parts made at its first start, kept per installation and copied into each new profile.

Every PDF run gets a private, temporary LibreOffice profile (`pdf.Office`). In a new profile LibreOffice
first registers the extensions it comes with, then starts itself again: about a third of a second of CPU
more than a start with a profile that has them. Those parts (`SEEDED`: the extension registrations and
the settings that say for which LibreOffice build they were made) are kept in the user's cache folder,
one copy per LibreOffice installation, after the first conversion that succeeded, and copied into every
new profile from then on. LibreOffice checks them itself as with any profile of its own: after an update
it registers its extensions again. Nothing else of a profile is kept (no document, no path).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

#: The parts of a profile's `user` folder that LibreOffice makes at its first start and that are kept.
SEEDED = ("extensions", "uno_packages", "registrymodifications.xcu")


def cache_dir(program: str) -> Path:
    """The kept parts' folder for the LibreOffice at `program` (its resolved path, size and time of change:
    another installation or an update gets a folder of its own)."""
    from platformdirs import user_cache_dir

    real = Path(program).resolve()
    stat = real.stat()
    key = hashlib.sha256(f"{real}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    return Path(user_cache_dir("finsam-toolkit", appauthor=False)) / "libreoffice" / key


def seed(profile: Path, program: str) -> bool:
    """Copy the kept parts into the new profile folder `profile`; False when none are kept (or they cannot be
    read: the profile is then left empty and LibreOffice makes them itself)."""
    try:
        kept = cache_dir(program)
        if not _complete(kept):
            return False
        _copy(kept, profile / "user")
    except OSError:
        shutil.rmtree(profile, ignore_errors=True)
        return False
    return True


def keep(profile: Path, program: str) -> None:
    """Keep the parts LibreOffice made in `profile` (after a conversion that succeeded), unless some are kept
    already. Written into a temporary folder and renamed into place: a run that reads meanwhile finds all
    or nothing. A cache that cannot be written is no fault."""
    try:
        kept = cache_dir(program)
        if kept.exists() or not _complete(profile / "user"):
            return
        kept.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".ny-", dir=kept.parent))
        try:
            _copy(profile / "user", staging)
            os.rename(staging, kept)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    except OSError:
        pass


def _complete(folder: Path) -> bool:
    return all((folder / name).exists() for name in SEEDED)


def _copy(source: Path, target: Path) -> None:
    """The `SEEDED` parts of folder `source` copied into folder `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SEEDED:
        part = source / name
        shutil.copytree(part, target / name) if part.is_dir() else shutil.copyfile(part, target / name)


def forget(program: str) -> None:
    """Drop the kept parts (a conversion from profiles seeded with them failed)."""
    try:
        shutil.rmtree(cache_dir(program), ignore_errors=True)
    except OSError:
        pass

"""PDF through LibreOffice (soffice, headless): one conversion or many in a single run per core.

LibreOffice takes more than a second of CPU to start and about a third of one per report, so a list is
converted in one invocation, or, from `PER_RUN` documents per free core on, in one invocation per
free core side by side (each still pays its start only once). Each run gets a private, temporary user profile
so parallel runs (and a LibreOffice the user has open) never collide; what LibreOffice makes in a new
profile as it first starts is kept per installation and copied into the next (`office_profile`).

`Office` can start LibreOffice ahead (`with Office(documents) as office:`), so that its start runs while
the reports are written: a later `soffice --convert-to` with the same profile hands its documents to the
instance already running and waits for their PDFs. Every LibreOffice process runs in its own process
group, which is ended afterwards: none outlives the conversion, and neither does the socket it listens on
(`_pipe`). Where process groups cannot be ended (Windows), nothing is started ahead and each conversion
starts and ends its own LibreOffice.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ..errors import FinsamError
from ..textio import write_atomic
from . import office_profile

TIMEOUT_S = 300
#: Documents per LibreOffice run below which a second run side by side does not pay for its start (a
#: start costs about five documents' CPU). Runs are only added on cores other processes leave free.
PER_RUN = 5
_NO_SOFFICE = ("LibreOffice (programmet soffice) är inte installerat eller finns inte i PATH, så ingen PDF kunde "
               "skapas. Installera LibreOffice eller spara Word-filen som PDF i Word.")
#: Whether LibreOffice may be started ahead: only where its whole process group can be ended afterwards.
AHEAD = hasattr(os, "killpg")
#: LibreOffice (7.4, as Debian 12 ships it) allocates and frees sixteen 64 MB buffers as it starts, each page
#: faulted in one by one: 300 000 page faults, a second of system CPU on the bench machine. glibc's malloc
#: (2.35 on) with this tunable asks for transparent huge pages for them: 15 000 faults. Elsewhere it is ignored.
HUGE_PAGES = "glibc.malloc.hugetlb=1"
#: PDF export, its images compressed without loss: a chart stays sharp, and LibreOffice no longer tries JPEG
#: on each image first to compare (a report's charts came out as lossless anyway, in the same bytes). The
#: options are JSON, which LibreOffice reads from 7.4 on; an older one ignores them and exports as before.
EXPORT = 'pdf:writer_pdf_Export:{"UseLosslessCompression":{"type":"boolean","value":"true"}}'


def _which() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice() -> str:
    """The path of LibreOffice's soffice; FinsamError in Swedish when it is missing."""
    found = _which()
    if not found:
        raise FinsamError(_NO_SOFFICE)
    return found


def _end(proc: subprocess.Popen[Any]) -> None:
    """End a process started in its own group, and every process of that group (soffice.bin, gpg …)."""
    if AHEAD:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass  # the group has already ended
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def _pipe(profile: str) -> Path | None:
    """The socket a LibreOffice running with `profile` (its -env:UserInstallation URL) listens on, where it is
    (None where LibreOffice uses no such file: Windows). LibreOffice removes it as it quits, not when it is
    killed. Its name is LibreOffice's own (desktop's officeipcthread): the MD5 of the URL in UTF-16, each byte
    in hex without a leading zero, in /tmp (sal's pipe folder; /var/tmp where /tmp cannot be written)."""
    if not hasattr(os, "getuid"):
        return None
    digest = hashlib.md5(profile.encode("utf-16-le"), usedforsecurity=False).digest()
    name = f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_{''.join(f'{byte:x}' for byte in digest)}"
    return next((Path(folder, name) for folder in ("/tmp", "/var/tmp") if Path(folder, name).is_socket()), None)


def _environment() -> dict[str, str]:
    """LibreOffice's environment: this process's, with `HUGE_PAGES` added to any glibc tunables already set."""
    tunables = os.environ.get("GLIBC_TUNABLES")
    return {**os.environ, "GLIBC_TUNABLES": f"{tunables}:{HUGE_PAGES}" if tunables else HUGE_PAGES}


def _start(command: list[str]) -> subprocess.Popen[Any]:
    """Start LibreOffice ahead, in its own process group, with no input or output."""
    return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True, env=_environment())


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run one conversion in its own process group and end the whole group afterwards, also after a timeout."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env=_environment())
    try:
        out, err = proc.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        raise FinsamError(f"LibreOffice svarade inte inom {TIMEOUT_S} sekunder.") from exc
    finally:
        _end(proc)
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


def _busy() -> float:
    """How many cores other processes keep busy: those running right now besides this one (Linux's
    /proc/loadavg), else the one-minute load average, whose past minute may be this very program's own work
    (0 where the system keeps neither: Windows)."""
    try:
        with open("/proc/loadavg", encoding="ascii") as fh:
            return int(fh.read().split()[3].split("/")[0]) - 1
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return 0


def _free_cores() -> int:
    """The cores not already busy; on a busy machine a second run only competes with the first."""
    return max(1, (os.cpu_count() or 1) - int(_busy()))


class Office:
    """LibreOffice for converting about `documents` reports: one run (one profile) per free core from
    `PER_RUN` documents per core on, each started as the block begins (where `AHEAD` and LibreOffice is
    installed), all ended as it ends. Without LibreOffice, only a conversion fails (FinsamError), so the Word
    reports written meanwhile are kept."""

    def __init__(self, documents: int) -> None:
        self.runs = max(1, min(_free_cores(), documents // PER_RUN))
        self._work = tempfile.TemporaryDirectory(prefix="finsam-pdf-")
        self.work = Path(self._work.name)
        self.folders = [Path(self.work, f"profil{k}") for k in range(self.runs)]
        self.urls = [folder.as_uri() for folder in self.folders]
        self.profiles = [f"-env:UserInstallation={url}" for url in self.urls]
        self._instances: list[subprocess.Popen[Any]] = []
        self.program = _which()
        self.seeded = bool(self.program) and all(office_profile.seed(folder, self.program) for folder in self.folders)
        self._converted = False

    def __enter__(self) -> "Office":
        program = self.program
        for profile in self.profiles if AHEAD and program else []:
            try:
                self._instances.append(_start([*_base(program, profile), "--nologo", "--nodefault"]))
            except OSError:
                break  # only a head start: the conversion starts LibreOffice itself, or says why it cannot
        return self

    def __exit__(self, *_: object) -> None:
        for proc in self._instances:
            _end(proc)
        for url in self.urls:  # an instance ended above, or a conversion stopped at its time limit
            pipe = _pipe(url)
            if pipe is not None:
                pipe.unlink(missing_ok=True)
        if self._converted and self.program and not self.seeded:
            office_profile.keep(self.folders[0], self.program)
        self._work.cleanup()

    def convert(self, docxs: list[Path], targets: list[Path]) -> list[Path]:
        """Convert each .docx to the PDF at the same position in `targets`, the list split over the runs."""
        program = soffice()
        docxs = [Path(d) for d in docxs]
        for d in docxs:
            if not d.is_file():
                raise FinsamError(f"Filen {d} finns inte.")
        work = Path(tempfile.mkdtemp(prefix="omgang-", dir=self.work))
        inputs, outdir = work / "in", work / "ut"
        inputs.mkdir()
        # Numbered copies: two reports with the same name in different folders stay apart.
        copies = [Path(shutil.copyfile(d, inputs / f"{k:05d} {d.name}")) for k, d in enumerate(docxs)]
        runs = min(self.runs, len(docxs)) or 1
        commands = [[*_base(program, profile), "--convert-to", EXPORT, "--outdir", str(outdir), *map(str, copies[k::runs])]
                    for k, profile in enumerate(self.profiles[:runs])]
        with ThreadPoolExecutor(runs) as pool:  # the threads only wait; each run is its own process group
            done = list(pool.map(_run, commands))
        results = []
        for k, (d, copy, target) in enumerate(zip(docxs, copies, targets)):
            made = outdir / f"{copy.stem}.pdf"
            if not made.is_file():
                if self.seeded:  # perhaps the kept profile parts: the next run makes its own
                    office_profile.forget(program)
                run = done[k % runs]
                detail = (run.stderr or run.stdout).strip().splitlines()
                raise FinsamError(f"LibreOffice kunde inte göra om {d.name} till PDF"
                                  + (f": {detail[-1]}" if detail else "."))
            results.append(write_atomic(target, lambda tmp, src=made: shutil.copyfile(src, tmp)))
        self._converted = True
        return results


def _base(program: str, profile: str) -> list[str]:
    """LibreOffice headless with the run's own profile: the instance started ahead and its conversion alike
    (the same profile is what hands the conversion to the instance)."""
    return [program, profile, "--headless", "--norestore"]


def _convert(docxs: list[Path], targets: list[Path], office: Office | None) -> list[Path]:
    if office is not None:
        return office.convert(docxs, targets)
    with Office(len(docxs)) as own:
        return own.convert(docxs, targets)


def to_pdf_many(docxs: list[Path], outdir: Path, office: Office | None = None) -> list[Path]:
    """Convert every .docx to `outdir/<stem>.pdf` (in `office` when given, started ahead); return the PDF paths."""
    return _convert(docxs, [Path(outdir) / f"{Path(d).stem}.pdf" for d in docxs], office)


def to_pdf_beside(docxs: list[Path], office: Office | None = None) -> list[Path]:
    """Convert every .docx to a PDF beside it (same name, .pdf), in `office` when given."""
    return _convert(docxs, [Path(d).with_suffix(".pdf") for d in docxs], office)


def to_pdf(docx: Path, out: Path | None = None) -> Path:
    """Convert one .docx to PDF (default: same name, .pdf, same folder); return the PDF path."""
    return _convert([docx], [Path(out) if out else Path(docx).with_suffix(".pdf")], None)[0]

"""PDF through LibreOffice (soffice, headless): one conversion or many in a single run per core.

LibreOffice takes about a second of CPU to start and a fifth of one per document, so a list is
converted in one invocation, or, from `PER_RUN` documents per free core on, in one invocation per
free core side by side (each still pays its start only once). Each run gets a private, temporary user profile
so parallel runs (and a LibreOffice the user has open) never collide, and runs in its own process
group, which is ended afterwards: no LibreOffice process outlives it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import FinsamError
from ..textio import write_atomic

TIMEOUT_S = 300
#: Documents per LibreOffice run below which a second run side by side does not pay for its start (a
#: start costs about five documents' CPU). Runs are only added on cores the load average leaves free.
PER_RUN = 5
_NO_SOFFICE = ("LibreOffice (programmet soffice) är inte installerat eller finns inte i PATH, så ingen PDF kunde "
               "skapas. Installera LibreOffice eller spara Word-filen som PDF i Word.")


def soffice() -> str:
    """The path of LibreOffice's soffice; FinsamError in Swedish when it is missing."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise FinsamError(_NO_SOFFICE)
    return found


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run LibreOffice in its own process group and end the whole group afterwards, so no helper it
    started (soffice.bin, gpg …) outlives the conversion, also after a timeout."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        raise FinsamError(f"LibreOffice svarade inte inom {TIMEOUT_S} sekunder.") from exc
    finally:
        if hasattr(os, "killpg"):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass  # the group has already ended
        if proc.returncode is None:
            proc.kill()
            proc.wait()
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


def _free_cores() -> int:
    """The cores not already busy, by the one-minute load average (all of them where the system keeps none:
    Windows); on a busy machine a second run only competes with the first."""
    cores = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):
        return cores
    return max(1, cores - int(busy))


def _convert(docxs: list[Path], targets: list[Path]) -> list[Path]:
    """Convert each .docx to the PDF at the same position in `targets`: in one LibreOffice run, or in one
    run per core side by side for a long list."""
    program = soffice()
    docxs = [Path(d) for d in docxs]
    for d in docxs:
        if not d.is_file():
            raise FinsamError(f"Filen {d} finns inte.")
    runs = max(1, min(_free_cores(), len(docxs) // PER_RUN))
    with tempfile.TemporaryDirectory(prefix="finsam-pdf-") as work:
        inputs = Path(work, "in")
        inputs.mkdir()
        # Numbered copies: two reports with the same name in different folders stay apart.
        copies = [Path(shutil.copyfile(d, inputs / f"{k:05d} {d.name}")) for k, d in enumerate(docxs)]
        groups = [copies[k::runs] for k in range(runs)]
        commands = [[program, f"-env:UserInstallation={Path(work, f'profil{k}').as_uri()}", "--headless",
                     "--norestore", "--convert-to", "pdf", "--outdir", str(Path(work, "ut")), *map(str, group)]
                    for k, group in enumerate(groups)]
        with ThreadPoolExecutor(runs) as pool:  # the threads only wait; each run is its own process group
            done = list(pool.map(_run, commands))
        results = []
        for k, (d, copy, target) in enumerate(zip(docxs, copies, targets)):
            made = Path(work, "ut", f"{copy.stem}.pdf")
            if not made.is_file():
                run = done[k % runs]
                detail = (run.stderr or run.stdout).strip().splitlines()
                raise FinsamError(f"LibreOffice kunde inte göra om {d.name} till PDF"
                                  + (f": {detail[-1]}" if detail else "."))
            results.append(write_atomic(target, lambda tmp, src=made: shutil.copyfile(src, tmp)))
    return results


def to_pdf_many(docxs: list[Path], outdir: Path) -> list[Path]:
    """Convert every .docx to `outdir/<stem>.pdf` in one LibreOffice run; return the PDF paths."""
    return _convert(docxs, [Path(outdir) / f"{Path(d).stem}.pdf" for d in docxs])


def to_pdf_beside(docxs: list[Path]) -> list[Path]:
    """Convert every .docx to a PDF beside it (same name, .pdf) in one LibreOffice run."""
    return _convert(docxs, [Path(d).with_suffix(".pdf") for d in docxs])


def to_pdf(docx: Path, out: Path | None = None) -> Path:
    """Convert one .docx to PDF (default: same name, .pdf, same folder); return the PDF path."""
    return _convert([docx], [Path(out) if out else Path(docx).with_suffix(".pdf")])[0]

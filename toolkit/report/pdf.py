"""PDF through LibreOffice (soffice, headless): one conversion or many in a single run.

LibreOffice takes seconds to start, so `to_pdf_many` converts a whole list in one invocation. Each
run gets a private, temporary user profile so parallel runs (and a LibreOffice the user has open)
never collide.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import FinsamError
from ..textio import write_atomic

TIMEOUT_S = 300
_NO_SOFFICE = ("LibreOffice (programmet soffice) är inte installerat eller finns inte i PATH, så ingen PDF kunde "
               "skapas. Installera LibreOffice eller spara Word-filen som PDF i Word.")


def soffice() -> str:
    """The path of LibreOffice's soffice; FinsamError in Swedish when it is missing."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise FinsamError(_NO_SOFFICE)
    return found


def to_pdf_many(docxs: list[Path], outdir: Path) -> list[Path]:
    """Convert every .docx to `outdir/<stem>.pdf` in one LibreOffice run; return the PDF paths."""
    program = soffice()
    docxs = [Path(d) for d in docxs]
    for d in docxs:
        if not d.is_file():
            raise FinsamError(f"Filen {d} finns inte.")
    outdir = Path(outdir)
    with tempfile.TemporaryDirectory(prefix="finsam-pdf-") as work:
        profile = Path(work, "profil").as_uri()
        converted = Path(work, "ut")
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(converted), *map(str, docxs)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired as exc:
            raise FinsamError(f"LibreOffice svarade inte inom {TIMEOUT_S} sekunder.") from exc
        results = []
        for d in docxs:
            made = converted / f"{d.stem}.pdf"
            if not made.is_file():
                detail = (done.stderr or done.stdout).strip().splitlines()
                raise FinsamError(f"LibreOffice kunde inte göra om {d.name} till PDF"
                                  + (f": {detail[-1]}" if detail else "."))
            results.append(write_atomic(outdir / made.name, lambda tmp, src=made: shutil.copyfile(src, tmp)))
    return results


def to_pdf(docx: Path, out: Path | None = None) -> Path:
    """Convert one .docx to PDF (default: same name, .pdf, same folder); return the PDF path."""
    docx = Path(docx)
    target = Path(out) if out else docx.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="finsam-pdf-ut-") as tmp:
        made = to_pdf_many([docx], Path(tmp))[0]
        return write_atomic(target, lambda t: shutil.copyfile(made, t))

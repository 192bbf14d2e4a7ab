"""`finsam report`: check a workbook and write its Word report (and PDF); refuse faulty workbooks."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from ..errors import FinsamError

if TYPE_CHECKING:
    from ..checks import FileCheck
    from ..findings import Finding

from .app import FOUND_ERRORS, console, err_console, fail, friendly


def _line(f: Finding) -> str:
    return f"  {f.place + ': ' if f.place else ''}{f.message}"


def _checked(path: Path, draft: bool) -> FileCheck:
    """The checked workbook; unusable raises, errors exit 1 unless a draft is asked for."""
    from ..checks import check_workbook

    checked = check_workbook(path)
    if checked.report is None:
        raise FinsamError(checked.findings[0].message if checked.findings else "Arbetsboken går inte att läsa.",
                          file=str(path))
    if checked.errors and not draft:
        err_console.print(f"{path}: {len(checked.errors)} fel, så ingen rapport skapades:", markup=False)
        for f in checked.errors:
            err_console.print(_line(f), markup=False)
        err_console.print("Rätta felen i arbetsboken, eller skapa ett utkast med --utkast.", markup=False)
        raise typer.Exit(FOUND_ERRORS)
    return checked


@friendly
def report(
    workbook: Path = typer.Argument(..., metavar="ARBETSBOK", help="Arbetsboken (.xlsx) som rapporten skapas från."),
    out: Optional[Path] = typer.Option(None, "--output", "-o", metavar="UT.docx",
                                       help="Word-filen som skrivs (annars ett namn från insats och period, "
                                            "bredvid arbetsboken)."),
    mall: Optional[Path] = typer.Option(None, "--mall", metavar="MALL.docx", help="Egen Word-mall (.docx) i stället för verktygets."),
    pdf: bool = typer.Option(False, "--pdf", help="Gör också en PDF (kräver LibreOffice)."),
    jamfor: Optional[Path] = typer.Option(None, "--jamfor", metavar="FÖRRA.xlsx",
                                          help="Arbetsboken för samma period föregående år, att jämföra med."),
    utkast: bool = typer.Option(False, "--utkast",
                                help="Skapa ett utkast trots fel; varje sida märks ”UTKAST – innehåller fel” och felen listas."),
    skriv_over: bool = typer.Option(False, "--skriv-over",
                                    help="Ersätt en befintlig Word-fil som inte är en orörd rapport från verktyget."),
) -> None:
    """Skapa Word-rapporten för en arbetsbok (vägrar om arbetsboken har fel, utom med --utkast)."""
    from ..report import create_report, to_pdf
    from ..report.render import default_output
    from ..safe_output import check_output, made_by_toolkit

    if out is not None and out.suffix.lower() != ".docx":
        fail(f"Rapporten måste sluta på .docx, inte ”{out.suffix or out.name}”. Använd --pdf för en PDF.")
    checked = _checked(workbook, utkast)
    previous = _checked(jamfor, utkast).report if jamfor else None
    assert checked.report is not None
    # The stamp says the workbook has errors, so only a workbook with errors gives a draft.
    draft = utkast and bool(checked.errors)
    target = out or default_output(checked.report, workbook, draft)
    check_output(target, [workbook, mall, jamfor], skriv_over or made_by_toolkit(target))
    path = create_report(checked.report, target, findings=checked.findings if draft else None, draft=draft,
                         template=mall, previous=previous, source=workbook)
    console.print(f"Skrev {path}" + ("  (utkast: arbetsboken har fel)" if draft else ""), markup=False)
    if utkast and not draft:
        console.print("Arbetsboken har inga fel, så rapporten blev inget utkast utan är klar att skicka.", markup=False)
    if checked.warnings and not draft:
        console.print(f"{len(checked.warnings)} varningar att titta på:", markup=False)
        for f in checked.warnings:
            console.print(_line(f), markup=False)
    if pdf:
        console.print(f"Skrev {to_pdf(path)}", markup=False)


def register(app: typer.Typer) -> None:
    app.command("report")(report)

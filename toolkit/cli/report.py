"""`finsam report`: check a workbook and write its Word report (and PDF); refuse faulty workbooks."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

from ..errors import FinsamError

if TYPE_CHECKING:
    from ..checks import FileCheck
    from ..findings import Finding

from .app import FOUND_ERRORS, OK, console, err_console, fail, friendly


def _line(f: Finding) -> str:
    return f"  {f.place + ': ' if f.place else ''}{f.message}"


class _Refused(Exception):
    """A workbook with errors got no report; what is wrong has been printed."""


def _checked(path: Path, draft: bool, batch: bool = False) -> FileCheck:
    """The checked workbook; unusable raises FinsamError, errors raise _Refused unless a draft is asked for."""
    from ..checks import check_workbook

    checked = check_workbook(path)
    if checked.report is None:
        raise FinsamError(checked.findings[0].message if checked.findings else "Arbetsboken går inte att läsa.",
                          file=str(path))
    if checked.errors and not draft:
        errors = checked.errors
        if batch:  # one line per workbook: the count and the first error
            err_console.print(f"{path}: {len(errors)} fel, så ingen rapport skapades. Första:{_line(errors[0])[1:]}",
                              markup=False)
        else:
            err_console.print(f"{path}: {len(errors)} fel, så ingen rapport skapades:", markup=False)
            for f in errors:
                err_console.print(_line(f), markup=False)
        raise _Refused()
    return checked


def _write_one(workbook: Path, out: Optional[Path], mall: Optional[Path], jamfor: Optional[Path], utkast: bool,
               skriv_over: bool, batch: bool) -> Path:
    """Check one workbook and write its report: to `out` (a .docx), into `out` (a folder) or beside it."""
    from ..report import create_report
    from ..report.render import default_output
    from ..safe_output import check_output, made_by_toolkit
    from ..swedish import count

    checked = _checked(workbook, utkast, batch)
    previous = _checked(jamfor, utkast).report if jamfor else None
    assert checked.report is not None
    # The stamp says the workbook has errors, so only a workbook with errors gives a draft.
    draft = utkast and bool(checked.errors)
    into_folder = out is not None and not out.suffix
    source = out / workbook.name if into_folder and out else workbook
    target = out if out is not None and not into_folder else default_output(checked.report, source, draft)
    check_output(target, [workbook, mall, jamfor], skriv_over or made_by_toolkit(target))
    path = create_report(checked.report, target, findings=checked.findings if draft else None, draft=draft,
                         template=mall, previous=previous, source=source)
    console.print(f"Skrev {path}" + ("  (utkast: arbetsboken har fel)" if draft else ""), markup=False)
    if utkast and not draft and not batch:
        console.print("Arbetsboken har inga fel, så rapporten blev inget utkast utan är klar att skicka.", markup=False)
    if checked.warnings and not draft:
        console.print(f"{count(len(checked.warnings), 'varning', 'varningar')} att titta på"
                      + (f" i {workbook.name}" if batch else "") + ":", markup=False)
        for f in checked.warnings:
            console.print(_line(f), markup=False)
    return path


@friendly
def report(
    paths: List[Path] = typer.Argument(..., metavar="ARBETSBOK",
                                       help="Arbetsböcker (.xlsx) eller mappar; en rapport skapas för varje arbetsbok."),
    out: Optional[Path] = typer.Option(None, "--output", "-o", metavar="UT.docx|MAPP",
                                       help="Word-filen som skrivs (en arbetsbok) eller mappen där rapporterna "
                                            "skrivs (annars ett namn från insats och period, bredvid arbetsboken)."),
    mall: Optional[Path] = typer.Option(None, "--mall", metavar="MALL.docx", help="Egen Word-mall (.docx) i stället för verktygets."),
    pdf: bool = typer.Option(False, "--pdf", help="Gör också en PDF av varje rapport (kräver LibreOffice)."),
    jamfor: Optional[Path] = typer.Option(None, "--jamfor", metavar="FÖRRA.xlsx",
                                          help="Arbetsboken för samma period föregående år, att jämföra med."),
    utkast: bool = typer.Option(False, "--utkast",
                                help="Skapa ett utkast trots fel; varje sida märks ”UTKAST – innehåller fel” och felen listas."),
    skriv_over: bool = typer.Option(False, "--skriv-over",
                                    help="Ersätt en befintlig Word-fil som inte är en orörd rapport från verktyget."),
) -> None:
    """Skapa Word-rapporten för arbetsböcker (vägrar för en arbetsbok med fel, utom med --utkast)."""
    from ..discover import find_workbooks

    if out is not None and out.suffix and out.suffix.lower() != ".docx":
        fail(f"Rapporten måste sluta på .docx, inte ”{out.suffix}”. Använd --pdf för en PDF.")
    workbooks = find_workbooks(paths)
    if not workbooks:
        fail("Inga arbetsböcker (.xlsx) hittades i " + ", ".join(str(p) for p in paths) + ".")
    batch = len(workbooks) > 1
    if batch and out is not None and out.suffix:
        fail(f"Med {len(workbooks)} arbetsböcker anger --output en mapp, inte filen {out}.")
    if batch and jamfor is not None:
        fail(f"--jamfor fungerar med en arbetsbok i taget, men {len(workbooks)} hittades.")
    written: list[Path] = []
    refused = 0
    if pdf:  # LibreOffice starts now and gets ready while the reports are written
        from ..report.pdf import Office, to_pdf_beside
    with Office(len(workbooks)) if pdf else nullcontext() as office:
        for workbook in workbooks:
            try:
                written.append(_write_one(workbook, out, mall, jamfor, utkast, skriv_over, batch))
            except _Refused:
                refused += 1
            except FinsamError as exc:
                if not batch:
                    raise
                err_console.print(f"Fel: {exc}", markup=False)
                refused += 1
        if refused:
            err_console.print("Rätta felen i arbetsböckerna, eller skapa utkast med --utkast." if batch else
                              "Rätta felen i arbetsboken, eller skapa ett utkast med --utkast.", markup=False)
        if pdf and written:
            for path in to_pdf_beside(written, office):
                console.print(f"Skrev {path}", markup=False)
    if batch:
        console.print(f"{len(written)} av {len(workbooks)} arbetsböcker fick en rapport"
                      + (f", {refused} fick ingen." if refused else "."), markup=False)
    raise typer.Exit(FOUND_ERRORS if refused else OK)


def register(app: typer.Typer) -> None:
    app.command("report")(report)

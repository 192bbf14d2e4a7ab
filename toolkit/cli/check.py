"""`finsam check`: check workbooks in files and folders, print the findings, exit 0, 1 or 2."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

if TYPE_CHECKING:
    from ..findings import CheckReport

from .app import FOUND_ERRORS, OK, console, err_console, fail, friendly
from .progress import progress_bar, shown


@friendly
def check(
    paths: List[Path] = typer.Argument(..., metavar="SÖKVÄG", help="Arbetsböcker och mappar (söks igenom med undermappar)."),
    as_json: bool = typer.Option(False, "--json", help="Skriv resultatet som JSON (för program)."),
    only_errors: bool = typer.Option(False, "--only-errors", help="Visa bara fel, inte varningar."),
    annotate: Optional[Path] = typer.Option(
        None, "--annotate", metavar="UT.xlsx",
        help="Skriv en kopia av arbetsboken med bladet Kontroll ifyllt och felen markerade (en arbetsbok)."),
    skriv_over: bool = typer.Option(False, "--skriv-over",
                                    help="Med --annotate: ersätt en befintlig fil som inte är en orörd kopia från verktyget."),
    workers: Optional[int] = typer.Option(None, "--workers", metavar="ANTAL",
                                          help="Antal processer (standard: alla kärnor när mappen är stor)."),
) -> None:
    """Kontrollera arbetsböcker: summor, perioder, mål, ekonomi och felaktiga celler."""
    from ..checks.render import render_table, summary_line
    from ..discover import find_workbooks
    from ..findings import FEL, CheckReport

    workbooks = find_workbooks(paths)
    if not workbooks:
        fail("Inga arbetsböcker (.xlsx) hittades i " + ", ".join(str(p) for p in paths) + ".")
    if annotate is not None:
        if len(workbooks) != 1:
            fail(f"--annotate fungerar med en arbetsbok i taget, men {len(workbooks)} hittades.")
        from ..safe_output import check_output, made_by_toolkit, same_file

        if same_file(annotate, workbooks[0]):
            fail("--annotate måste ange en ny fil; originalet ändras aldrig.")
        check_output(annotate, workbooks, skriv_over or made_by_toolkit(annotate))
        report = _annotate(workbooks[0], annotate)
    else:
        if workers is not None and workers < 1:
            fail("--workers behöver ett tal från 1 och uppåt.")
        report = _check(workbooks, quiet=as_json, workers=workers)
    listed = CheckReport([f for f in report.findings if f.severity == FEL], report.files) if only_errors else report
    if as_json:
        typer.echo(listed.to_json())
    else:
        if listed.findings:  # a clean check is the summary line alone: a plain line, printed without rich
            console.print(render_table(listed))
        console.print(summary_line(report), markup=False)
    raise typer.Exit(OK if report.valid else FOUND_ERRORS)


def _check(workbooks: list[Path], quiet: bool, workers: int | None = None) -> CheckReport:
    """Check with a progress display on an interactive terminal, none in pipes, tests or with --json."""
    from ..checks import check_paths

    with progress_bar(len(workbooks) > 1 and shown(quiet)) as bar:
        return check_paths(workbooks, progress=bar.files("Kontrollerar", len(workbooks)) if bar else None,
                           workers=workers)


def _annotate(workbook: Path, out: Path) -> CheckReport:
    """Check one workbook and write its annotated copy (not when the file cannot be opened at all)."""
    from ..checks import check_workbook
    from ..checks.annotate import annotate_workbook
    from ..findings import CheckReport

    item = check_workbook(workbook)
    if item.report is None:
        err_console.print(f"Ingen kopia skrevs: {workbook.name} kan inte öppnas som arbetsbok.", markup=False)
    else:
        annotate_workbook(workbook, item.findings, out)
        count = len(item.findings)
        noun = "anmärkning" if count == 1 else "anmärkningar"
        err_console.print(f"Skrev {out} med {count} {noun} i bladet Kontroll.", markup=False)
    return CheckReport(item.findings, [str(workbook)])


def register(app: typer.Typer) -> None:
    app.command("check")(check)

"""`finsam export`: write a workbook's content as a YAML or JSON data file."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..errors import FinsamError
from .app import console, err_console, friendly


class Format(str, Enum):
    json = "json"
    yaml = "yaml"


@friendly
def export(
    workbook: Path = typer.Argument(..., metavar="ARBETSBOK", help="Arbetsboken att läsa."),
    format: Format = typer.Option(Format.yaml, "--format", "-f", metavar="json|yaml", help="Filformat: json eller yaml."),
    out: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FIL", help="Fil att skriva till (annars skärmen)."),
    skriv_over: bool = typer.Option(False, "--skriv-over", help="Ersätt en befintlig fil med samma namn."),
) -> None:
    """Skriv ut arbetsbokens innehåll som datafil (YAML eller JSON)."""
    from ..datafile import dump_data
    from ..reader import read_workbook
    from ..safe_output import check_output

    if out:
        check_output(out, [workbook], skriv_over)
    result = read_workbook(workbook)
    if result.report is None:
        raise FinsamError(result.findings[0].message, file=str(workbook))
    emit(dump_data(result.report, format.value), result.findings, out)


def emit(text: str, unreadable: list, out: Optional[Path]) -> None:
    """Write a data file (or print it), after naming on stderr the cells it leaves empty."""
    from ..textio import write_text_atomic

    for problem in unreadable:  # such cells are left out of the data file: say so, on stderr
        err_console.print(f"Varning: {problem.place} lämnas tom i datafilen: {problem.message}", markup=False)
    if out:
        write_text_atomic(out, text)
        console.print(f"Skrev {out}", markup=False)
    else:
        typer.echo(text, nl=False)


def register(app: typer.Typer) -> None:
    app.command("export")(export)

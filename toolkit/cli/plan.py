"""`finsam plan new|export|rapport|utskick`: the förbund's verksamhetsplan och budget."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..errors import FinsamError
from ..plan.datafile import dump_plan, load_plan_data
from ..plan.reader import read_plan
from ..plan.workbook import write_plan_workbook
from ..textio import write_text_atomic
from .app import console, err_console, fail, friendly
from .export import Format

plan_app = typer.Typer(help="Förbundets verksamhetsplan och budget: planen, utskicket och dokumentet för styrelsen.",
                       no_args_is_help=True, rich_markup_mode=None)


@plan_app.command("new")
@friendly
def new(
    out: Path = typer.Argument(..., metavar="PLAN.xlsx", help="Planens arbetsbok som skapas (.xlsx)."),
    data: Optional[Path] = typer.Option(None, "--data", metavar="DATAFIL", help="Datafil (.yaml eller .json) att fylla i från."),
    skriv_over: bool = typer.Option(False, "--skriv-over", help="Ersätt en befintlig arbetsbok med samma namn."),
) -> None:
    """Skapa förbundets plan (verksamhetsplan och budget) som arbetsbok, tom eller från en datafil."""
    if out.suffix.lower() != ".xlsx":
        fail(f"Planen måste sluta på .xlsx, inte ”{out.suffix or out.name}”.")
    if out.exists() and not skriv_over:
        fail(f"{out} finns redan. Välj ett annat namn, eller ange --skriv-over för att ersätta den.")
    plan = load_plan_data(data) if data else None
    console.print(f"Skapade {write_plan_workbook(out, plan)}", markup=False)


@plan_app.command("export")
@friendly
def export(
    workbook: Path = typer.Argument(..., metavar="PLAN.xlsx", help="Planens arbetsbok att läsa."),
    format: Format = typer.Option(Format.yaml, "--format", "-f", metavar="json|yaml", help="Utformat: json eller yaml."),
    out: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FIL", help="Fil att skriva till (annars skärmen)."),
) -> None:
    """Skriv ut planens innehåll som datafil (YAML eller JSON)."""
    result = read_plan(workbook)
    if result.plan is None:
        raise FinsamError(result.findings[0].message, file=str(workbook))
    for problem in result.findings:  # such cells are left out of the data file: say so, on stderr
        err_console.print(f"Varning: {problem.place} lämnas tom i datafilen: {problem.message}", markup=False)
    text = dump_plan(result.plan, format.value)
    if out:
        write_text_atomic(out, text)
        console.print(f"Skrev {out}", markup=False)
    else:
        typer.echo(text, nl=False)


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")

"""`finsam plan new|export|rapport|utskick`: the förbund's verksamhetsplan och budget."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from ..errors import FinsamError

if TYPE_CHECKING:
    from ..plan.model import Plan

from .app import FOUND_ERRORS, console, fail, friendly
from .export import Format, emit

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
    from ..plan.datafile import load_plan_data
    from ..plan.workbook import write_plan_workbook
    from ..safe_output import check_output

    if out.suffix.lower() != ".xlsx":
        fail(f"Planen måste sluta på .xlsx, inte ”{out.suffix or out.name}”.")
    check_output(out, [data], overwrite=True)  # never over its own data file, whatever --skriv-over says
    if out.exists() and not skriv_over:
        fail(f"{out} finns redan. Välj ett annat namn, eller ange --skriv-over för att ersätta den.")
    plan = load_plan_data(data) if data else None
    console.print(f"Skapade {write_plan_workbook(out, plan)}", markup=False)


@plan_app.command("export")
@friendly
def export(
    workbook: Path = typer.Argument(..., metavar="PLAN.xlsx", help="Planens arbetsbok att läsa."),
    format: Format = typer.Option(Format.yaml, "--format", "-f", metavar="json|yaml", help="Filformat: json eller yaml."),
    out: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FIL", help="Fil att skriva till (annars skärmen)."),
    skriv_over: bool = typer.Option(False, "--skriv-over", help="Ersätt en befintlig fil med samma namn."),
) -> None:
    """Skriv ut planens innehåll som datafil (YAML eller JSON)."""
    from ..plan.datafile import dump_plan
    from ..plan.reader import read_plan
    from ..safe_output import check_output

    if out:
        check_output(out, [workbook], skriv_over)
    result = read_plan(workbook)
    if result.plan is None:
        raise FinsamError(result.findings[0].message, file=str(workbook))
    emit(dump_plan(result.plan, format.value), result.findings, out)


@plan_app.command("rapport")
@friendly
def rapport(
    plan_path: Path = typer.Argument(..., metavar="PLAN.xlsx", help="Planens arbetsbok (eller datafil)."),
    out: Optional[Path] = typer.Option(None, "--output", "-o", metavar="UT.docx",
                                       help="Word-filen (standard: ”Verksamhetsplan och budget ÅR.docx” bredvid planen)."),
    pdf: bool = typer.Option(False, "--pdf", help="Gör också en PDF (kräver LibreOffice)."),
    skriv_over: bool = typer.Option(False, "--skriv-over",
                                    help="Ersätt en befintlig Word-fil som inte är ett orört dokument från verktyget."),
) -> None:
    """Skriv förbundets verksamhetsplan och budget som Word-dokument för styrelsen."""
    from ..plan.document import title, write_plan_document
    from ..report.pdf import to_pdf
    from ..safe_output import check_output, made_by_toolkit

    plan = _checked_plan(plan_path)
    out = out or plan_path.with_name(f"{title(plan)}.docx")
    if out.suffix.lower() != ".docx":
        fail(f"Dokumentet måste sluta på .docx, inte ”{out.suffix or out.name}”. Använd --pdf för en PDF.")
    check_output(out, [plan_path], skriv_over or made_by_toolkit(out))
    path = write_plan_document(plan, out)
    console.print(f"Skrev {path}", markup=False)
    if pdf:
        console.print(f"Skrev {to_pdf(path)}", markup=False)


@plan_app.command("utskick")
@friendly
def utskick(
    plan_path: Path = typer.Argument(..., metavar="PLAN.xlsx", help="Planens arbetsbok (eller datafil)."),
    period: str = typer.Option(..., "--period", metavar="PERIOD", help="Perioden som rapporteras, t.ex. 2025-Q2."),
    out: Path = typer.Option(..., "--output", "-o", metavar="MAPP", help="Mappen där arbetsböckerna skrivs."),
    makro: bool = typer.Option(False, "--makro", help="Skriv .xlsm med knapparna för Excel i stället för .xlsx."),
    skriv_over: bool = typer.Option(False, "--skriv-over", help="Ersätt arbetsböcker som redan finns i mappen."),
) -> None:
    """Skapa en ifylld arbetsbok för varje insats i planen som rapporterar för perioden."""
    from ..periods import Period
    from ..plan.utskick import send_out

    asked = Period.parse(period)
    plan = _checked_plan(plan_path)
    written = send_out(plan, asked, out, macros=makro, replace=skriv_over)
    for path in written:
        console.print(f"Skrev {path}", markup=False)
    others = len([i for i in plan.insatser if i.namn]) - len(written)
    rest = f" {others} insatser i planen rapporterar inte för {asked.code}." if others else ""
    noun = "arbetsbok" if len(written) == 1 else "arbetsböcker"
    console.print(f"{len(written)} {noun} för {asked.code} i {out}.{rest}", markup=False)


def _checked_plan(path: Path) -> Plan:
    """The plan of a workbook or data file; its errors are printed and end the command with exit code 1."""
    from ..checks.render import render_table
    from ..findings import FEL, CheckReport
    from ..plan.checks import check_plan
    from ..plan.datafile import load_plan_data
    from ..plan.reader import read_plan

    if path.suffix.lower() in (".yaml", ".yml", ".json"):
        plan, findings = load_plan_data(path), []
    else:
        result = read_plan(path)
        if result.plan is None:
            raise FinsamError(result.findings[0].message, file=str(path))
        plan, findings = result.plan, result.findings
    errors = CheckReport([f for f in [*findings, *check_plan(plan, str(path))] if f.severity == FEL], [str(path)])
    if errors.findings:
        console.print(render_table(errors))
        console.print(f"Planen har {len(errors.findings)} fel. Rätta dem och försök igen.", markup=False)
        raise typer.Exit(FOUND_ERRORS)
    return plan


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")

"""`finsam demo`: write the demo förbund and run every step that exists on it."""

from __future__ import annotations

from pathlib import Path

import typer

from .app import console, fail, friendly


@friendly
def demo(
    directory: Path = typer.Argument(Path("finsam-demo"), metavar="MAPP", help="Mappen där demon skrivs."),
    skriv_over: bool = typer.Option(False, "--skriv-over", help="Ersätt arbetsböcker som redan finns i mappen."),
) -> None:
    """Skapa ett påhittat samordningsförbund med sex insatser och kör alla steg på det."""
    from ..checks import check_paths
    from ..checks.render import render_table, summary_line
    from ..demo import demo_paths, make_demo
    from ..report.batch import write_reports

    existing = [p for p in demo_paths(directory) if p.exists() or p.is_symlink()]
    if existing and not skriv_over:
        fail(f"{directory} har redan {len(existing)} av demons arbetsböcker (till exempel {existing[0].name}). "
             "Välj en ny mapp, eller ange --skriv-over för att ersätta dem.")
    result = make_demo(directory)
    console.print(f"Skapade {len(result.workbooks)} arbetsböcker i {result.directory}:")
    for path in result.workbooks:
        fault = result.faults.get(path.name)
        console.print(f"  {path.name}" + (f"  (avsiktligt fel: {fault})" if fault else ""), markup=False)
    checked = check_paths([result.directory])
    console.print("\nKontroll av arbetsböckerna (finsam check):")
    console.print(render_table(checked))
    console.print(summary_line(checked), markup=False)
    reports = write_reports(result.workbooks, result.directory / "rapporter")
    console.print(f"\nRapporter (finsam report) i {result.directory / 'rapporter'}:", markup=False)
    for written in reports:
        console.print(f"  {written.path.name}" + ("  (utkast: arbetsboken har fel)" if written.draft else ""),
                      markup=False)
    _consolidate_step(result.directory, result.workbooks)
    _excel_step(result.directory, result.workbooks)


def _excel_step(directory: Path, workbooks: list[Path]) -> None:
    """A macro-enabled copy of one workbook, with the Excel buttons, beside the demo folder (so the
    folder still holds each insats and period once)."""
    from ..demo import YEAR
    from ..reader import read_workbook
    from ..xlsm import write_xlsm

    source = next(p for p in workbooks if p.name == f"aktivitetscenter_{YEAR}-Q4.xlsx")
    out = write_xlsm(directory.parent / f"{directory.name}-excel" / source.with_suffix(".xlsm").name,
                     read_workbook(source).report)
    console.print(f"\nArbetsbok med knapparna Kontrollera, Skapa rapport och Skapa utkast för Excel: {out}",
                  markup=False)


def _consolidate_step(directory: Path, workbooks: list[Path]) -> None:
    """The last step: the förbund's consolidation for the demo year, beside (not inside) the demo folder."""
    from ..consolidate import consolidate, write_outputs
    from ..demo import YEAR
    from .consolidate import plan_lines
    from .consolidate import summary_line as consolidate_summary

    plan, plan_path = _plan_step(directory)
    out = directory.parent / f"{directory.name}-sammanstallning"
    selection = consolidate(workbooks, year=YEAR, plan=plan)
    written = write_outputs(selection, out, ("xlsx", "docx", "csv"))
    console.print(f"\nSammanställning för år {YEAR} mot planen (finsam consolidate {directory} --ar {YEAR} "
                  f"--plan {plan_path} -o {out}):", markup=False)
    for line in plan_lines(selection):
        console.print(line, markup=False)
    console.print(consolidate_summary(selection), markup=False)
    for path in written:
        console.print(f"  {path}", markup=False)


def _plan_step(directory: Path) -> tuple:
    """The förbund's plan for the demo year and its document for the board, beside the demo folder."""
    from ..demo import YEAR
    from ..plan.demo import demo_plan
    from ..plan.document import write_plan_document
    from ..plan.workbook import write_plan_workbook

    plan = demo_plan()
    folder = directory.parent / f"{directory.name}-plan"
    folder.mkdir(parents=True, exist_ok=True)
    path = write_plan_workbook(folder / f"forbundsplan_{YEAR}.xlsx", plan)
    document = write_plan_document(plan, folder / f"Verksamhetsplan och budget {YEAR}.docx")
    console.print(f"\nFörbundets plan (finsam plan new, finsam plan rapport): {path}, {document}", markup=False)
    return plan, path


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)

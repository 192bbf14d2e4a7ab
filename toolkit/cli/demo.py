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
    """Skapa ett påhittat samordningsförbund och kör alla steg på det: planen, utskicket, sex insatsers
    ifyllda arbetsböcker (en rapport saknas), kontroll, rapporter och sammanställning."""
    from ..checks import check_paths
    from ..checks.render import render_table, summary_line
    from ..demo import demo_paths, make_demo
    from ..report.batch import write_reports

    existing = [p for p in demo_paths(directory) if p.exists() or p.is_symlink()]
    if existing and not skriv_over:
        fail(f"{directory} har redan {len(existing)} av demons arbetsböcker (till exempel {existing[0].name}). "
             "Välj en ny mapp, eller ange --skriv-over för att ersätta dem.")
    result = make_demo(directory)
    _plan_step(result.plan, result.plan_path)
    _send_out_step(result)
    checked = check_paths([result.directory])
    console.print("\nKontroll av arbetsböckerna (finsam check):")
    console.print(render_table(checked))
    console.print(summary_line(checked), markup=False)
    reports = write_reports(result.workbooks, result.directory / "rapporter")
    console.print(f"\nRapporter (finsam report) i {result.directory / 'rapporter'}:", markup=False)
    for written in reports:
        console.print(f"  {written.path.name}" + ("  (utkast: arbetsboken har fel)" if written.draft else ""),
                      markup=False)
    _consolidate_step(result.directory, result.workbooks, result.plan, result.plan_path)
    _excel_step(result.directory, result.workbooks)


def _send_out_step(result) -> None:
    """The send-out from the plan, period by period; the workbooks the insatser filled in and returned (the
    deliberate faults named); the one never returned."""
    console.print(f"\nUtskick från planen (finsam plan utskick {result.plan_path} --period PERIOD -o "
                  f"{result.directory}): en arbetsbok per insats och period, förifylld med insats, huvudman, "
                  "målgrupp, kontakt, aktiviteter, inriktning, ESF och budget.", markup=False)
    for period, paths in result.sent.items():
        when = period.code if period.kind != "slut" else (
            f"slutrapport {period.label} (förifylld ur planen på samma sätt; plan utskick gör bara periodrapporter)")
        console.print(f"  {when}: {', '.join(p.name for p in paths)}", markup=False)
    console.print(f"\nInsatserna fyllde i och lämnade tillbaka {len(result.workbooks)} arbetsböcker:", markup=False)
    for path in result.workbooks:
        fault = result.faults.get(path.name)
        console.print(f"  {path.name}" + (f"  (avsiktligt fel: {fault})" if fault else ""), markup=False)
    if result.not_returned is not None and result.not_returned_by is not None:
        console.print(f"{result.not_returned_by.namn} lämnade aldrig tillbaka {result.not_returned.name}: "
                      "sammanställningen mot planen visar rapporten som saknad, med kontakten att fråga.",
                      markup=False)


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


def _consolidate_step(directory: Path, workbooks: list[Path], plan, plan_path: Path) -> None:
    """The förbund's consolidation for the demo year against its plan, beside (not inside) the demo folder."""
    from ..consolidate import consolidate, write_outputs
    from ..demo import YEAR
    from .consolidate import plan_lines
    from .consolidate import summary_line as consolidate_summary

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


def _plan_step(plan, plan_path: Path) -> None:
    """The förbund's plan for the demo year (written by the demo) and its document for the board beside it."""
    from ..demo import YEAR
    from ..plan.document import write_plan_document

    document = write_plan_document(plan, plan_path.parent / f"Verksamhetsplan och budget {YEAR}.docx")
    console.print(f"\nFörbundets plan för {YEAR} (finsam plan new): {plan_path}", markup=False)
    console.print(f"Verksamhetsplan och budget för styrelsen (finsam plan rapport): {document}", markup=False)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)

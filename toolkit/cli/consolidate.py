"""`finsam consolidate`: a folder of workbooks in, the förbund's consolidated figures out."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, List, Optional

import typer

if TYPE_CHECKING:
    from ..consolidate import Selection

from .app import FOUND_ERRORS, OK, console, fail, friendly
from .progress import progress_bar, shown


def summary_line(sel: Selection) -> str:
    """"Läste 15 filer för år 2025: 11 räknades in (5 insatser), 4 lämnades utanför (3 har fel, 1 slutrapport
    för längre tid). 3 fel, 5 varningar." The errors and warnings are those of the period's files."""
    from ..consolidate.select import REASON_COUNTED
    from ..swedish import count, number

    reasons = Counter(REASON_COUNTED.get(o.reason, (o.reason.lower(),) * 2) for o in sel.left_out)
    why = ", ".join(count(n, *forms) for forms, n in sorted(reasons.items()))
    left = f", {number(len(sel.left_out))} lämnades utanför ({why})" if sel.left_out else ", ingen lämnades utanför"
    missing = "" if sel.plan is None else f" {number(len(sel.plan.missing))} saknas enligt planen."
    return (f"Läste {count(len(sel.files), 'fil', 'filer')} för {sel.label}: {number(sel.counted_files)} räknades "
            f"in ({count(len(sel.insatser), 'insats', 'insatser')}){left}. {number(len(sel.errors))} fel, "
            f"{count(len(sel.warnings), 'varning', 'varningar')}.{missing}")


def plan_lines(sel: Selection) -> list[str]:
    """The reports missing according to the plan, with whom to ask, and the insatser not in the plan."""
    if sel.plan is None:
        return []
    lines = [f"  Saknas: {m.insats.namn} {m.period.code}" + (f" ({m.insats.huvudman})" if m.insats.huvudman else "")
             + f", kontakt: {m.insats.kontakt or 'saknas i planen'}. {m.reason}." for m in sel.plan.missing]
    lines += [f"  Inte i planen: {item.report.insats} ({', '.join(p.path.name for p in item.parts)})."
              for item in sel.plan.not_in_plan]
    return lines


def _plan(path: Path) -> Any:
    """The förbund's plan (workbook or data file); a plan with errors is unusable input."""
    from ..plan import check_plan_workbook, load_plan
    from ..plan.checks import check_plan

    plan = load_plan(path)
    found = check_plan(plan) if path.suffix.lower() in (".yaml", ".yml", ".json") else check_plan_workbook(path)
    errors = [f for f in found if f.severity == "fel"]
    if errors:
        fail(f"Planen {path} har {len(errors)} fel. Kör finsam check {path} och rätta dem först.")
    return plan



#: Files shown per reason in the terminal; the outputs list them all.
SHOWN_PER_REASON = 10


def left_out_lines(sel: Selection, width: int) -> list[str]:
    """The files left out, grouped by reason with their count, each with what is wrong in a few words (its
    first finding), wrapped at word boundaries to `width`."""
    import textwrap

    from ..consolidate.select import HAR_FEL, HAR_VARNINGAR
    from ..findings import FEL
    from ..swedish import count

    first: dict[str, str] = {}
    for f in sorted([*sel.findings, *sel.listed_findings], key=lambda f: f.severity != FEL):
        if f.file and f.file not in first:
            first[f.file] = f"{f.place}: {f.message}" if f.place else f.message
    groups: dict[str, list[str]] = {}
    for item in sel.left_out:
        what = first.get(str(item.path)) if item.reason in (HAR_FEL, HAR_VARNINGAR) else None
        groups.setdefault(item.reason, []).append(f"{item.path.name}: {what or item.detail}")
    lines = [f"Lämnades utanför ({count(len(sel.left_out), 'fil', 'filer')}):"]
    for reason, items in groups.items():
        lines.append(f"  {reason} ({count(len(items), 'fil', 'filer')}):")
        for text in items[:SHOWN_PER_REASON]:
            lines += textwrap.wrap(text, width, initial_indent="    ", subsequent_indent="      ",
                                   break_long_words=False, break_on_hyphens=False)
        if len(items) > SHOWN_PER_REASON:
            lines.append(f"    … och {count(len(items) - SHOWN_PER_REASON, 'fil', 'filer')} till; alla står i "
                         "bladet Ej medräknade.")
    return lines


@friendly
def consolidate_command(
    paths: List[Path] = typer.Argument(..., metavar="SÖKVÄG", help="Arbetsböcker och mappar (söks igenom med undermappar)."),
    period: Optional[str] = typer.Option(None, "--period", metavar="PERIOD", help="Perioden som sammanställs, t.ex. 2022-Q4."),
    ar: Optional[int] = typer.Option(None, "--ar", metavar="ÅR", help="Sammanställ alla perioder under ett år, t.ex. 2022."),
    out: Path = typer.Option(Path("."), "--output", "-o", metavar="MAPP", help="Mappen där sammanställningen skrivs."),
    formats: str = typer.Option("xlsx,docx", "--format", metavar="FORMAT", help="Vilka filer som skrivs, kommaseparerade: xlsx,docx,csv,parquet."),
    maskera: Optional[int] = typer.Option(None, "--maskera", metavar="N",
                                          help="Dölj små antal (under N, minst 3) som ”<N” i allt som publiceras; summor visas då som intervall."),
    workers: Optional[int] = typer.Option(None, "--workers", metavar="ANTAL",
                                          help="Antal processer (standard: alla kärnor)."),
    strikt: bool = typer.Option(False, "--strikt", help="Varningar räknas som fel: filen räknas inte in och "
                                                        "slutkoden blir 1."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Ingen förloppsindikator och ingen fillista."),
    inkludera_fel: bool = typer.Option(False, "--inkludera-fel", help="Räkna in filer med fel också."),
    plan_path: Optional[Path] = typer.Option(None, "--plan", metavar="PLAN.xlsx",
                                             help="Förbundets plan: saknade rapporter listas, insatserna i planens ordning."),
) -> None:
    """Sammanställ förbundets arbetsböcker: Excel, Word, CSV och Parquet med siffror, mål och fel."""
    from ..consolidate import Masker, consolidate, output_paths, parse_formats, write_outputs
    from ..errors import FinsamError
    from ..periods import Period

    if period and ar is not None:
        fail("Ange antingen --period eller --ar, inte båda.")
    if workers is not None and workers < 1:
        fail("--workers behöver ett tal från 1 och uppåt.")
    chosen = parse_formats(formats)
    masker = Masker(maskera)
    asked = Period.parse(period) if period else None
    if ar is not None:
        try:
            Period.parse(str(ar))  # the same year check as for periods
        except FinsamError:
            fail(f"Ogiltigt år ”{ar}” för --ar. Ange året med fyra siffror, t.ex. 2025.")
    plan = _plan(plan_path) if plan_path else None
    with progress_bar(shown(quiet)) as bar:
        advance: list[Callable[[Any], None]] = []
        sel = consolidate(paths, asked, ar, inkludera_fel, strikt, workers, exclude=output_paths(out, chosen),
                          progress=(lambda path: advance[0](path)) if bar else None,
                          on_found=(lambda n: advance.append(bar.files("Läser och kontrollerar", n))) if bar else None,
                          plan=plan)
        written = write_outputs(sel, out, chosen, masker,
                                on_write=(lambda name: bar.phase(f"Skriver {name}")) if bar else None)
    if not quiet:
        if sel.left_out:
            for line in left_out_lines(sel, console.width):
                console.print(line, markup=False)
        for path in written:
            console.print(f"Skrev {path}", markup=False)
    for line in plan_lines(sel):
        console.print(line, markup=False)
    console.print(summary_line(sel), markup=False)
    raise typer.Exit(FOUND_ERRORS if sel.failed else OK)


def register(app: typer.Typer) -> None:
    app.command("consolidate")(consolidate_command)

"""`finsam new`: create an insats workbook, empty, from a data file, or rolled forward from the last one."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .app import console, fail, friendly


@friendly
def new(
    out: Path = typer.Argument(..., metavar="ARBETSBOK", help="Arbetsboken som skapas: .xlsx, eller .xlsm med knapparna för Excel."),
    data: Optional[Path] = typer.Option(None, "--data", metavar="DATAFIL", help="Datafil (.yaml eller .json) att fylla i från."),
    from_: Optional[Path] = typer.Option(None, "--from", metavar="FÖRRA.xlsx", help="Förra periodens arbetsbok att utgå från."),
    period: Optional[str] = typer.Option(None, "--period", metavar="PERIOD", help="Ny period med --from, t.ex. 2023-Q1."),
    skriv_over: bool = typer.Option(False, "--skriv-over", help="Ersätt en befintlig arbetsbok med samma namn."),
) -> None:
    """Skapa en ny arbetsbok för en insats och period."""
    from ..datafile import load_data
    from ..periods import Period
    from ..safe_output import check_output
    from ..rollover import roll_forward_file
    from ..workbook import write_workbook
    from ..xlsm import read_settings, write_xlsm

    if data and from_:
        fail("Ange antingen --data eller --from, inte båda.")
    if bool(from_) != bool(period):
        fail("--from och --period används tillsammans: finsam new NY.xlsx --from FÖRRA.xlsx --period 2023-Q1.")
    if out.suffix.lower() not in (".xlsx", ".xlsm"):
        fail(f"Arbetsboken måste sluta på .xlsx eller .xlsm, inte ”{out.suffix or out.name}”.")
    if from_ and out.resolve() == from_.resolve():
        fail("Den nya arbetsboken kan inte ersätta förra periodens arbetsbok. Välj ett annat namn.")
    check_output(out, [data, from_], overwrite=True)  # never over an input, whatever --skriv-over says
    if out.exists() and not skriv_over:
        fail(f"{out} finns redan. Välj ett annat namn, eller ange --skriv-over för att ersätta den.")
    report = None
    if data:
        report = load_data(data)
    elif from_:
        report = roll_forward_file(from_, Period.parse(period or ""))
    if out.suffix.lower() == ".xlsm":  # settings a user made in last period's workbook are kept
        path = write_xlsm(out, report, settings=read_settings(from_) if from_ else None)
    else:
        path = write_workbook(out, report)
    console.print(f"Skapade {path}")


def register(app: typer.Typer) -> None:
    app.command("new")(new)

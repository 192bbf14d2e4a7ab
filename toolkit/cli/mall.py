"""`finsam mall kontrollera|exempel`: check an own Word template, write the variable reference."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .app import FOUND_ERRORS, console, friendly

mall_app = typer.Typer(help="Egna Word-mallar för rapporterna.", no_args_is_help=True, rich_markup_mode=None)


@mall_app.command("kontrollera")
@friendly
def kontrollera(template: Path = typer.Argument(..., metavar="MALL.docx", help="Word-mallen (.docx) att kontrollera.")) -> None:
    """Lista variabler som mallen använder men som verktyget inte har (slutkod 1 om några finns)."""
    from ..report.variables import check_template

    unknown = check_template(template)
    if not unknown:
        console.print(f"{template}: mallen använder bara variabler som verktyget har.", markup=False)
        return
    console.print(f"{template}: mallen använder {len(unknown)} variabler som verktyget inte har:", markup=False)
    for name in unknown:
        console.print(f"  {name}", markup=False)
    console.print("Se variabellistan med ”finsam mall exempel”.", markup=False)
    raise typer.Exit(FOUND_ERRORS)


@mall_app.command("exempel")
@friendly
def exempel(out: Optional[Path] = typer.Argument(None, metavar="FIL", help="Fil att skriva till (annars skärmen)."),
    skriv_over: bool = typer.Option(False, "--skriv-over", help="Ersätt en befintlig fil med samma namn."),
) -> None:
    """Skriv variabellistan för mallarna: varje variabel med beskrivning och exempel (Markdown)."""
    from ..report.variables import reference
    from ..safe_output import check_output
    from ..textio import write_text_atomic

    text = reference()
    if out:
        check_output(out, [], skriv_over)
        write_text_atomic(out, text)
        console.print(f"Skrev {out}", markup=False)
    else:
        typer.echo(text, nl=False)


def register(app: typer.Typer) -> None:
    app.add_typer(mall_app, name="mall")

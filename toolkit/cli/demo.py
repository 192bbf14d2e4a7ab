"""`finsam demo`: write the demo förbund and run every step that exists on it."""

from __future__ import annotations

from pathlib import Path

import typer

from ..demo import make_demo
from .app import console, friendly


@friendly
def demo(
    directory: Path = typer.Argument(Path("finsam-demo"), help="Mappen där demon skrivs."),
) -> None:
    """Skapa ett påhittat samordningsförbund med fem insatser och kör alla steg på det."""
    result = make_demo(directory)
    console.print(f"Skapade {len(result.workbooks)} arbetsböcker i {result.directory}:")
    for path in result.workbooks:
        fault = result.faults.get(path.name)
        console.print(f"  {path.name}" + (f"  (avsiktligt fel: {fault})" if fault else ""), markup=False)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)

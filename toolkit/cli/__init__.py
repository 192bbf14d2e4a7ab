"""The `finsam` command line: thin Typer commands over the library, one module per command."""

from __future__ import annotations

import sys

from . import check, consolidate, demo, export, mall, new, plan, report
from .app import app
from .swedish import run, use_swedish

__all__ = ["app", "main"]

new.register(app)
export.register(app)
demo.register(app)
check.register(app)
consolidate.register(app)
report.register(app)
mall.register(app)
plan.register(app)
use_swedish(app)


def main() -> None:
    """Console-script entry point."""
    run(app, prog_name="finsam")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

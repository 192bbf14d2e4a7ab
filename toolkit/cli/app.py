"""The Typer application and the helpers every command shares: Swedish errors and exit codes."""

from __future__ import annotations

import functools
from typing import Any, Callable, NoReturn

import typer
from rich.console import Console

from ..errors import FinsamError

#: Exit codes: 0 all good (warnings allowed), 1 errors found, 2 unusable input or usage.
OK, FOUND_ERRORS, USAGE = 0, 1, 2

app = typer.Typer(
    name="finsam",
    help="Uppföljning av insatser i samordningsförbund: arbetsböcker, kontroller, rapporter och sammanställningar.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = USAGE) -> NoReturn:
    """Print one Swedish line on stderr and exit with `code`."""
    err_console.print(f"Fel: {message}", markup=False)
    raise typer.Exit(code)


def friendly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn domain errors into one Swedish line and exit code 2, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except FinsamError as exc:
            fail(str(exc))
        except PermissionError as exc:
            fail(f"Åtkomst nekad till {exc.filename}. Är filen öppen i ett annat program?")
        except FileNotFoundError as exc:
            fail(f"Filen eller mappen {exc.filename} finns inte.")
        except OSError as exc:
            fail(f"Kunde inte läsa eller skriva {getattr(exc, 'filename', '') or ''}: {exc.strerror or exc}.")

    return wrapper

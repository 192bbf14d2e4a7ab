"""The Typer application and the helpers every command shares: Swedish errors and exit codes."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Callable, NoReturn

import typer

from .. import TEMPLATE_VERSION, __version__
from ..errors import FinsamError, os_reason

#: Exit codes: 0 all good (warnings allowed), 1 errors found, 2 unusable input or usage, 3 an internal
#: error of the toolkit (details written to a file), 130 interrupted (Ctrl+C).
OK, FOUND_ERRORS, USAGE, INTERNAL, INTERRUPTED = 0, 1, 2, 3, 130

app = typer.Typer(
    name="finsam",
    help="Uppföljning av insatser i samordningsförbund: arbetsböcker, kontroller, rapporter och sammanställningar.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},  # inherited by every command and group
)


class _LazyConsole:
    """A rich Console made on first use: importing rich costs about 40 ms, which `--help` and a clean
    `check` (one plain line) do not need to pay."""

    def __init__(self, **options: Any) -> None:
        self._options = options

    @functools.cached_property
    def _console(self) -> Any:
        from rich.console import Console

        return Console(**self._options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._console, name)

    def print(self, *objects: Any, markup: bool | None = None, **options: Any) -> None:
        """Print as rich does; plain text (`markup=False`, nothing else asked) while rich is not loaded yet
        is written as it is, as click writes it, without importing rich."""
        if markup is False and not options and "_console" not in self.__dict__ and all(isinstance(o, str) for o in objects):
            typer.echo(" ".join(objects), err=bool(self._options.get("stderr")))
            return
        self._console.print(*objects, markup=markup, **options)

    def __enter__(self) -> Any:  # rich's Live holds the console in `with` blocks; dunders bypass __getattr__
        return self._console.__enter__()

    def __exit__(self, *exc: Any) -> None:
        self._console.__exit__(*exc)


console = _LazyConsole(highlight=False, soft_wrap=True)
err_console = _LazyConsole(stderr=True, highlight=False, soft_wrap=True)


def _show_version(value: bool) -> None:
    if value:
        console.print(f"finsam-toolkit {__version__} (mallversion {TEMPLATE_VERSION})")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                       help="Visa versionen och avsluta.")) -> None:
    """Uppföljning av insatser i samordningsförbund: arbetsböcker, kontroller, rapporter och sammanställningar."""


def fail(message: str, code: int = USAGE) -> NoReturn:
    """Print one Swedish line on stderr and exit with `code`."""
    err_console.print(f"Fel: {message}", markup=False)
    raise typer.Exit(code)


def os_message(exc: OSError) -> str:
    """One Swedish line for an operating-system error, naming the file."""
    reason = os_reason(exc)
    name = exc.filename or ""
    if name and Path(str(name)).name.startswith(".~finsam-"):  # our temporary file: name the folder
        name = str(Path(str(name)).parent)
    return f"Kunde inte läsa eller skriva {name}: {reason}." if name else f"Kunde inte läsa eller skriva: {reason}."


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
            fail(os_message(exc))

    return wrapper

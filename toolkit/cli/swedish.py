"""Swedish help pages and usage errors for the CLI (Typer's vendored click writes English).

The help text of every command is already Swedish; this translates the frame around it ("Usage:",
"Options", "[required]" …) and turns click's usage errors into one Swedish line, exit code 2.
"""

from __future__ import annotations

import re
import signal
import sys
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from .app import INTERNAL, INTERRUPTED

#: Patterns as text, compiled (and cached by `re`) on first use: a command that runs well needs none.
_HELP = (
    (r"(?m)^Usage: ", "Användning: "),
    (r"(?m)^(\s*)Options:", r"\1Flaggor:"),
    (r"(?m)^(\s*)Arguments:", r"\1Argument:"),
    (r"(?m)^(\s*)Commands:", r"\1Kommandon:"),
    (r"\[OPTIONS\]", "[FLAGGOR]"),
    (r"COMMAND \[ARGS\]\.\.\.", "KOMMANDO [ARGUMENT]..."),
    (r"Show this message and exit\.", "Visa den här hjälpen och avsluta."),
    (r"\[required\]", "[krävs]"),
    (r"\[default: ", "[standard: "),
    (r"(?m)^(Användning: .*?)\{([^{}]+)\}", r"\1\2"),  # Typer's braces round arguments
)
_MESSAGES = (
    (r"^No such option: (\S+)(?: \(Possible options: (.+)\))?$", "Okänd flagga {0}.{1}"),
    (r"^No such command '(.+)'\.$", "Okänt kommando ”{0}”."),
    (r"^Missing command\.$", "Ange ett kommando."),
    (r"^Missing argument '?(.+?)'?\.?$", "Argumentet {0} saknas."),
    (r"^Missing option '?(.+?)'?\.?$", "Flaggan {0} saknas."),
    (r"^Missing parameter:? '?(.+?)'?\.?$", "{0} saknas."),
    (r"^Option '(.+)' requires an argument\.$", "Flaggan {0} behöver ett värde."),
    (r"^Option '(.+)' does not take a value\.$", "Flaggan {0} tar inget värde."),
    (r"^Got unexpected extra arguments? \((.+)\)$", "Oväntat argument: {0}."),
    (r"^Invalid value for (.+?): (.+)$", "Ogiltigt värde för {0}: {1}"),
)
#: The reasons inside "Invalid value for X: …".
_REASONS = (
    (r"^'(.*)' is not one of (.+?)\.?$", "”{0}” är inte ett av valen {1}."),
    (r"^'.*' is not a valid int(?:eger)?\.?$", "ange ett heltal."),
    (r"^(?:File|Path|Directory) '(.*)' does not exist\.?$", "”{0}” finns inte."),
)


def translate_help(text: str) -> str:
    """The help page with click's English frame in Swedish."""
    for pattern, swedish in _HELP:
        text = re.sub(pattern, swedish, text)
    return text


def translate_error(message: str) -> str:
    """A click usage error in Swedish (unknown messages are kept as they are)."""
    for pattern, template in _MESSAGES:
        match = re.match(pattern, message)
        if match:
            groups = [g or "" for g in match.groups()]
            if template.startswith("Okänd flagga") and groups[1]:
                groups[1] = f" Menade du {groups[1]}?"
            if template.startswith("Ogiltigt värde"):
                groups[0] = _unquoted(groups[0]).replace(" / ", "/")
                groups[1] = _reason(groups[1])
            return template.format(*groups)
    return message


def _unquoted(text: str) -> str:
    """'--format' / '-f' -> --format / -f; 'json', 'yaml' -> json, yaml."""
    return re.sub(r"'([^']*)'", r"\1", text)


def _reason(text: str) -> str:
    for pattern, template in _REASONS:
        match = re.match(pattern, text)
        if match:
            groups = list(match.groups())
            if len(groups) > 1:
                groups[1] = _unquoted(groups[1])
            return template.format(*groups)
    return text if text.endswith(".") else text + "."


class SwedishCommand(TyperCommand):
    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """Click's pieces, with "..." after an argument that takes several values (Typer before 0.29
        leaves it out when the argument has its own metavar: "SÖKVÄG" instead of "SÖKVÄG...")."""
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            more = param.get_usage_pieces(ctx)
            if more and param.nargs != 1 and not more[-1].endswith("..."):
                more = [*more[:-1], more[-1] + "..."]
            pieces += more
        return pieces

    def get_help(self, ctx: Any) -> str:
        return translate_help(super().get_help(ctx))

    def get_usage(self, ctx: Any) -> str:
        return translate_help(super().get_usage(ctx))


class SwedishGroup(TyperGroup):
    def get_help(self, ctx: Any) -> str:
        return translate_help(super().get_help(ctx))

    def get_usage(self, ctx: Any) -> str:
        return translate_help(super().get_usage(ctx))


def use_swedish(app: typer.Typer) -> None:
    """Give every command and sub-group of `app` the Swedish help frame."""
    app.info.cls = SwedishGroup
    for command in app.registered_commands:
        command.cls = SwedishCommand
    for group in app.registered_groups:
        if group.typer_instance is not None:
            use_swedish(group.typer_instance)


def run(app: typer.Typer, prog_name: str) -> None:
    """Run the app; click's usage errors become one Swedish line and exit code 2."""
    from typer.main import get_command
    from typer._click import exceptions as click_exceptions

    command = get_command(app)
    signal.signal(signal.SIGTERM, _terminated)  # end like Ctrl+C, so temporaries are removed on the way out
    # Errors in clean-up code at exit (a half-written zip closed by the garbage collector after its
    # disk filled up) are not the user's business: the command has already said what went wrong.
    sys.unraisablehook = lambda _: None
    try:
        result = command.main(prog_name=prog_name, standalone_mode=False)
    except click_exceptions.NoArgsIsHelpError as exc:
        print(exc.format_message())  # the help page, already in Swedish
        sys.exit(exc.exit_code)
    except click_exceptions.UsageError as exc:
        hint = f" Se ”{exc.ctx.command_path} --help”." if exc.ctx is not None else ""
        print(f"Fel: {translate_error(exc.format_message())}{hint}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except click_exceptions.ClickException as exc:
        print(f"Fel: {translate_error(exc.format_message())}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt, Terminated):
        print("Avbrutet.", file=sys.stderr)
        sys.exit(INTERRUPTED)
    except Exception:  # a fault in the toolkit itself: one line here, the details in a file
        print(f"Fel: {internal_error()}", file=sys.stderr)
        sys.exit(INTERNAL)
    sys.exit(result if isinstance(result, int) else 0)


class Terminated(Exception):
    """The process was asked to stop (SIGTERM)."""


def _terminated(*_: Any) -> None:
    raise Terminated()


def internal_error() -> str:
    """Write the current exception's details to a file; one Swedish line saying where."""
    import os
    import tempfile
    import traceback

    from .. import __version__

    kind = type(sys.exc_info()[1]).__name__
    try:
        fd, name = tempfile.mkstemp(prefix="finsam-fel-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(f"finsam-toolkit {__version__}\n{' '.join(sys.argv)}\n\n{traceback.format_exc()}")
        where = f"Detaljerna finns i {name}; skicka filen till den som sköter verktyget."
    except OSError:
        where = "Detaljerna kunde inte sparas."
    return f"ett internt fel i finsam-toolkit ({kind}), inte i dina filer. {where}"

"""A progress display for long batches: "Läser och kontrollerar ━━━━━━━ 123/300 filer 0:04", then a phase
such as "Skriver sammanstallning.xlsx". Shown on stderr only when it is a terminal and not `--quiet`, and
it vanishes when done, so pipes, logs and tests see only the results.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator

from .app import err_console


class Bar:
    """One task line whose description, count and total change with the phase (rich imported on use)."""

    def __init__(self, progress: Any) -> None:
        self._progress = progress
        self._task = progress.add_task("", total=None, count="")

    def files(self, description: str, total: int) -> Callable[[Any], None]:
        """Start counting `total` files; return the function to call once per file done."""
        done = [0]
        self._progress.update(self._task, description=description, total=total, completed=0,
                              count=f"0/{total} filer")

        def advance(_: Any = None) -> None:
            done[0] += 1
            self._progress.update(self._task, completed=done[0], count=f"{done[0]}/{total} filer")

        return advance

    def phase(self, description: str) -> None:
        """A step without a count (the bar pulses)."""
        self._progress.update(self._task, description=description, total=None, completed=0, count="")


def shown(quiet: bool = False) -> bool:
    """Whether a progress display is shown: on an interactive terminal and without --quiet."""
    return not quiet and err_console.is_terminal


@contextmanager
def progress_bar(show: bool) -> Iterator[Bar | None]:
    """A Bar while the block runs (None when not shown); the line is removed afterwards."""
    if not show:
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[count]}"),
               TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as progress:
        yield Bar(progress)

"""Batch consolidation for the förbund: a folder of insats workbooks in, the board's figures out.

`consolidate()` reads and checks every workbook (in worker processes when that pays), applies the
rules for what counts (`select`), and `write_outputs()` writes sammanstallning.xlsx, .docx, .csv and
.parquet. The CLI command `finsam consolidate` is a thin shell over these two functions.
"""

from __future__ import annotations

import multiprocessing
from contextlib import suppress
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..collector import paused
from ..discover import file_identity, find_workbooks
from ..errors import FinsamError
from ..periods import Period
from ..plan import Plan
from .collect import collect as collect_files
from .figures import consolidation
from .mask import Masker
from .select import LeftOut, Selection, select

FORMATS = ("xlsx", "docx", "csv", "parquet")
BASENAME = "sammanstallning"

__all__ = ["FORMATS", "LeftOut", "Masker", "Selection", "consolidate", "output_paths", "parse_formats",
           "write_outputs"]


def consolidate(paths: Iterable[str | Path], period: Period | None = None, year: int | None = None,
                include_errors: bool = False, strict: bool = False, workers: int | None = None,
                progress: Callable[[Path], None] | None = None,
                on_found: Callable[[int], None] | None = None, plan: Plan | None = None,
                exclude: Iterable[Path] = ()) -> Selection:
    """Read, check and select every workbook below `paths`; raise FinsamError when none is found, or
    when none belongs to the period or year asked for (so no empty outputs are written).

    Without `period` and `year`, the plan's year is taken, else the latest year found in the files.
    With a `plan`, the selection is held against it (`plan.match_plan`). Plan workbooks among the files
    are not reports: they are left out of the selection (`select`).
    """
    if period is not None and year is not None:
        raise FinsamError("Ange antingen --period eller --ar, inte båda.")
    if plan is not None and period is None and year is None:
        year = plan.ar
    paths = list(paths)
    # Outputs of this run inside an input folder are never read back as input (only those that exist can be).
    skip = {file_identity(s) for s in exclude} - {None}
    files = [f for f in find_workbooks(paths) if not skip or file_identity(f) not in skip]
    if not files:
        raise FinsamError("Inga arbetsböcker (.xlsx) hittades i de angivna mapparna.")
    if on_found:
        on_found(len(files))
    with paused():  # the reports and their selection hold no cycles (`toolkit.collector`)
        sel = select(collect_files(files, workers, progress), period, year, include_errors, strict)
        if not sel.in_scope:
            where = ", ".join(str(p) for p in paths)
            count = "den enda filen gäller" if len(sel.files) == 1 else f"alla {len(sel.files)} filer gäller"
            raise FinsamError(f"Inga arbetsböcker för {sel.label} i {where}: {count} andra perioder.")
        if plan is not None:
            from .plan import match_plan

            match_plan(sel, plan, period, year)
    return sel


def parse_formats(text: str) -> tuple[str, ...]:
    """"xlsx,csv" -> ("xlsx", "csv"); raise FinsamError in Swedish for an unknown format."""
    wanted = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise FinsamError(f"Okänt format ”{', '.join(unknown) or text}”. Välj bland {', '.join(FORMATS)}.")
    return wanted


def heading(sel: Selection) -> str:
    forbund = sorted({i.report.forbund for i in sel.insatser if i.report.forbund})
    who = forbund[0] if len(forbund) == 1 else f"{len(forbund)} förbund" if forbund else "Sammanställning"
    return f"{who}, {sel.label}"


#: The tables the Word summary reads (toolkit/consolidate/docx.py; any other it would compute itself).
WORD_TABLES = ("Översikt", "Mål", "Finansiering")

#: From this many counted reports on, the outputs are written side by side in forked processes (each
#: takes long enough then to pay for the process; on two cores the wall time is that of the longest).
PARALLEL_FROM = 200


def _writers(sel: Selection, out: Path, formats: Sequence[str], masker: Masker
             ) -> list[tuple[list[Path], Callable[[], object]]]:
    """(the files it writes, a function writing them) for each output, the longest to write first. The
    consolidation is computed once, here, and handed to every writer (a forked writer inherits it)."""
    from .plan import FORBUND_CSV, forbund_rows, plan_tables, write_forbund_csv

    jobs: list[tuple[list[Path], Callable[[], object]]] = []
    done = consolidation(sel, masker)
    if "docx" in formats:  # computed before any writer forks, so that the workbook's writer shares them
        done.prepare(WORD_TABLES)
    # Uppföljning Finsam at förbund level, from the plan: the sheet Förbundet and uppfoljning-finsam-forbund.csv.
    forbund = forbund_rows(sel.plan.plan) if sel.plan is not None else None
    if "xlsx" in formats:
        from .xlsx import write_xlsx
        # The workbook's other tables are computed by its writer, in this process while the others write: a
        # forked writer never holds them (at 5 000 files they are a tenth of the peak memory).
        jobs.append(([out / f"{BASENAME}.xlsx"], lambda: write_xlsx(
            out / f"{BASENAME}.xlsx", done.tables + (plan_tables(sel, forbund) if forbund else []), heading(sel),
            masker)))
    if "docx" in formats:
        def docx() -> object:  # python-docx and Jinja are imported here: in the forked writer, when there is one
            from .docx import write_docx
            return write_docx(out / f"{BASENAME}.docx", done, heading(sel))
        jobs.append(([out / f"{BASENAME}.docx"], docx))
    tidy = [fmt for fmt in ("csv", "parquet") if fmt in formats]
    if tidy:
        from .tidy import UPPFOLJNING_CSV, write_csv, write_parquet, write_uppfoljning_csv

        # With csv, the Uppföljning Finsam figures come too: uppfoljning-finsam.csv beside sammanstallning.csv,
        # and with a plan uppfoljning-finsam-forbund.csv.
        files = {"csv": [(f"{BASENAME}.csv", write_csv), (UPPFOLJNING_CSV, write_uppfoljning_csv)],
                 "parquet": [(f"{BASENAME}.parquet", write_parquet)]}
        if forbund is not None:
            files["csv"].append((FORBUND_CSV, lambda path, _done: write_forbund_csv(path, forbund)))
        chosen = [(out / name, write) for fmt in tidy for name, write in files[fmt]]
        jobs.append(([path for path, _ in chosen], lambda: [write(path, done) for path, write in chosen]))
    return jobs


def _in_child(paths: list[Path], write: Callable[[], object]) -> Callable[[], None]:
    """Start `write` in a forked process (it inherits the selection); return a function to wait for it."""
    process = multiprocessing.get_context("fork").Process(target=write)
    process.start()

    def wait() -> None:
        process.join()
        if process.exitcode != 0:
            raise FinsamError(f"Kunde inte skriva {', '.join(p.name for p in paths)} i {paths[0].parent} "
                              f"(kod {process.exitcode}).")

    return wait


def output_paths(out_dir: str | Path, formats: Sequence[str]) -> list[Path]:
    """The files `write_outputs` writes for `formats` (the consolidation owns these names in `out_dir`)."""
    return [Path(out_dir) / f"{BASENAME}.{fmt}" for fmt in FORMATS if fmt in formats]


def write_outputs(sel: Selection, out_dir: str | Path, formats: Sequence[str] = ("xlsx", "docx"),
                  masker: Masker | None = None, on_write: Callable[[str], None] | None = None) -> list[Path]:
    """Write the chosen outputs into `out_dir`, all or none: they are written into a temporary folder
    and moved into place together, under a lock that refuses a second run into the same folder
    (`toolkit.safe_output.staged`). Return their paths. `on_write` is told the names of the files as
    their writing starts (for a progress display).

    A writer failing on a full disk raises the OSError itself (xlsxwriter wraps it)."""
    from ..safe_output import staged

    out = Path(out_dir)
    try:
        with staged(out) as staging:
            written = _write_all(sel, staging, formats, masker or Masker(), on_write)
    except Exception as exc:
        cause = next((arg for arg in exc.args if isinstance(arg, OSError)), None)
        if cause is not None and not isinstance(exc, OSError):
            raise cause from exc
        raise
    return [out / path.name for path in written]


def _write_all(sel: Selection, out: Path, formats: Sequence[str], masker: Masker,
               on_write: Callable[[str], None] | None = None) -> list[Path]:
    """Write the outputs into `out`. For large selections every output but the first is written in a
    forked process while this one writes the first (all are CPU-bound; on two cores that nearly halves
    the time).

    Meanwhile the garbage collector is paused (`toolkit.collector`): it does not pass over the selection,
    its tables and the outputs being built again and again while the writers allocate, and a forked writer,
    paused too, keeps sharing their memory instead of copying it page by page as the collector would touch it."""
    with paused():
        jobs = _writers(sel, out, formats, masker)
        if len(jobs) > 1 and sel.counted_files >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
            if on_write:
                on_write(", ".join(p.name for paths, _ in jobs for p in paths))
            waits = [_in_child(paths, write) for paths, write in jobs[1:]]
            try:
                jobs[0][1]()
            except BaseException:
                for wait in waits:  # the children write into the same temporary folder: let them end first
                    with suppress(Exception):
                        wait()
                raise
            for wait in waits:
                wait()
        else:
            for paths, write in jobs:
                if on_write:
                    on_write(", ".join(p.name for p in paths))
                write()
    return [p for paths, _ in jobs for p in paths]

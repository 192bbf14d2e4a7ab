"""Benchmark `finsam consolidate` against a naive pandas + openpyxl loop, like for like, on N generated workbooks.

    .venv/bin/python bench/consolidate.py [N] [--large L] [--repeat R] [--naive-max M]

Generation: the 13 period reports of the five demo insatser (not the final report, which spans earlier
years) are written once with `write_workbook`; every file is derived from one of them by rewriting, in
the xlsx XML inside the zip, the insats name (a new insats in every file: one insats per workbook, as in
a förbund's folder of quarterly reports), three figures (the first budget line, the budget total and the
förbund's grant, all raised by the file's number) and the
window of xl/workbook.xml (as Excel saves it, see _corpus.py). The consolidation must count every file,
name every insats, and a sample must read back with the rewritten figures.

Measured, each in a fresh child process: wall time, CPU time (user + system of all child processes)
and peak memory of `finsam consolidate DIR --ar 2025 --quiet` with the default formats (median of R
runs), and the naive way, which also reads every sheet and writes one xlsx: a loop of
`pandas.read_excel(path, sheet_name=None)` (openpyxl) per file, `pandas.concat` per sheet and
`DataFrame.to_excel` of every sheet into one workbook. With N above M the naive way is measured on the
first M files (default 50: the naive way takes about a second a file, so `make bench` stays within
minutes) and extrapolated linearly, which it is (it reads file after file); the output says so. The per-phase split comes from one
in-process run of the library functions. The marginal cost per workbook and the peak memory at scale
come from one run over L files. Peak memory is the largest summed PSS of the process and its children,
sampled every 10 ms from /proc in one more run of each size: the sampling takes CPU from the process
measured, so no time is taken from a sampled run. Goal 2 of issue 11 is printed with each figure.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from _corpus import _VIEW, _excel_view
from _installed import ENV, FINSAM
from python_calamine import CalamineWorkbook

from toolkit import swedish
from toolkit.demo import INSATSER, demo_periods, demo_report
from toolkit.layout import layout
from toolkit.parallel import worker_count
from toolkit.reader import names_and_sheets, read_workbook
from toolkit.workbook import write_workbook

ROOT = Path(__file__).resolve().parents[1]
NAIVE = """
import sys, warnings, pandas as pd
from pathlib import Path
warnings.simplefilter("ignore")
frames = {}
for path in sorted(Path(sys.argv[1]).glob("*.xlsx"))[: int(sys.argv[2])]:
    for sheet, df in pd.read_excel(path, sheet_name=None, engine="openpyxl").items():
        df["fil"] = path.name
        frames.setdefault(sheet, []).append(df)
with pd.ExcelWriter(sys.argv[3]) as writer:
    for sheet, dfs in frames.items():
        pd.concat(dfs, ignore_index=True).to_excel(writer, sheet_name=sheet, index=False)
print(sum(len(dfs) for dfs in frames.values()))
"""
#: The library's own phases, timed in one process (wall and CPU of the process and its children).
PHASES = """
import resource, sys, time
from pathlib import Path
from toolkit.consolidate import Masker, write_outputs
from toolkit.consolidate.collect import collect
from toolkit.consolidate.select import select
from toolkit.discover import find_workbooks

def cpu():
    return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                 resource.getrusage(resource.RUSAGE_CHILDREN)))

marks = [("start", time.perf_counter(), cpu())]
files = find_workbooks([sys.argv[1]]); marks.append(("find files", time.perf_counter(), cpu()))
items = collect(files); marks.append(("read and check", time.perf_counter(), cpu()))
sel = select(items, year=2025); marks.append(("select", time.perf_counter(), cpu()))
for fmt in ("xlsx", "docx"):
    write_outputs(sel, Path(sys.argv[2]), (fmt,), Masker()); marks.append((f"write {fmt}", time.perf_counter(), cpu()))
for (_, w0, c0), (name, w1, c1) in zip(marks, marks[1:]):
    print(f"{name}\t{w1 - w0:.4f}\t{c1 - c0:.4f}")
start, cpu0 = time.perf_counter(), cpu()
collect(files, workers=1)  # the same reading in one process: do the workers pay off?
print(f"read and check, one process\t{time.perf_counter() - start:.4f}\t{cpu() - cpu0:.4f}")
"""


def _cell_pattern(cell: str, text: bool) -> re.Pattern[bytes]:
    inner = rb"<is><t[^>]*>)([^<]*)(</t>" if text else rb"<v>)([^<]*)(</v>"
    return re.compile(rb'(<c r="' + cell.encode() + rb'"[^>]*>' + inner + rb")")


def _bases(folder: Path) -> list[Path]:
    """The demo's workbooks of the year; its final report spans earlier years, so a year leaves it out."""
    paths = []
    for insats in INSATSER:
        for period in demo_periods(insats):
            if period.kind == "slut":
                continue
            paths.append(write_workbook(folder / f"bas_{len(paths):02d}.xlsx", demo_report(insats, period)))
    return paths


def generate(folder: Path, n: int) -> dict[str, tuple[str, int]]:
    """Write n workbooks into folder; return file name -> (insats, budget line 1) as written."""
    lay = layout()
    fields = {name: lay.field(name) for name in ("insats", "budget1_budget", "budget_totalt",
                                                 "fin_samordningsforbundet")}
    with tempfile.TemporaryDirectory() as tmp:
        bases = []
        for path in _bases(Path(tmp)):
            with zipfile.ZipFile(path) as zf:
                _, parts = names_and_sheets(zf.read("xl/workbook.xml"), zf.read("xl/_rels/workbook.xml.rels"))
                entries = [(info, zf.read(info)) for info in zf.infolist()]
            bases.append((entries, {name: parts[f.sheet] for name, f in fields.items()},
                          read_workbook(path).report))
    patterns = {name: _cell_pattern(f.cell, name == "insats") for name, f in fields.items()}
    expected: dict[str, tuple[str, int]] = {}
    for i in range(n):
        entries, part_of, report = bases[i % len(bases)]
        insats = f"{report.insats} {i:05d}"
        budget = (report.ekonomi.rader[0].budget or 0) + i
        total = (report.ekonomi.budget_totalt or 0) + i
        values = {"insats": insats.encode("utf-8"), "budget1_budget": str(budget).encode(),
                  "budget_totalt": str(total).encode(), "fin_samordningsforbundet": str(total).encode()}
        name = f"rapport_{i:05d}.xlsx"
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
            for info, data in entries:
                for field, part in part_of.items():
                    if part == info.filename:
                        data, hits = patterns[field].subn(lambda m, v=values[field]: m.group(1) + v + m.group(3),
                                                          data, count=1)
                        assert hits == 1, (field, part)
                if info.filename == "xl/workbook.xml":
                    data = _VIEW.sub(_excel_view(i), data, count=1)
                out.writestr(info.filename, data)
        (folder / name).write_bytes(buffer.getvalue())
        expected[name] = (insats, budget)
    return expected


def _tree_memory(pid: int) -> int:
    """Summed proportional set size (PSS) in bytes of a process and its descendants, from /proc.

    PSS divides pages shared after fork between the processes, so forked workers are not counted twice."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                total += next(int(line.split()[1]) * 1024 for line in fh if line.startswith("Pss:"))
        except (OSError, StopIteration):
            continue
    return total


def run(cmd: list[str], sample: bool = False) -> tuple[float, int, str, float]:
    """Wall seconds, peak summed tree PSS in bytes (0 unless `sample`), stdout, CPU seconds.

    Sampling memory reads /proc every 10 ms, which takes a good part of a core from the process measured
    (on two cores its wall time grew by about a quarter): times are taken from runs that are not sampled."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_before = usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=ENV)
    peak = 0
    while sample and proc.poll() is None:
        peak = max(peak, _tree_memory(proc.pid))
        time.sleep(0.01)
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd} failed ({proc.returncode}): {err.decode()}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, peak, out.decode(), usage.ru_utime + usage.ru_stime - cpu_before


def verify(folder: Path, out: Path, expected: dict[str, tuple[str, int]], stdout: str) -> None:
    """Every file counted as its own insats, every insats named in the workbook, a sample read back."""
    n = len(expected)
    counted = swedish.number(n)  # as the summary line writes counts: "1 000"
    assert f"{counted} räknades in ({counted} insatser)" in stdout and "ingen lämnades utanför" in stdout, stdout
    book = CalamineWorkbook.from_path(str(out / "sammanstallning.xlsx"))
    texts = {cell for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python() for cell in row
             if isinstance(cell, str)}
    assert {insats for insats, _ in expected.values()} <= texts, "insats names missing in the workbook"
    for name in random.Random(1).sample(sorted(expected), min(25, n)):
        report = read_workbook(folder / name).report
        insats, budget = expected[name]
        assert report is not None and report.insats == insats
        assert report.ekonomi.rader[0].budget == budget


def _finsam(folder: Path, out: Path, repeat: int) -> tuple[float, float, float, str]:
    """Median wall seconds and CPU seconds of `repeat` runs of `finsam consolidate`, the peak PSS bytes of
    one more run sampled for memory, and the first run's stdout."""
    cmd = [*FINSAM, "consolidate", str(folder), "--ar", "2025", "-o", str(out), "--quiet"]
    run(cmd)  # untimed: writes the bytecode files, as an installed copy has them
    runs = [run(cmd) for _ in range(repeat)]
    peak = run(cmd, sample=True)[1]
    return statistics.median(r[0] for r in runs), peak, statistics.median(r[3] for r in runs), runs[0][2]


def _verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=1000, help="number of workbooks (default 1000)")
    parser.add_argument("--large", type=int, default=5000, help="workbooks of the scale run (default 5000; 0: none)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of finsam consolidate (median)")
    parser.add_argument("--naive-max", type=int, default=50,
                        help="files read the naive way at most (default 50: about a second a file on two cores)")
    args = parser.parse_args()
    mib = 1024 * 1024
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "in", Path(tmp) / "ut"
        folder.mkdir()
        t0 = time.perf_counter()
        expected = generate(folder, args.n)
        print(f"generated {args.n} workbooks (one insats each) in {time.perf_counter() - t0:.1f} s; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        wall, peak, cpu, stdout = _finsam(folder, out, args.repeat)
        verify(folder, out, expected, stdout)
        print(f"finsam consolidate (xlsx, docx): {wall:.2f} s wall (median of {args.repeat}), {cpu:.2f} s CPU, "
              f"{wall / args.n * 1000:.2f} ms per workbook; peak {peak / mib:.0f} MiB (PSS, one more run sampled)")
        sample = min(args.n, args.naive_max)
        naive_wall, _, _, naive_cpu = run([sys.executable, "-c", NAIVE, str(folder), str(sample),
                                           str(Path(tmp) / "naive.xlsx")])
        scale = args.n / sample
        note = "" if sample == args.n else f" (measured on {sample} files, scaled linearly to {args.n})"
        print(f"naive pandas + openpyxl (reads every sheet, writes one xlsx): {naive_wall * scale:.1f} s wall, "
              f"{naive_cpu * scale:.1f} s CPU{note}")
        phases = subprocess.run([sys.executable, "-c", PHASES, str(folder), str(Path(tmp) / "faser")], cwd=ROOT,
                                env=ENV, capture_output=True, text=True, check=True).stdout.splitlines()
        split = [(name, float(w), float(c)) for name, w, c in (line.split("\t") for line in phases)]
        (_, one_wall, one_cpu), split = split[-1], split[:-1]
        read_wall = next(w for name, w, _ in split if name == "read and check")
        total_wall, total_cpu = sum(w for _, w, _ in split), sum(c for _, _, c in split)
        print("per phase (one in-process run):  " + "; ".join(
            f"{name} {w:.2f} s wall ({w / total_wall:.0%}), {c:.2f} s CPU ({c / total_cpu:.0%})" for name, w, c in split))
        workers = worker_count(args.n, None)
        print(f"read and check in one process: {one_wall:.2f} s wall, {one_cpu:.2f} s CPU; by default "
              f"({workers} process{'es' if workers > 1 else ''}) {read_wall:.2f} s wall")
        marginal = large_peak = None
        if args.large > args.n:
            shutil.rmtree(folder)
            shutil.rmtree(out, ignore_errors=True)
            folder.mkdir()
            large_expected = generate(folder, args.large)
            large_wall, large_peak, large_cpu, large_stdout = _finsam(folder, out, 1)
            verify(folder, out, large_expected, large_stdout)
            marginal = (large_wall - wall) / (args.large - args.n)
            print(f"finsam consolidate of {args.large}: {large_wall:.2f} s wall, {large_cpu:.2f} s CPU, "
                  f"peak {large_peak / mib:.0f} MiB (PSS)")
    ratio, cpu_ratio = naive_wall * scale / wall, naive_cpu * scale / cpu
    print(f"GOAL 2 consolidate {args.n} one-insats workbooks <= 4 s wall: {wall:.2f} s {_verdict(wall <= 4)}")
    print(f"GOAL 2 >= 10x the naive loop: {ratio:.1f}x wall, {cpu_ratio:.1f}x CPU {_verdict(ratio >= 10)}")
    print(f"GOAL 2 workers pay off: reading and checking with {workers} process{'es' if workers > 1 else ''} is "
          f"{one_wall / read_wall:.2f}x as fast as one {_verdict(workers == 1 or one_wall / read_wall > 1.1)}")
    if marginal is not None and large_peak is not None:
        print(f"GOAL 2 marginal cost <= 3 ms per workbook ({args.n} to {args.large}): {marginal * 1000:.2f} ms "
              f"{_verdict(marginal <= 0.003)}")
        print(f"GOAL 2 peak memory <= 250 MiB at {args.large}: {large_peak / mib:.0f} MiB "
              f"{_verdict(large_peak <= 250 * mib)}")


if __name__ == "__main__":
    main()

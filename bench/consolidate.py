"""Benchmark `finsam consolidate` against the naive pandas way on N generated workbooks.

    .venv/bin/python bench/consolidate.py [N] [--repeat R] [--naive-max M]

Generation: the 13 period reports of the five demo insatser (not the final report, which spans earlier years) are written once with `write_workbook`;
every further file is derived from one of them by rewriting, in the xlsx XML inside the zip, the
insats name (one new insats per 14 files, so each has a full year of reports) and four figures
(the first budget line, the budget total and the förbund's grant, all raised by the file's number, and akt 1's
participants outside follow-up). The consolidation must then
count every file, name every insats, and a sample must read back with the rewritten figures.

Measured, each in a fresh child process: wall time and peak memory of `finsam consolidate DIR --ar
2025 --format xlsx,csv --quiet` (median of R runs), and the naive way: a loop of
`pandas.read_excel(path, sheet_name=None, engine="openpyxl")` per file, then `pandas.concat` per
sheet. With N above M the naive way is measured on the first M files and extrapolated linearly;
the output says so. CPU time (user + system of all child processes) is printed too, since it does
not depend on what else runs on the machine. Peak memory is the largest summed PSS of the process and its children, sampled
every 10 ms from /proc, and ru_maxrss (peak RSS) of the largest single process (RUSAGE_CHILDREN).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from toolkit.demo import INSATSER, demo_periods, demo_report
from toolkit.layout import layout
from toolkit.reader import _names_and_sheets, read_workbook
from toolkit.workbook import write_workbook

ROOT = Path(__file__).resolve().parents[1]
FINSAM = [sys.executable, "-c", "from toolkit.cli import main; main()"]
NAIVE = """
import sys, pandas as pd
from pathlib import Path
frames = {}
for path in sorted(Path(sys.argv[1]).glob("*.xlsx"))[: int(sys.argv[2])]:
    for sheet, df in pd.read_excel(path, sheet_name=None, engine="openpyxl").items():
        df["fil"] = path.name
        frames.setdefault(sheet, []).append(df)
result = {sheet: pd.concat(dfs, ignore_index=True) for sheet, dfs in frames.items()}
print(sum(len(df) for df in result.values()))
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


def generate(folder: Path, n: int) -> dict[str, tuple[str, int, int]]:
    """Write n workbooks into folder; return file name -> (insats, budget line 1, utanför) as written."""
    lay = layout()
    fields = {name: lay.field(name) for name in ("insats", "budget1_budget", "budget_totalt",
                                                 "fin_samordningsforbundet", "akt1_utanfor_uppfoljning")}
    with tempfile.TemporaryDirectory() as tmp:
        bases = []
        for path in _bases(Path(tmp)):
            with zipfile.ZipFile(path) as zf:
                _, parts, _ = _names_and_sheets(zf)
                entries = [(info, zf.read(info)) for info in zf.infolist()]
            bases.append((entries, {name: parts[f.sheet] for name, f in fields.items()},
                          read_workbook(path).report))
    patterns = {name: _cell_pattern(f.cell, name == "insats") for name, f in fields.items()}
    expected: dict[str, tuple[str, int, int]] = {}
    for i in range(n):
        entries, part_of, report = bases[i % len(bases)]
        insats = f"{report.insats} {i // len(bases):05d}"
        budget = (report.ekonomi.rader[0].budget or 0) + i
        utanfor = i % 4
        total = (report.ekonomi.budget_totalt or 0) + i
        values = {"insats": insats.encode("utf-8"), "budget1_budget": str(budget).encode(),
                  "budget_totalt": str(total).encode(), "fin_samordningsforbundet": str(total).encode(),
                  "akt1_utanfor_uppfoljning": str(utanfor).encode()}
        name = f"rapport_{i:05d}.xlsx"
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
            for info, data in entries:
                for field, part in part_of.items():
                    if part == info.filename:
                        data, hits = patterns[field].subn(lambda m, v=values[field]: m.group(1) + v + m.group(3),
                                                          data, count=1)
                        assert hits == 1, (field, part)
                out.writestr(info.filename, data)
        (folder / name).write_bytes(buffer.getvalue())
        expected[name] = (insats, budget, utanfor)
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


def run(cmd: list[str]) -> tuple[float, int, int, str, float]:
    """Wall seconds, peak summed tree PSS, ru_maxrss of the largest child (both bytes), stdout, CPU seconds."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_memory(proc.pid))
        time.sleep(0.01)
    wall = time.perf_counter() - start
    out, err = proc.communicate()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd} failed ({proc.returncode}): {err.decode()}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    return wall, peak, max(usage.ru_maxrss, before) * 1024, out.decode(), cpu


def verify(folder: Path, out: Path, expected: dict[str, tuple[str, int, int]], stdout: str) -> None:
    """Every file counted, every insats in the CSV, a sample read back with the rewritten figures."""
    n = len(expected)
    assert f"{n} räknades in" in stdout and "ingen lämnades utanför" in stdout, stdout
    names = {line.split(",", 2)[1] for line in (out / "sammanstallning.csv").read_text("utf-8").splitlines()[1:]}
    assert names == {insats for insats, _, _ in expected.values()}, "insats names differ"
    for name in random.Random(1).sample(sorted(expected), min(25, n)):
        report = read_workbook(folder / name).report
        insats, budget, utanfor = expected[name]
        assert report is not None and report.insats == insats
        assert report.ekonomi.rader[0].budget == budget and report.aktiviteter[0].utanfor_uppfoljning == utanfor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=1000, help="number of workbooks (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of finsam consolidate (median)")
    parser.add_argument("--naive-max", type=int, default=1000, help="files read the naive way at most")
    args = parser.parse_args()
    mb = 1024 * 1024
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "in", Path(tmp) / "ut"
        folder.mkdir()
        t0 = time.perf_counter()
        expected = generate(folder, args.n)
        print(f"Genererade {args.n} arbetsböcker på {time.perf_counter() - t0:.1f} s.")
        cmd = [*FINSAM, "consolidate", str(folder), "--ar", "2025", "-o", str(out), "--format", "xlsx,csv", "--quiet"]
        runs = [run(cmd) for _ in range(args.repeat)]
        verify(folder, out, expected, runs[0][3])
        wall = statistics.median(r[0] for r in runs)
        peak = statistics.median(r[1] for r in runs)
        maxrss = statistics.median(r[2] for r in runs)
        cpu = statistics.median(r[4] for r in runs)
        print(f"finsam consolidate: {wall:.2f} s (median av {args.repeat}; "
              f"{', '.join(f'{r[0]:.2f}' for r in runs)}), {wall / args.n * 1000:.2f} ms per arbetsbok, "
              f"toppminne {peak / mb:.0f} MB (PSS, summa över processerna), största process {maxrss / mb:.0f} MB (RSS), "
              f"CPU-tid {cpu:.2f} s")
        sample = min(args.n, args.naive_max)
        naive_wall, naive_peak, _, _, naive_cpu = run([sys.executable, "-c", NAIVE, str(folder), str(sample)])
        note = "" if sample == args.n else f" (mätt på {sample} filer, uppräknat linjärt till {args.n})"
        naive_total = naive_wall * args.n / sample
        print(f"naivt (pandas.read_excel + concat): {naive_total:.1f} s{note}, toppminne {naive_peak / mb:.0f} MB (PSS)"
              + (f" för {sample} filer" if note else ""))
        print(f"kvot: {naive_total / wall:.1f} gånger snabbare (CPU-tid: {naive_cpu * args.n / sample / cpu:.1f} gånger "
              f"mindre); belastning (load average) {os.getloadavg()[0]:.1f} på {os.cpu_count()} kärnor")


if __name__ == "__main__":
    main()

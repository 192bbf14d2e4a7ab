"""Cold start and end: importing the CLI, `--help` and checking one workbook leave the heavy libraries unimported,
and the process ends without collecting what a command leaves in memory.

The times themselves are measured by bench/startup.py; these tests keep the imports that made them slow out.
"""

from __future__ import annotations

import json
import subprocess
import sys

#: Libraries that cost tens to hundreds of milliseconds to import and that `--help` and `check` never use.
#: pydantic: typer 0.29 imports it and builds an adapter per parameter (+60 ms or more), hence typer<0.29.
HEAVY = ("openpyxl", "numpy", "docx", "docxtpl", "jinja2", "matplotlib", "pandas", "xlsxwriter", "pyarrow",
         "pydantic")
#: Imported only when used: rich to draw a table of findings or a progress bar, multiprocessing for workers.
ON_USE = ("rich", "multiprocessing", "concurrent.futures")

_PROBE = """
import json, sys
sys.argv = ["finsam", *sys.argv[1:]]
from toolkit.cli import main
try:
    main()
except SystemExit:
    pass
watched = {watched!r}
sys.stderr.write("\\nLOADED " + json.dumps(sorted(m for m in watched if m in sys.modules)) + "\\n")
"""


def _loaded(*args: str) -> list[str]:
    """The watched modules imported after running `finsam ARGS` (no args: only importing the CLI)."""
    watched = HEAVY + ON_USE
    probe = _PROBE.format(watched=watched) if args else (
        f"import json, sys, toolkit.cli\nsys.stderr.write('\\nLOADED ' + json.dumps(sorted(m for m in {watched!r} "
        "if m in sys.modules)) + '\\n')")
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=60)
    line = [row for row in done.stderr.splitlines() if row.startswith("LOADED ")]
    assert line, done.stderr
    loaded = json.loads(line[-1][len("LOADED "):])
    assert "pydantic" not in loaded, "typer 0.29 or newer is installed; pyproject.toml asks for <0.29 (make reinstalls)"
    return loaded


def test_importing_the_cli_imports_no_heavy_library() -> None:
    assert _loaded() == []


def test_help_imports_no_heavy_library() -> None:
    assert _loaded("--help") == []
    assert _loaded("check", "--help") == []


def test_checking_one_clean_workbook_imports_no_heavy_library(make_workbook, example) -> None:
    path = make_workbook(example)
    assert _loaded("check", str(path)) == []  # its one line is printed without rich


def test_findings_bring_rich_for_their_table_and_nothing_heavy(make_workbook, example) -> None:
    path = make_workbook(example, akt1_inskrivna_antal="ca 5")
    assert _loaded("check", str(path)) == ["rich"]


def test_a_report_says_what_it_wrote_without_rich(make_workbook, example, tmp_path) -> None:
    """Plain lines ("Skrev …") are written as they are; rich comes only for what it draws."""
    path = make_workbook(example)
    out = tmp_path / "rapport.docx"
    assert "rich" not in _loaded("report", str(path), "-o", str(out))
    done = subprocess.run([sys.executable, "-c", "import sys; from toolkit.cli import main; sys.argv[0] = 'finsam'; main()",
                           "report", str(path), "-o", str(out)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == f"Skrev {out}\n" and out.is_file()


def test_what_a_command_leaves_in_memory_is_not_collected_as_the_process_ends() -> None:
    """An object in a cycle left at the end (as the summary workbook's objects are) is neither collected nor
    freed by `finsam`'s process: the operating system takes the memory back. A plain Python process
    collects it at its end (the control)."""
    program = """
import gc, sys
gc.disable()  # no collection before the end
class Left:
    def __del__(self):
        sys.stdout.write("samlades upp\\n")
left = Left()
left.cycle = left
del left
if sys.argv[-1:] != ["kontroll"]:
    sys.argv = ["finsam", "--help"]
    from toolkit.cli import main
    main()
"""
    finsam = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    control = subprocess.run([sys.executable, "-c", program, "kontroll"], capture_output=True, text=True)
    assert finsam.returncode == 0 and "finsam" in finsam.stdout
    assert "samlades upp" not in finsam.stdout
    assert control.stdout == "samlades upp\n"

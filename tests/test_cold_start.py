"""Cold start: importing the CLI, and checking one workbook, leave the heavy libraries unimported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from toolkit.workbook import write_workbook

#: Libraries that cost tens to hundreds of milliseconds to import and that `--help` and `check` never use.
HEAVY = ("openpyxl", "numpy", "docx", "docxtpl", "jinja2", "matplotlib", "pandas", "xlsxwriter", "pyarrow")

_PROBE = """
import json, sys
sys.argv = ["finsam", *sys.argv[1:]]
from toolkit.cli import main
try:
    main()
except SystemExit:
    pass
heavy = {heavy!r}
sys.stderr.write("\\nLOADED " + json.dumps(sorted(m for m in heavy if m in sys.modules)) + "\\n")
"""


def _loaded(*args: str) -> list[str]:
    """The heavy modules imported after running `finsam ARGS` (no args: only importing the CLI)."""
    probe = _PROBE.format(heavy=HEAVY) if args else (
        f"import json, sys, toolkit.cli\nsys.stderr.write('\\nLOADED ' + json.dumps(sorted(m for m in {HEAVY!r} "
        "if m in sys.modules)) + '\\n')")
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=60)
    line = [row for row in done.stderr.splitlines() if row.startswith("LOADED ")]
    assert line, done.stderr
    return json.loads(line[-1][len("LOADED "):])


def test_importing_the_cli_imports_no_heavy_library() -> None:
    assert _loaded() == []


def test_help_imports_no_heavy_library() -> None:
    assert _loaded("--help") == []


def test_checking_one_workbook_imports_no_heavy_library(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "en.xlsx")
    assert _loaded("check", str(path)) == []

"""Rebuilding the committed templates from unchanged sources gives identical bytes (git sees no change)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from toolkit.reproducible import BUILT

#: Every committed template, built into a folder the way its `python -m` builder writes the real one.
BUILD = """
import sys
from pathlib import Path
from toolkit.consolidate.template import build_template
from toolkit.plan.workbook import build_plan_workbook
from toolkit.report.templates import build_all
from toolkit.reproducible import save_reproducibly
from toolkit.workbook import build_workbook
out = Path(sys.argv[1])
build_all(out)
build_template(out / "sammanstallning.docx")
save_reproducibly(out / "insatsrapport.xlsx", build_workbook().save)
save_reproducibly(out / "forbundsplan.xlsx", build_plan_workbook().save)
"""


def test_two_builds_in_processes_with_different_hash_seeds_are_byte_identical(tmp_path):
    """(Set and dict orders follow the hash seed; the build time is pinned, as the next test shows.)"""
    folders = [tmp_path / "a", tmp_path / "b"]
    runs = [subprocess.Popen([sys.executable, "-c", BUILD, str(folder)], env={**os.environ, "PYTHONHASHSEED": seed})
            for seed, folder in zip(("1", "2"), folders)]
    assert [run.wait() for run in runs] == [0, 0]
    built = sorted(p.name for p in folders[0].iterdir())
    assert built == sorted(p.name for p in folders[1].iterdir())
    assert {"insatsrapport.xlsx", "forbundsplan.xlsx", "sammanstallning.docx", "kvartalsrapport.docx"} <= set(built)
    for name in built:
        assert (folders[0] / name).read_bytes() == (folders[1] / name).read_bytes(), name


def test_a_rebuilt_template_carries_the_fixed_build_time(tmp_path):
    from toolkit.reproducible import save_reproducibly
    from toolkit.workbook import build_workbook

    path = save_reproducibly(tmp_path / "mall.xlsx", build_workbook().save)
    with zipfile.ZipFile(path) as zf:
        assert {info.date_time for info in zf.infolist()} == {BUILT}
        core = zf.read("docProps/core.xml").decode()
    assert core.count(">2026-01-01T00:00:00Z<") == 2  # created and modified


def test_the_committed_templates_were_saved_reproducibly():
    from toolkit.paths import data_dir

    committed = [*Path(data_dir("word_templates")).glob("*.docx"), *Path(data_dir("workbooks")).glob("*.xlsx")]
    assert len(committed) == 8
    for path in committed:
        with zipfile.ZipFile(path) as zf:
            assert {info.date_time for info in zf.infolist()} == {BUILT}, f"{path.name}: run `make template`"

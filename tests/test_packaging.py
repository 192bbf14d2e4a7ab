"""The built wheel holds the whole package: every module and data file a user's `pip install` needs.

An editable install (the test environment's) reads the source folder, so a subpackage or data folder
missing from pyproject.toml would pass every other test and break only for users.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The data folders at the top of the repository and where pyproject.toml installs them.
DATA = {"word_templates": "toolkit/word_templates", "macros": "toolkit/macros", "workbooks": "toolkit/workbooks"}


def _tracked() -> list[str]:
    return subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()


def test_the_wheel_holds_every_module_and_data_file(tmp_path):
    source = tmp_path / "src"
    files = _tracked()
    for name in files:  # a copy of the tracked files: the build writes build/ and egg-info beside them
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"),
                    str(source)], check=True, capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        built = set(zf.namelist())
    wanted = {name for name in files if name.startswith("toolkit/") and (name.endswith(".py") or "/fonts/" in name)}
    for folder, installed in DATA.items():
        wanted |= {installed + name[len(folder):] for name in files
                   if name.startswith(folder + "/") and name.endswith((".docx", ".bas", ".xlsx"))}
    assert len(wanted) > 60 and any(name.startswith("toolkit/plan/") for name in wanted)
    assert sorted(wanted - built) == []

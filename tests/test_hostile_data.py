"""Data files within limits: alias bombs, deep nesting, huge integers (issue 10, defect 10)."""

from __future__ import annotations

import resource
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLE
from hostile import ALIAS_BOMB_TEXT, FINSAM
from toolkit.datafile import load_data, read_mapping
from toolkit.errors import FinsamError
from toolkit.limits import DATA_DEPTH, DATA_FILE_BYTES, DATA_INT_DIGITS

def _error(path: Path) -> str:
    with pytest.raises(FinsamError) as info:
        read_mapping(path)
    assert str(path) in str(info.value)
    return info.value.message


def test_a_yaml_alias_bomb_is_refused_before_it_expands(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(ALIAS_BOMB_TEXT, encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert "alias" in _error(path)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50 * 1024
    done = subprocess.run([*FINSAM, "new", str(tmp_path / "ny.xlsx"), "--data", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stderr.startswith("Fel: ") and "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1 and not (tmp_path / "ny.xlsx").exists()


@pytest.mark.parametrize("suffix, text", [
    (".yaml", "a: " + "[" * 5000 + "]" * 5000 + "\n"),
    (".json", '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"),
    (".yaml", "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, DATA_DEPTH + 3)) + "  " * (DATA_DEPTH + 3) + "x: 1\n"),
])
def test_deep_nesting_is_refused(tmp_path, suffix, text):
    path = tmp_path / f"djup{suffix}"
    path.write_text(text, encoding="utf-8")
    assert "nivåer" in _error(path)


@pytest.mark.parametrize("suffix, text", [
    (".yaml", "version: 1\nforbund: " + "9" * 300 + "\n"),
    (".json", '{"version": ' + "9" * 5000 + "}"),
    (".yaml", "version: 1.0e+400\n"),
])
def test_huge_integers_are_refused(tmp_path, suffix, text):
    path = tmp_path / f"tal{suffix}"
    path.write_text(text, encoding="utf-8")
    message = _error(path)
    assert f"{DATA_INT_DIGITS} siffror" in message or "inte är ändligt" in message


def test_a_large_data_file_is_refused_unread(tmp_path):
    path = tmp_path / "stor.yaml"
    with open(path, "wb") as fh:
        fh.truncate(DATA_FILE_BYTES + 1)
    assert _error(path).startswith("Datafilen är för stor")


def test_ordinary_data_files_still_load(tmp_path):
    report = load_data(EXAMPLE)
    assert report.insats and report.aktiviteter
    anchors = tmp_path / "alias.yaml"
    anchors.write_text("x: &n 5\ny: [*n, *n]\n", encoding="utf-8")
    assert read_mapping(anchors) == {"x": 5, "y": [5, 5]}

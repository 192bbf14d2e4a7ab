"""The terminal on a big batch: progress "123/300 filer" and a writing phase, files left out grouped by
reason with what is wrong, wrapped between words, and Swedish plurals."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from toolkit.cli import consolidate as cli_consolidate
from toolkit.cli import progress
from toolkit.cli.consolidate import SHOWN_PER_REASON, left_out_lines, summary_line
from toolkit.consolidate.select import ANNAN_PERIOD, HAR_FEL, LeftOut, Selection
from toolkit.findings import Finding

LONG = ("Aktivitet 1: Inskrivna, under 30 år: ”ca 5” är inget tal. Skriv bara talet (5) utan text, "
        "och spara arbetsboken igen innan den skickas till förbundet")


def _selection(faulty: int, other_period: int) -> Selection:
    files = [Path(f"/in/fel_{k:02}.xlsx") for k in range(faulty)] + [Path(f"/in/annan_{k}.xlsx")
                                                                      for k in range(other_period)]
    sel = Selection("år 2025", files)
    for path in files[:faulty]:
        sel.findings.append(Finding("varning-x", "En varning först i listan.", "varning", str(path)))
        sel.findings.append(Finding("text-i-talcell", LONG, "fel", str(path), "Deltagare", "F20"))
        sel.left_out.append(LeftOut(path, HAR_FEL, "1 fel i filen; se bladet Kontroll i sammanställningen. Rätta "
                                                   "filen och sammanställ igen."))
    for path in files[faulty:]:
        sel.left_out.append(LeftOut(path, ANNAN_PERIOD, "Gäller kvartal 4 2024, inte år 2025."))
    return sel


def test_left_out_files_are_grouped_by_reason_with_the_first_error() -> None:
    lines = left_out_lines(_selection(2, 1), width=200)
    assert lines == [
        "Lämnades utanför (3 filer):",
        "  Har fel (2 filer):",
        f"    fel_00.xlsx: Deltagare!F20: {LONG}",
        f"    fel_01.xlsx: Deltagare!F20: {LONG}",
        "  Annan period (1 fil):",
        "    annan_0.xlsx: Gäller kvartal 4 2024, inte år 2025.",
    ]


def test_lines_wrap_between_words_and_long_groups_are_cut() -> None:
    lines = left_out_lines(_selection(SHOWN_PER_REASON + 3, 0), width=60)
    assert all(len(line) <= 60 for line in lines)
    words = set(LONG.split())
    body = [line for line in lines if line.startswith("      ")]  # continuation lines of a file
    assert body and all(word in words for line in body for word in line.split())
    assert lines[-1] == "    … och 3 filer till; alla står i bladet Ej medräknade."
    assert sum(line.startswith("    fel_") for line in lines) == SHOWN_PER_REASON


def test_summary_counts_in_good_swedish() -> None:
    sel = _selection(1, 2)
    sel.files = sel.files[:3]
    line = summary_line(sel)
    assert line.startswith("Läste 3 filer för år 2025: 0 räknades in (0 insatser), 3 lämnades utanför "
                           "(2 andra perioder, 1 har fel). 1 fel, 1 varning.")
    one = Selection("år 2025", [Path("/in/a.xlsx")])
    assert summary_line(one) == ("Läste 1 fil för år 2025: 0 räknades in (0 insatser), ingen lämnades utanför. "
                                 "0 fel, 0 varningar.")


def test_progress_counts_files_then_names_the_phase(monkeypatch) -> None:
    screen = io.StringIO()
    monkeypatch.setattr(progress, "err_console", Console(file=screen, force_terminal=True, width=100))
    assert progress.shown() and not progress.shown(quiet=True)
    with progress.progress_bar(True) as bar:
        assert bar is not None
        advance = bar.files("Läser och kontrollerar", 300)
        for _ in range(123):
            advance()
        bar._progress.refresh()
        assert "Läser och kontrollerar" in screen.getvalue() and "123/300 filer" in screen.getvalue()
        bar.phase("Skriver sammanstallning.xlsx")
        bar._progress.refresh()
        assert "Skriver sammanstallning.xlsx" in screen.getvalue()


def test_no_progress_when_not_a_terminal(monkeypatch) -> None:
    monkeypatch.setattr(progress, "err_console", Console(file=io.StringIO()))
    assert not progress.shown()
    with progress.progress_bar(progress.shown()) as bar:
        assert bar is None
    assert cli_consolidate.progress_bar is progress.progress_bar  # the command uses this display

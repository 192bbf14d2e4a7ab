"""Long (tidy) machine output: one row per insats × period × aktivitet × measure × group, as CSV or Parquet.

Rows stream from the consolidation's published selection (`figures.consolidation`, the one computation the
workbook and the Word summary use too); CSV is written row by row and Parquet in record batches, so a
national roll-up never holds the whole table in memory. Columns are documented in docs/consolidate.md.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterator

from ..catalog import TALLY_COLUMNS
from ..model import Count, InsatsRapport
from ..safe_output import csv_text
from ..schema import tally_rows
from ..textio import write_atomic
from .figures import Consolidation, bounded, budget, participants
from .mask import Masker
from .select import InsatsResult

COLUMNS = ("forbund", "insats", "huvudman", "period", "periodtyp", "fran", "till", "ackumulerad", "sammanstallt",
           "aktivitet", "matt", "grupp", "varde", "visat", "maskerad", "fil")
ALLA = "Alla aktiviteter"
BATCH = 50_000


def _same(value: Any) -> Any:
    return value


def _rows_of(report: InsatsRapport, head: list[Any], fil: str, m: Masker, flags: tuple[Any, Any],
             clean: Callable[[Any], Any] = _same, item: InsatsResult | None = None) -> Iterator[list[Any]]:
    """The report's rows; `flags` are the values written for (masked, not masked); `clean` is applied
    to every text taken from the report. For an insats over the selection (`item`) inskrivna are its
    participants (`figures.participants`, the ledger's: a range where only bounded)."""
    yes, no = flags
    fil = clean(fil)

    def count(aktivitet: str, matt: str, grupp: str, value: Any) -> list[Any] | None:
        if value is None:
            return None
        shown = m.count(value)
        if type(shown) is str:
            return [*head, aktivitet, matt, grupp, None, shown, yes, fil]
        return [*head, aktivitet, matt, grupp, shown, str(shown), no, fil]

    def amount(matt: str, grupp: str, value: float | None) -> list[Any] | None:
        if value is None:
            return None
        return [*head, "", matt, grupp, value, str(value), no, fil]

    rows: list[list[Any] | None] = []
    span = item.deltagare if item is not None else None
    by_name = {" ".join(k.split()).casefold(): v for k, v in span.aktiviteter.items()} if span else {}
    for akt_name, source in [*((clean(a.namn), a) for a in report.aktiviteter), (ALLA, None)]:
        for row in tally_rows():
            tally = source.row(row) if source is not None else report.total(row)
            values = {c: tally.get(c) for c in TALLY_COLUMNS}
            if row == "inskrivna" and item is not None and source is None:
                values = participants(item)  # the insats's participants, as Översikt and Uppföljning Finsam
            elif row == "inskrivna" and span is not None and source is not None:
                lo, hi = by_name.get(" ".join(source.namn.split()).casefold(), (Count(), Count()))
                values = {c: bounded(lo.get(c), hi.get(c)) for c in TALLY_COLUMNS}
            rows += [count(akt_name, row, column, values[column]) for column in TALLY_COLUMNS]
        utanfor = source.utanfor_uppfoljning if source is not None else report.utanfor_uppfoljning()
        rows.append(count(akt_name, "utanfor_uppfoljning", "antal", utanfor))
    rows += [count(ALLA, "remittent", clean(k), v) for k, v in report.remittenter.items()]
    rows += [count(ALLA, "avslutsanledning", clean(k), v) for k, v in report.avslutsanledningar.items()]
    for line in report.ekonomi.rader:
        for column in ("budget", "utfall_period", "utfall_ackumulerat", "prognos"):
            rows.append(amount(column, clean(line.kategori), getattr(line, column)))
    rows.append(amount("budget_insats", "", budget(report)))  # the budget of Översikt and Ekonomi
    rows += [amount("finansiering", clean(k), v) for k, v in report.ekonomi.finansiering.items()]
    return (r for r in rows if r is not None)


def rows(done: Consolidation, text: bool = False) -> Iterator[list[Any]]:
    """Every tidy row: first each insats's figures over the selection (sammanstallt), then each report,
    all from the published selection.

    With `text`, dates and flags come as the CSV writes them ("2025-01-01", "true"), once per report."""
    m = done.masker
    flags: tuple[Any, Any] = ("true", "false") if text else (True, False)
    clean = csv_text if text else _same

    def head(r: InsatsRapport, code: str, combined: bool) -> list[Any]:
        values = [r.forbund, r.insats, r.huvudman, code, r.period.kind if r.period else "", r.start, r.slut,
                  r.ackumulerad, combined]
        if text:
            values[:3] = [csv_text(v) for v in values[:3]]
            values[5:7] = [d.isoformat() if isinstance(d, date) else "" for d in values[5:7]]
            values[7:9] = [flags[0] if v else flags[1] for v in values[7:9]]
        return values

    for item in done.pub.insatser:
        r = item.report
        codes = "+".join(p.report.period.code for p in item.parts if p.in_sum and p.report.period)
        yield from _rows_of(r, head(r, codes, True), ";".join(p.path.name for p in item.parts if p.in_sum), m, flags,
                            clean, item)
        for part in item.parts:
            p = part.report
            yield from _rows_of(p, head(p, p.period.code if p.period else "", False), part.path.name, m, flags,
                                clean)


def write_csv(path: Path, done: Consolidation) -> Path:
    """UTF-8, comma-separated, decimal point, ISO dates, true/false, empty for missing; text that a
    spreadsheet program would run as a formula is neutralised (`toolkit.safe_output.csv_text`)."""
    def write(tmp: Path) -> None:
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(COLUMNS)
            out.writerows(rows(done, text=True))  # csv writes None as an empty field

    return write_atomic(path, write)


UPPFOLJNING_CSV = "uppfoljning-finsam.csv"


def write_uppfoljning_csv(path: Path, done: Consolidation) -> Path:
    """uppfoljning-finsam.csv: the Uppföljning Finsam sheet's rows (one per insats, no total), UTF-8, text
    neutralised as in sammanstallning.csv."""
    table = done.table("Uppföljning Finsam")

    def write(tmp: Path) -> None:
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow([c.label for c in table.columns])
            out.writerows([csv_text(value) for value in row] for row in table.rows)

    return write_atomic(path, write)


def write_parquet(path: Path, done: Consolidation) -> Path:
    """The same rows as typed Parquet columns (dates as date32, varde as float64, flags as bool)."""
    import pyarrow as pa  # imported only when Parquet is asked for
    import pyarrow.parquet as pq

    schema = pa.schema([
        ("forbund", pa.string()), ("insats", pa.string()), ("huvudman", pa.string()), ("period", pa.string()),
        ("periodtyp", pa.string()), ("fran", pa.date32()), ("till", pa.date32()), ("ackumulerad", pa.bool_()),
        ("sammanstallt", pa.bool_()), ("aktivitet", pa.string()), ("matt", pa.string()), ("grupp", pa.string()),
        ("varde", pa.float64()), ("visat", pa.string()), ("maskerad", pa.bool_()), ("fil", pa.string()),
    ])

    def flush(writer: Any, batch: list[list[Any]]) -> None:
        columns = list(zip(*batch)) if batch else [[] for _ in COLUMNS]
        arrays = [pa.array(col, type=schema.field(i).type) for i, col in enumerate(columns)]
        writer.write_table(pa.Table.from_arrays(arrays, schema=schema))

    def write(tmp: Path) -> None:
        with pq.ParquetWriter(str(tmp), schema) as writer:
            batch: list[list[Any]] = []
            for row in rows(done):
                row[12] = None if row[12] is None else float(row[12])
                batch.append(row)
                if len(batch) >= BATCH:
                    flush(writer, batch)
                    batch = []
            if batch:
                flush(writer, batch)

    return write_atomic(path, write)

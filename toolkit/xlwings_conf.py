"""The settings sheet `xlwings.conf` of the macro-enabled workbook: what it holds and how it is read.

xlwings reads the sheet from A1 down to the first empty cell in column A, and a key found there
wins over the PC's own `%USERPROFILE%\\.xlwings\\xlwings.conf` even when its value is empty. So the
sheet holds only settings with a value (and our own `Rapportmapp`): the interpreter comes from the
user's or IT's config unless someone sets it in the workbook, and a roll-forward carries every
setting a user made. No openpyxl here: the Excel buttons read the sheet too.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

#: The sheet name is fixed by xlwings.
CONF_SHEET = "xlwings.conf"
#: Our own key: the folder reports are written to (empty: next to the workbook).
REPORT_FOLDER_KEY = "Rapportmapp"
#: The Python the buttons start on Windows (xlwings' key); absent: the PC's config, else PATH.
INTERPRETER_KEY = "Interpreter_Win"
#: Always written: the toolkit is an installed package, and a OneDrive or SharePoint address as the
#: workbook's folder would have to be resolved before our code runs.
FIXED: dict[str, Any] = {"ADD_WORKBOOK_TO_PYTHONPATH": False}


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and value.strip() == "")


def conf_rows(settings: Mapping[str, Any] | None = None) -> list[tuple[str, Any]]:
    """The sheet's rows: the fixed keys, `Rapportmapp` (possibly empty), then every other set value.

    `settings` are carried from an earlier workbook or given by the caller; their keys keep the
    spelling they had (xlwings compares keys in upper case, and so do we).
    """
    settings = dict(settings or {})
    by_upper = {key.upper(): key for key in settings}
    rows: list[tuple[str, Any]] = list(FIXED.items())
    folder = settings.get(by_upper.get(REPORT_FOLDER_KEY.upper(), ""), "")
    rows.append((REPORT_FOLDER_KEY, folder if _given(folder) else ""))
    taken = {key.upper() for key, _ in rows}
    rows += [(key, value) for key, value in settings.items() if key.upper() not in taken and _given(value)]
    return rows


def read_rows(rows: Iterable[Sequence[Any]]) -> dict[str, Any]:
    """{key: value} as xlwings reads the sheet: from the first row down to the first empty key."""
    settings: dict[str, Any] = {}
    for row in rows:
        key = row[0] if row else None
        if not _given(key):
            break
        settings[str(key).strip()] = row[1] if len(row) > 1 else None
    return settings


"""Skapa rapport: Word reports from the model with docxtpl, one template per report type, and PDF.

`create_report(report, out)` renders the toolkit's template (or a förbund's own) in a sandbox;
`to_pdf(docx)` converts through LibreOffice. See docs/reports.md for the template variables.

The names below are imported on first use: the consolidation needs only the goal assessment
(`toolkit.report.goals`), and importing python-docx and Jinja for it would delay every run.
"""

from importlib import import_module
from typing import Any

_FROM = {"build_context": "context", "create_report": "render", "default_output": "render",
         "template_path": "render", "to_pdf": "pdf", "to_pdf_beside": "pdf", "to_pdf_many": "pdf"}
__all__ = list(_FROM)


def __getattr__(name: str) -> Any:
    if name not in _FROM:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_FROM[name]}", __name__), name)

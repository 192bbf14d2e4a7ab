"""Skapa rapport: Word reports from the model with docxtpl, one template per report type, and PDF.

`create_report(report, out)` renders the toolkit's template (or a förbund's own) in a sandbox;
`to_pdf(docx)` converts through LibreOffice. See docs/reports.md for the template variables.
"""

from .context import build_context
from .pdf import to_pdf, to_pdf_beside, to_pdf_many
from .render import create_report, default_output, template_path

__all__ = ["build_context", "create_report", "default_output", "template_path", "to_pdf", "to_pdf_beside",
           "to_pdf_many"]

"""Make python-docx documents Swedish: proofing language sv-SE and honest document properties.

python-docx's default template says en-US (Word would mark every Swedish word as misspelled),
"python-docx" as creator and a creation date in 2013.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from docx.oxml.ns import qn

from .safe_output import AUTHOR

LANGUAGE = "sv-SE"


def make_swedish(document: Any) -> None:
    """Set the default proofing language of every style and the theme font language to Swedish."""
    for lang in document.styles.element.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANGUAGE)
        lang.set(qn("w:eastAsia"), LANGUAGE)
    for lang in document.settings.element.iter(qn("w:themeFontLang")):
        lang.set(qn("w:val"), LANGUAGE)


def set_properties(document: Any, title: str, when: datetime | None = None) -> None:
    """Title, author, language and dates of a document the toolkit writes."""
    when = when or datetime.now(timezone.utc).replace(microsecond=0)
    props = document.core_properties
    props.title = title
    props.author = props.last_modified_by = AUTHOR
    props.language = LANGUAGE
    props.created = props.modified = when
    props.comments = props.keywords = props.subject = ""
    props.revision = 1

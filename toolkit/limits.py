"""The limits that keep hostile or unlucky input from hanging the toolkit or eating memory.

Declared once here; docs/security.md lists them and says which test proves each one.
"""

from __future__ import annotations

MB = 1024 * 1024

#: A workbook file larger than this is refused before it is read (it is read into memory once).
WORKBOOK_FILE_BYTES = 100 * MB
#: Largest uncompressed part of a workbook (declared in the zip directory and actually inflated).
WORKBOOK_PART_BYTES = 64 * MB
#: Largest sum of uncompressed parts of one workbook (declared, and actually inflated for its XML parts).
WORKBOOK_TOTAL_BYTES = 256 * MB

#: A data file (YAML or JSON) larger than this is refused before it is parsed.
DATA_FILE_BYTES = 5 * MB
#: Deepest nesting of lists and mappings in a data file.
DATA_DEPTH = 20
#: Most values a data file may hold, YAML aliases counted each time they are used.
DATA_NODES = 200_000
#: Longest integer in a data file, in digits.
DATA_INT_DIGITS = 20

#: An own Word template (--mall) larger than this is refused unread; its parts are bounded as a workbook's.
TEMPLATE_FILE_BYTES = 50 * MB
#: Longest time (wall clock, and CPU time) filling in one own template may take, in seconds.
TEMPLATE_SECONDS = 60
#: Memory an own template may use while it is filled in, beyond what the process already holds.
TEMPLATE_MEMORY_BYTES = 512 * MB
#: Largest document (all its parts uncompressed) an own template may produce; also bounds `*` in templates.
TEMPLATE_OUTPUT_BYTES = 50 * MB

#: The documented peak memory of one command on the hostile corpus (tests measure it).
MEMORY_CAP_BYTES = 1024 * MB

"""The workbook's colours, declared once as RGB hex: the builder, the checked copy and the Excel
buttons (which must not import openpyxl: a click's cold start) all take them from here."""

INPUT = "FFF2CC"  # yellow: typed by staff
COMPUTED = "EDEDED"  # grey: a live formula
HEADER = "1F4E78"  # dark blue table headers (white text)
#: Marks of a check, by severity: red for an error, orange for a warning (never the inputs' yellow).
MARKS = {"fel": "FFC7CE", "varning": "F8CBAD"}
#: The text colour that goes with each mark.
MARK_TEXT = {"fel": "9C0006", "varning": "843C0C"}

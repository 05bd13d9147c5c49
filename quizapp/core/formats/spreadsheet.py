"""Cells a spreadsheet would run as formulas (OWASP "CSV injection"), and reading them back.

Excel, LibreOffice and Google Sheets treat a cell that begins with `=`, `+`, `-` or `@` (or a tab
or carriage return before one) as a formula: `=HYPERLINK("http://…", "Click")` in a question's
stem would run when an instructor opens the export. Every CSV quizapp writes puts a single quote
before such a cell, which spreadsheets take to mean "text", and quizapp's CSV importer reads that
quote back off, so an export imported again gives the same text.

To keep that round trip exact, text that already starts with quotes followed by one of those
characters gets one more quote (and loses exactly one when read): `escape_cell` and
`unescape_cell` are inverses for every string.
"""

from __future__ import annotations

import re

_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")


def escape_cell(text: str) -> str:
    return "'" + text if _FORMULA_START.match(text) else text


def unescape_cell(text: str) -> str:
    return text[1:] if text.startswith("'") and _FORMULA_START.match(text, 1) else text

"""Which format a file is in: a known extension decides, else the content (DESIGN.md).

`.gift`, `.xml`, `.csv` and `.json` say what they hold (a GIFT file may well start with `{`).
Otherwise — a `.txt` may hold GIFT or Aiken, a Moodle export may be saved without `.xml` — the
content decides: XML by its `<quiz` element, JSON by a leading `{`, CSV by a header row naming
quizapp's columns, and GIFT against Aiken by counting each one's marks.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from quizapp.core.formats.csv_format import COLUMNS, REQUIRED_COLUMNS, column_name

FORMATS = ("gift", "aiken", "moodle-xml", "csv", "json")

_BY_SUFFIX = {".gift": "gift", ".xml": "moodle-xml", ".csv": "csv", ".json": "json"}
_HEAD_CHARS = 65_536
_AIKEN_ANSWER = re.compile(r"^[ \t]*ANSWER[ \t]*:[ \t]*[A-Za-z][ \t]*$", re.M | re.I)
_AIKEN_OPTION = re.compile(r"^[ \t]*[A-Z][.)][ \t]+\S", re.M)
_GIFT_BLOCK = re.compile(r"(?<!\\)\{[^{}]*(?<!\\)\}")
_GIFT_MARKS = re.compile(r"^[ \t]*(?:::|\$CATEGORY:)", re.M)


def _looks_like_csv(head: str) -> bool:
    first = next((line for line in head.split("\n") if line.strip()), "")
    if first.startswith("sep="):
        first = next((line for line in head.split("\n")[1:] if line.strip()), "")
    for delimiter in (",", ";"):
        names = {column_name(cell.strip().strip('"')) for cell in first.split(delimiter)}
        if set(REQUIRED_COLUMNS) <= names or len(names & set(COLUMNS)) >= 4:
            return True
    return False


def detect_format(text: str, filename: str | PurePath | None = None) -> str | None:
    """The format name (one of FORMATS) of `text`, or None when it cannot be told."""
    suffix = PurePath(filename).suffix.lower() if filename else ""
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    head = text[:_HEAD_CHARS].lstrip("\ufeff \t\n")
    if head.startswith("<"):
        if "<quiz" in head or head.startswith("<?xml"):
            return "moodle-xml"
        return None
    if head.startswith("{"):
        return "json"
    if _looks_like_csv(head):
        return "csv"
    gift_score = len(_GIFT_BLOCK.findall(head)) + len(_GIFT_MARKS.findall(head))
    aiken_score = len(_AIKEN_ANSWER.findall(head))
    if aiken_score and not _AIKEN_OPTION.search(head):
        aiken_score = 0
    if gift_score > aiken_score:
        return "gift"
    if aiken_score > gift_score:
        return "aiken"
    return None

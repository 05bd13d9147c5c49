"""Writes questions as the CSV sheet our importer reads (issue #8's header, plus `tags`).

One row per question; `key` is letters (`B`, `A|C`), `citations` are `source#locator` joined
by `|`. Images become files in a folder beside the sheet — `<folder>/<question id>/<name>` —
named in the `media` column relative to the sheet, so the importer finds them again and the
names inside the question's HTML still match. Written as UTF-8 with a byte-order mark and CRLF
line ends, which is what Excel needs to open accented text correctly. A cell that a spreadsheet
would run as a formula (`=…`, `+…`, `-…`, `@…`) gets a leading single quote, which the importer
reads back off (formats.spreadsheet).

A `|` inside one citation or tag is written `\\|` (and a backslash `\\\\`), which the reader
unescapes; the `text_format` column says which questions hold HTML.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from quizapp.core.formats.csv_format import FEEDBACK_COLUMNS, OPTION_COLUMNS, columns_for
from quizapp.core.formats.fields import join_list
from quizapp.core.formats.spreadsheet import escape_cell
from quizapp.core.questions import LETTERS, QuestionData

_UNSAFE = re.compile(r"[^\w.\- ]+")


@dataclass(frozen=True)
class Sheet:
    text: str
    files: tuple[tuple[str, bytes], ...]  # (path relative to the sheet, with "/"), contents


def safe_name(name: str, fallback: str) -> str:
    """A file or folder name that is the same on every system (no separators, no dot first)."""
    cleaned = _UNSAFE.sub("_", name).strip(" .")
    return cleaned[:120] or fallback


def _row(question: QuestionData, media: list[str]) -> dict[str, str]:
    row = {
        "id": question.ext_id or "",
        "domain": question.domain or "",
        "subdomain": question.subdomain or "",
        "topic": question.topic or "",
        "difficulty": "" if question.difficulty is None else str(question.difficulty),
        "kind": question.kind,
        "stem": question.stem,
        "key": "|".join(LETTERS[i] for i, c in enumerate(question.choices) if c.is_correct),
        "rationale": question.rationale,
        "citations": join_list([f"{c.source}#{c.locator}" for c in question.citations]),
        "media": "|".join(media),
        "tags": join_list(list(question.tags)),
        "text_format": question.text_format,
    }
    for index, choice in enumerate(question.choices[: len(LETTERS)]):
        row[OPTION_COLUMNS[index]] = choice.text
        row[FEEDBACK_COLUMNS[index]] = choice.feedback
    return row


def write_csv(questions: Sequence[QuestionData], media_folder: str = "media") -> Sheet:
    """The sheet's text and the image files to write beside it (under `media_folder`)."""
    buffer = io.StringIO()
    widest = max((len(q.choices) for q in questions), default=0)
    writer = csv.DictWriter(buffer, fieldnames=list(columns_for(widest)), restval="", extrasaction="ignore",
                            lineterminator="\r\n")
    writer.writeheader()
    files: list[tuple[str, bytes]] = []
    folders: set[str] = set()
    for number, question in enumerate(questions, start=1):
        paths = []
        if question.media:
            folder = safe_name(question.ext_id or "", f"question-{number}")
            while folder.casefold() in folders:  # two ids that clean to the same name
                folder = f"{folder}-{number}"
            folders.add(folder.casefold())
            for index, item in enumerate(question.media, start=1):
                relative = f"{media_folder}/{folder}/{safe_name(item.name, f'image-{index}')}"
                files.append((relative, item.data))
                paths.append(relative)
        writer.writerow({column: escape_cell(cell) for column, cell in _row(question, paths).items()})
    return Sheet("\ufeff" + buffer.getvalue(), tuple(files))

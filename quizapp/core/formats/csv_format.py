"""CSV question sheets, as instructors keep them in Excel or Google Sheets.

One question per row under a header row naming the columns (any order, any case):
`id, domain, subdomain, topic, difficulty, kind, stem, option_a … option_h, key, rationale,
feedback_a … feedback_h, citations, media` (and optionally `tags`; `option_i` … `option_z` for
questions with more options). Only `stem`, two options and `key` are required. Comma or
semicolon separated (Excel in many locales writes semicolons), quoted fields may span lines; a
problem names the first line of its row. A cell written `'=…`
(a single quote before `=`, `+`, `-` or `@`: how spreadsheets, and quizapp's own export, keep a
formula-like text from running) is read as the text after the quote.
"""

from __future__ import annotations

import csv
import io
import mimetypes
import re
from pathlib import Path
from typing import Any

from quizapp.core.errors import UserError
from quizapp.core.formats.base import ParseResult
from quizapp.core.formats.checks import as_true_false
from quizapp.core.formats.collect import QuestionLimitReached, ResultCollector
from quizapp.core.formats.fields import (
    FieldError,
    parse_citation_list,
    parse_difficulty,
    resolve_domain,
    split_list,
)
from quizapp.core.formats.limits import MAX_MEDIA_BYTES, megabytes
from quizapp.core.formats.spreadsheet import unescape_cell
from quizapp.core.questions import LETTERS, Choice, Media, QuestionData, QuestionKind
from quizapp.core.user_files import irregular, read_user_file

OPTION_COLUMNS = tuple(f"option_{letter.lower()}" for letter in LETTERS)
FEEDBACK_COLUMNS = tuple(f"feedback_{letter.lower()}" for letter in LETTERS)
COLUMNS = (
    "id", "domain", "subdomain", "topic", "difficulty", "kind", "stem", *OPTION_COLUMNS, "key",
    "rationale", *FEEDBACK_COLUMNS, "citations", "media", "tags", "text_format",
)  # fmt: skip
REQUIRED_COLUMNS = ("stem", "option_a", "option_b", "key")
USUAL_OPTIONS = 8  # a written sheet has option_a … option_h, more only when a question needs them


def columns_for(options: int) -> tuple[str, ...]:
    """The header a sheet whose widest question has `options` options is written with."""
    width = max(options, USUAL_OPTIONS)
    dropped = set(OPTION_COLUMNS[width:]) | set(FEEDBACK_COLUMNS[width:])
    return tuple(name for name in COLUMNS if name not in dropped)
KINDS: tuple[QuestionKind, ...] = ("single", "multiple", "truefalse")

_EXCEL_SEPARATOR_LINE = re.compile(r"sep=(.)\s*")
_CSV_MESSAGES = {
    "unexpected end of data": "a quoted field that starts on this row is never closed with \"",
    "expected after": 'a closing quote is followed by more text in the same field (write "" for '
    "a quote inside a quoted field)",
    "field larger than field limit": "a field is longer than CSV allows (131,072 characters)",
    "new-line character seen in unquoted field": "a field holds a line break but is not quoted",
}


def column_name(header: str) -> str:
    return "_".join(header.strip().lower().replace("-", " ").split())


def _csv_message(raw: str) -> str:
    for key, message in _CSV_MESSAGES.items():
        if key in raw:
            return message
    return "this row could not be read as CSV"


def _letters_range(count: int) -> str:
    return "A" if count == 1 else f"A–{LETTERS[count - 1]}"


def _delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


class _CsvReader:
    def __init__(self, base_dir: Path | None) -> None:
        self.out = ResultCollector()
        self.base_dir = base_dir

    def read(self, text: str) -> ParseResult:
        lines = text.split("\n", 1)
        delimiter = None
        offset = 0
        separator = _EXCEL_SEPARATOR_LINE.fullmatch(lines[0])
        if separator:  # Excel's "sep=;" hint line
            delimiter = separator.group(1)
            text = lines[1] if len(lines) > 1 else ""
            offset = 1
        if delimiter is None:
            first = next((line for line in text.split("\n", 50)[:50] if line.strip()), "")
            delimiter = _delimiter(first)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        try:
            self._read_rows(reader, offset)
        except QuestionLimitReached:
            pass
        return self.out.result

    def _read_rows(self, reader: Any, offset: int) -> None:  # a csv.reader (typeshed keeps its type private)
        columns: list[str] | None = None
        previous_end = 0
        while True:
            start = previous_end + 1 + offset
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                self.out.error(start, _csv_message(str(exc)))
                return
            previous_end = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if columns is None:
                columns = self._read_header(start, row)
                if columns is None:
                    return
                continue
            self.out.question_started()
            self._read_row(start, columns, row)
        if columns is None:
            self.out.error(None, "the file has no header row")

    def _read_header(self, line: int, row: list[str]) -> list[str] | None:
        columns = [column_name(cell) for cell in row]
        missing = [name for name in REQUIRED_COLUMNS if name not in columns]
        if missing:
            self.out.error(
                line,
                f"the header row has no {', '.join(repr(m) for m in missing)} column; "
                f"required: {', '.join(REQUIRED_COLUMNS)}",
            )
            return None
        seen: set[str] = set()
        for name in columns:
            if name in seen and name:
                self.out.error(line, f"the header row names the column '{name}' twice")
                return None
            seen.add(name)
            if name and name not in COLUMNS:
                self.out.warn(line, f"the column '{name}' is not a quizapp column and is ignored")
        return columns

    def _read_row(self, line: int, columns: list[str], row: list[str]) -> None:
        if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns) :]):
            self.out.error(
                line,
                f"the row has {len(row)} fields but the header has {len(columns)} (an unquoted "
                "comma or semicolon inside a field?)",
            )
            return
        # A short row leaves its last cells missing (strict=False), as the checks below expect.
        record = {name: unescape_cell(cell.strip()) for name, cell in zip(columns, row, strict=False) if name}
        problems: list[str] = []
        question = self._question(record, problems)
        if problems or question is None:
            for message in problems:
                self.out.error(line, message)
            return
        self.out.add(line, question)

    def _question(self, record: dict[str, str], problems: list[str]) -> QuestionData | None:
        options = [record.get(name, "") for name in OPTION_COLUMNS]
        count = max((i + 1 for i, text in enumerate(options) if text), default=0)
        for index in range(count):
            if not options[index]:
                problems.append(f"option {LETTERS[index]} has no text")
        key = self._key(record.get("key", ""), count, problems)
        kind = self._kind(record.get("kind", ""), key, problems)
        choices = tuple(
            Choice(options[i], LETTERS[i] in key, record.get(FEEDBACK_COLUMNS[i], ""))
            for i in range(count)
        )
        if kind == "truefalse":
            ordered = as_true_false(choices)
            if ordered is None:
                problems.append("a true/false question must have the options True and False")
            else:
                choices = ordered
        try:
            domain, subdomain = resolve_domain(record.get("domain"), record.get("subdomain"))
            difficulty = parse_difficulty(record.get("difficulty"))
            citations = parse_citation_list(record.get("citations", ""))
        except FieldError as exc:
            problems.append(str(exc))
            return None
        media = self._media(record.get("media", ""), problems)
        if problems or kind is None:
            return None
        return QuestionData(
            stem=record.get("stem", ""),
            choices=choices,
            kind=kind,
            ext_id=record.get("id") or None,
            domain=domain,
            subdomain=subdomain,
            topic=record.get("topic") or None,
            difficulty=difficulty,
            rationale=record.get("rationale", ""),
            citations=citations,
            media=media,
            tags=tuple(split_list(record.get("tags", ""))),
            text_format="html" if record.get("text_format", "").strip().lower() == "html" else "plain",
        )

    @staticmethod
    def _key(raw: str, count: int, problems: list[str]) -> str:
        if not raw:
            problems.append(
                "the key is empty; it names the correct option letter(s), e.g. B or A|C"
            )
            return ""
        letters = [part.upper() for part in re.split(r"[|,;\s]+", raw) if part]
        for letter in letters:
            if len(letter) != 1 or letter not in LETTERS[: max(count, 1)] or count == 0:
                options = f"the options are {_letters_range(count)}" if count else "no options"
                problems.append(f"key '{letter}' names no option ({options})")
                return ""
        return "".join(dict.fromkeys(letters))

    @staticmethod
    def _kind(raw: str, key: str, problems: list[str]) -> QuestionKind | None:
        if not raw:
            return "multiple" if len(key) > 1 else "single"
        kind = raw.lower().replace("-", "").replace("_", "").replace(" ", "")
        for known in KINDS:
            if kind == known:
                return known
        problems.append(f"kind '{raw}' must be single, multiple or truefalse")
        return None

    def _media(self, raw: str, problems: list[str]) -> tuple[Media, ...]:
        media = []
        for name in (part.strip() for part in raw.split("|")):
            if not name:
                continue
            found = self._read_media(name, problems)
            if found is not None:
                media.append(found)
        return tuple(media)

    def _read_media(self, name: str, problems: list[str]) -> Media | None:
        """The image at `name`, relative to the CSV file: a regular file inside its folder once
        every link is resolved (a shared sheet must not be able to pull arbitrary files from the
        computer into the question bank: `evil.png -> /etc/passwd`, `up.png -> ../secret.png`)."""
        if self.base_dir is None:
            problems.append(f"media '{name}' cannot be read: the CSV file's folder is not known")
            return None
        relative = Path(name.replace("\\", "/"))
        mime = mimetypes.guess_type(relative.name)[0] or ""
        if relative.is_absolute() or ".." in relative.parts:
            problems.append(f"media '{name}' must be a path inside the CSV file's folder")
            return None
        if not mime.startswith("image/"):
            problems.append(f"media '{name}' is not an image (PNG, JPEG, GIF or WebP)")
            return None
        try:
            folder = self.base_dir.resolve(strict=True)
            path = (self.base_dir / relative).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):  # missing, a loop of links, or a NUL no file name holds
            problems.append(f"media file '{name}' was not found next to the CSV file")
            return None
        if not path.is_relative_to(folder):
            problems.append(f"media '{name}' is a link that leads outside the CSV file's folder; "
                            "copy the image itself into the folder")
            return None
        kind = irregular(path)
        if kind is not None:  # a pipe would wait for ever, a device never ends
            problems.append(f"media '{name}' is {kind}, not an image file")
            return None
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        if size > MAX_MEDIA_BYTES:
            problems.append(f"media file '{name}' is {megabytes(size)}; the limit is {megabytes(MAX_MEDIA_BYTES)}")
            return None
        try:  # opened without waiting, checked again once open, read no further than the limit
            data = read_user_file(path, MAX_MEDIA_BYTES, "an image")
        except UserError as exc:
            problems.append(f"media file '{name}' could not be read: {exc.message}")
            return None
        return Media(relative.name, mime, data)


def parse_csv(text: str, base_dir: Path | None = None) -> ParseResult:
    """Every question row of a CSV sheet; `base_dir` is the folder `media` paths start from."""
    return _CsvReader(base_dir).read(text.removeprefix("\ufeff"))

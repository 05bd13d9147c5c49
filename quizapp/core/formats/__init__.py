"""Parsers for the question formats instructors already have. None of them touches the database.

`parse_file` and `parse_bytes` are the entry points: they decode the bytes, pick the format
(given, or detected from the content), run its parser and promise never to raise — every
problem comes back as a `Problem(line, message)` an instructor can act on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from quizapp.core.formats.aiken import parse_aiken
from quizapp.core.formats.base import ParsedItem, ParseResult, Problem
from quizapp.core.formats.csv_format import parse_csv
from quizapp.core.formats.decode import UndecodableText, decode_bytes
from quizapp.core.formats.detect import FORMATS, detect_format
from quizapp.core.formats.gift import parse_gift
from quizapp.core.formats.json_format import parse_json
from quizapp.core.formats.limits import MAX_FILE_BYTES, MAX_QUESTIONS, file_too_large_message
from quizapp.core.formats.moodle_xml import parse_moodle_xml
from quizapp.core.formats.sanitize import sanitize_html
from quizapp.core.user_files import irregular

__all__ = [
    "FORMATS",
    "MAX_FILE_BYTES",
    "MAX_QUESTIONS",
    "ParseResult",
    "ParsedItem",
    "Problem",
    "detect_format",
    "parse_aiken",
    "parse_bytes",
    "parse_csv",
    "parse_file",
    "parse_gift",
    "parse_json",
    "parse_moodle_xml",
    "parse_text",
    "sanitize_html",
]

UNKNOWN_FORMAT = "unknown"
_FORMAT_LABELS = {
    "gift": "GIFT",
    "aiken": "Aiken",
    "moodle-xml": "Moodle XML",
    "csv": "CSV",
    "json": "quizapp JSON",
}


def _failed(problem: Problem, warnings: list[str] | None = None) -> ParseResult:
    return ParseResult(errors=[problem], warnings=list(warnings or []))


def parse_text(text: str, fmt: str, base_dir: Path | None = None) -> ParseResult:
    """Run the parser for `fmt` (one of FORMATS) on decoded text; `base_dir` is where CSV media
    paths start. Adds a whole-file error when the file holds no questions at all."""
    parsers: dict[str, Callable[[str], ParseResult]] = {
        "gift": parse_gift,
        "aiken": parse_aiken,
        "moodle-xml": parse_moodle_xml,
        "csv": lambda t: parse_csv(t, base_dir),
        "json": parse_json,
    }
    result = parsers[fmt](text)
    if not (result.items or result.skipped or result.errors):
        result.errors.append(
            Problem(None, f"no questions were found in this file (read as {_FORMAT_LABELS[fmt]})")
        )
    return result


def parse_bytes(
    data: bytes, fmt: str | None = None, filename: str | Path | None = None
) -> tuple[str, ParseResult]:
    """Decode and parse `data`; returns the format used (or "unknown") and the result.

    `filename` helps detection break ties and, for CSV, locates media files (relative to its
    folder). Never raises.
    """
    if fmt is not None and fmt not in FORMATS:
        choices = ", ".join(FORMATS)
        return UNKNOWN_FORMAT, _failed(Problem(None, f"unknown format '{fmt}'; choose {choices}"))
    if len(data) > MAX_FILE_BYTES:
        return fmt or UNKNOWN_FORMAT, _failed(Problem(None, file_too_large_message(len(data))))
    try:
        decoded = decode_bytes(data)
    except UndecodableText as exc:
        return fmt or UNKNOWN_FORMAT, _failed(exc.problem)
    warnings = list(decoded.warnings)
    chosen = fmt or detect_format(decoded.text, filename)
    if chosen is None:
        problem = Problem(
            None,
            "could not tell which format this file is in; give it with --format "
            "(gift, aiken, moodle-xml, csv or json)",
        )
        return UNKNOWN_FORMAT, _failed(problem, warnings)
    base_dir = Path(filename).parent if filename else None
    try:
        result = parse_text(decoded.text, chosen, base_dir)
    except Exception:  # a last guard: a parser bug must surface as a message, not a traceback
        result = _failed(
            Problem(None, f"quizapp could not read this {_FORMAT_LABELS[chosen]} file; "
                    "please report the file to the quizapp developers")
        )
    result.warnings[:0] = warnings
    return chosen, result


def parse_file(path: Path, fmt: str | None = None) -> tuple[str, ParseResult]:
    """Read and parse the file at `path` (see parse_bytes). Never raises, and never waits: a
    device or a named pipe is refused before it is opened (as ImportService.preview does)."""
    path = Path(path)
    kind = irregular(path)
    if kind is not None and kind != "a folder":
        return fmt or UNKNOWN_FORMAT, _failed(Problem(None, f"this is {kind}, not a file quizapp imports"))
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return fmt or UNKNOWN_FORMAT, _failed(Problem(None, file_too_large_message(size)))
        data = path.read_bytes()
    except FileNotFoundError:
        return fmt or UNKNOWN_FORMAT, _failed(Problem(None, "the file does not exist"))
    except IsADirectoryError:
        return fmt or UNKNOWN_FORMAT, _failed(Problem(None, "this is a folder, not a file"))
    except PermissionError:
        return fmt or UNKNOWN_FORMAT, _failed(Problem(None, "quizapp may not read this file"))
    except OSError:
        return fmt or UNKNOWN_FORMAT, _failed(Problem(None, "the file could not be read"))
    return parse_bytes(data, fmt, path)

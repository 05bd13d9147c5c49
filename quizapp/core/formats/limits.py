"""Size limits every import obeys, so a mistaken or hostile file cannot exhaust the machine."""

from __future__ import annotations

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_QUESTIONS = 20_000
# Moodle XML nests a handful of levels; anything far deeper is not a quiz and only costs memory.
MAX_XML_DEPTH = 100
# Elements kept per <question>; real questions hold a few dozen.
MAX_XML_ELEMENTS_PER_QUESTION = 5_000
# Images larger than this are almost certainly a mistake (a scan at full resolution, a video).
MAX_MEDIA_BYTES = 10 * 1024 * 1024


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def file_too_large_message(size: int) -> str:
    return (
        f"the file is {megabytes(size)}; the limit is {MAX_FILE_BYTES // (1024 * 1024)} MB — "
        "split it into smaller files"
    )


def too_many_questions_message() -> str:
    return f"the file holds more than {MAX_QUESTIONS:,} questions; split it into smaller files"

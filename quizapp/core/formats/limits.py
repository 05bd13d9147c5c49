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
# Text lengths in characters, counted after HTML is sanitised and without inline `data:` images
# (those count as images, against MAX_MEDIA_BYTES). The longest in the built-in bank: a stem of
# 259, an option of 111, a rationale of 534; a long case-study stem in HTML runs to a few
# thousand. Far beyond any question, these keep a mistaken or hostile file (a 1,000,000-character
# stem) out of the bank and out of the window.
MAX_STEM_CHARS = 20_000
MAX_OPTION_CHARS = 5_000
MAX_FEEDBACK_CHARS = 10_000  # an option's feedback
MAX_RATIONALE_CHARS = 20_000
MAX_MEDIA_PER_QUESTION = 20


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def file_too_large_message(size: int) -> str:
    return (
        f"the file is {megabytes(size)}; the limit is {MAX_FILE_BYTES // (1024 * 1024)} MB — "
        "split it into smaller files"
    )


def too_many_questions_message() -> str:
    return f"the file holds more than {MAX_QUESTIONS:,} questions; split it into smaller files"

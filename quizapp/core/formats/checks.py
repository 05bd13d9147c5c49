"""The rules every imported question must pass, whatever format it came from.

Kept apart from the parsers so that GIFT, Aiken, Moodle XML, CSV and JSON reject a broken
question with the same words.
"""

from __future__ import annotations

import re

from quizapp.core.formats.limits import (
    MAX_FEEDBACK_CHARS,
    MAX_MEDIA_BYTES,
    MAX_MEDIA_PER_QUESTION,
    MAX_OPTION_CHARS,
    MAX_RATIONALE_CHARS,
    MAX_STEM_CHARS,
    megabytes,
)
from quizapp.core.formats.sanitize import is_blank
from quizapp.core.questions import LETTERS, Choice, QuestionData
from quizapp.core.wording import plural

_DATA_IMAGES = re.compile(r"data:image/[a-z]+;base64,([A-Za-z0-9+/=\s]*)", re.IGNORECASE)

TRUE_FALSE = ("True", "False")


def _letters(indexes: list[int]) -> str:
    names = [LETTERS[i] if i < len(LETTERS) else str(i + 1) for i in indexes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def question_problems(question: QuestionData) -> list[str]:
    """Why a student could not be served this question; empty when it is fine."""
    problems: list[str] = []
    choices = question.choices
    if is_blank(question.stem, question.text_format):
        problems.append("the question has no text")
    if not choices:
        problems.append("the question has no options")
    elif len(choices) < 2:
        problems.append("the question has only one option; it needs at least two")
    elif len(choices) > len(LETTERS):
        problems.append(
            f"the question has {plural(len(choices), 'option')}; at most {len(LETTERS)} (A–{LETTERS[-1]}) "
            "are allowed"
        )
    for index, choice in enumerate(choices[: len(LETTERS)]):
        if is_blank(choice.text, question.text_format):
            problems.append(f"option {LETTERS[index]} has no text")
    correct = [i for i, c in enumerate(choices) if c.is_correct]
    if choices and not correct:
        problems.append("no option is marked correct")
    # A single-answer question may have several keys (Moodle gives full credit for any of them,
    # and so does quizapp's scoring); true/false has exactly one.
    if question.kind == "truefalse" and len(correct) > 1:
        problems.append(
            f"options {_letters(correct)} are {'both' if len(correct) == 2 else 'all'} marked "
            "correct, but the question takes a single answer"
        )
    if question.kind == "truefalse" and tuple(c.text for c in choices) != TRUE_FALSE:
        problems.append("a true/false question must have exactly the options True and False")
    return problems + limit_problems(question)


def _too_long(what: str, text: str, limit: int) -> str | None:
    """Why `text` is too long (inline data: images aside), or None."""
    length = len(_DATA_IMAGES.sub("", text)) if "data:image/" in text else len(text)
    if length <= limit:
        return None
    return (f"{what} is {length:,} characters long; the limit is {limit:,} (no real question comes near it: "
            "is the file damaged, or two fields run together?)")


def limit_problems(question: QuestionData) -> list[str]:
    """The size limits (formats.limits) every imported question must keep to, in any format."""
    found = [
        _too_long("the question text", question.stem, MAX_STEM_CHARS),
        _too_long("the rationale", question.rationale, MAX_RATIONALE_CHARS),
    ]
    for index, choice in enumerate(question.choices[: len(LETTERS)]):
        found.append(_too_long(f"option {LETTERS[index]}", choice.text, MAX_OPTION_CHARS))
        found.append(_too_long(f"the feedback of option {LETTERS[index]}", choice.feedback, MAX_FEEDBACK_CHARS))
    if len(question.media) > MAX_MEDIA_PER_QUESTION:
        found.append(f"the question carries {len(question.media)} images; the limit is {MAX_MEDIA_PER_QUESTION}")
    for item in question.media:
        if len(item.data) > MAX_MEDIA_BYTES:
            found.append(f"the image '{item.name}' is {megabytes(len(item.data))}; the limit is "
                         f"{megabytes(MAX_MEDIA_BYTES)}")
    texts = [question.stem, question.rationale, *(c.text for c in question.choices),
             *(c.feedback for c in question.choices)]
    for text in texts:
        for match in _DATA_IMAGES.finditer(text) if "data:image/" in text else ():
            size = len(match.group(1)) * 3 // 4
            if size > MAX_MEDIA_BYTES:
                found.append(f"an image inside the text is {megabytes(size)}; the limit is "
                             f"{megabytes(MAX_MEDIA_BYTES)}")
    return [problem for problem in found if problem]


def duplicate_options(question: QuestionData) -> list[str]:
    """Options with the same text: allowed, but almost always a copy-and-paste slip."""
    seen: dict[str, int] = {}
    notes = []
    for index, choice in enumerate(question.choices[: len(LETTERS)]):
        key = " ".join(choice.text.split()).casefold()
        if key in seen:
            notes.append(f"options {LETTERS[seen[key]]} and {LETTERS[index]} have the same text")
        else:
            seen[key] = index
    return notes


def as_true_false(choices: tuple[Choice, ...]) -> tuple[Choice, ...] | None:
    """Options "true"/"false" in any order and case as (True, False); None if they are not."""
    by_word = {c.text.strip().lower(): c for c in choices}
    if len(choices) != 2 or set(by_word) != {"true", "false"}:
        return None
    true, false = by_word["true"], by_word["false"]
    return (
        Choice("True", true.is_correct, true.feedback),
        Choice("False", false.is_correct, false.feedback),
    )


# The grades Moodle allows on an answer, as fractions (question_bank::fraction_options_full):
# these, their negatives and 0. Moodle refuses a file with any other grade, and so does quizapp.
MOODLE_FRACTIONS = (1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3,
                    0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05)  # fmt: skip
_GRADE_LIST = ", ".join(f"{f * 100:.7g}" for f in MOODLE_FRACTIONS)


_EXACT = frozenset({0.0, *(round(f * 100, 5) for f in MOODLE_FRACTIONS)})


def is_moodle_grade(percent: float) -> bool:
    """True when `percent` is one of Moodle's grades (within its own tolerance, 0.00001)."""
    if round(abs(percent), 5) in _EXACT:
        return True
    fraction = abs(percent) / 100
    return fraction < 0.00001 or any(abs(fraction - f) < 0.00001 for f in MOODLE_FRACTIONS)


def bad_grade_message(answer: int, percent: float) -> str:
    return (
        f"answer {answer} has a grade of {percent:g}%, which is not one of Moodle's grades "
        f"({_GRADE_LIST}, 0, or minus one of them); Moodle refuses such a file too"
    )


def moodle_share(keys: int) -> float:
    """Each right answer's grade (percent) in a multiple-answer question with `keys` right
    answers: 100 / keys where Moodle allows it, else the smallest Moodle grade above that (so
    choosing every right answer still earns full credit in Moodle)."""
    wanted = 100 / max(keys, 1)
    return min(round(f * 100, 5) for f in MOODLE_FRACTIONS if f * 100 >= wanted - 0.00001)

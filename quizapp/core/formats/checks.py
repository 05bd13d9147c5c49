"""The rules every imported question must pass, whatever format it came from.

Kept apart from the parsers so that GIFT, Aiken, Moodle XML, CSV and JSON reject a broken
question with the same words.
"""

from __future__ import annotations

from quizapp.core.formats.sanitize import is_blank
from quizapp.core.questions import LETTERS, Choice, QuestionData

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
            f"the question has {len(choices)} options; at most {len(LETTERS)} (A–H) are allowed"
        )
    for index, choice in enumerate(choices[: len(LETTERS)]):
        if is_blank(choice.text, question.text_format):
            problems.append(f"option {LETTERS[index]} has no text")
    correct = [i for i, c in enumerate(choices) if c.is_correct]
    if choices and not correct:
        problems.append("no option is marked correct")
    if question.kind in ("single", "truefalse") and len(correct) > 1:
        problems.append(
            f"options {_letters(correct)} are {'both' if len(correct) == 2 else 'all'} marked "
            "correct, but the question takes a single answer"
        )
    if question.kind == "truefalse" and tuple(c.text for c in choices) != TRUE_FALSE:
        problems.append("a true/false question must have exactly the options True and False")
    return problems


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

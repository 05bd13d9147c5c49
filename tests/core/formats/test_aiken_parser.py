"""Aiken: the sample bank reads cleanly and every mistake names its own line."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.core.formats.aiken import parse_aiken

DATA = Path(__file__).parents[2] / "data" / "formats"


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_sample_file():
    text = (DATA / "phlebotomy_aiken.txt").read_text(encoding="utf-8")
    result = parse_aiken(text)
    assert not result.errors and not result.skipped
    assert [item.line for item in result.items] == [1, 8, 16, 23]
    first = result.items[0].question
    assert first.stem == "Which vein is the first choice for routine venipuncture?"
    assert [c.text for c in first.choices] == [
        "Basilic vein",
        "Median cubital vein",
        "Cephalic vein",
        "Femoral vein",
    ]
    assert first.key_letters == "B" and first.kind == "single"


def test_multi_line_stem_and_parenthesis_options():
    text = (DATA / "phlebotomy_aiken.txt").read_text(encoding="utf-8")
    question = parse_aiken(text).items[1].question
    assert question.stem == (
        "A patient's blood pressure is 150/95 mm Hg at two visits.\n"
        "Which term describes these readings?"
    )
    assert question.choices[2].text == "Hypertension stage 2"
    assert question.key_letters == "C"


@pytest.mark.parametrize(
    ("needle", "message"),
    [
        (
            "What does the abbreviation NPO",
            "the question has only one option; it needs at least two",
        ),
        ("A. Orphan option", "option A has no question above it"),
        (
            "Which site is used for a capillary",
            "the question has no ANSWER: line after its options",
        ),
        ("D. Gray", "option D comes where C was expected; options must run A, B, C… in order"),
        ("ANSWER: E", "ANSWER: E names no option (the options are A–C)"),
        ("B.\n", "option B has no text"),
    ],
)
def test_each_mistake_is_reported_on_its_line(needle, message):
    text = (DATA / "broken_aiken.txt").read_text(encoding="utf-8")
    result = parse_aiken(text)
    assert (line_of(text, needle), message) in [(p.line, p.message) for p in result.errors]


def test_good_questions_around_broken_ones_still_read():
    result = parse_aiken((DATA / "broken_aiken.txt").read_text(encoding="utf-8"))
    assert [item.question.key_letters for item in result.items] == ["B", "A"]
    assert len(result.errors) == 6


def test_question_without_a_stem_at_all():
    result = parse_aiken("A. Yes\nB. No\nANSWER: A\n")
    assert [(p.line, p.message) for p in result.errors] == [
        (1, "option A has no question above it")
    ]


def test_missing_answer_at_end_of_file():
    result = parse_aiken("Which is PPE?\nA. Gloves\nB. Chart\n")
    assert [(p.line, p.message) for p in result.errors] == [
        (1, "the question has no ANSWER: line after its options")
    ]


def test_stem_without_options():
    result = parse_aiken("Which is PPE?\nANSWER: A\n")
    assert result.errors[0].line == 1
    assert "no options" in result.errors[0].message


def test_answer_with_several_letters_is_refused_on_the_answer_line():
    result = parse_aiken("Q?\nA. x\nB. y\nANSWER: A, B\n")
    assert result.errors[0].line == 4
    assert "more than one letter" in result.errors[0].message


def test_lowercase_answer_letter():
    result = parse_aiken("Q?\nA. x\nB. y\nANSWER: b\n")
    assert result.items[0].question.key_letters == "B"


def test_stray_answer_line():
    result = parse_aiken("ANSWER: A\n")
    assert result.errors[0].line == 1
    assert "no question above it" in result.errors[0].message


def test_a_question_after_orphan_options_is_still_read():
    text = "A. orphan\nB. orphan\nWhich vein?\nA. Median cubital\nB. Femoral\nANSWER: A\n"
    result = parse_aiken(text)
    assert [(p.line, p.message) for p in result.errors] == [
        (1, "option A has no question above it"),
        (1, "the question has no ANSWER: line after its options"),
    ]
    assert [(i.line, i.question.stem) for i in result.items] == [(3, "Which vein?")]


def test_options_without_a_space_after_the_letter():
    """Item 9: Moodle's own test reads `A)First` as option A."""
    result = parse_aiken("A second good question\nA)Incorrect (No space)\nB)Correct (No space)\nANSWER: B\n")
    assert not result.errors
    question = result.items[0].question
    assert [c.text for c in question.choices] == ["Incorrect (No space)", "Correct (No space)"]
    assert question.key_letters == "B"

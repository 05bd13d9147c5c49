"""Format detection from content, with the file name only breaking ties."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.core.formats.detect import detect_format

DATA = Path(__file__).parents[2] / "data" / "formats"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("vitals.gift", "gift"),
        ("broken.gift", "gift"),
        ("phlebotomy_aiken.txt", "aiken"),
        ("broken_aiken.txt", "aiken"),
        ("hipaa_moodle.xml", "moodle-xml"),
        ("infection_control.csv", "csv"),
        ("scheduling_semicolon.csv", "csv"),
        ("question_set.json", "json"),
    ],
)
def test_samples_are_recognised_even_when_renamed_to_txt(name, expected):
    text = (DATA / name).read_text(encoding="utf-8").replace("\r\n", "\n")
    assert detect_format(text, "questions.txt") == expected
    assert detect_format(text, None) == expected


def test_gift_in_a_txt_file():
    assert detect_format("::Q1:: Which is PPE? {=Gloves ~Chart}", "quiz.txt") == "gift"


def test_aiken_in_a_txt_file():
    assert detect_format("Which is PPE?\nA. Gloves\nB. Chart\nANSWER: A\n", "quiz.txt") == "aiken"


def test_xml_without_declaration():
    assert detect_format("\n  <quiz><question/></quiz>", None) == "moodle-xml"


def test_unknown_content_falls_back_to_the_suffix_or_none():
    assert detect_format("hello there", "notes.txt") is None
    assert detect_format("hello there", "notes.gift") == "gift"
    assert detect_format("", None) is None
    assert detect_format("<html></html>", "page.html") is None

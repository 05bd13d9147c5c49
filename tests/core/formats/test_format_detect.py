"""Format detection: a known extension decides, else the content (DESIGN.md)."""

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


@pytest.mark.parametrize(("name", "expected"), [("q.gift", "gift"), ("q.GIFT", "gift"), ("q.json", "json"),
                                                ("q.csv", "csv")])
def test_a_known_extension_wins_over_sniffing(name, expected):
    """Item 16: a `.gift` file that starts with `{` is GIFT, not JSON."""
    assert detect_format("{=The right answer ~A wrong one}\n", name) == expected


def test_a_gift_file_starting_with_a_brace_imports(tmp_path):
    from quizapp.core.formats import parse_file

    path = tmp_path / "starts-with-brace.gift"
    path.write_text("{=Right ~Wrong}\n\nWhich vein? {=median cubital ~basilic}\n", encoding="utf-8")
    used, result = parse_file(path)
    assert used == "gift" and len(result.items) == 1
    assert [(p.line, p.message) for p in result.errors] == [(1, "the question has no text")]

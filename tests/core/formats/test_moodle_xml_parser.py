"""Moodle XML: question types, categories, tags, images, HTML, and line numbers."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from quizapp.core.formats.moodle_xml import parse_moodle_xml
from quizapp.core.questions import Citation

DATA = Path(__file__).parents[2] / "data" / "formats"


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def quiz(*questions: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + "\n".join(questions) + "\n</quiz>\n"


def multichoice(answers: str, extra: str = "", single: str = "true") -> str:
    return (
        '<question type="multichoice">\n'
        '<questiontext format="plain_text"><text>Which is PPE?</text></questiontext>\n'
        f"<single>{single}</single>\n{answers}\n{extra}\n</question>"
    )


@pytest.fixture(scope="module")
def sample():
    text = (DATA / "hipaa_moodle.xml").read_text(encoding="utf-8")
    result = parse_moodle_xml(text)
    return text, result, {item.question.ext_id: item for item in result.items}


def test_sample_reads_choice_questions_and_skips_the_rest(sample):
    text, result, items = sample
    assert list(items) == ["LAW-101", "LAW-102", "PHL-201"]
    assert not result.errors
    assert [p.line for p in result.skipped] == [
        line_of(text, '<question type="essay">'),
        line_of(text, '<question type="shortanswer">'),
    ]
    assert "essay" in result.skipped[0].message
    assert "short-answer" in result.skipped[1].message


def test_line_is_the_question_element(sample):
    text, _, items = sample
    assert items["LAW-101"].line == line_of(text, '<question type="multichoice">')


def test_multichoice_html_sanitised_with_feedback_and_rationale(sample):
    question = sample[2]["LAW-101"].question
    assert question.kind == "single" and question.key_letters == "A"
    assert question.text_format == "html"
    assert "<script>" not in question.stem and "alert" not in question.stem
    assert question.stem.startswith("<p>A billing clerk")
    assert question.choices[0].feedback == "<p>Correct.</p>"
    assert question.rationale == "<p>Only the information needed for the task may be disclosed.</p>"
    # A plain-text answer inside an HTML question is escaped so it reads as written.
    assert question.choices[2].text == "Nothing &amp; refer to the physician"


def test_category_and_tags_map_to_fields(sample):
    question = sample[2]["LAW-101"].question
    assert (question.domain, question.subdomain, question.topic) == (
        "Medical Law and Ethics",
        None,
        "HIPAA",
    )
    assert question.difficulty == 2
    assert question.citations == (Citation("hipaa_privacy_rule.pdf", "minimum necessary"),)
    assert question.tags == ("privacy",)


def test_true_false(sample):
    question = sample[2]["LAW-102"].question
    assert question.kind == "truefalse"
    assert [c.text for c in question.choices] == ["True", "False"]
    assert question.key_letters == "A"
    assert question.choices[1].feedback == "Patients do have this right."
    assert question.text_format == "plain"


def test_multiple_answer_image_and_remote_reference(sample):
    question = sample[2]["PHL-201"].question
    assert question.kind == "multiple" and question.key_letters == "AB"
    assert (question.domain, question.subdomain, question.topic) == (
        "Clinical Patient Care",
        "Phlebotomy",
        "Tourniquet",
    )
    (image,) = question.media
    assert image.name == "tourniquet.png" and image.mime == "image/png"
    assert image.data.startswith(b"\x89PNG")
    assert 'src="@@PLUGINFILE@@/tourniquet.png"' in question.stem
    assert "example.com" not in question.stem


def test_no_correct_answer_is_an_error_on_the_question_line():
    text = quiz(multichoice('<answer fraction="0"><text>Gloves</text></answer>\n'
                            '<answer fraction="0"><text>Chart</text></answer>'))
    result = parse_moodle_xml(text)
    assert [(p.line, p.message) for p in result.errors] == [(3, "no option is marked correct")]


def test_single_answer_with_two_correct_is_an_error():
    text = quiz(multichoice('<answer fraction="100"><text>Gloves</text></answer>\n'
                            '<answer fraction="100"><text>Gown</text></answer>'))
    result = parse_moodle_xml(text)
    assert "both marked correct" in result.errors[0].message


def test_partial_credit_single_answer_warns():
    text = quiz(multichoice('<answer fraction="100"><text>Gloves</text></answer>\n'
                            '<answer fraction="50"><text>Gown</text></answer>'))
    result = parse_moodle_xml(text)
    assert result.items[0].question.key_letters == "A"
    assert any("partial credit" in w for w in result.warnings)


def test_fraction_that_is_not_a_number():
    text = quiz(multichoice('<answer fraction="lots"><text>Gloves</text></answer>\n'
                            '<answer fraction="0"><text>Gown</text></answer>'))
    result = parse_moodle_xml(text)
    assert result.errors[0].line == 6
    assert "not a number" in result.errors[0].message


def test_bad_domain_tag_is_an_error_naming_valid_domains():
    extra = "<tags><tag><text>domain:Radiology</text></tag></tags>"
    text = quiz(multichoice('<answer fraction="100"><text>Gloves</text></answer>\n'
                            '<answer fraction="0"><text>Chart</text></answer>', extra))
    result = parse_moodle_xml(text)
    assert result.errors[0].line == 3
    assert result.errors[0].message.startswith("unknown domain 'Radiology'; the domains are:")


def test_nested_category_with_a_subdomain_only():
    category = (
        '<question type="category"><category><text>$course$/top/Spring term/'
        "Point of Care Testing and Laboratory Procedures/Glucose</text></category></question>"
    )
    text = quiz(category, multichoice('<answer fraction="100"><text>Gloves</text></answer>\n'
                                      '<answer fraction="0"><text>Chart</text></answer>'))
    question = parse_moodle_xml(text).items[0].question
    assert (question.domain, question.subdomain, question.topic) == (
        "Clinical Patient Care",
        "Point of Care Testing and Laboratory Procedures",
        "Glucose",
    )


def test_invalid_base64_image_is_an_error():
    extra = (
        '<questiontext format="html"><text>x</text>'
        '<file name="a.png" encoding="base64">@@@</file></questiontext>'
    )
    text = quiz(
        '<question type="truefalse">\n' + extra + "\n"
        '<answer fraction="100"><text>true</text></answer>'
        '<answer fraction="0"><text>false</text></answer></question>'
    )
    result = parse_moodle_xml(text)
    assert result.errors[0].line == 4
    assert "not valid base64" in result.errors[0].message


def test_non_image_files_are_left_out_with_a_warning():
    payload = base64.b64encode(b"%PDF-1.4").decode()
    text = quiz(
        '<question type="truefalse"><questiontext format="html"><text>Is this a leaflet?</text>'
        f'<file name="leaflet.pdf" encoding="base64">{payload}</file></questiontext>'
        '<answer fraction="100"><text>true</text></answer>'
        '<answer fraction="0"><text>false</text></answer></question>'
    )
    result = parse_moodle_xml(text)
    assert result.items[0].question.media == ()
    assert any("leaflet.pdf" in w for w in result.warnings)


def test_true_false_with_other_words_is_an_error():
    text = quiz(
        '<question type="truefalse"><questiontext><text>Q</text></questiontext>'
        '<answer fraction="100"><text>yes</text></answer>'
        '<answer fraction="0"><text>no</text></answer></question>'
    )
    assert "'true' and one 'false'" in parse_moodle_xml(text).errors[0].message


@pytest.mark.parametrize(
    ("kind", "word"),
    [("numerical", "numerical"), ("matching", "matching"), ("description", "description"),
     ("multianswer", "cloze"), ("ddwtos", "drag-and-drop"), ("somethingnew", "somethingnew")],
)
def test_other_types_are_skipped(kind, word):
    text = quiz(f'<question type="{kind}"><questiontext><text>Q</text></questiontext></question>')
    result = parse_moodle_xml(text)
    assert result.skipped[0].line == 3 and word in result.skipped[0].message


def test_malformed_xml_names_the_line():
    text = (
        '<?xml version="1.0"?>\n<quiz>\n<question type="truefalse">\n'
        "<name><text>x</name>\n</quiz>"
    )
    result = parse_moodle_xml(text)
    assert result.errors[0].line == 4
    assert result.errors[0].message == "a closing tag does not match the tag it should close"


def test_truncated_xml():
    full = (DATA / "hipaa_moodle.xml").read_text(encoding="utf-8")
    result = parse_moodle_xml(full[: full.index("<idnumber>PHL-201")])
    assert result.errors and "cut short" in result.errors[-1].message
    assert [item.question.ext_id for item in result.items] == ["LAW-101", "LAW-102"]


def test_not_a_quiz():
    result = parse_moodle_xml("<html><body>hello</body></html>")
    assert "not <quiz>" in result.errors[0].message


def test_declared_encoding_is_ignored_once_text_is_decoded():
    text = quiz(
        '<question type="truefalse"><questiontext><text>Fièvre?</text></questiontext>'
        '<answer fraction="100"><text>true</text></answer>'
        '<answer fraction="0"><text>false</text></answer></question>'
    ).replace("UTF-8", "ISO-8859-1")
    assert parse_moodle_xml(text).items[0].question.stem == "Fièvre?"


def test_dtd_is_refused_and_named_by_line():
    text = '<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY x "y">]>\n<quiz>&x;</quiz>'
    result = parse_moodle_xml(text)
    assert [p.line for p in result.errors] == [2]
    assert "DTD" in result.errors[0].message

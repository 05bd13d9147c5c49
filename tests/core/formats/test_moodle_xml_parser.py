"""Moodle XML: question types, categories, tags, images, HTML, and line numbers."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from quizapp.core.formats.moodle_xml import parse_moodle_xml
from quizapp.core.questions import Citation

DATA = Path(__file__).parents[2] / "data" / "formats"
PNG = (DATA / "images" / "tourniquet.png").read_bytes()


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
    return text, result, {item.question.moodle.idnumber: item for item in result.items}


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


def test_single_answer_with_two_full_credit_answers_has_two_keys():
    """Item 4: Moodle gives full credit for either; so does quizapp's scoring."""
    text = quiz(multichoice('<answer fraction="100"><text>Gloves</text></answer>\n'
                            '<answer fraction="100"><text>Gown</text></answer>\n'
                            '<answer fraction="0"><text>Chart</text></answer>'))
    result = parse_moodle_xml(text)
    assert not result.errors
    assert result.items[0].question.kind == "single" and result.items[0].question.key_letters == "AB"


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


def test_a_tag_naming_no_domain_stays_a_tag_with_a_warning_naming_valid_domains():
    """Item 14: free-text tags never refuse the file."""
    extra = ("<tags><tag><text>domain:Radiology</text></tag><tag><text>difficulty:hard</text></tag>"
             "<tag><text>difficulty:2</text></tag><tag><text>topic:Gloves</text></tag></tags>")
    text = quiz(multichoice('<answer fraction="100"><text>Gloves</text></answer>\n'
                            '<answer fraction="0"><text>Chart</text></answer>', extra))
    result = parse_moodle_xml(text)
    assert not result.errors
    question = result.items[0].question
    assert question.domain is None and question.difficulty is None and question.topic == "Gloves"
    assert question.tags == ("difficulty:hard", "difficulty:2", "domain:Radiology")
    assert result.warnings[0] == ("line 3: the tags 'difficulty:hard' and 'difficulty:2' are kept as tags: they "
                                  "name different values for the difficulty")
    assert result.warnings[1].startswith("line 3: the tag 'domain:Radiology' is kept as a tag: unknown domain "
                                         "'Radiology'; the domains are:")


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


def test_translated_true_false_falls_back_to_answer_order_with_a_warning():
    """Item 13: Moodle reads `Vrai` / `Faux` as true then false, and warns."""
    text = quiz(
        '<question type="truefalse"><questiontext><text>Q</text></questiontext>'
        '<answer fraction="0"><text>Vrai</text><feedback><text>Non.</text></feedback></answer>'
        '<answer fraction="100"><text>Faux</text></answer></question>'
    )
    result = parse_moodle_xml(text)
    question = result.items[0].question
    assert not result.errors and question.kind == "truefalse" and question.key_letters == "B"
    assert question.choices[0].feedback == "Non."
    assert result.warnings == ["line 3: the answers 'Vrai' and 'Faux' are not 'true' and 'false'; as Moodle does, "
                               "the first is read as True and the second as False"]


def test_true_false_needs_two_answers():
    text = quiz('<question type="truefalse"><questiontext><text>Q</text></questiontext>'
                '<answer fraction="100"><text>true</text></answer></question>')
    assert parse_moodle_xml(text).errors[0].message == "a true/false question needs two answers, not 1"


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
    assert [item.question.moodle.idnumber for item in result.items] == ["LAW-101", "LAW-102"]


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


# --- Read as Moodle reads it (issue #19) ---------------------------------------------------


def test_names_id_numbers_and_categories_are_kept_not_used_as_keys():
    """Items 2 and 15: the same id number in two categories, the same name twice: no error."""
    category = '<question type="category"><category><text>$course$/top/{}</text></category></question>'
    question = ('<question type="truefalse"><name><text>Same name</text></name><idnumber>7</idnumber>'
                '<questiontext><text>{}</text></questiontext><answer fraction="100"><text>true</text></answer>'
                '<answer fraction="0"><text>false</text></answer></question>')
    text = quiz(category.format("Week 1"), question.format("Q1"), category.format("Week 2"), question.format("Q2"))
    result = parse_moodle_xml(text)
    assert not result.errors
    refs = [item.question.moodle for item in result.items]
    assert [(r.name, r.idnumber, r.category) for r in refs] == [
        ("Same name", "7", "Week 1"), ("Same name", "7", "Week 2")]
    assert all(item.question.ext_id is None for item in result.items)


def test_legacy_image_tag_is_added_to_the_question_text():
    """Item 10: Moodle 1.9's <image>/<image_base64> become an image in the question text."""
    payload = base64.b64encode(PNG).decode()
    text = quiz('<question type="multichoice"><questiontext format="html"><text>Which logo?</text></questiontext>'
                f'<image>logo.png</image><image_base64>{payload}</image_base64>'
                '<answer fraction="100"><text>Moodle</text></answer><answer fraction="0"><text>Other</text></answer>'
                '</question>')
    result = parse_moodle_xml(text)
    question = result.items[0].question
    assert question.text_format == "html"
    assert question.stem == 'Which logo? <img src="@@PLUGINFILE@@/logo.png" alt="">'
    assert [(m.name, m.mime, m.data) for m in question.media] == [("logo.png", "image/png", PNG)]


def test_invalid_grade_is_an_error_on_the_answer_line():
    """Item 11: Moodle refuses a 33% grade (33.33333% is allowed)."""
    text = quiz(multichoice('<answer fraction="33"><text>2</text></answer>\n'
                            '<answer fraction="33.33333"><text>3</text></answer>\n'
                            '<answer fraction="-50"><text>4</text></answer>', single="false"))
    result = parse_moodle_xml(text)
    assert not result.items
    assert result.errors[0].line == 6
    assert result.errors[0].message.startswith("answer 1 has a grade of 33%, which is not one of Moodle's grades")


@pytest.mark.parametrize(("fmt", "stem"), [
    ("moodle_auto_format", "The ball will <i>Bounce</i>.<br>\nReally?"),
    ("markdown", "The ball will <em>Bounce</em>."),
    ("html", "The ball will <i>Bounce</i>."),
])
def test_moodle_text_formats_render_as_in_moodle(fmt, stem):
    """Item 12: auto-format and Markdown are not shown as their raw source."""
    source = {"moodle_auto_format": "The ball will <i>Bounce</i>.\nReally?", "markdown": "The ball will *Bounce*.",
              "html": "The ball will <i>Bounce</i>."}[fmt]
    text = quiz(f'<question type="truefalse"><questiontext format="{fmt}"><text><![CDATA[{source}]]></text>'
                '</questiontext><answer fraction="100"><text>true</text></answer>'
                '<answer fraction="0"><text>false</text></answer></question>')
    question = parse_moodle_xml(text).items[0].question
    assert question.text_format == "html" and question.stem == stem


def test_a_file_in_a_folder_keeps_its_folder_and_links_to_missing_media_warn():
    """Item 17: `<file path="/sub/">` is `sub/name`, as the HTML refers to it; a link to a
    file quizapp does not carry is named in a warning."""
    payload = base64.b64encode(PNG).decode()
    text = quiz('<question type="truefalse"><questiontext format="html"><text><![CDATA['
                '<img src="@@PLUGINFILE@@/sub/a.png" alt="A"> <a href="@@PLUGINFILE@@/talk.mp3">Listen</a>]]></text>'
                f'<file name="a.png" path="/sub/" encoding="base64">{payload}</file>'
                f'<file name="talk.mp3" path="/" encoding="base64">{payload}</file></questiontext>'
                '<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>'
                '</question>')
    result = parse_moodle_xml(text)
    question = result.items[0].question
    assert [m.name for m in question.media] == ["sub/a.png"]
    assert ("line 3: the link to 'talk.mp3' leads nowhere: that file is not carried with the question "
            "(quizapp carries only images)") in result.warnings

"""GIFT: every supported feature, every skipped type, and errors on the right line."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.core.formats.gift import parse_gift
from quizapp.core.questions import Citation

DATA = Path(__file__).parents[2] / "data" / "formats"


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.fixture(scope="module")
def vitals() -> tuple[str, dict]:
    text = (DATA / "vitals.gift").read_text(encoding="utf-8")
    result = parse_gift(text)
    return text, {item.question.moodle.name: item for item in result.items}


def test_sample_file_reads_every_choice_question(vitals):
    _, items = vitals
    assert list(items) == ["VIT-001", "VIT-002", "INF-001", "INF-002", "LAW-001", "LAW-002", "Missing-1"]


def test_titles_are_moodle_names_not_ids(vitals):
    question = vitals[1]["VIT-001"].question
    assert question.ext_id is None  # the import service decides ids; a name is only a label
    assert question.moodle.category == "CCMA/Clinical Patient Care/Patient Intake and Vitals/Pulse"


def test_multiple_choice_with_feedback_and_general_feedback(vitals):
    text, items = vitals
    item = items["VIT-001"]
    question = item.question
    assert item.line == line_of(text, "::VIT-001::")
    assert question.kind == "single"
    assert question.stem == "What is the normal resting pulse rate for an adult?"
    assert [c.text for c in question.choices] == [
        "60 to 100 beats per minute",
        "40 to 60 beats per minute",
        "100 to 140 beats per minute",
        "120 to 160 beats per minute",
    ]
    assert question.key_letters == "A"
    assert question.choices[0].feedback == "Correct: this is the adult reference range."
    assert question.choices[1].feedback == "That range is bradycardia in most adults."
    assert question.rationale == "A normal adult resting pulse is 60 to 100 beats per minute."


def test_quizapp_comment_carries_the_fields_gift_lacks(vitals):
    question = vitals[1]["VIT-001"].question
    assert question.difficulty == 1
    assert question.citations == (Citation("vital_signs.pdf", "60 to 100 beats per minute"),)
    assert (question.domain, question.subdomain, question.topic) == (
        "Clinical Patient Care",
        "Patient Intake and Vitals",
        "Pulse",
    )


def test_multi_line_question_text_and_answers(vitals):
    question = vitals[1]["VIT-002"].question
    assert question.stem == (
        "Which artery is most commonly used to take an adult's pulse\nin the office?"
    )
    assert question.key_letters == "A"
    assert len(question.choices) == 4


def test_category_path_maps_domain_subdomain_and_topic(vitals):
    question = vitals[1]["VIT-002"].question
    assert question.domain == "Clinical Patient Care"
    assert question.subdomain == "Patient Intake and Vitals"
    assert question.topic == "Pulse"
    later = vitals[1]["INF-001"].question
    assert (later.domain, later.subdomain, later.topic) == (
        "Clinical Patient Care",
        "Infection Control and Safety",
        None,
    )
    law = vitals[1]["LAW-001"].question
    assert (law.domain, law.subdomain, law.topic) == ("Medical Law and Ethics", None, "HIPAA")


def test_weighted_answers_make_a_multiple_answer_question(vitals):
    question = vitals[1]["INF-001"].question
    assert question.kind == "multiple"
    assert question.key_letters == "AB"
    assert question.choices[2].feedback == "No: that is medical equipment."


def test_true_false_with_both_feedbacks(vitals):
    question = vitals[1]["INF-002"].question
    assert question.kind == "truefalse"
    assert [c.text for c in question.choices] == ["True", "False"]
    assert question.key_letters == "B"
    # GIFT: the first feedback is for a wrong answer, the second for the right one.
    assert question.choices[0].feedback == "Visibly soiled hands need soap and water."
    assert question.choices[1].feedback == "Right: soap and water are needed."
    assert question.rationale.startswith("The CDC asks for soap and water")


def test_html_marker_gives_sanitised_html(vitals):
    question = vitals[1]["LAW-001"].question
    assert question.text_format == "html"
    assert question.stem == (
        "Under <b>HIPAA</b>, which of these is <i>protected health information</i>?"
    )
    assert question.choices[0].text == "A patient's name together with a diagnosis"


def test_escapes_become_literal_characters(vitals):
    question = vitals[1]["LAW-002"].question
    assert question.stem == (
        "The ratio 1:10 = one part in ten, and braces { } are literal. Is 1:10 the same as 10%?"
    )
    assert question.kind == "truefalse" and question.key_letters == "A"


@pytest.mark.parametrize(
    ("title", "reason"),
    [
        ("::Essay-1::", "essay"),
        ("::Num-1::", "numerical"),
        ("::Match-1::", "matching"),
        ("::Short-1::", "short-answer"),
    ],
)
def test_unsupported_types_are_skipped_with_a_reason_on_their_line(title, reason):
    text = (DATA / "vitals.gift").read_text(encoding="utf-8")
    result = parse_gift(text)
    skipped = {problem.line: problem.message for problem in result.skipped}
    assert reason in skipped[line_of(text, title)]
    assert not result.errors


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("::B-001::", "no option is marked correct"),
        ("::B-003::", "the answers opened with { are not closed with } before the next blank line"),
        ("::B-005", "the title that starts with :: is not closed with ::"),
        ("::B-007::", "the question has only one option; it needs at least two"),
    ],
)
def test_broken_questions_are_errors_on_their_line(title, message):
    text = (DATA / "broken.gift").read_text(encoding="utf-8")
    result = parse_gift(text)
    assert (line_of(text, title), message) in [(p.line, p.message) for p in result.errors]


def test_bad_quizapp_comment_is_an_error_on_the_comment_line():
    text = (DATA / "broken.gift").read_text(encoding="utf-8")
    result = parse_gift(text)
    errors = {p.line: p.message for p in result.errors}
    message = errors[line_of(text, '// quizapp: {"domain": "Pharmacy"}')]
    assert message.startswith("unknown domain 'Pharmacy'; the domains are: ")
    assert "Medical Law and Ethics" in message


def test_broken_file_still_yields_its_good_question():
    result = parse_gift((DATA / "broken.gift").read_text(encoding="utf-8"))
    assert [item.question.moodle.name for item in result.items] == ["B-002", "B-008", "OK-001"]


@pytest.mark.parametrize("word", ["T", "TRUE", "true", "F", "FALSE", "f"])
def test_true_false_spellings(word):
    result = parse_gift(f"The radial pulse is at the wrist. {{{word}}}")
    question = result.items[0].question
    assert question.kind == "truefalse"
    assert question.key_letters == ("A" if word.lower().startswith("t") else "B")


def test_comment_lines_are_ignored_anywhere_in_a_question():
    text = (
        "// a comment before\n"
        "Which vital sign is measured with a sphygmomanometer?\n"
        "// a comment inside the question\n"
        "{=Blood pressure ~Pulse ~Temperature}\n"
    )
    result = parse_gift(text)
    assert result.items[0].question.stem == "Which vital sign is measured with a sphygmomanometer?"
    assert result.items[0].line == 2


def test_category_then_question_in_one_block():
    result = parse_gift(
        "$CATEGORY: CCMA/Phlebotomy/Order of draw\nWhich tube first? {=Blood culture ~Lavender}"
    )
    question = result.items[0].question
    assert result.items[0].line == 2
    assert (question.domain, question.subdomain, question.topic) == (
        "Clinical Patient Care",
        "Phlebotomy",
        "Order of draw",
    )


def test_partial_credit_in_a_single_answer_question_counts_as_wrong_with_a_warning():
    result = parse_gift("Q? {=Right ~%50%Half ~Wrong}")
    assert result.items[0].question.key_letters == "A"
    assert any("partial credit" in w for w in result.warnings)


def test_markdown_is_shown_as_markdown():
    result = parse_gift("[markdown]What does *BP* mean? {=Blood pressure ~Body pulse}")
    question = result.items[0].question
    assert question.text_format == "html"
    assert question.stem == "What does <em>BP</em> mean?"
    assert [c.text for c in question.choices] == ["Blood pressure", "Body pulse"]


def test_moodle_auto_format_is_html_where_it_holds_markup():
    """Item 12: GIFT text without a marker is Moodle's auto-format; `<i>` is italics there."""
    tagged = parse_gift("The ball will <i>Bounce</i>. {T}").items[0].question
    assert tagged.text_format == "html" and tagged.stem == "The ball will <i>Bounce</i>."
    plain = parse_gift("[moodle]What does BP mean? {=Blood pressure ~Body pulse}").items[0].question
    assert plain.text_format == "plain" and plain.stem == "What does BP mean?"


def test_html_question_is_sanitised():
    result = parse_gift(
        '[html]<p onclick="x()">Pick one <img src="http://evil.example/x.png"></p>'
        "<script>alert(1)</script> {=A ~B}"
    )
    stem = result.items[0].question.stem
    assert "script" not in stem and "onclick" not in stem and "evil" not in stem
    assert stem.startswith("<p>Pick one")


def test_plain_text_with_angle_brackets_stays_as_written():
    result = parse_gift("Which reading is < 90/60 mm Hg? {=Hypotension ~Hypertension}")
    assert result.items[0].question.stem == "Which reading is < 90/60 mm Hg?"


def test_text_before_the_first_answer_marker_is_a_wrong_answer_as_in_moodle():
    result = parse_gift("Q? {oops =A ~B}")
    assert not result.errors
    assert [(c.text, c.is_correct) for c in result.items[0].question.choices] == [
        ("oops", False), ("A", True), ("B", False)]
    assert result.warnings == ["line 1: the text before the first ~ or = is read as a wrong answer, as "
                               "Moodle reads it"]


def test_question_without_answers_is_a_description_skip():
    result = parse_gift("Welcome to the phlebotomy quiz.")
    assert result.skipped[0].line == 1
    assert "description" in result.skipped[0].message


def test_invalid_json_in_quizapp_comment():
    result = parse_gift('// quizapp: {"domain": \nQ? {=A ~B}')
    assert result.errors[0].line == 1
    assert result.errors[0].message == "the quizapp comment is not valid JSON"


def test_more_than_eight_options_are_kept():
    """Item 5: Moodle sets no limit of eight options."""
    answers = " ".join(f"~option {n}" for n in range(12))
    result = parse_gift(f"Q? {{={answers[1:]}}}")
    assert not result.errors
    assert len(result.items[0].question.choices) == 12 and result.items[0].question.key_letters == "A"


def test_more_options_than_letters_is_an_error():
    """An answer row stores positions 0-14 (quizapp.core.db.types), so 15 options (A-O) at most."""
    answers = " ".join(f"~option {n}" for n in range(16))
    result = parse_gift(f"Q? {{={answers[1:]}}}")
    assert result.errors[0].message == "the question has 16 options; at most 15 (A–O) are allowed"


def test_per_answer_feedback_and_mixed_formats_in_an_html_question():
    result = parse_gift("[html]<p>Pick</p> {=[plain]a < b #[html]<b>yes</b> ~c & d}")
    question = result.items[0].question
    assert question.text_format == "html"
    assert [c.text for c in question.choices] == ["a &lt; b", "c &amp; d"]
    assert question.choices[0].feedback == "<b>yes</b>"


def test_quizapp_comment_with_only_a_topic_keeps_the_category_domain():
    text = (
        "$CATEGORY: CCMA/Phlebotomy\n\n"
        '// quizapp: {"topic": "Order of draw", "citations": [{"source": "a#b.pdf", '
        '"locator": "first"}]}\n'
        "Which tube first? {=Blood culture ~Lavender}\n"
    )
    question = parse_gift(text).items[0].question
    assert (question.domain, question.subdomain, question.topic) == (
        "Clinical Patient Care",
        "Phlebotomy",
        "Order of draw",
    )
    assert question.citations == (Citation("a#b.pdf", "first"),)


# --- Read as Moodle reads it (issue #19) ---------------------------------------------------


def test_a_stray_tilde_before_the_right_answer_is_left_out_with_a_warning():
    """Item 1: `~=` is an empty wrong answer before the right one; Moodle drops it."""
    result = parse_gift("Which vein? {~basilic ~=median cubital ~cephalic}")
    assert not result.errors
    question = result.items[0].question
    assert [c.text for c in question.choices] == ["basilic", "median cubital", "cephalic"]
    assert question.key_letters == "B"
    assert result.warnings == ["line 1: answer 2 is empty (a stray ~ or = with no text) and was left out, "
                               "as Moodle leaves it out"]


def test_several_full_credit_answers_make_one_single_answer_question_with_several_keys():
    """Item 4: Moodle gives full credit for any `=` answer."""
    result = parse_gift("Specify a season\\: {= spring = summer = winter = autumn ~ easter}")
    question = result.items[0].question
    assert not result.errors and question.kind == "single" and question.key_letters == "ABCD"


@pytest.mark.parametrize("body", ["{One}", "{TRUE FALSE}", "{=one =One}"])
def test_short_answers_are_skipped_not_errors(body):
    """Item 6: `{One}` and `{TRUE FALSE}` are short-answer questions in Moodle."""
    result = parse_gift(f"How do you write the number 1? {body}")
    assert not result.errors and not result.items
    assert result.skipped[0].line == 1 and "short-answer" in result.skipped[0].message


def test_true_false_with_text_after_its_braces_is_an_ordinary_true_false():
    """Item 7: Moodle's own fixture ends a true/false question with `}";`."""
    result = parse_gift('::Q1:: 42 is the Absolute Answer to everything.{\nFALSE#No.#Yes.\n'
                        '####A Hitchhiker\'s Guide reference.}";')
    question = result.items[0].question
    assert question.kind == "truefalse" and question.key_letters == "B"
    assert question.stem == '42 is the Absolute Answer to everything.";'
    assert question.rationale == "A Hitchhiker's Guide reference."


def test_missing_word_question_is_shown_with_a_blank():
    """Item 8: braces inside the sentence leave a blank where they stood."""
    result = parse_gift("Grant is {~buried =entombed ~living} in Grant's tomb.\n\n"
                        "The sun rises {T} in the east.")
    missing, statement = (item.question for item in result.items)
    assert missing.stem == "Grant is _____ in Grant's tomb."
    assert [c.text for c in missing.choices] == ["buried", "entombed", "living"] and missing.key_letters == "B"
    assert statement.stem == "The sun rises _____ in the east." and statement.kind == "truefalse"


@pytest.mark.parametrize("weight", ["33", "150", "12"])
def test_a_grade_moodle_does_not_allow_is_an_error_naming_the_line(weight):
    """Item 11: Moodle refuses a file with a grade outside its list."""
    result = parse_gift(f"First line\n\nWhich are primes? {{~%{weight}%2 ~%50%3 ~%-50%4}}")
    assert not result.items
    assert result.errors[0].line == 3
    assert result.errors[0].message.startswith(
        f"answer 1 has a grade of {weight}%, which is not one of Moodle's grades")


@pytest.mark.parametrize("weight", ["33.33333", "-33.33333", "12.5", "100", "-100", "0"])
def test_moodle_grades_are_accepted(weight):
    result = parse_gift(f"Which? {{~%{weight}%a ~%50%b ~c}}")
    assert not result.errors


def test_id_and_tag_comments_are_kept():
    """Items 14 and 15: `[id:…]` is the Moodle id number, `[tag:…]` tags stay tags."""
    text = ("// [id:VEIN\\]-1] [tag:difficulty:hard] [tag:phlebotomy]\n"
            "::Vein:: Which vein? {=median cubital ~basilic}")
    result = parse_gift(text)
    question = result.items[0].question
    assert not result.errors
    assert question.moodle.name == "Vein" and question.moodle.idnumber == "VEIN]-1"
    assert question.tags == ("difficulty:hard", "phlebotomy")

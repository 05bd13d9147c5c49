"""CSV sheets: columns, separators, quoting, keys, citations, media, and row line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.core.formats.csv_format import parse_csv
from quizapp.core.questions import Citation

DATA = Path(__file__).parents[2] / "data" / "formats"
HEADER = "id,domain,subdomain,stem,option_a,option_b,option_c,key,citations,media\n"


def parse_rows(rows: str, base_dir: Path | None = DATA):
    return parse_csv(HEADER + rows, base_dir)


@pytest.fixture(scope="module")
def sample():
    text = (DATA / "infection_control.csv").read_text(encoding="utf-8")
    result = parse_csv(text, DATA)
    return result, {item.question.ext_id: item for item in result.items}


def test_sample_rows(sample):
    result, items = sample
    assert not result.errors and not result.warnings
    assert {k: v.line for k, v in items.items()} == {
        "INF-101": 2, "INF-102": 3, "PHL-103": 5, "LAW-104": 6,
    }  # fmt: skip


def test_every_column_lands_in_its_field(sample):
    question = sample[1]["INF-101"].question
    assert question.domain == "Clinical Patient Care"
    assert question.subdomain == "Infection Control and Safety"
    assert question.topic == "Hand hygiene"
    assert question.difficulty == 1
    assert question.kind == "single"
    assert question.key_letters == "B"
    assert question.rationale == "The CDC advises scrubbing for at least 20 seconds."
    assert [c.feedback for c in question.choices] == [
        "Too short.", "Correct.", "Longer than needed.", "Longer than needed.",
    ]  # fmt: skip
    assert question.citations == (Citation("cdc_hand_hygiene.pdf", "at least 20 seconds"),)


def test_multi_line_field_multiple_key_and_several_citations(sample):
    question = sample[1]["INF-102"].question
    assert question.stem == "Which items are personal protective equipment?\nChoose all that apply."
    assert question.kind == "multiple" and question.key_letters == "ABD"
    assert [c.locator for c in question.citations] == ["gloves", "face shields"]


def test_media_is_read_relative_to_the_csv(sample):
    (image,) = sample[1]["PHL-103"].question.media
    assert image.name == "tourniquet.png" and image.mime == "image/png"
    assert image.data == (DATA / "images" / "tourniquet.png").read_bytes()


def test_true_false_row(sample):
    question = sample[1]["LAW-104"].question
    assert question.kind == "truefalse"
    assert [c.text for c in question.choices] == ["True", "False"]
    assert question.key_letters == "B"


def test_semicolon_separated_with_crlf_and_forgiving_domain_case():
    text = (DATA / "scheduling_semicolon.csv").read_bytes().decode("utf-8").replace("\r\n", "\n")
    result = parse_csv(text)
    assert [i.question.key_letters for i in result.items] == ["B", "B"]
    assert result.items[1].question.domain == "Administrative Assisting"
    assert len(result.items[1].question.choices) == 2


def test_bom_and_column_order_and_case():
    text = "\ufeffKey,Option B,STEM,option_a\nA,Gown,Which is PPE?,Gloves\n"
    result = parse_csv(text)
    question = result.items[0].question
    assert question.stem == "Which is PPE?" and question.key_letters == "A"


def test_excel_separator_hint_line():
    result = parse_csv("sep=;\nstem;option_a;option_b;key\nQ?;a;b;A\n")
    assert result.items[0].line == 3


def test_unknown_domain_names_the_valid_ones_on_its_line():
    result = parse_rows("X1,Radiology,,Q?,a,b,,A,,\n")
    (problem,) = result.errors
    assert problem.line == 2
    assert problem.message.startswith("unknown domain 'Radiology'; the domains are: ")
    assert "Administrative Assisting" in problem.message


def test_subdomain_outside_clinical_is_an_error():
    result = parse_rows("X1,Medical Law and Ethics,Phlebotomy,Q?,a,b,,A,,\n")
    assert "belongs to Clinical Patient Care" in result.errors[0].message


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("X,,,Q?,a,,c,A,,", "option B has no text"),
        ("X,,,Q?,a,b,,E,,", "key 'E' names no option (the options are A–B)"),
        ("X,,,Q?,a,b,,,,", "the key is empty; it names the correct option letter(s), e.g. B or "
         "A|C"),
        ("X,,,Q?,a,,,A,,", "the question has only one option; it needs at least two"),
        ("X,,,,a,b,,A,,", "the question has no text"),
        ("X,,,Q?,a,b,,A,nohash,", "citation 'nohash' must have the form source#locator"),
        ("X,,,Q?,a,b,,A,,missing.png",
         "media file 'missing.png' was not found next to the CSV file"),
        ("X,,,Q?,a,b,,A,,../secret.png",
         "media '../secret.png' must be a path inside the CSV file's folder"),
        ("X,,,Q?,a,b,,A,,notes.txt", "media 'notes.txt' is not an image (PNG, JPEG, GIF or WebP)"),
    ],
)
def test_row_errors_name_the_row_line(row, message):
    result = parse_rows("OK,,,Fine?,a,b,,A,,\n" + row + "\n")
    assert [(p.line, p.message) for p in result.errors] == [(3, message)]
    assert len(result.items) == 1


def test_line_of_a_row_after_a_multi_line_field_is_its_first_physical_line():
    result = parse_rows('A1,,,"Line one\nline two\nline three",a,b,,A,,\nA2,,,Q?,a,b,,Z,,\n')
    assert result.items[0].line == 2
    assert result.errors[0].line == 5


def test_single_kind_with_two_keys_takes_either_key():
    """DESIGN.md "Scoring": a single-answer question may have several keys."""
    text = "stem,option_a,option_b,option_c,key,kind\nQ?,a,b,c,A|B,single\n"
    result = parse_csv(text)
    assert not result.errors
    assert result.items[0].question.kind == "single" and result.items[0].question.key_letters == "AB"


def test_options_beyond_h():
    header = ",".join(f"option_{c}" for c in "abcdefghij")
    text = f"stem,{header},key\nQ?,{','.join('abcdefghij')},J\n"
    question = parse_csv(text).items[0].question
    assert len(question.choices) == 10 and question.key_letters == "J"


def test_difficulty_and_kind_are_checked():
    text = "stem,option_a,option_b,key,kind,difficulty\nQ?,a,b,A,essay,5\n"
    messages = [p.message for p in parse_csv(text).errors]
    assert "kind 'essay' must be single, multiple or truefalse" in messages


def test_bad_difficulty():
    text = "stem,option_a,option_b,key,difficulty\nQ?,a,b,A,5\n"
    assert parse_csv(text).errors[0].message == "difficulty 5 must be 1, 2 or 3"


def test_missing_required_column():
    result = parse_csv("stem,option_a,option_b\nQ?,a,b\n")
    assert result.errors[0].line == 1
    assert "'key'" in result.errors[0].message


def test_unclosed_quote_is_an_error_on_the_row_it_starts():
    result = parse_rows('A1,,,Fine?,a,b,,A,,\nA2,,,"Never closed,a,b,,A,,\nA3,,,Q?,a,b,,A,,\n')
    assert result.errors[-1].line == 3
    assert "never closed" in result.errors[-1].message


def test_too_many_fields():
    result = parse_rows("A1,,,Q?,a,b,,A,,,extra\n")
    assert result.errors[0].line == 2
    assert "fields but the header has" in result.errors[0].message


def test_media_without_a_known_folder():
    result = parse_rows("A1,,,Q?,a,b,,A,,images/tourniquet.png\n", base_dir=None)
    assert "folder is not known" in result.errors[0].message


def test_unknown_column_is_a_warning():
    result = parse_csv("stem,option_a,option_b,key,colour\nQ?,a,b,A,red\n")
    assert result.items and any("colour" in w for w in result.warnings)


def test_blank_rows_are_ignored():
    result = parse_csv("stem,option_a,option_b,key\n\n,,,\nQ?,a,b,A\n")
    assert [i.line for i in result.items] == [4]


def test_tags_column():
    result = parse_csv("stem,option_a,option_b,key,tags\nQ?,a,b,A,week 3| review \n")
    assert result.items[0].question.tags == ("week 3", "review")

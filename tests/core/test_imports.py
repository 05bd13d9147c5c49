"""Importing sets into the database: all or nothing, re-import updates, skip-invalid, dry run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

import quizapp.core.formats
from quizapp.cli import main
from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.engine import DB_NAME
from quizapp.core.db.models import AttemptItem, Question, QuestionSet, TallyQuestion
from quizapp.core.db.types import MAX_POSITION
from quizapp.core.practice import PracticeRequest
from quizapp.core.questions import LETTERS

DATA = Path(__file__).resolve().parent.parent / "data" / "formats"
IMPORT_KEYS = {"set", "imported", "updated", "unchanged", "skipped", "errors", "warnings"}


@pytest.fixture
def ctx(data_dir: Path, clock: FakeClock):
    context = AppContext.open(data_dir, clock)
    yield context
    context.close()


def _count(ctx: AppContext) -> int:
    with ctx.db.sessions() as s:
        return s.scalar(select(func.count(Question.id)))


def test_import_then_reimport_updates_instead_of_duplicating(ctx: AppContext, tmp_path: Path) -> None:
    source = tmp_path / "aiken-set.txt"
    source.write_text((DATA / "phlebotomy_aiken.txt").read_text(encoding="utf-8"), encoding="utf-8")
    report, changes = ctx.imports.run(ctx.imports.preview(source))
    assert changes.bank and report.written and report.imported > 0
    first = report.imported
    again, _ = ctx.imports.run(ctx.imports.preview(source))
    assert (again.imported, again.updated, again.unchanged) == (0, 0, first)
    assert _count(ctx) == first
    # Edit one question's wording: the next import reports it updated... or new, when the file
    # gives no ids (Aiken has none): a changed Aiken question is a new question.
    gift = tmp_path / "set.gift"
    gift.write_text("::Q1:: Which cuff measures blood pressure? {=Sphygmomanometer ~Otoscope ~Centrifuge ~Autoclave}\n",
                    encoding="utf-8")
    ctx.imports.run(ctx.imports.preview(gift))
    gift.write_text("::Q1:: Which device measures blood pressure? "
                    "{=Sphygmomanometer ~Otoscope ~Centrifuge ~Autoclave}\n",
                    encoding="utf-8")
    updated, _ = ctx.imports.run(ctx.imports.preview(gift))
    assert (updated.imported, updated.updated, updated.unchanged) == (0, 1, 0)


@pytest.mark.sqlite_only
def test_a_file_with_errors_changes_nothing_byte_for_byte(ctx: AppContext, data_dir: Path) -> None:
    ctx.imports.run(ctx.imports.preview(DATA / "vitals.gift"))
    ctx.close()
    before = (data_dir / DB_NAME).read_bytes()
    ctx2 = AppContext.open(data_dir, FakeClock())
    report, changes = ctx2.imports.run(ctx2.imports.preview(DATA / "broken.gift"))
    ctx2.close()
    assert not report.written and not changes and report.errors
    assert (report.imported, report.updated, report.unchanged) == (0, 0, 0)
    assert (data_dir / DB_NAME).read_bytes() == before


def test_skip_invalid_imports_the_valid_ones(ctx: AppContext) -> None:
    preview = ctx.imports.preview(DATA / "broken.gift")
    assert preview.errors and preview.items
    report, _ = ctx.imports.run(preview, skip_invalid=True)
    assert report.written and report.imported == len(preview.items)
    assert {p.line for p in preview.errors} <= {p.line for p in report.skipped}


def test_dry_run_reports_counts_and_writes_nothing(ctx: AppContext) -> None:
    report, changes = ctx.imports.run(ctx.imports.preview(DATA / "vitals.gift"), dry_run=True)
    assert report.imported > 0 and not report.written and not changes
    assert _count(ctx) == 0


def test_imported_questions_are_served_in_practice_and_can_be_switched_off(ctx: AppContext) -> None:
    report, _ = ctx.imports.run(ctx.imports.preview(DATA / "hipaa_moodle.xml", name="HIPAA drills"))
    assert report.slug == "hipaa-drills"
    profile = ctx.profiles.current()
    state, _ = ctx.practice.start(profile.id, PracticeRequest(set_slugs=("hipaa-drills",), count=50, seed=1))
    assert len(state.items) == report.imported
    ctx.sets.set_enabled("hipaa-drills", False)
    with pytest.raises(Exception, match="no questions match"):
        ctx.practice.start(profile.id, PracticeRequest(set_slugs=("hipaa-drills",), count=5, seed=1))
    with ctx.db.sessions() as s:
        assert s.scalar(select(QuestionSet.name).where(QuestionSet.slug == "hipaa-drills")) == "HIPAA drills"


def test_questions_without_a_ccma_domain_can_be_practised(ctx: AppContext, tmp_path: Path) -> None:
    plain = tmp_path / "plain.gift"
    plain.write_text("Which cuff measures blood pressure? {=Sphygmomanometer ~Otoscope ~Centrifuge ~Autoclave}\n")
    ctx.imports.run(ctx.imports.preview(plain))
    state, _ = ctx.practice.start(ctx.profiles.current().id, PracticeRequest(domains=(None,), count=5, seed=1))
    assert len(state.items) == 1 and state.items[0].question.domain is None


@pytest.mark.parametrize(("slug", "owner"), [("builtin", "Career-guide bank"), ("essentials", "CCMA Essentials")])
def test_the_builtin_slugs_are_reserved(ctx: AppContext, slug: str, owner: str) -> None:
    preview = ctx.imports.preview(DATA / "vitals.gift", name=slug)
    assert any(f"kept for the built-in set {owner}" in p.message for p in preview.errors)
    assert not preview.can_import(skip_invalid=True)


def _cli(capsys, *argv: str) -> tuple[int, dict, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, json.loads(out), err


def test_cli_import_json_shape_and_errors(capsys, tmp_path: Path) -> None:
    data = str(tmp_path / "d")
    code, payload, _ = _cli(capsys, "--data-dir", data, "import", str(DATA / "vitals.gift"), "--json")
    assert code == 0 and set(payload) == IMPORT_KEYS and payload["set"] == "vitals"
    assert payload["imported"] == 7 and all(set(s) == {"line", "reason"} for s in payload["skipped"])
    code, payload, err = _cli(capsys, "--data-dir", data, "import", str(DATA / "broken.gift"), "--json")
    assert code == 1 and payload["imported"] == 0 and payload["errors"]
    assert payload["error"]["file"].endswith("broken.gift") and payload["error"]["line"] == payload["errors"][0]["line"]
    assert f"broken.gift:{payload['errors'][0]['line']}: " in err
    code, payload, _ = _cli(capsys, "--data-dir", data, "import", str(DATA / "broken.gift"), "--skip-invalid",
                            "--name", "Broken but useful", "--json")
    assert code == 0 and payload["set"] == "broken-but-useful" and payload["imported"] > 0
    code, payload, _ = _cli(capsys, "--data-dir", data, "import", str(tmp_path / "missing.gift"), "--json")
    assert code == 1 and "does not exist" in payload["error"]["message"]
    code, payload, _ = _cli(capsys, "--data-dir", data, "sets", "--json")
    assert [s["slug"] for s in payload["sets"]] == ["builtin", "essentials", "broken-but-useful", "vitals"]


# --- Names are labels; re-imports match by id number, name, then content (issue #19) -------

_XML_QUESTION = ('<question type="multichoice"><name><text>{name}</text></name><idnumber>{idnumber}</idnumber>'
                 '<questiontext format="html"><text>{stem}</text></questiontext>'
                 '<answer fraction="100"><text>Right</text></answer><answer fraction="0"><text>Wrong</text></answer>'
                 '</question>')


def _xml(*questions: str, category: str = "Week 1") -> str:
    return (f'<?xml version="1.0"?>\n<quiz><question type="category"><category><text>$course$/top/{category}'
            "</text></category></question>\n" + "\n".join(questions) + "\n</quiz>\n")


def test_repeated_names_and_content_import_with_warnings_naming_both_lines(ctx: AppContext, tmp_path: Path) -> None:
    """Items 2 and 3: Moodle's fixture repeats '2-08 TSL'; three true/false questions share a stem
    with different keys; a question repeated word for word is imported again, with a warning."""
    source = tmp_path / "repeats.gift"
    source.write_text("::2-08 TSL::TSL is blablabla.{T}\n\n::2-08 TSL::TSL is blablabla.{TRUE}\n\n"
                      "Grant is buried in Grant's tomb.{FALSE#a #b}\n\nGrant is buried in Grant's tomb.{TRUE#a}\n",
                      encoding="utf-8")
    preview = ctx.imports.preview(source)
    assert not preview.errors and len(preview.items) == 4
    assert len({item.question.ext_id for item in preview.items}) == 4
    assert preview.warnings == ("line 3: this question repeats the one on line 1; both are imported, as Moodle "
                                "imports them",)
    report, _ = ctx.imports.run(preview)
    assert report.imported == 4 and _count(ctx) == 4


def test_reimporting_an_edited_moodle_xml_file_updates_by_id_number(ctx: AppContext, tmp_path: Path) -> None:
    """Item 15: a re-import finds its questions by id number (unique within the category)."""
    source = tmp_path / "week.xml"
    first = _xml(_XML_QUESTION.format(name="Q", idnumber="A-1", stem="Which glove?"),
                 _XML_QUESTION.format(name="Q", idnumber="A-2", stem="Which gown?"))
    source.write_text(first, encoding="utf-8")
    report, _ = ctx.imports.run(ctx.imports.preview(source))
    assert report.imported == 2
    edited = _xml(_XML_QUESTION.format(name="Renamed", idnumber="A-1", stem="Which glove size?"),
                  _XML_QUESTION.format(name="Q", idnumber="A-2", stem="Which gown?"))
    source.write_text(edited, encoding="utf-8")
    preview = ctx.imports.preview(source)
    assert (preview.new, preview.updated, preview.unchanged) == (0, 1, 1)
    assert "2 questions matched the ones already in the set: 2 by id number" in preview.warnings
    report, _ = ctx.imports.run(preview)
    assert (report.imported, report.updated, report.unchanged) == (0, 1, 1) and _count(ctx) == 2


def test_reimport_matches_by_name_within_the_category_then_by_content(ctx: AppContext, tmp_path: Path) -> None:
    source = tmp_path / "names.gift"
    source.write_text("$CATEGORY: Week 1\n\n::Gloves:: Which glove? {=Nitrile ~Latex}\n\n"
                      "Which gown? {=Isolation ~Lab coat}\n", encoding="utf-8")
    ctx.imports.run(ctx.imports.preview(source))
    source.write_text("$CATEGORY: Week 1\n\n::Gloves:: Which glove size? {=Nitrile ~Latex}\n\n"
                      "Which gown? {=Isolation ~Lab coat}\n", encoding="utf-8")
    preview = ctx.imports.preview(source)
    assert (preview.new, preview.updated, preview.unchanged) == (0, 1, 1)
    assert ("2 questions matched the ones already in the set: 1 by name within its category, 1 by content "
            "(stem, options and key)") in preview.warnings
    # The same name in another category is another question.
    source.write_text("$CATEGORY: Week 2\n\n::Gloves:: Which glove size? {=Nitrile ~Latex ~Vinyl}\n",
                      encoding="utf-8")
    assert ctx.imports.preview(source).new == 1


def test_names_and_id_numbers_are_kept_and_exported_again(ctx: AppContext, tmp_path: Path) -> None:
    source = tmp_path / "kept.xml"
    source.write_text(_xml(_XML_QUESTION.format(name="Glove question", idnumber="G-7", stem="Which glove?")),
                      encoding="utf-8")
    ctx.imports.run(ctx.imports.preview(source))
    (question,) = ctx.exports.questions("kept")
    assert question.moodle is not None
    assert (question.moodle.name, question.moodle.idnumber, question.moodle.category) == (
        "Glove question", "G-7", "Week 1")
    out = tmp_path / "out.xml"
    ctx.exports.export("kept", "moodle-xml", out)
    text = out.read_text(encoding="utf-8")
    assert "<text>Glove question</text>" in text and "<idnumber>G-7</idnumber>" in text


def test_a_file_with_nothing_quizapp_serves_is_refused_naming_the_types(ctx: AppContext, tmp_path: Path) -> None:
    source = tmp_path / "other-types.gift"
    source.write_text("Essay? {}\n\nShort? {=one =One}\n\nAnother short? {One}\n\nMatch {=a -> b =c -> d}\n",
                      encoding="utf-8")
    report, changes = ctx.imports.run(ctx.imports.preview(source))
    assert not report.written and not changes
    assert report.errors[0].message == (
        "the file holds no question quizapp serves (multiple choice or true/false); it holds 2 short-answer "
        "questions, 1 essay question, 1 matching question, which quizapp skips")


def test_as_many_options_as_an_answer_row_holds_and_no_more(ctx: AppContext, tmp_path: Path) -> None:
    """Issue #19 item 5 on main's compact answers: an answer row packs the order options are
    shown in four bits per position (0-14), so a question may have 15 options, A-O. Such a
    question is served and answered; one with 16 is refused at import, naming its line, rather
    than failing when a student starts practice."""
    assert len(LETTERS) == MAX_POSITION + 1
    schema = json.loads((Path(quizapp.core.formats.__file__).parent / "question_set.schema.json").read_text())
    assert schema["$defs"]["question"]["properties"]["choices"]["maxItems"] == len(LETTERS)
    source = tmp_path / "fifteen.gift"
    answers = " ".join(("=" if n == 14 else "~") + f"option {n}" for n in range(15))
    source.write_text(f"Which option is right? {{{answers}}}\n", encoding="utf-8")
    report, _ = ctx.imports.run(ctx.imports.preview(source))
    assert report.imported == 1
    profile = ctx.profiles.current().id
    state, _ = ctx.practice.start(profile, PracticeRequest(set_slugs=("fifteen",), count=1, seed=1))
    view = state.items[0].question
    assert [c.letter for c in view.choices] == list(LETTERS)
    last = next(c.position for c in view.choices if c.text == "option 14")
    item, _ = ctx.practice.check(state.attempt_id, 0, [last])
    assert item.feedback is not None and item.feedback.correct

    source = tmp_path / "sixteen.gift"
    answers = " ".join(("=" if n == 15 else "~") + f"option {n}" for n in range(16))
    source.write_text(f"First line\n\nWhich option is right? {{{answers}}}\n", encoding="utf-8")
    refused, changes = ctx.imports.run(ctx.imports.preview(source))
    assert not refused.written and not changes
    assert [(p.line, p.message) for p in refused.errors] == [
        (3, "the question has 16 options; at most 15 (A–O) are allowed")]


def test_a_reimport_that_changes_only_the_kind_rescores_answers(ctx: AppContext, tmp_path: Path) -> None:
    """Two half-credit answers (a multiple-answer question: both must be chosen) become two
    full-credit answers (single-answer: either is right). The key is the same positions, but an
    answer choosing one of them turns right, and the summaries follow."""
    source = tmp_path / "seasons.gift"
    source.write_text("::Q1:: Name a season {~%50%spring ~%50%summer ~easter}\n", encoding="utf-8")
    ctx.imports.run(ctx.imports.preview(source))
    profile = ctx.profiles.current().id
    state, _ = ctx.practice.start(profile, PracticeRequest(set_slugs=("seasons",), count=1, seed=1))
    spring = next(c.position for c in state.items[0].question.choices if c.text == "spring")
    item, _ = ctx.practice.check(state.attempt_id, 0, [spring])
    assert item.feedback is not None and not item.feedback.correct

    source.write_text("::Q1:: Name a season {=spring =summer ~easter}\n", encoding="utf-8")
    report, _ = ctx.imports.run(ctx.imports.preview(source))
    assert (report.imported, report.updated) == (0, 1)
    with ctx.db.sessions() as s:
        assert s.scalar(select(Question.kind)) == "single"
        assert s.scalar(select(AttemptItem.correct)) is True
        tally = s.scalar(select(TallyQuestion))
        assert (tally.answered, tally.correct, tally.last_correct) == (1, 1, True)

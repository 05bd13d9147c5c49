"""Every validation error `bank check` reports, each named with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.core.bank.load import load_bank
from tests.helpers.bank import DOCS_DIR, make_bank, question, render_file


def _problems(tmp_path: Path, text: str, **kwargs) -> list[tuple[int | None, str]]:
    bank = load_bank(make_bank(tmp_path, {"vitals.toml": text}), **kwargs)
    return [(p.line, p.message) for p in bank.problems]


def test_a_valid_file_has_no_problems(tmp_path: Path) -> None:
    text = render_file([question("v-1"), question("v-2", stem="Which reading is the pulse?")])
    bank = load_bank(make_bank(tmp_path, {"vitals.toml": text}), documents=DOCS_DIR, review=True)
    assert bank.problems == []
    assert [q.id for q in bank.questions] == ["v-1", "v-2"]
    assert bank.questions[0].data.key_letters == "A"
    assert bank.questions[0].data.subdomain == "Patient Intake and Vitals"


@pytest.mark.parametrize(
    ("override", "key", "message"),
    [
        ({"answer": "E"}, "answer", "answer E is outside the options (A-D)"),
        ({"options": ["One", "Two", "Three"]}, "options", "exactly four options, not 3"),
        ({"rationale": "  "}, "rationale", "missing or empty `rationale`"),
        ({"difficulty": 5}, "difficulty", "`difficulty` must be 1, 2 or 3"),
        ({"topic": None}, "[[question]]", "missing `topic`"),
        ({"difficulty": None}, "[[question]]", "missing `difficulty`"),
        ({"citations": []}, "citations", "cites at least one source passage"),
        ({"colour": "red"}, "colour", "unknown key `colour`"),
        ({"domain": "Phlebotomy Basics"}, "domain", "unknown domain 'Phlebotomy Basics'"),
        ({"subdomain": "Vitals"}, "subdomain", "unknown sub-domain 'Vitals'"),
    ],
)
def test_each_schema_error_names_its_line(tmp_path: Path, override: dict, key: str, message: str) -> None:
    text = render_file([question("v-1"), question("v-2", stem="Another stem about pulse", **override)])
    second = text.index('id = "v-2"')
    if key == "[[question]]":
        expected_line = text[:second].count("\n")  # the header just above the id
    else:
        expected_line = text[: text.index(f"{key} =", second)].count("\n") + 1
    problems = _problems(tmp_path, text)
    assert [line for line, m in problems if message in m] == [expected_line], problems


def test_missing_domain_and_subdomain_rules(tmp_path: Path) -> None:
    clinical_without_sub = render_file([question("v-1")], subdomain=None)
    assert any("needs a `subdomain`" in m for _, m in _problems(tmp_path / "a", clinical_without_sub))
    sub_outside = render_file([question("v-1", subdomain="Phlebotomy")], domain="Medical Law and Ethics",
                              subdomain=None)
    assert any("only Clinical Patient Care" in m for _, m in _problems(tmp_path / "b", sub_outside))


def test_duplicate_ids_are_reported_at_the_second(tmp_path: Path) -> None:
    text = render_file([question("v-1"), question("v-1", stem="Which sign is measured at the wrist?")])
    problems = _problems(tmp_path, text)
    second_header = text.index("[[question]]", text.index("[[question]]") + 1)
    assert problems == [(text[:second_header].count("\n") + 1, "duplicate id 'v-1' (first at "
                         f"{problems[0][1].split('first at ')[1]}")]
    assert "vitals.toml:4" in problems[0][1]


def test_broken_toml_names_the_line(tmp_path: Path) -> None:
    text = render_file([question("v-1")]) + "\n[[question]]\nid = \"v-2\nstem = 1\n"
    problems = _problems(tmp_path, text)
    assert len(problems) == 1
    assert problems[0][1].startswith("not valid TOML")
    assert problems[0][0] == text.count("\n") - 1


def test_near_duplicate_stems_are_flagged_by_check_only(tmp_path: Path) -> None:
    stem = "Which instrument does the medical assistant use to measure a patient's blood pressure at intake?"
    text = render_file([question("v-1", stem=stem), question("v-2", stem=stem.replace("intake", "intake first"))])
    assert _problems(tmp_path / "build", text) == []
    flagged = _problems(tmp_path / "check", text, review=True)
    assert len(flagged) == 1 and "near-duplicate of 'builtin/v-1'" in flagged[0][1]


def test_an_allowed_pair_is_not_flagged(tmp_path: Path) -> None:
    stem = "Which instrument does the medical assistant use to measure a patient's blood pressure at intake?"
    text = render_file([question("v-1", stem=stem), question("v-2", stem=stem + " ")])
    bank_dir = make_bank(tmp_path, {"vitals.toml": text})
    (bank_dir / "similar_allow.toml").write_text('[[pair]]\na = "builtin/v-1"\nb = "builtin/v-2"\nreason = "test"\n')
    assert load_bank(bank_dir, review=True).problems == []


@pytest.mark.parametrize(
    ("locator", "message"),
    [
        ("assistants measure blood pressure with a stethoscope", "locator not found"),
        ("blood pressure with", "locator has 3 words"),
        ("Repeated phrase number one here.", "occurs 2 times"),
        ("one two three four five six seven eight nine ten eleven twelve thirteen", "has 13 words"),
    ],
)
def test_citation_problems_with_documents(tmp_path: Path, locator: str, message: str) -> None:
    text = render_file([question("v-1", citations=[{"source": "guide.txt", "locator": locator}])])
    problems = _problems(tmp_path, text, documents=DOCS_DIR)
    assert len(problems) == 1 and message in problems[0][1]
    assert problems[0][0] == text[: text.index("citations =")].count("\n") + 1


def test_a_whole_short_line_is_a_valid_locator(tmp_path: Path) -> None:
    text = render_file([question("v-1", citations=[{"source": "guide.txt", "locator": "Short line here"}])])
    assert _problems(tmp_path, text, documents=DOCS_DIR) == []


def test_locators_ignore_case_and_white_space(tmp_path: Path) -> None:
    cite = {"source": "guide.txt", "locator": "MEDICAL assistants   measure blood\npressure with a cuff"}
    text = render_file([question("v-1", citations=[cite])])
    assert _problems(tmp_path, text, documents=DOCS_DIR) == []


def test_missing_document_and_untitled_source(tmp_path: Path) -> None:
    text = render_file([question("v-1", citations=[{"source": "other.txt", "locator": "a b c d e"}])])
    messages = [m for _, m in _problems(tmp_path, text, documents=DOCS_DIR)]
    assert any("other.txt has no title in sources.toml" in m for m in messages)
    assert any("cited document other.txt is not in" in m for m in messages)


def test_missing_documents_folder(tmp_path: Path) -> None:
    messages = [m for _, m in _problems(tmp_path, render_file([question("v-1")]), documents=tmp_path / "nope")]
    assert messages == ["the documents folder does not exist"]


def test_wrapped_text_flows_and_paragraphs_stay(tmp_path: Path) -> None:
    text = render_file([question("v-1", rationale="First line\nwrapped here.\n\nSecond   paragraph.")])
    bank = load_bank(make_bank(tmp_path, {"vitals.toml": text}))
    assert bank.questions[0].data.rationale == "First line wrapped here.\n\nSecond paragraph."

"""quizapp JSON: full fidelity, the schema file, and errors on the line a question starts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from quizapp.core.formats.json_format import parse_json
from quizapp.core.questions import Citation

DATA = Path(__file__).parents[2] / "data" / "formats"
SCHEMA = Path(__file__).parents[3] / "quizapp" / "core" / "formats" / "question_set.schema.json"


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def document(*questions: str) -> str:
    body = ",\n".join(questions)
    return '{"format": "quizapp-questions", "version": 1,\n"questions": [\n' + body + "\n]}\n"


@pytest.fixture(scope="module")
def sample():
    text = (DATA / "question_set.json").read_text(encoding="utf-8")
    result = parse_json(text)
    return text, result, {item.question.ext_id: item for item in result.items}


def test_sample_round_trips_every_field(sample):
    text, result, items = sample
    assert not result.errors and not result.warnings
    assert result.set_name == "Vital signs review"
    item = items["VIT-301"]
    assert item.line == line_of(text, '"id": "VIT-301"') - 1
    question = item.question
    assert (question.domain, question.subdomain, question.topic) == (
        "Clinical Patient Care",
        "Patient Intake and Vitals",
        "Blood pressure",
    )
    assert question.difficulty == 2 and question.kind == "single"
    assert question.key_letters == "A"
    assert question.choices[1].feedback == "A large cuff reads low."
    assert question.citations == (Citation("vital_signs.pdf", "cuff that is too small"),)
    assert question.tags == ("vitals",)


def test_html_question_with_media_is_sanitised(sample):
    question = sample[2]["EKG-302"].question
    assert question.text_format == "html" and question.kind == "multiple"
    assert "script" not in question.stem
    assert '<img src="@@PLUGINFILE@@/leads.png" alt="leads">' in question.stem
    assert question.media[0].data.startswith(b"\x89PNG")


def test_true_false_and_defaults(sample):
    question = sample[2]["COM-303"].question
    assert question.kind == "truefalse" and question.key_letters == "A"
    assert question.rationale == "" and question.citations == () and question.difficulty is None


GOOD_CHOICES = [{"text": "a", "correct": True}, {"text": "b", "correct": False}]


def variant(**changes: Any) -> str:
    question = {"stem": "Q?", "choices": GOOD_CHOICES, **changes}
    return json.dumps(question)


@pytest.mark.parametrize(
    ("question", "message"),
    [
        (variant(choices=GOOD_CHOICES[:1]),
         "the question has only one option; it needs at least two"),
        (variant(choices=[{"text": "a", "correct": False}, {"text": "b", "correct": False}]),
         "no option is marked correct"),
        (variant(kind="truefalse", choices=[{"text": "True", "correct": True},
                                            {"text": "False", "correct": True}]),
         "options A and B are both marked correct, but the question takes a single answer"),
        (variant(choices=[GOOD_CHOICES[0], {"text": "", "correct": False}]),
         "option B has no text"),
        (variant(domain="Nursing"), "unknown domain 'Nursing'"),
        (variant(stem=5), "'stem' must be text"),
        (variant(choices=[{"text": "a", "correct": "yes"}, {"text": "b"}]),
         "option A: 'correct' must be true or false"),
        (variant(difficulty=4), "difficulty 4 must be 1, 2 or 3"),
        (variant(media=[{"name": "x.png", "mime": "image/png", "data_base64": "!!"}]),
         "media 'x.png' is not valid base64"),
        (variant(media=[{"name": "x.js", "mime": "text/javascript", "data_base64": ""}]),
         "media 'x.js' has the type 'text/javascript', which is not an image"),
        ('"just text"', "each question must be an object { … }"),
    ],
)
def test_question_errors_name_the_line_the_question_starts(question, message):
    good = '{"stem": "Fine?", "choices": [{"text": "a", "correct": true}, {"text": "b"}]}'
    text = document(good, "\n\n" + question)
    result = parse_json(text)
    assert len(result.items) == 1
    assert result.errors[0].line == 6
    assert result.errors[0].message.startswith(message)


def test_syntax_error_names_its_line():
    text = document('{"stem": "Q?",\n "choices": [{"text": "a" "correct": true}]}')
    result = parse_json(text)
    assert [(p.line, p.message) for p in result.errors] == [
        (4, "a comma is missing between two items")
    ]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('{"format": "something-else", "version": 1, "questions": []}',
         "not a quizapp question set"),
        ('{"format": "quizapp-questions", "version": 2, "questions": []}', "newer quizapp"),
        ('{"format": "quizapp-questions", "version": 1}', 'no "questions" list'),
        ("[1, 2]", "does not start with {"),
        ('{"format": "quizapp-questions", "version": 1, "questions": []} trailing', "more after"),
    ],
)
def test_whole_file_problems(text, needle):
    result = parse_json(text)
    assert needle in result.errors[0].message


def test_unknown_fields_warn_but_import():
    text = document(variant(colour="red", choices=[{"text": "a", "correct": True, "x": 1},
                                                   {"text": "b"}]))
    result = parse_json(text)
    assert result.items
    assert any("'colour'" in w for w in result.warnings)
    assert any("'choices.x'" in w for w in result.warnings)


def test_deep_nesting_and_huge_numbers_are_reported_not_raised():
    assert parse_json(document("[" * 100_000 + "]" * 100_000)).errors
    assert parse_json(document('{"stem": "Q", "difficulty": ' + "9" * 5000 + "}")).errors


# --- the schema -------------------------------------------------------------------------------
# jsonschema is not a dependency, so a small validator covers the keywords the schema uses.

def _types(value: Any) -> set[str]:
    if value is None:
        return {"null"}
    if isinstance(value, bool):
        return {"boolean"}
    if isinstance(value, int):
        return {"integer", "number"}
    if isinstance(value, float):
        return {"number"}
    return {{str: "string", list: "array", dict: "object"}[type(value)]}


def validate(value: Any, schema: dict, root: dict, path: str = "$") -> list[str]:
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return validate(value, root["$defs"][name], root, path)
    errors: list[str] = []
    expected = schema.get("type")
    if expected is not None:
        allowed = {expected} if isinstance(expected, str) else set(expected)
        if not allowed & _types(value):
            return [f"{path}: type {sorted(_types(value))} not in {sorted(allowed)}"]
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not allowed")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            errors.append(f"{path}: too short")
        if "pattern" in schema and not value.startswith(schema["pattern"].lstrip("^")):
            errors.append(f"{path}: does not match {schema['pattern']}")
    if isinstance(value, int) and not isinstance(value, bool):
        if value < schema.get("minimum", value) or value > schema.get("maximum", value):
            errors.append(f"{path}: out of range")
    if isinstance(value, list):
        if not schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", len(value)):
            errors.append(f"{path}: wrong number of items")
        for index, item in enumerate(value):
            errors += validate(item, schema.get("items", {}), root, f"{path}[{index}]")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        errors += [f"{path}: missing {k}" for k in schema.get("required", []) if k not in value]
        if schema.get("additionalProperties") is False:
            errors += [f"{path}: unexpected {k}" for k in value if k not in properties]
        for key, item in value.items():
            if key in properties:
                errors += validate(item, properties[key], root, f"{path}.{key}")
    return errors


def test_schema_accepts_the_sample_and_rejects_broken_sets():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    sample = json.loads((DATA / "question_set.json").read_text(encoding="utf-8"))
    assert validate(sample, schema, schema) == []
    broken = json.loads(json.dumps(sample))
    broken["questions"][0]["choices"] = broken["questions"][0]["choices"][:1]
    broken["questions"][1]["kind"] = "essay"
    broken["questions"][2]["difficulty"] = 7
    broken["questions"][2]["colour"] = "red"
    assert len(validate(broken, schema, schema)) == 4


def test_schema_domain_names_match_the_taxonomy():
    from quizapp.core.taxonomy import ALL_DOMAINS, CLINICAL_SUBDOMAINS

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    question = schema["$defs"]["question"]["properties"]
    assert [d for d in question["domain"]["enum"] if d] == list(ALL_DOMAINS)
    assert [d for d in question["subdomain"]["enum"] if d] == list(CLINICAL_SUBDOMAINS)

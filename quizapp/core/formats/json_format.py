"""quizapp's own JSON question sets: every field the app stores, nothing lost on a round trip.

    {"format": "quizapp-questions", "version": 1, "set": {"name": "Phlebotomy review"},
     "questions": [{"id": "PHL-001", "stem": "...", "choices": [{"text": "...", "correct": true}]}]}

`question_set.schema.json` next to this module describes it in full. The top level is scanned
by hand so each question keeps the line its `{` is on: errors name that line.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

from quizapp.core.formats.base import ParseResult
from quizapp.core.formats.checks import as_true_false
from quizapp.core.formats.collect import QuestionLimitReached, ResultCollector
from quizapp.core.formats.fields import (
    FieldError,
    make_citation,
    parse_difficulty,
    resolve_domain,
)
from quizapp.core.formats.limits import MAX_MEDIA_BYTES, megabytes
from quizapp.core.formats.sanitize import resolved_media_name
from quizapp.core.questions import LETTERS, Choice, Citation, Media, QuestionData, QuestionKind

FORMAT_NAME = "quizapp-questions"
FORMAT_VERSION = 1
QUESTION_KEYS = frozenset(
    {"id", "domain", "subdomain", "topic", "difficulty", "kind", "text_format", "stem",
     "choices", "rationale", "citations", "media", "tags"}
)  # fmt: skip
CHOICE_KEYS = frozenset({"text", "correct", "feedback"})

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_JSON_MESSAGES = {
    "Expecting value": "a value was expected here (a missing value, or a comma too many)",
    "Expecting ',' delimiter": "a comma is missing between two items",
    "Expecting ':' delimiter": "a colon is missing after a field name",
    "Expecting property name": "a field name in double quotes was expected (a comma too many?)",
    "Unterminated string": "a text in quotes is never closed",
    "Invalid control character": "a text holds a line break or tab; write it as \\n or \\t",
    "Invalid \\escape": "a text holds a backslash that is not a valid escape; write \\\\",
    "Invalid \\uXXXX escape": "a text holds a broken \\u escape",
}


class _JsonSyntax(Exception):
    def __init__(self, position: int, message: str) -> None:
        super().__init__(message)
        self.position = position
        self.message = message


def _json_message(raw: str) -> str:
    for key, message in _JSON_MESSAGES.items():
        if raw.startswith(key):
            return message
    return "the JSON is not well formed"


def _skip(text: str, index: int) -> int:
    return _WHITESPACE.match(text, index).end()  # type: ignore[union-attr]


def _value(text: str, index: int) -> tuple[Any, int]:
    try:
        return _DECODER.raw_decode(text, index)
    except json.JSONDecodeError as exc:
        raise _JsonSyntax(exc.pos, _json_message(exc.msg)) from None
    except RecursionError:
        raise _JsonSyntax(index, "values are nested too deeply") from None
    except ValueError:  # e.g. an integer with thousands of digits
        raise _JsonSyntax(index, "a number is too large") from None


def _expect(text: str, index: int, allowed: str, message: str) -> str:
    found = text[index : index + 1]
    if not found or found not in allowed:
        raise _JsonSyntax(index, message)
    return found


def _scan(text: str) -> tuple[dict[str, Any], list[tuple[int, Any]] | None]:
    """The top-level object's fields, and each question with the offset where it starts."""
    top: dict[str, Any] = {}
    questions: list[tuple[int, Any]] | None = None
    index = _skip(text, 0)
    _expect(text, index, "{", "the file does not start with { (it is not a quizapp JSON set)")
    index = _skip(text, index + 1)
    if text[index : index + 1] == "}":
        index += 1
    else:
        while True:
            _expect(text, index, '"', "a field name in double quotes was expected")
            key, index = _value(text, index)
            index = _skip(text, index)
            _expect(text, index, ":", "a colon is missing after a field name")
            index = _skip(text, index + 1)
            if key == "questions" and text[index : index + 1] == "[":
                questions, index = _scan_list(text, index)
                top[key] = None
            else:
                top[key], index = _value(text, index)
            index = _skip(text, index)
            if _expect(text, index, ",}", "a comma or } is missing") == "}":
                index += 1
                break
            index = _skip(text, index + 1)
    if _skip(text, index) != len(text):
        raise _JsonSyntax(index, "there is more after the closing }")
    return top, questions


def _scan_list(text: str, index: int) -> tuple[list[tuple[int, Any]], int]:
    items: list[tuple[int, Any]] = []
    index = _skip(text, index + 1)
    if text[index : index + 1] == "]":
        return items, index + 1
    while True:
        start = index
        value, index = _value(text, index)
        items.append((start, value))
        index = _skip(text, index)
        if _expect(text, index, ",]", "a comma or ] is missing between questions") == "]":
            return items, index + 1
        index = _skip(text, index + 1)


class _LineCounter:
    """Line numbers for increasing offsets, in one pass over the text."""

    def __init__(self, text: str) -> None:
        self.text, self.offset, self.line = text, 0, 1

    def line_at(self, offset: int) -> int:
        if offset < self.offset:
            self.offset, self.line = 0, 1
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def _text(data: dict[str, Any], key: str, problems: list[str], *, where: str = "") -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.append(f"{where}'{key}' must be text")
        return ""
    return value


def _choices(raw: Any, problems: list[str]) -> tuple[Choice, ...]:
    if not isinstance(raw, list):
        problems.append("'choices' must be a list of options")
        return ()
    choices = []
    for index, item in enumerate(raw):
        name = f"option {LETTERS[index]}" if index < len(LETTERS) else f"option {index + 1}"
        if not isinstance(item, dict):
            problems.append(f"{name} must be an object with 'text' and 'correct'")
            continue
        correct = item.get("correct", False)
        if not isinstance(correct, bool):
            problems.append(f"{name}: 'correct' must be true or false")
        text = _text(item, "text", problems, where=f"{name}: ")
        feedback = _text(item, "feedback", problems, where=f"{name}: ")
        choices.append(Choice(text, correct is True, feedback))
    return tuple(choices)


def _citations(raw: Any) -> tuple[Citation, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise FieldError("'citations' must be a list")
    found = []
    for item in raw:
        if not (isinstance(item, dict) and isinstance(item.get("source"), str)
                and isinstance(item.get("locator"), str)):  # fmt: skip
            raise FieldError("each citation needs a 'source' and a 'locator' as text")
        found.append(make_citation(item["source"], item["locator"]))
    return tuple(found)


def _media(raw: Any) -> tuple[Media, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise FieldError("'media' must be a list")
    found = []
    for item in raw:
        if not isinstance(item, dict) or not all(
            isinstance(item.get(k), str) for k in ("name", "mime", "data_base64")
        ):
            raise FieldError("each media entry needs 'name', 'mime' and 'data_base64' as text")
        name, mime = item["name"].strip(), item["mime"].strip().lower()
        if not name:
            raise FieldError("a media entry has no name")
        resolved = resolved_media_name(name)
        if resolved is None:
            continue  # a name that climbs out of the question's files (../../x) is dropped
        name = resolved
        if not mime.startswith("image/"):
            raise FieldError(f"media '{name}' has the type '{mime}', which is not an image")
        try:
            data = base64.b64decode("".join(item["data_base64"].split()), validate=True)
        except (binascii.Error, ValueError):
            raise FieldError(f"media '{name}' is not valid base64") from None
        if len(data) > MAX_MEDIA_BYTES:
            raise FieldError(
                f"media '{name}' is {megabytes(len(data))}; the limit is "
                f"{megabytes(MAX_MEDIA_BYTES)}"
            )
        alt = item.get("alt", "")
        if not isinstance(alt, str):
            raise FieldError(f"media '{name}' has an 'alt' that is not text")
        found.append(Media(name, mime, data, " ".join(alt.split())))
    return tuple(found)


def _tags(raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(t, str) for t in raw):
        raise FieldError("'tags' must be a list of texts")
    return tuple(t.strip() for t in raw if t.strip())


def _question(data: dict[str, Any], problems: list[str]) -> QuestionData | None:
    """The question in `data`, or None with `problems` filled in."""
    ext_id = data.get("id")
    if ext_id is not None and (isinstance(ext_id, bool) or not isinstance(ext_id, (str, int))):
        problems.append("'id' must be text")
    stem = _text(data, "stem", problems)
    rationale = _text(data, "rationale", problems)
    topic = _text(data, "topic", problems).strip() or None
    text_format = data.get("text_format", "plain")
    if text_format not in ("plain", "html"):
        problems.append("'text_format' must be \"plain\" or \"html\"")
    choices = _choices(data.get("choices"), problems)
    kind: QuestionKind = "multiple" if sum(c.is_correct for c in choices) > 1 else "single"
    given = data.get("kind")
    if given in ("single", "multiple", "truefalse"):
        kind = given
    elif given is not None:
        problems.append("'kind' must be \"single\", \"multiple\" or \"truefalse\"")
    elif kind == "truefalse":
        choices = as_true_false(choices) or choices
    try:
        domain, subdomain = resolve_domain(
            _text(data, "domain", problems), _text(data, "subdomain", problems)
        )
        difficulty = parse_difficulty(data.get("difficulty"))
        citations = _citations(data.get("citations"))
        media = _media(data.get("media"))
        tags = _tags(data.get("tags"))
    except FieldError as exc:
        problems.append(str(exc))
        return None
    if problems:
        return None
    return QuestionData(
        stem=stem.strip(),
        choices=tuple(Choice(c.text.strip(), c.is_correct, c.feedback.strip()) for c in choices),
        kind=kind,
        ext_id=None if ext_id is None else str(ext_id).strip() or None,
        domain=domain,
        subdomain=subdomain,
        topic=topic,
        difficulty=difficulty,
        rationale=rationale.strip(),
        citations=citations,
        media=media,
        text_format=text_format,
        tags=tags,
    )


class _JsonReader:
    def __init__(self) -> None:
        self.out = ResultCollector()

    def read(self, text: str) -> ParseResult:
        lines = _LineCounter(text)
        try:
            top, questions = _scan(text)
        except _JsonSyntax as exc:
            self.out.error(lines.line_at(exc.position), exc.message)
            return self.out.result
        if not self._read_header(top, questions):
            return self.out.result
        try:
            for start, data in questions or ():
                self.out.question_started()
                self._read_question(lines.line_at(start), data)
        except QuestionLimitReached:
            pass
        return self.out.result

    def _read_header(self, top: dict[str, Any], questions: list[Any] | None) -> bool:
        if top.get("format") != FORMAT_NAME:
            self.out.error(
                None, f'this is not a quizapp question set ("format" is not "{FORMAT_NAME}")'
            )
            return False
        version = top.get("version")
        if isinstance(version, bool) or not isinstance(version, int):
            self.out.error(None, '"version" must be a whole number')
            return False
        if version > FORMAT_VERSION:
            self.out.error(
                None,
                f"the file is version {version}, made by a newer quizapp; update quizapp to "
                "import it",
            )
            return False
        if questions is None:
            self.out.error(None, 'the file has no "questions" list')
            return False
        named_set = top.get("set")
        if isinstance(named_set, dict) and isinstance(named_set.get("name"), str):
            self.out.result.set_name = named_set["name"].strip() or None
        return True

    def _read_question(self, line: int, data: Any) -> None:
        if not isinstance(data, dict):
            self.out.error(line, "each question must be an object { … }")
            return
        unknown = set(data) - QUESTION_KEYS
        listed = data.get("choices")
        for choice in listed if isinstance(listed, list) else ():
            if isinstance(choice, dict):
                unknown |= {f"choices.{key}" for key in set(choice) - CHOICE_KEYS}
        for key in sorted(unknown):
            self.out.warn(line, f"the field '{key}' is not a quizapp field and is ignored")
        problems: list[str] = []
        question = _question(data, problems)
        if question is None:
            for message in problems:
                self.out.error(line, message)
            return
        self.out.add(line, question)


def parse_json(text: str) -> ParseResult:
    """Every question of a quizapp JSON set; each problem names the line its question starts on."""
    return _JsonReader().read(text.removeprefix("\ufeff"))

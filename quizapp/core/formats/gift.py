"""Moodle's GIFT text format: the multiple-choice and true/false subset quizapp can serve.

A question is a block of lines ended by a blank line:

    // quizapp: {"domain": "Clinical Patient Care", "subdomain": "Patient Intake and Vitals"}
    ::VIT-001:: [html]What is a normal adult resting pulse? {
      =60–100 beats per minute #Correct.
      ~40–60 beats per minute #That is bradycardia.
      ####Normal adult resting pulse is 60–100 bpm.
    }

Other GIFT question types (essay, numerical, matching, short answer, missing word) are skipped
with a reason rather than imported half-working. The `// quizapp:` comment directly above a
question (no blank line between) carries the fields GIFT has no place for; other tools ignore it
as a comment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from quizapp.core.formats.base import ParseResult
from quizapp.core.formats.collect import QuestionLimitReached, ResultCollector
from quizapp.core.formats.decode import iter_lines
from quizapp.core.formats.fields import (
    Classification,
    FieldError,
    classify_category,
    make_citation,
    parse_citation,
    parse_difficulty,
    resolve_domain,
)
from quizapp.core.formats.sanitize import text_format_named, unify_formats
from quizapp.core.questions import (
    LETTERS,
    Choice,
    Citation,
    QuestionData,
    QuestionKind,
    TextFormat,
)

# Escaped special characters become private-use placeholders while the structure is split,
# and are turned back into the plain characters afterwards.
_PLACEHOLDERS = {"\\": "\ue000", "~": "\ue001", "=": "\ue002", "#": "\ue003",
                 "{": "\ue004", "}": "\ue005", ":": "\ue006"}  # fmt: skip
_RESTORE = str.maketrans({v: k for k, v in _PLACEHOLDERS.items()})
_ESCAPE = re.compile(r"\\([\\~=#{}:n])")
_FORMAT_MARKER = re.compile(r"\s*\[(html|moodle|markdown|plain)\]", re.I)
_WEIGHT = re.compile(r"\s*%(-?\d{1,3}(?:\.\d*)?)%")
_TRUE_FALSE = re.compile(r"(true|false|t|f)\s*(#.*)?", re.I | re.S)
_METADATA = re.compile(r"\s*//\s*quizapp:(.*)", re.S)
# Far more than any real question; stops a runaway block from building millions of answers.
_MAX_ANSWERS = 100


def _escape(text: str) -> str:
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) == "n" else _PLACEHOLDERS[m.group(1)], text)


def _restore(text: str) -> str:
    return text.translate(_RESTORE)


def _formatted(raw: str, default: TextFormat) -> tuple[str, TextFormat]:
    """A field's text without its `[format]` marker, and its format (the question's if none)."""
    match = _FORMAT_MARKER.match(raw)
    if match:
        return _restore(raw[match.end() :]).strip(), text_format_named(match.group(1))
    return _restore(raw).strip(), default


@dataclass
class _Metadata:
    """Fields from a `// quizapp: {...}` comment."""

    ext_id: str | None = None
    classification: Classification = Classification()  # None parts leave the category's
    difficulty: int | None = None
    citations: tuple[Citation, ...] = ()
    tags: tuple[str, ...] = ()


def _text_field(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise FieldError(f"'{key}' in the quizapp comment must be text")
    return str(value)


def _read_metadata(raw: str) -> _Metadata:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise FieldError("the quizapp comment is not valid JSON") from None
    if not isinstance(data, dict):
        raise FieldError("the quizapp comment must hold a JSON object { … }")
    meta = _Metadata(
        ext_id=_text_field(data, "id"), difficulty=parse_difficulty(data.get("difficulty"))
    )
    domain, subdomain = resolve_domain(_text_field(data, "domain"), _text_field(data, "subdomain"))
    meta.classification = Classification(domain, subdomain, _text_field(data, "topic") or None)
    citations = data.get("citations") or []
    if not isinstance(citations, list):
        raise FieldError("'citations' in the quizapp comment must be a list")
    found = []
    for item in citations:
        if isinstance(item, str):
            found.append(parse_citation(item))
        elif isinstance(item, dict) and isinstance(item.get("source"), str) and isinstance(
            item.get("locator"), str
        ):
            found.append(make_citation(item["source"], item["locator"]))
        else:
            raise FieldError("each citation in the quizapp comment needs a source and a locator")
    meta.citations = tuple(found)
    tags = data.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise FieldError("'tags' in the quizapp comment must be a list of text")
    meta.tags = tuple(tags)
    return meta


@dataclass
class _Answer:
    marker: str  # "=" or "~"
    weight: float | None
    text: str
    feedback: str


@dataclass
class _Block:
    lines: list[tuple[int, str]] = field(default_factory=list)


def _blocks(text: str) -> Iterator[_Block]:
    """Runs of non-blank lines; a blank line ends a question in GIFT."""
    current = _Block()
    for number, line in iter_lines(text):
        if line.strip():
            current.lines.append((number, line))
        elif current.lines:
            yield current
            current = _Block()
    if current.lines:
        yield current


def _split_answers(body: str) -> list[_Answer] | str:
    """The `=`/`~` answers of a choice block, or a message saying what is wrong with it."""
    markers = body.count("=") + body.count("~")
    if markers > _MAX_ANSWERS:
        return (
            f"the answers hold {markers} = or ~ marks; a question has at most {len(LETTERS)} "
            "options"
        )
    starts = [i for i, ch in enumerate(body) if ch in "=~"]
    if not starts:
        return "the answers have no = or ~ in front of them"
    if body[: starts[0]].strip():
        return (
            "text stands before the first = or ~ in the answers (write \\= or \\~ for a "
            "literal one)"
        )
    answers = []
    for begin, end in zip(starts, [*starts[1:], len(body)], strict=True):
        chunk = body[begin + 1 : end]
        weight = None
        match = _WEIGHT.match(chunk)
        if match:
            weight = float(match.group(1))
            chunk = chunk[match.end() :]
        text, _, feedback = chunk.partition("#")
        answers.append(_Answer(body[begin], weight, text, feedback))
    return answers


class _GiftReader:
    def __init__(self) -> None:
        self.out = ResultCollector()
        self.category = Classification()

    def read(self, text: str) -> ParseResult:
        try:
            for block in _blocks(text):
                self._read_block(block)
        except QuestionLimitReached:
            pass
        return self.out.result

    def _read_block(self, block: _Block) -> None:
        comments = [(n, line) for n, line in block.lines if line.lstrip().startswith("//")]
        body = [(n, line) for n, line in block.lines if not line.lstrip().startswith("//")]
        if body and body[0][1].lstrip().startswith("$CATEGORY:"):
            path = body[0][1].lstrip()[len("$CATEGORY:") :]
            self.category = classify_category(_restore(_escape(path)))
            body = body[1:]
        if not body:
            return
        line = body[0][0]
        self.out.question_started()
        meta = _Metadata()
        for comment_line, comment in comments:
            match = _METADATA.match(comment)
            if match:
                try:
                    meta = _read_metadata(match.group(1))
                except FieldError as exc:
                    self.out.error(comment_line, str(exc))
                    return
        self._read_question(line, _escape("\n".join(text for _, text in body)), meta)

    def _read_question(self, line: int, text: str, meta: _Metadata) -> None:
        title = None
        rest = text.lstrip()
        if rest.startswith("::"):
            end = rest.find("::", 2)
            if end < 0:
                self.out.error(line, "the title that starts with :: is not closed with ::")
                return
            title = _restore(rest[2:end]).strip() or None
            rest = rest[end + 2 :]
        opening = rest.find("{")
        if opening < 0:
            self.out.skip(line, "the text has no answers in { } (a description, not a question)")
            return
        closing = rest.find("}", opening + 1)
        if closing < 0:
            self.out.error(
                line, "the answers opened with { are not closed with } before the next blank line"
            )
            return
        if "{" in rest[opening + 1 : closing]:
            self.out.error(line, "a second { appears before the answers are closed with }")
            return
        before, body, after = rest[:opening], rest[opening + 1 : closing], rest[closing + 1 :]
        if after.strip():
            self.out.skip(
                line, "the answers sit inside the text (a missing-word question), which quizapp "
                "cannot show"
            )
            return
        fmt: TextFormat = "plain"
        marker = _FORMAT_MARKER.match(before)
        if marker:
            fmt = text_format_named(marker.group(1))
            before = before[marker.end() :]
        self._read_answers(line, before, body, fmt, title, meta)

    def _read_answers(
        self, line: int, stem: str, body: str, fmt: TextFormat, title: str | None, meta: _Metadata
    ) -> None:
        stripped = body.strip()
        if not stripped:
            self.out.skip(line, "an essay question (no answers to choose from)")
            return
        if stripped.startswith("#"):
            self.out.skip(line, "a numerical question (no answers to choose from)")
            return
        body, _, general = body.partition("####")
        true_false = _TRUE_FALSE.fullmatch(body.strip())
        if true_false:
            key_true = true_false.group(1).lower().startswith("t")
            feedback = (true_false.group(2) or "").split("#")
            wrong_feedback = feedback[1] if len(feedback) > 1 else ""
            right_feedback = feedback[2] if len(feedback) > 2 else ""
            true_fb, false_fb = (right_feedback, wrong_feedback) if key_true else (
                wrong_feedback, right_feedback
            )
            options = [("True", key_true, true_fb), ("False", not key_true, false_fb)]
            self._emit(line, stem, options, general, "truefalse", fmt, title, meta, literal=True)
            return
        answers = _split_answers(body)
        if isinstance(answers, str):
            self.out.error(line, answers)
            return
        markers = {a.marker for a in answers}
        if markers == {"="}:
            if any("->" in a.text for a in answers):
                self.out.skip(line, "a matching question, which quizapp cannot show")
            else:
                self.out.skip(line, "a short-answer question (no wrong options to choose from)")
            return
        single = "=" in markers
        options = []
        for index, answer in enumerate(answers):
            if answer.marker == "=":
                correct = True
            elif single:
                correct = answer.weight is not None and answer.weight >= 100
                if answer.weight is not None and 0 < answer.weight < 100:
                    self.out.warn(
                        line,
                        f"partial credit ({answer.weight:g}%) on answer {index + 1} is not kept; "
                        "it counts as wrong",
                    )
            else:
                correct = answer.weight is not None and answer.weight > 0
            options.append((answer.text, correct, answer.feedback))
        kind: QuestionKind = "single" if single else "multiple"
        self._emit(line, stem, options, general, kind, fmt, title, meta, literal=False)

    def _emit(
        self,
        line: int,
        stem: str,
        options: list[tuple[str, bool, str]],
        general: str,
        kind: QuestionKind,
        fmt: TextFormat,
        title: str | None,
        meta: _Metadata,
        *,
        literal: bool,
    ) -> None:
        """Build the question; `literal` option texts (True/False) are words, not GIFT text."""
        parts = [(_restore(stem).strip(), fmt), _formatted(general, fmt)]
        for text, _, feedback in options:
            parts.append((text, "plain") if literal else _formatted(text, fmt))
            parts.append(_formatted(feedback, fmt))
        texts, text_format = unify_formats(parts)
        choices = tuple(
            Choice(texts[2 + 2 * i], correct, texts[3 + 2 * i])
            for i, (_, correct, _) in enumerate(options)
        )
        # The quizapp comment names the question's own place; the category fills the gaps.
        named, category = meta.classification, self.category
        source = named if named.domain else category
        domain, subdomain, topic = source.domain, source.subdomain, named.topic or category.topic
        self.out.add(
            line,
            QuestionData(
                stem=texts[0],
                choices=choices,
                kind=kind,
                ext_id=meta.ext_id or title,
                domain=domain,
                subdomain=subdomain,
                topic=topic,
                difficulty=meta.difficulty,
                rationale=texts[1],
                citations=meta.citations,
                text_format=text_format,
                tags=meta.tags,
            ),
        )


def parse_gift(text: str) -> ParseResult:
    """Every question of a GIFT file, with skips and errors named by the question's first line."""
    return _GiftReader().read(text.removeprefix("\ufeff"))

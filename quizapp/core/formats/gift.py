"""Moodle's GIFT text format: the multiple-choice and true/false questions quizapp can serve,
read the way Moodle's own importer (`question/format/gift/format.php`) reads them.

A question is a block of lines ended by a blank line:

    // quizapp: {"domain": "Clinical Patient Care", "subdomain": "Patient Intake and Vitals"}
    // [id:VIT-001] [tag:pulse]
    ::Normal pulse:: [html]What is a normal adult resting pulse? {
      =60–100 beats per minute #Correct.
      ~40–60 beats per minute #That is bradycardia.
      ####Normal adult resting pulse is 60–100 bpm.
    }

As in Moodle: answers with a `~` make a multiple-choice question (single answer when any answer
is marked `=`, every `=` answer earning full credit; otherwise multiple answer, by weight);
braces inside the sentence make a missing-word question, shown with a blank `_____`; an empty
answer (`~=` typed by mistake) is left out; a grade Moodle does not allow (`%33%`) is an error.
Other question types (essay, numerical, matching, short answer, description) are skipped with a
reason. Titles (`::…::`), `[id:…]` and `[tag:…]` comments are kept as the question's Moodle name,
id number and tags. The `// quizapp:` comment directly above a question carries the fields GIFT
has no place for; other tools ignore it as a comment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from quizapp.core.formats.base import ParseResult
from quizapp.core.formats.checks import bad_grade_message, is_moodle_grade
from quizapp.core.formats.collect import QuestionLimitReached, ResultCollector
from quizapp.core.formats.decode import iter_lines
from quizapp.core.formats.fields import (
    Classification,
    FieldError,
    category_parts,
    classify_category,
    make_citation,
    parse_citation,
    parse_difficulty,
    resolve_domain,
)
from quizapp.core.formats.sanitize import SourceFormat, rendered, source_format_named, unify_formats
from quizapp.core.questions import (
    Choice,
    Citation,
    MoodleRef,
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
# Moodle's answer weight: `%50%`, `%-33.33333%`, right after the ~ or =.
_WEIGHT = re.compile(r"\s*%(-*\d{1,3}(?:\.\d*)?)%")
_TRUE_FALSE_WORDS = {"t": True, "true": True, "f": False, "false": False}
_METADATA = re.compile(r"\s*//\s*quizapp:(.*)", re.S)
# Moodle's `[id:…]` and `[tag:…]` comment tokens; `\]` is a ] inside them.
_ID_TOKEN = re.compile(r"\[id:((?:\\\]|[^\]\[\x00-\x1f])+)\]")
_TAG_TOKEN = re.compile(r"\[tag:((?:\\\]|[^\]<>\x00-\x1f])+)\]")
_WORD = re.compile(r"\w")
BLANK = "_____"  # where a missing-word question's answers stood, as Moodle shows it
# Far more than any real question; stops a runaway block from building millions of answers.
_MAX_ANSWERS = 100


def _escape(text: str) -> str:
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) == "n" else _PLACEHOLDERS[m.group(1)], text)


def _restore(text: str) -> str:
    return text.translate(_RESTORE)


def _marked(raw: str, default: SourceFormat) -> tuple[str, SourceFormat]:
    """A field's text without its `[format]` marker, and its format (the question's if none)."""
    match = _FORMAT_MARKER.match(raw)
    if match:
        return _restore(raw[match.end() :]).strip(), source_format_named(match.group(1), default)
    return _restore(raw).strip(), default


def _formatted(raw: str, default: SourceFormat) -> tuple[str, TextFormat]:
    """A field's text as Moodle shows it, in a stored format."""
    return rendered(*_marked(raw, default))


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


def id_and_tags(comments: str) -> tuple[str | None, list[str]]:
    """Moodle's `[id:…]` (the first one) and `[tag:…]` tokens in a question's comment lines."""
    found = _ID_TOKEN.search(comments)
    idnumber = found.group(1).replace("\\]", "]").strip() if found else None
    tags = [m.group(1).replace("\\]", "]").strip() for m in _TAG_TOKEN.finditer(comments)]
    return idnumber or None, [t for t in tags if t]


@dataclass
class _Answer:
    marker: str  # "=" or "~"
    weight: float  # percent; "=" is 100
    text: str
    feedback: str
    stated: float | None = None  # a weight written after "=", which Moodle ignores


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


def _split_answers(body: str) -> list[_Answer]:
    """The answers of a multiple-choice block, split as Moodle splits them: every `=` and `~`
    starts an answer, and text before the first one is an answer too (worth nothing)."""
    pieces = body.replace("=", "~=").split("~")
    if not pieces[0].strip():
        pieces.pop(0)
    answers = []
    for piece in pieces:
        piece = piece.strip()
        marker, stated = "~", None
        if piece.startswith("="):
            marker, piece = "=", piece[1:]
        match = _WEIGHT.match(piece)
        if match:
            stated = float(match.group(1).lstrip("-") or 0) * (-1 if match.group(1).startswith("-") else 1)
            piece = piece[match.end() :]
        weight = 100.0 if marker == "=" else (stated or 0.0)
        text, _, feedback = piece.partition("#")
        answers.append(_Answer(marker, weight, text, feedback, stated if marker == "=" else None))
    return answers


class _GiftReader:
    def __init__(self) -> None:
        self.out = ResultCollector()
        self.category = Classification()
        self.category_path = ""

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
            path = _restore(_escape(body[0][1].lstrip()[len("$CATEGORY:") :]))
            self.category = classify_category(path)
            self.category_path = "/".join(category_parts(path))
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
        idnumber, tags = id_and_tags("\n".join(c for _, c in comments if not _METADATA.match(c)))
        question = _escape("\n".join(text for _, text in body))
        self._read_question(line, question, meta, idnumber, tags)

    def _read_question(
        self, line: int, text: str, meta: _Metadata, idnumber: str | None, tags: list[str]
    ) -> None:
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
        if opening < 0 and "}" not in rest:
            self.out.skip(line, "a description (text without answers in { }), not a question",
                          "description")
            return
        closing = rest.find("}", opening + 1)
        if opening < 0 or closing < 0:
            self.out.error(
                line, "the answers opened with { are not closed with } before the next blank line"
            )
            return
        if "{" in rest[opening + 1 : closing]:
            self.out.error(line, "a second { appears before the answers are closed with }")
            return
        before, body, after = rest[:opening], rest[opening + 1 : closing], rest[closing + 1 :]
        fmt: SourceFormat = "moodle"  # Moodle's default for GIFT text
        marker = _FORMAT_MARKER.match(before)
        if marker:
            fmt = source_format_named(marker.group(1))
            before = before[marker.end() :]
        body, separator, general = body.rpartition("####")
        if not separator:
            body, general = general, ""
        question = _Question(line, before, after, fmt, general, title, meta, idnumber, tags)
        self._read_answers(question, body)

    def _read_answers(self, question: _Question, body: str) -> None:
        line, stripped = question.line, body.strip()
        if not stripped:
            self.out.skip(line, "an essay question (no answers to choose from)", "essay")
            return
        if stripped.startswith("#"):
            self.out.skip(line, "a numerical question (no answers to choose from)", "numerical")
            return
        if "~" in stripped:
            self._read_choices(question, stripped)
            return
        if "=" in stripped and "->" in stripped:
            self.out.skip(line, "a matching question, which quizapp cannot show", "matching")
            return
        hash_at = stripped.find("#", 1)
        word = (stripped[:hash_at] if hash_at > 0 else stripped).strip()
        if word.lower() not in _TRUE_FALSE_WORDS:
            self.out.skip(line, "a short-answer question (the student types the answer)", "short-answer")
            return
        key_true = _TRUE_FALSE_WORDS[word.lower()]
        feedback = stripped.split("#", 2)
        wrong_feedback = feedback[1] if len(feedback) > 1 else ""
        right_feedback = feedback[2] if len(feedback) > 2 else ""
        true_fb, false_fb = (right_feedback, wrong_feedback) if key_true else (
            wrong_feedback, right_feedback
        )
        options = [("True", key_true, true_fb), ("False", not key_true, false_fb)]
        self._emit(question, options, "truefalse", literal=True)

    def _read_choices(self, question: _Question, body: str) -> None:
        line = question.line
        answers = _split_answers(body)
        if len(answers) > _MAX_ANSWERS:
            self.out.error(line, f"the answers hold {len(answers)} = or ~ marks; far more than a "
                                 "question can show")
            return
        if body.lstrip()[0] not in "=~":
            self.out.warn(line, "the text before the first ~ or = is read as a wrong answer, as "
                                "Moodle reads it")
        for number, answer in enumerate(answers, start=1):
            if answer.marker == "~" and not is_moodle_grade(answer.weight):
                self.out.error(line, bad_grade_message(number, answer.weight))
                return
            if answer.stated is not None and answer.stated != 100:
                self.out.warn(line, f"answer {number} is marked = (full credit), so its weight "
                                    f"{answer.stated:g}% is ignored, as Moodle ignores it")
        kept = []
        for number, answer in enumerate(answers, start=1):
            text = answer.text.strip()
            if text and (text[0] != "[" or _marked(text, question.fmt)[0]):
                kept.append(answer)
            else:
                self.out.warn(line, f"answer {number} is empty (a stray ~ or = with no text) and "
                                    "was left out, as Moodle leaves it out")
        single = "=" in body
        options = []
        for index, answer in enumerate(kept, start=1):
            if single:
                correct = answer.weight >= 100
                if 0 < answer.weight < 100:
                    self.out.warn(line, f"partial credit ({answer.weight:g}%) on answer {index} is "
                                        "not kept; it counts as wrong")
            else:
                correct = answer.weight > 0
            options.append((answer.text, correct, answer.feedback))
        if not single and sum(1 for _, correct, _ in options if correct) > 1:
            self.out.warn(line, "Moodle gives partial credit for each right answer; quizapp scores "
                                "the question all or nothing (every right answer and no wrong one)")
        self._emit(question, options, "single" if single else "multiple", literal=False)

    def _emit(
        self,
        question: _Question,
        options: list[tuple[str, bool, str]],
        kind: QuestionKind,
        *,
        literal: bool,
    ) -> None:
        """Build the question; `literal` option texts (True/False) are words, not GIFT text."""
        fmt = question.fmt
        parts = [rendered(question.stem(kind), fmt), _formatted(question.general, fmt)]
        for text, _, feedback in options:
            parts.append((text, "plain") if literal else _formatted(text, fmt))
            parts.append(_formatted(feedback, fmt))
        texts, text_format = unify_formats(parts)
        choices = tuple(
            Choice(texts[2 + 2 * i], correct, texts[3 + 2 * i])
            for i, (_, correct, _) in enumerate(options)
        )
        # The quizapp comment names the question's own place; the category fills the gaps.
        meta = question.meta
        named, category = meta.classification, self.category
        source = named if named.domain else category
        domain, subdomain, topic = source.domain, source.subdomain, named.topic or category.topic
        tags = tuple(dict.fromkeys([*meta.tags, *question.tags]))
        self.out.add(
            question.line,
            QuestionData(
                stem=texts[0],
                choices=choices,
                kind=kind,
                ext_id=meta.ext_id,
                domain=domain,
                subdomain=subdomain,
                topic=topic,
                difficulty=meta.difficulty,
                rationale=texts[1],
                citations=meta.citations,
                text_format=text_format,
                tags=tags,
                moodle=MoodleRef(question.title, question.idnumber, self.category_path),
            ),
        )


@dataclass
class _Question:
    """One question's parts around its answers, before they are read."""

    line: int
    before: str
    after: str
    fmt: SourceFormat
    general: str
    title: str | None
    meta: _Metadata
    idnumber: str | None
    tags: list[str]

    def stem(self, kind: QuestionKind) -> str:
        """The question text; answers inside the sentence leave a blank, as in Moodle (a
        true/false statement followed only by punctuation keeps it without a blank)."""
        before, after = _restore(self.before), _restore(self.after)
        if not after.strip():
            return before.strip()
        if kind == "truefalse" and not _WORD.search(after):
            return (before.rstrip() + after.strip()).strip()
        return (before + BLANK + after).strip()


def parse_gift(text: str) -> ParseResult:
    """Every question of a GIFT file, with skips and errors named by the question's first line."""
    return _GiftReader().read(text.removeprefix("\ufeff"))

"""Moodle XML quizzes: multiple-choice, multiple-answer and true/false questions.

Categories (`$course$/top/CCMA/Phlebotomy`) set the domain, sub-domain and topic of the
questions after them; tags such as `domain:…` or `source:FILE#LOCATOR` (how quizapp's own export
carries its fields) override them. Images embedded as base64 `<file>` elements become Media and
the `@@PLUGINFILE@@/name` references to them stay in the HTML. Other question types are skipped
with a reason.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
import re

from quizapp.core.formats.base import ParseResult
from quizapp.core.formats.collect import QuestionLimitReached, ResultCollector
from quizapp.core.formats.fields import Classification, FieldError, classify_category, read_tags
from quizapp.core.formats.limits import MAX_MEDIA_BYTES, MAX_XML_ELEMENTS_PER_QUESTION, megabytes
from quizapp.core.formats.sanitize import text_format_named, unify_formats
from quizapp.core.formats.xml_tree import Element, QuestionElement, XmlStop, read_questions
from quizapp.core.questions import Choice, Media, QuestionData, QuestionKind, TextFormat

# An answer as read: (text, its format), right or wrong, (feedback, its format).
_Option = tuple[tuple[str, TextFormat], bool, tuple[str, TextFormat]]

_SKIPPED_TYPES = {
    "essay": "an essay question",
    "shortanswer": "a short-answer question",
    "numerical": "a numerical question",
    "matching": "a matching question",
    "randomsamatch": "a random short-answer matching question",
    "description": "a description (text without a question)",
    "cloze": "a cloze (embedded answers) question",
    "multianswer": "a cloze (embedded answers) question",
    "calculated": "a calculated question",
    "calculatedsimple": "a calculated question",
    "calculatedmulti": "a calculated multiple-choice question",
    "ddwtos": "a drag-and-drop question",
    "ddimageortext": "a drag-and-drop question",
    "ddmarker": "a drag-and-drop question",
    "gapselect": "a select-missing-words question",
    "ordering": "an ordering question",
}
_NUMBER = re.compile(r"\s*-?\d{1,4}(?:\.\d*)?\s*")


def _formatted(element: Element | None, default: TextFormat) -> tuple[str, TextFormat]:
    """The text of a Moodle text element (`<questiontext format=..><text>…`) and its format."""
    if element is None:
        return "", default
    fmt = text_format_named(element.attrs.get("format"), default)
    holder = element.first("text")
    text = holder.text if holder is not None else element.text
    return text.strip(), fmt


def _fraction(answer: Element) -> float | None:
    raw = answer.attrs.get("fraction", "0")
    return float(raw) if _NUMBER.fullmatch(raw) else None


def _tag_texts(question: Element) -> list[str]:
    holder = question.first("tags")
    if holder is None:
        return []
    texts = []
    for tag in holder.all("tag"):
        inner = tag.first("text")
        texts.append((inner.text if inner is not None else tag.text).strip())
    return texts


class _MoodleReader:
    def __init__(self) -> None:
        self.out = ResultCollector()
        self.category = Classification()

    def read(self, text: str) -> ParseResult:
        try:
            read_questions(text, self._read_question)
        except XmlStop as stop:
            self.out.error(stop.problem.line, stop.problem.message)
        except QuestionLimitReached:
            pass
        return self.out.result

    def _read_question(self, found: QuestionElement) -> None:
        question, line = found.element, found.element.line
        kind = question.attrs.get("type", "").strip().lower()
        if kind == "category":
            self._read_category(question)
            return
        self.out.question_started()
        if found.overflowed:
            self.out.error(
                line, f"the question holds more than {MAX_XML_ELEMENTS_PER_QUESTION:,} XML elements"
            )
        elif not kind:
            self.out.error(line, "the <question> has no type=\"…\"")
        elif kind in ("multichoice", "truefalse"):
            self._read_choice_question(question, kind)
        else:
            name = _SKIPPED_TYPES.get(kind, f"a question of type '{kind}'")
            self.out.skip(
                line, f"{name}, which quizapp cannot serve (only multiple-choice and true/false)"
            )

    def _read_category(self, question: Element) -> None:
        holder = question.first("category")
        if holder is not None:
            path, _ = _formatted(holder, "plain")
            self.category = classify_category(path)

    def _read_choice_question(self, question: Element, kind_name: str) -> None:
        line = question.line
        stem = _formatted(question.first("questiontext"), "html")
        fmt = stem[1]
        general = _formatted(question.first("generalfeedback"), fmt)
        options: list[tuple[tuple[str, TextFormat], bool, tuple[str, TextFormat]]] = []
        single = True
        kind: QuestionKind = "truefalse"
        if kind_name == "multichoice":
            single_text = question.first("single")
            single = single_text is None or single_text.text.strip().lower() in ("true", "1", "")
            kind = "single" if single else "multiple"
        for index, answer in enumerate(question.all("answer"), start=1):
            fraction = _fraction(answer)
            if fraction is None:
                self.out.error(
                    answer.line,
                    f"answer {index} has fraction '{answer.attrs.get('fraction')}', which is not "
                    "a number",
                )
                return
            text = _formatted(answer, fmt)
            feedback = _formatted(answer.first("feedback"), fmt)
            correct = fraction >= 99.99 if single else fraction > 0
            if single and 0 < fraction < 99.99:
                self.out.warn(
                    answer.line,
                    f"partial credit ({fraction:g}%) on answer {index} is not kept; it counts as "
                    "wrong",
                )
            options.append((text, correct, feedback))
        if kind == "truefalse":
            ordered = self._true_false_options(line, options)
            if ordered is None:
                return
            options = ordered
        parts = [stem, general]
        for text, _, feedback in options:
            parts.extend((text, feedback))
        texts, text_format = unify_formats(parts)
        media = self._media(question)
        try:
            fields = read_tags(_tag_texts(question))
        except FieldError as exc:
            self.out.error(line, str(exc))
            return
        if media is None:
            return
        place = self.category
        if fields.domain is not None:
            place = Classification(fields.domain, fields.subdomain, place.topic)
        idnumber = question.first("idnumber")
        self.out.add(
            line,
            QuestionData(
                stem=texts[0],
                choices=tuple(
                    Choice(texts[2 + 2 * i], correct, texts[3 + 2 * i])
                    for i, (_, correct, _) in enumerate(options)
                ),
                kind=kind,
                ext_id=(idnumber.text.strip() or None) if idnumber is not None else None,
                domain=place.domain,
                subdomain=place.subdomain,
                topic=fields.topic or place.topic,
                difficulty=fields.difficulty,
                rationale=texts[1],
                citations=tuple(fields.citations),
                media=media,
                text_format=text_format,
                tags=tuple(fields.tags),
            ),
        )

    def _true_false_options(self, line: int, options: list[_Option]) -> list[_Option] | None:
        """The answers as True then False, or None (with an error) if they are not those two."""
        by_word = {text[0].strip().lower(): (text, correct, fb) for text, correct, fb in options}
        if len(options) != 2 or set(by_word) != {"true", "false"}:
            self.out.error(line, "a true/false question needs one answer 'true' and one 'false'")
            return None
        return [
            (("True", "plain"), by_word["true"][1], by_word["true"][2]),
            (("False", "plain"), by_word["false"][1], by_word["false"][2]),
        ]

    def _media(self, question: Element) -> tuple[Media, ...] | None:
        """Images embedded in the question; None (with an error) if one cannot be read."""
        media: dict[str, Media] = {}
        for file in question.descendants():
            if file.tag != "file":
                continue
            name = file.attrs.get("name", "").strip()
            if not name:
                self.out.error(file.line, "an embedded <file> has no name")
                return None
            if file.attrs.get("encoding", "base64").lower() != "base64":
                self.out.error(file.line, f"the file '{name}' is not base64-encoded")
                return None
            mime = mimetypes.guess_type(name)[0] or ""
            if not mime.startswith("image/"):
                self.out.warn(file.line, f"the file '{name}' is not an image and was left out")
                continue
            try:
                data = base64.b64decode("".join(file.text.split()), validate=True)
            except (binascii.Error, ValueError):
                self.out.error(file.line, f"the image '{name}' is not valid base64")
                return None
            if len(data) > MAX_MEDIA_BYTES:
                self.out.error(
                    file.line,
                    f"the image '{name}' is {megabytes(len(data))}; the limit is "
                    f"{megabytes(MAX_MEDIA_BYTES)}",
                )
                return None
            media.setdefault(name, Media(name, mime, data))
        return tuple(media.values())


def parse_moodle_xml(text: str) -> ParseResult:
    """Every question of a Moodle XML quiz; each problem names the line of its `<question>`."""
    return _MoodleReader().read(text.removeprefix("\ufeff"))

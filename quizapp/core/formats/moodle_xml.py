"""Moodle XML quizzes: multiple-choice, multiple-answer and true/false questions.

Categories (`$course$/top/CCMA/Phlebotomy`) set the domain, sub-domain and topic of the
questions after them; tags such as `domain:…` or `source:FILE#LOCATOR` (how quizapp's own export
carries its fields) override them where their value is unambiguous, and are kept as ordinary
tags where it is not. Images embedded as base64 `<file>` elements (or Moodle 1.9's `<image>`)
become Media and the `@@PLUGINFILE@@/name` references to them stay in the HTML. As in Moodle:
texts without a format are Moodle's auto-format, a grade Moodle does not allow is an error, and
true/false answers in another language are taken in order. Each question keeps its Moodle name,
id number and category, for matching a re-import. Other question types are skipped with a
reason.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
import re
from typing import Literal

from quizapp.core.formats.base import ParseResult
from quizapp.core.formats.checks import bad_grade_message, is_moodle_grade
from quizapp.core.formats.collect import QuestionLimitReached, ResultCollector
from quizapp.core.formats.fields import Classification, category_parts, classify_category, read_tags
from quizapp.core.formats.limits import MAX_MEDIA_BYTES, MAX_XML_ELEMENTS_PER_QUESTION, megabytes
from quizapp.core.formats.sanitize import (
    PLUGINFILE_PREFIX,
    SourceFormat,
    rendered,
    resolved_media_name,
    source_format_named,
    unify_formats,
)
from quizapp.core.formats.xml_tree import Element, QuestionElement, XmlStop, read_questions
from quizapp.core.questions import Choice, Media, MoodleRef, QuestionData, QuestionKind, TextFormat

# An answer as read: (text, its format), right or wrong, (feedback, its format).
_Option = tuple[tuple[str, TextFormat], bool, tuple[str, TextFormat]]

# Moodle's other question types: (how a skip names one, its type in the refusal of a file).
_SKIPPED_TYPES = {
    "essay": ("an essay question", "essay"),
    "shortanswer": ("a short-answer question", "short-answer"),
    "numerical": ("a numerical question", "numerical"),
    "matching": ("a matching question", "matching"),
    "match": ("a matching question", "matching"),
    "randomsamatch": ("a random short-answer matching question", "random matching"),
    "description": ("a description (text without a question)", "description"),
    "cloze": ("a cloze (embedded answers) question", "cloze"),
    "multianswer": ("a cloze (embedded answers) question", "cloze"),
    "calculated": ("a calculated question", "calculated"),
    "calculatedsimple": ("a calculated question", "calculated"),
    "calculatedmulti": ("a calculated multiple-choice question", "calculated"),
    "ddwtos": ("a drag-and-drop question", "drag-and-drop"),
    "ddimageortext": ("a drag-and-drop question", "drag-and-drop"),
    "ddmarker": ("a drag-and-drop question", "drag-and-drop"),
    "gapselect": ("a select-missing-words question", "select-missing-words"),
    "ordering": ("an ordering question", "ordering"),
}
_NUMBER = re.compile(r"\s*-?\d{1,4}(?:\.\d*)?\s*")


def _source(element: Element | None, default: SourceFormat = "moodle") -> tuple[str, SourceFormat]:
    """The text of a Moodle text element (`<questiontext format=..><text>…`) and the format it
    is written in (Moodle's auto-format when the element names none)."""
    if element is None:
        return "", default
    fmt = source_format_named(element.attrs.get("format"), default)
    holder = element.first("text")
    text = holder.text if holder is not None else element.text
    return text.strip(), fmt


def _formatted(element: Element | None, default: SourceFormat = "moodle") -> tuple[str, TextFormat]:
    """A text element as Moodle shows it, in one of the stored formats."""
    return rendered(*_source(element, default))


def _plain(element: Element | None) -> str | None:
    """A short label (a name, an id number, a category path): its text, or None if empty."""
    if element is None:
        return None
    holder = element.first("text")
    return " ".join((holder.text if holder is not None else element.text).split()) or None


def _media_name(file: Element) -> str:
    """A file's name as the question's HTML refers to it after `@@PLUGINFILE@@/`: with its
    folder when it has one (`<file name="a.png" path="/sub/">` is `sub/a.png`)."""
    name = file.attrs.get("name", "").strip()
    folder = file.attrs.get("path", "/").strip().strip("/")
    return f"{folder}/{name}" if folder and name else name


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
        self.category_path = ""

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
            name, label = _SKIPPED_TYPES.get(kind, (f"a question of type '{kind}'", kind))
            self.out.skip(
                line, f"{name}, which quizapp cannot serve (only multiple-choice and true/false)", label
            )

    def _read_category(self, question: Element) -> None:
        path = _plain(question.first("category"))
        if path is not None:
            self.category = classify_category(path)
            self.category_path = "/".join(category_parts(path))

    def _read_choice_question(self, question: Element, kind_name: str) -> None:
        line = question.line
        stem_text, stem_format = _source(question.first("questiontext"))
        general = _formatted(question.first("generalfeedback"))
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
            if kind != "truefalse" and not is_moodle_grade(fraction):
                self.out.error(answer.line, bad_grade_message(index, fraction))
                return
            text = _formatted(answer)
            feedback = _formatted(answer.first("feedback"))
            correct = fraction >= 99.99 if single else fraction > 0
            if single and 0 < fraction < 99.99:
                self.out.warn(
                    answer.line,
                    f"partial credit ({fraction:g}%) on answer {index} is not kept; it counts as "
                    "wrong",
                )
            options.append((text, correct, feedback))
        if kind == "multiple" and sum(1 for _, correct, _ in options if correct) > 1:
            self.out.warn(line, "Moodle gives partial credit for each right answer; quizapp scores "
                                "the question all or nothing (every right answer and no wrong one)")
        if kind == "truefalse":
            ordered = self._true_false_options(line, options)
            if ordered is None:
                return
            options = ordered
        media = self._media(question)
        if media is None:
            return
        legacy = self._legacy_image(question)
        if legacy is None:
            return
        if legacy:
            # Moodle 1.9's <image>: Moodle adds the picture to the question text, and so do we.
            stem_text, stem_format = rendered(stem_text, stem_format)[0], "html"
            stem_text += f' <img src="{PLUGINFILE_PREFIX}{legacy[0].name}" alt="">'
            media = tuple({m.name: m for m in (*media, *legacy)}.values())
        parts = [rendered(stem_text, stem_format), general]
        for text, _, feedback in options:
            parts.extend((text, feedback))
        texts, text_format = unify_formats(parts)
        fields = read_tags(_tag_texts(question))
        for note in fields.notes:
            self.out.warn(line, note)
        place = self.category
        if fields.domain is not None:
            place = Classification(fields.domain, fields.subdomain, place.topic)
        self.out.add(
            line,
            QuestionData(
                stem=texts[0],
                choices=tuple(
                    Choice(texts[2 + 2 * i], correct, texts[3 + 2 * i])
                    for i, (_, correct, _) in enumerate(options)
                ),
                kind=kind,
                domain=place.domain,
                subdomain=place.subdomain,
                topic=fields.topic or place.topic,
                difficulty=fields.difficulty,
                rationale=texts[1],
                citations=tuple(fields.citations),
                media=media,
                text_format=text_format,
                tags=tuple(fields.tags),
                moodle=MoodleRef(_plain(question.first("name")), _plain(question.first("idnumber")),
                                 self.category_path),
            ),
        )

    def _true_false_options(self, line: int, options: list[_Option]) -> list[_Option] | None:
        """The answers as True then False. Answers not worded true/false (a translated `Vrai` /
        `Faux`) are taken in order, true first, as Moodle takes them, with a warning."""
        if len(options) != 2:
            self.out.error(line, f"a true/false question needs two answers, not {len(options)}")
            return None
        by_word = {text[0].strip().lower(): (text, correct, fb) for text, correct, fb in options}
        if set(by_word) != {"true", "false"}:
            first, second = (text[0].strip() for text, _, _ in options)
            self.out.warn(line, f"the answers '{first}' and '{second}' are not 'true' and 'false'; "
                                f"as Moodle does, the first is read as True and the second as False")
            by_word = {"true": options[0], "false": options[1]}
        return [
            (("True", "plain"), by_word["true"][1], by_word["true"][2]),
            (("False", "plain"), by_word["false"][1], by_word["false"][2]),
        ]

    def _image(self, line: int, name: str, encoded: str) -> Media | Literal[False] | None:
        """An embedded image; False when it is not an image (left out, with a warning); None
        (with an error) when it cannot be read."""
        mime = mimetypes.guess_type(name)[0] or ""
        if not mime.startswith("image/"):
            self.out.warn(line, f"the file '{name}' is not an image and was left out (quizapp carries "
                                "only images)")
            return False
        try:
            data = base64.b64decode("".join(encoded.split()), validate=True)
        except (binascii.Error, ValueError):
            self.out.error(line, f"the image '{name}' is not valid base64")
            return None
        if len(data) > MAX_MEDIA_BYTES:
            self.out.error(
                line,
                f"the image '{name}' is {megabytes(len(data))}; the limit is "
                f"{megabytes(MAX_MEDIA_BYTES)}",
            )
            return None
        return Media(name, mime, data)

    def _media(self, question: Element) -> tuple[Media, ...] | None:
        """Images embedded in the question; None (with an error) if one cannot be read."""
        media: dict[str, Media] = {}
        for file in question.descendants():
            if file.tag != "file":
                continue
            name = _media_name(file)
            if not name:
                self.out.error(file.line, "an embedded <file> has no name")
                return None
            if file.attrs.get("encoding", "base64").lower() != "base64":
                self.out.error(file.line, f"the file '{name}' is not base64-encoded")
                return None
            resolved = resolved_media_name(name)
            if resolved is None:
                self.out.warn(file.line, f"the file '{name}' points outside the question and was left out")
                continue
            name = resolved
            image = self._image(file.line, name, file.text)
            if image is None:
                return None
            if image is not False:
                media.setdefault(name, image)
        return tuple(media.values())

    def _legacy_image(self, question: Element) -> tuple[Media, ...] | None:
        """Moodle 1.9's `<image>` name with its `<image_base64>` data, if the question has them."""
        data_element = question.first("image_base64")
        if data_element is None:
            return ()
        name_element = question.first("image")
        name = (name_element.text.strip() if name_element is not None else "").replace("/", "_")
        if not name or data_element is None or not data_element.text.strip():
            return ()
        image = self._image(data_element.line, name, data_element.text)
        if image is None:
            return None
        return () if image is False else (image,)


def parse_moodle_xml(text: str) -> ParseResult:
    """Every question of a Moodle XML quiz; each problem names the line of its `<question>`."""
    return _MoodleReader().read(text.removeprefix("\ufeff"))

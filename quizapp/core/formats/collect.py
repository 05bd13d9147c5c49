"""Gathers a parser's output, applies the shared checks and enforces the question limit."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

from quizapp.core.formats.base import ParsedItem, ParseResult, Problem
from quizapp.core.formats.checks import duplicate_options, question_problems
from quizapp.core.formats.limits import MAX_QUESTIONS, too_many_questions_message
from quizapp.core.formats.sanitize import PLUGINFILE_PREFIX, sanitize_question
from quizapp.core.questions import QuestionData

_LINK = re.compile(r"""\b(?:href|src)\s*=\s*(["'])(.*?)\1""", re.I | re.S)


def dead_links(question: QuestionData) -> list[str]:
    """Links and images in a question's HTML that will lead nowhere in quizapp: files the
    question does not carry (a sound, a PDF, a missing image) and outside addresses, which the
    sanitiser removes because the app never opens the network."""
    if question.text_format != "html":
        return []
    carried = {m.name for m in question.media}
    texts = [question.stem, question.rationale, *(t for c in question.choices for t in (c.text, c.feedback))]
    notes: dict[str, None] = {}
    for text in texts:
        for match in _LINK.finditer(text):
            target = html.unescape(match.group(2)).strip()
            if target.startswith(PLUGINFILE_PREFIX):
                name = target[len(PLUGINFILE_PREFIX) :]
                if name not in carried and unquote(name) not in carried:
                    notes[f"the link to '{unquote(name)}' leads nowhere: that file is not carried with the question "
                          "(quizapp carries only images)"] = None
            elif target and not target.lower().startswith("data:image/"):
                notes[f"the link to '{target}' was removed: quizapp never opens the network"] = None
    return list(notes)


class QuestionLimitReached(Exception):
    """Stops a parser once a file holds more questions than one import may bring in."""


class ResultCollector:
    """What a parser writes into: questions, skips, errors and warnings, each with its line.

    Parsers call `question_started` once per question they meet (served or not); past the limit
    it records a whole-file error, drops the items (an import of part of a file would surprise
    the instructor) and raises QuestionLimitReached for the parser to stop on.
    """

    def __init__(self) -> None:
        self.result = ParseResult()
        self._questions_seen = 0

    def question_started(self) -> None:
        self._questions_seen += 1
        if self._questions_seen > MAX_QUESTIONS:
            self.result.items.clear()
            self.result.errors.append(Problem(None, too_many_questions_message()))
            raise QuestionLimitReached

    def add(self, line: int, question: QuestionData) -> None:
        """Keep `question` if it passes the shared checks, else record why not on its line."""
        links = dead_links(question)
        question = sanitize_question(question)
        problems = question_problems(question)
        if problems:
            self.result.errors.extend(Problem(line, message) for message in problems)
            return
        for note in [*links, *duplicate_options(question)]:
            self.warn(line, note)
        self.result.items.append(ParsedItem(line, question))

    def skip(self, line: int | None, reason: str, kind: str) -> None:
        """A question of a type quizapp does not serve (`kind`: "essay", "matching"…)."""
        self.result.skipped.append(Problem(line, reason, kind))

    def error(self, line: int | None, message: str) -> None:
        self.result.errors.append(Problem(line, message))

    def warn(self, line: int | None, message: str) -> None:
        self.result.warnings.append(message if line is None else f"line {line}: {message}")

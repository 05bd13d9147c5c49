"""Gathers a parser's output, applies the shared checks and enforces the question limit."""

from __future__ import annotations

from quizapp.core.formats.base import ParsedItem, ParseResult, Problem
from quizapp.core.formats.checks import duplicate_options, question_problems
from quizapp.core.formats.limits import MAX_QUESTIONS, too_many_questions_message
from quizapp.core.formats.sanitize import sanitize_question
from quizapp.core.questions import QuestionData


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
        question = sanitize_question(question)
        problems = question_problems(question)
        if problems:
            self.result.errors.extend(Problem(line, message) for message in problems)
            return
        for note in duplicate_options(question):
            self.warn(line, note)
        self.result.items.append(ParsedItem(line, question))

    def skip(self, line: int | None, reason: str) -> None:
        self.result.skipped.append(Problem(line, reason))

    def error(self, line: int | None, message: str) -> None:
        self.result.errors.append(Problem(line, message))

    def warn(self, line: int | None, message: str) -> None:
        self.result.warnings.append(message if line is None else f"line {line}: {message}")

"""The Aiken format: the simplest multiple-choice text format Moodle reads.

    Which vein is the first choice for routine venipuncture?
    A. Basilic vein
    B. Median cubital vein
    C. Cephalic vein
    ANSWER: B

The stem may span lines; options are `A.` or `A)` in order (the space after it may be left out,
as Moodle allows); `ANSWER: X` ends the question.
Mistakes are reported on the line that shows them, so an instructor can go straight there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quizapp.core.formats.base import ParseResult
from quizapp.core.formats.collect import QuestionLimitReached, ResultCollector
from quizapp.core.formats.decode import iter_lines
from quizapp.core.questions import Choice, QuestionData

# As Moodle reads it: the space after the letter is optional (`A)First` is option A).
_OPTION = re.compile(r"([A-Z])[.)][ \t]*(.*)")
_ANSWER = re.compile(r"ANSWER\s*:(.*)", re.I)


@dataclass
class _Question:
    line: int
    stem: list[str] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)  # (letter, text)
    option_lines: int = 0  # every option line seen, kept or not
    broken: bool = False

    def option_range(self) -> str:
        letters = [letter for letter, _ in self.options]
        return letters[0] if len(letters) == 1 else f"{letters[0]}–{letters[-1]}"


class _AikenReader:
    def __init__(self) -> None:
        self.out = ResultCollector()
        self.pending: _Question | None = None

    def read(self, text: str) -> ParseResult:
        try:
            for number, raw in iter_lines(text):
                self._read_line(number, raw.strip())
            if self.pending is not None:
                self._missing_answer()
        except QuestionLimitReached:
            pass
        return self.out.result

    def _start(self, number: int) -> _Question:
        self.out.question_started()
        self.pending = _Question(number)
        return self.pending

    def _missing_answer(self) -> None:
        assert self.pending is not None
        self.out.error(self.pending.line, "the question has no ANSWER: line after its options")
        self.pending = None

    def _read_line(self, number: int, line: str) -> None:
        if not line:
            return
        answer = _ANSWER.fullmatch(line)
        if answer:
            self._read_answer(number, answer.group(1).strip())
            return
        option = _OPTION.fullmatch(line)
        if option:
            self._read_option(number, option.group(1), (option.group(2) or "").strip())
            return
        if self.pending is not None and self.pending.option_lines:
            self._missing_answer()
        question = self.pending or self._start(number)
        question.stem.append(line)

    def _read_option(self, number: int, letter: str, text: str) -> None:
        question = self.pending
        if question is None:
            question = self._start(number)
            self.out.error(number, f"option {letter} has no question above it")
            question.broken = True
        question.option_lines += 1
        expected = chr(ord("A") + len(question.options))
        if letter != expected and not question.broken:
            self.out.error(
                number,
                f"option {letter} comes where {expected} was expected; options must run A, B, C… "
                "in order",
            )
            question.broken = True
        if not text and not question.broken:
            self.out.error(number, f"option {letter} has no text")
            question.broken = True
        if not question.broken:  # a broken question is never built; don't hoard its lines
            question.options.append((letter, text))

    def _read_answer(self, number: int, value: str) -> None:
        question, self.pending = self.pending, None
        if question is None:
            self.out.question_started()
            self.out.error(number, "this ANSWER: line has no question above it")
            return
        if question.broken:
            return
        if not question.options:
            self.out.error(question.line, "the question has no options (lines starting A. or A))")
            return
        if not value:
            self.out.error(number, "the ANSWER: line names no letter")
            return
        if not re.fullmatch(r"[A-Za-z]", value):
            if re.fullmatch(r"[A-Za-z](?:[\s,;|]+[A-Za-z])+", value):
                self.out.error(
                    number, f"ANSWER: {value} names more than one letter; Aiken allows only one"
                )
            else:
                self.out.error(number, f"ANSWER: {value} is not a single option letter")
            return
        key = value.upper()
        letters = [letter for letter, _ in question.options]
        if key not in letters:
            self.out.error(
                number, f"ANSWER: {key} names no option (the options are {question.option_range()})"
            )
            return
        self.out.add(
            question.line,
            QuestionData(
                stem="\n".join(question.stem),
                choices=tuple(Choice(text, letter == key) for letter, text in question.options),
                kind="single",
            ),
        )


def parse_aiken(text: str) -> ParseResult:
    """Every question of an Aiken file; problems carry the line that shows them."""
    return _AikenReader().read(text.removeprefix("\ufeff"))

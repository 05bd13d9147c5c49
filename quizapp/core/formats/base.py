"""What every parser returns: items with their line, plus problems named by line."""

from __future__ import annotations

from dataclasses import dataclass, field

from quizapp.core.questions import QuestionData


@dataclass(frozen=True)
class ParsedItem:
    line: int
    question: QuestionData


@dataclass(frozen=True)
class Problem:
    """A problem tied to a line of the file (1-based); `line` is None for the whole file."""

    line: int | None
    message: str
    kind: str | None = None  # for a skipped question, its type ("essay", "matching"…)


@dataclass
class ParseResult:
    items: list[ParsedItem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)  # not served by design (e.g. essay)
    errors: list[Problem] = field(default_factory=list)  # malformed items
    warnings: list[str] = field(default_factory=list)  # e.g. decoded as Windows-1252
    set_name: str | None = None  # a name the file gives its set (quizapp JSON's "set": {"name"})

"""What the exam pages are handed: frozen snapshots, never live rows.

An item shows its question in display order (`quizapp.core.views.QuestionView`, the same view
practice uses) and what the student did; whether it is scored is not shown until the results.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from quizapp.core.changes import Changes
from quizapp.core.exam.timing import format_clock
from quizapp.core.views import QuestionView


@dataclass(frozen=True)
class ItemState:
    position: int  # 0-based; "Question {number} of {total}"
    question: QuestionView
    chosen: tuple[int, ...]  # stored choice positions, as `ChoiceView.position`
    flagged: bool

    @property
    def number(self) -> int:
        return self.position + 1

    @property
    def answered(self) -> bool:
        return bool(self.chosen)

    @property
    def chosen_letters(self) -> str:
        return self.question.letters_for(list(self.chosen))


@dataclass(frozen=True)
class ExamState:
    attempt_id: int
    blueprint: str  # slug
    blueprint_name: str
    items: tuple[ItemState, ...]
    current_index: int
    remaining_seconds: float
    time_limit_seconds: float
    elapsed_seconds: float
    strict: bool
    accommodation: float
    submitted: bool
    auto_submitted: bool  # time ran out

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def current(self) -> ItemState:
        return self.items[self.current_index]

    @property
    def answered_count(self) -> int:
        return sum(1 for item in self.items if item.answered)

    @property
    def unanswered(self) -> tuple[int, ...]:
        """Positions left blank, for the review screen before submitting."""
        return tuple(item.position for item in self.items if not item.answered)

    @property
    def flagged(self) -> tuple[int, ...]:
        return tuple(item.position for item in self.items if item.flagged)

    @property
    def remaining_text(self) -> str:
        return format_clock(self.remaining_seconds)


@dataclass(frozen=True)
class ExamUpdate:
    """The result of every exam action: the new state, what changed, and warnings now due."""

    state: ExamState
    changes: Changes
    warnings: tuple[int, ...] = ()  # "minutes left" thresholds crossed since last reported

    @property
    def warning_text(self) -> str | None:
        """The sentence to show and announce for the most urgent warning, if any."""
        if not self.warnings:
            return None
        minutes = min(self.warnings)
        return f"{minutes} minute{'s' if minutes != 1 else ''} left in this exam."


@dataclass(frozen=True)
class InProgressExam:
    """An unfinished mock exam to offer `Resume exam` for."""

    attempt_id: int
    blueprint: str
    blueprint_name: str
    started_at: datetime
    answered: int
    total: int
    remaining_seconds: float  # as it would be if resumed now
    strict: bool


@dataclass(frozen=True)
class BlueprintInfo:
    """A blueprint as the exam set-up page lists it (one radio button each)."""

    slug: str
    name: str
    minutes: int
    scored: int
    unscored: int
    origin: str
    domains: tuple[tuple[str, int], ...]  # (domain, scored items), test-plan order
    subdomains: tuple[tuple[str, int], ...]  # Clinical Patient Care sub-domains
    pass_mark: float | None = None  # an exam pack's: the instructor's (0-1), never the NHA's
    signer_note: str | None = None  # an exam pack's signer in words ("Not from your instructor: …")
    trusted: bool = True

    @property
    def is_pack(self) -> bool:
        return self.origin == "pack"

    @property
    def items(self) -> int:
        return self.scored + self.unscored

    def time_limit_seconds(self, accommodation: float = 1.0) -> float:
        return self.minutes * 60 * accommodation

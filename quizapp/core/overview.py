"""The home page's numbers: the bank per domain and this student's tallies, in two GROUP BYs.

The tallies come from `tally_question` (one row per question answered, kept by the answer
path), so opening the home page costs the same with a million answers as with none.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.db.models import Question, QuestionSet, TallyQuestion
from quizapp.core.taxonomy import ALL_DOMAINS


@dataclass(frozen=True)
class DomainOverview:
    name: str
    questions: int  # available to serve (enabled sets, not retired)
    answered: int
    correct: int


@dataclass(frozen=True)
class Overview:
    domains: tuple[DomainOverview, ...]
    total_questions: int
    unassigned_questions: int  # imported questions with no CCMA domain
    answered: int  # every answer, those to questions without a domain included
    correct: int

    @property
    def empty(self) -> bool:
        return self.total_questions == 0


class OverviewService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def overview(self, profile_id: int) -> Overview:
        with self._sessions() as session:
            counts = dict(session.execute(
                select(Question.domain, func.count(Question.id))
                .join(QuestionSet, QuestionSet.id == Question.set_id)
                .where(QuestionSet.enabled.is_(True), Question.retired.is_(False))
                .group_by(Question.domain)
            ).all())
            tallies = {
                domain: (int(a or 0), int(c or 0))
                for domain, a, c in session.execute(
                    select(Question.domain, func.sum(TallyQuestion.answered), func.sum(TallyQuestion.correct))
                    .join(Question, Question.id == TallyQuestion.question_id)
                    .where(TallyQuestion.profile_id == profile_id)
                    .group_by(Question.domain)
                )
            }
        domains = tuple(
            DomainOverview(name, int(counts.get(name, 0)), *tallies.get(name, (0, 0))) for name in ALL_DOMAINS
        )
        total = sum(int(n) for n in counts.values())
        return Overview(domains, total, int(counts.get(None, 0)),
                        sum(a for a, _ in tallies.values()), sum(c for _, c in tallies.values()))

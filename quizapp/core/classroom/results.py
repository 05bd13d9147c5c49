"""Class results: every student with answers, accuracy overall, per domain and sub-domain, last
activity and mock exams, in a period.

Read from the answer summaries, never from the answers: all time from `tally_question` (one row
per student and question: forty students read at most forty times the bank), a period from
`tally_day` (one row per student, local day and topic).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.core.classroom.period import Period
from quizapp.core.db.models import (
    Attempt,
    Blueprint,
    Profile,
    Question,
    SchoolClass,
    TallyDay,
    TallyQuestion,
    TallyTopic,
)
from quizapp.core.taxonomy import ALL_DOMAINS, CLINICAL, CLINICAL_SUBDOMAINS

MOCK_MODES = ("mock", "pack")


def _share(correct: int, answered: int) -> float | None:
    return None if answered == 0 else correct / answered


@dataclass(frozen=True)
class AreaResult:
    name: str
    answered: int
    correct: int
    subdomains: tuple[AreaResult, ...] = ()

    @property
    def accuracy(self) -> float | None:
        return _share(self.correct, self.answered)


@dataclass(frozen=True)
class MockResult:
    blueprint: str
    submitted_at: datetime
    score: float


@dataclass(frozen=True)
class StudentResult:
    profile_id: int
    profile: str
    class_name: str | None
    answered: int
    correct: int
    last_active: datetime | None
    domains: tuple[AreaResult, ...]
    mock_exams: tuple[MockResult, ...]  # newest first

    @property
    def accuracy(self) -> float | None:
        return _share(self.correct, self.answered)


def _order(name: str) -> tuple[int, str]:
    return (ALL_DOMAINS.index(name) if name in ALL_DOMAINS else len(ALL_DOMAINS), name)


def shape_domains(rows: Sequence[tuple[str, str, int, int]]) -> tuple[AreaResult, ...]:
    """(domain, subdomain, answered, correct) rows — "" for none — as domains in test-plan
    order, Clinical Patient Care with its sub-domains. Pure: tested with hand-built rows."""
    domains: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    subs: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for domain, subdomain, answered, correct in rows:
        name = domain or "No domain"
        domains[name][0] += answered
        domains[name][1] += correct
        if name == CLINICAL and subdomain:
            subs[subdomain][0] += answered
            subs[subdomain][1] += correct
    out = []
    for name in sorted(domains, key=_order):
        answered, correct = domains[name]
        children: tuple[AreaResult, ...] = ()
        if name == CLINICAL:
            order = list(CLINICAL_SUBDOMAINS)
            children = tuple(AreaResult(s, subs[s][0], subs[s][1]) for s in sorted(
                subs, key=lambda s: (order.index(s) if s in order else len(order), s)))
        out.append(AreaResult(name, answered, correct, children))
    return tuple(out)


def _area_tallies(period: Period, profiles: list[int] | None) -> Any:  # a Select of five columns
    """(profile, domain, subdomain, answered, correct): all time from the per-question summary,
    within a period from the per-day one."""
    if period.first_day is None and period.last_day is None:
        everything = (select(TallyQuestion.profile_id, Question.domain, Question.subdomain,
                             func.sum(TallyQuestion.answered), func.sum(TallyQuestion.correct))
                      .join(Question, Question.id == TallyQuestion.question_id)
                      .group_by(TallyQuestion.profile_id, Question.domain, Question.subdomain))
        return everything if profiles is None else everything.where(TallyQuestion.profile_id.in_(profiles))
    query = (select(TallyDay.profile_id, TallyTopic.domain, TallyTopic.subdomain, func.sum(TallyDay.answered),
                    func.sum(TallyDay.correct))
             .join(TallyTopic, TallyTopic.id == TallyDay.topic_id)
             .group_by(TallyDay.profile_id, TallyTopic.domain, TallyTopic.subdomain))
    if profiles is not None:
        query = query.where(TallyDay.profile_id.in_(profiles))
    if period.first_day is not None:
        query = query.where(TallyDay.day >= period.first_day)
    if period.last_day is not None:
        query = query.where(TallyDay.day <= period.last_day)
    return query


def class_results(session: Session, class_id: int | None, period: Period) -> list[StudentResult]:
    """Every student (of the class, or of the database) with at least one answer in the period,
    by class then name."""
    profiles = select(Profile.id, Profile.name, SchoolClass.name).outerjoin(
        SchoolClass, SchoolClass.id == Profile.class_id)
    if class_id is not None:
        profiles = profiles.where(Profile.class_id == class_id)
    who = {pid: (name, cls) for pid, name, cls in session.execute(profiles)}
    if not who:
        return []

    tallies = _area_tallies(period, list(who) if class_id is not None else None)
    rows: dict[int, list[tuple[str, str, int, int]]] = defaultdict(list)
    for pid, domain, subdomain, answered, correct in session.connection().execute(tallies):
        if pid in who:
            rows[pid].append((domain or "", subdomain or "", int(answered or 0), int(correct or 0)))

    active = select(Attempt.profile_id, func.max(Attempt.started_at), func.max(Attempt.submitted_at)).where(
        Attempt.profile_id.in_(list(rows))).group_by(Attempt.profile_id)
    if period.start is not None:
        active = active.where(Attempt.started_at >= period.start)
    if period.end is not None:
        active = active.where(Attempt.started_at < period.end)
    last: dict[int, datetime] = {}
    for pid, started, submitted in session.execute(active):
        moments = [m for m in (started, submitted) if m is not None]
        if moments:
            last[pid] = max(moments)

    mocks_query = (select(Attempt.profile_id, Blueprint.slug, Attempt.settings, Attempt.submitted_at, Attempt.score)
                   .outerjoin(Blueprint, Blueprint.id == Attempt.blueprint_id)
                   .where(Attempt.profile_id.in_(list(who)), Attempt.mode.in_(MOCK_MODES),
                          Attempt.submitted_at.is_not(None), Attempt.score.is_not(None))
                   .order_by(Attempt.submitted_at.desc(), Attempt.id.desc()))
    if period.start is not None:
        mocks_query = mocks_query.where(Attempt.submitted_at >= period.start)
    if period.end is not None:
        mocks_query = mocks_query.where(Attempt.submitted_at < period.end)
    mocks: dict[int, list[MockResult]] = defaultdict(list)
    for pid, slug, settings, submitted, score in session.execute(mocks_query):
        mocks[pid].append(MockResult(slug or str((settings or {}).get("blueprint_slug", "")), submitted,
                                     float(score)))

    out = []
    for pid in rows.keys() | mocks.keys():
        name, cls = who[pid]
        domains = shape_domains(rows.get(pid, []))
        answered = sum(d.answered for d in domains)
        correct = sum(d.correct for d in domains)
        out.append(StudentResult(pid, name, cls, answered, correct, last.get(pid), domains, tuple(mocks.get(pid, []))))
    return sorted(out, key=lambda s: ((s.class_name or "").casefold(), natural_key(s.profile), s.profile_id))


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """"Student 2" before "Student 10": digits compare as numbers, text regardless of case."""
    return tuple((0, int(part)) if part.isdigit() else (1, part.casefold())
                 for part in re.split(r"(\d+)", name) if part)

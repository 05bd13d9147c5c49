"""A small bank over several domains and topics, and helpers to answer it, for the stats,
review and profile tests (which share it so their numbers mean the same thing)."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import select, update

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.location import DB_NAME, DatabaseLocation
from quizapp.core.db.models import Choice, Question
from quizapp.core.practice import PracticeRequest
from tests.helpers.bank import make_bank, question, render_file
from tests.helpers.databases import Backend

VITALS = ("Clinical Patient Care", "Patient Intake and Vitals", "Vital signs")
PHLEBOTOMY = ("Clinical Patient Care", "Phlebotomy", "Venipuncture")
LAW = ("Medical Law and Ethics", None, "HIPAA")
CAREER = ("Career and Credentialing", None, "Certifying bodies")


def _file(prefix: str, where: tuple[str, str | None, str], count: int, answer: str) -> str:
    domain, subdomain, topic = where
    items = [question(f"{prefix}-{i}", topic=topic, answer=answer,
                      stem=f"{topic} question {prefix} number {i}: which option is right for case {i}?")
             for i in range(count)]
    return render_file(items, domain=domain, subdomain=subdomain)


def stats_bank(root: Path, *, with_law: bool = True) -> Path:
    files = {
        "vitals.toml": _file("v", VITALS, 10, "A"),
        "phlebotomy.toml": _file("p", PHLEBOTOMY, 8, "B"),
        "career.toml": _file("c", CAREER, 4, "D"),
    }
    if with_law:
        files["law.toml"] = _file("l", LAW, 8, "C")
    return make_bank(root, files)


def open_context(data_dir: Path, clock: FakeClock, bank_dir: Path,
                 database: DatabaseLocation | None = None) -> AppContext:
    """An AppContext with the bank installed."""
    ctx = AppContext.open(data_dir, clock, bank_dir, database)
    ctx.bank.ensure_installed()
    return ctx


def fresh_data_dir(folder: Path, template: DatabaseLocation) -> Path:
    """A data dir holding a copy of a SQLite template, for tests that run on SQLite only (the
    CLI's, which name a data dir)."""
    assert template.sqlite_path is not None, "a SQLite template"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template.sqlite_path, folder / DB_NAME)
    return folder


@contextmanager
def other_computer(backend: Backend, template: DatabaseLocation, folder: Path, clock: FakeClock,
                   bank_dir: Path) -> Iterator[AppContext]:
    """A second computer's app: its own data dir and database (a fresh copy of `template`)."""
    database = backend.clone(template, folder)
    ctx = open_context(folder, clock, bank_dir, database)
    try:
        yield ctx
    finally:
        ctx.close()
        backend.release(database)


def key_of(ctx: AppContext, question_id: int) -> list[int]:
    with ctx.db.sessions() as session:
        return list(session.scalars(
            select(Choice.position).where(Choice.question_id == question_id, Choice.is_correct == True)))  # noqa: E712


def wrong_of(ctx: AppContext, question_id: int) -> list[int]:
    key = key_of(ctx, question_id)
    return [next(p for p in range(4) if p not in key)]


def question_id(ctx: AppContext, ext_id: str) -> int:
    with ctx.db.sessions() as session:
        found = session.scalar(select(Question.id).where(Question.ext_id == ext_id))
    assert found is not None, ext_id
    return found


def practise(ctx: AppContext, profile_id: int, domain: str, right: int, wrong: int, *,
             seconds: float = 10.0, seed: int = 1) -> list[int]:
    """Answers `right` questions of a domain correctly, then `wrong` wrongly; returns their ids."""
    state, _ = ctx.practice.start(profile_id, PracticeRequest(domains=(domain,), count=right + wrong, seed=seed))
    assert len(state.items) == right + wrong, "the test bank is too small for this"
    ids = []
    for item in state.items:
        qid = item.question.question_id
        chosen = key_of(ctx, qid) if len(ids) < right else wrong_of(ctx, qid)
        ctx.practice.check(state.attempt_id, item.position, chosen, seconds=seconds)
        ids.append(qid)
    ctx.practice.finish(state.attempt_id)
    return ids


def retire(ctx: AppContext, ext_id: str) -> None:
    with ctx.db.sessions.begin() as session:
        session.execute(update(Question).where(Question.ext_id == ext_id).values(retired=True))


@contextmanager
def local_zone(name: str) -> Iterator[None]:
    """Runs with the process's local time zone set to `name` (POSIX only), then restores it."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    return stats_bank(tmp_path)


@pytest.fixture
def ctx(data_dir: Path, clock: FakeClock, bank_dir: Path) -> Iterator[AppContext]:
    context = open_context(data_dir, clock, bank_dir)
    yield context
    context.close()

"""A bank that fills every blueprint (installed once per run, copied per test) and helpers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.location import DatabaseLocation
from quizapp.core.exam.service import ExamService
from quizapp.core.profiles import ensure_default
from tests.helpers.databases import Backend
from tests.helpers.exam_bank import exam_bank, full_counts

EXTRA = 3  # per stratum beyond ccma-full's counts: 12 strata x 3 = 36 leftovers >= 30 unscored


@dataclass
class ExamWorld:
    ctx: AppContext
    exams: ExamService
    clock: FakeClock
    profile_id: int
    bank_dir: Path


@pytest.fixture(scope="session")
def full_bank(tmp_path_factory: pytest.TempPathFactory, backend: Backend,
              migrated_template: DatabaseLocation) -> tuple[Path, DatabaseLocation]:
    """(bank dir, template database) with a bank that fills ccma-full, scored and unscored."""
    root = tmp_path_factory.mktemp("full-bank")
    bank_dir = exam_bank(root, full_counts(EXTRA))
    data = root / "data"
    database = backend.clone(migrated_template, data)
    ctx = AppContext.open(data, FakeClock(), bank_dir, database)
    ctx.bank.ensure_installed()
    ctx.close()
    return bank_dir, database


def open_world(data_dir: Path, clock: FakeClock, bank_dir: Path,
               database: DatabaseLocation | None = None) -> ExamWorld:
    ctx = AppContext.open(data_dir, clock, bank_dir, database)
    ctx.bank.ensure_installed()
    with ctx.db.sessions.begin() as session:
        profile_id = ensure_default(session, clock.now()).id
    return ExamWorld(ctx, ExamService(ctx.db.sessions, clock), clock, profile_id, bank_dir)


@pytest.fixture
def world(tmp_path: Path, backend: Backend, full_bank: tuple[Path, DatabaseLocation],
          clock: FakeClock) -> Iterator[ExamWorld]:
    bank_dir, template = full_bank
    data = tmp_path / "data"
    database = backend.clone(template, data)
    w = open_world(data, clock, bank_dir, database)
    yield w
    w.ctx.close()
    backend.release(database)

"""Data dirs for export tests: one with the real built-in bank (installed once per run, copied
per test) and the sample sets imported, and fresh ones to import exports into."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.location import DatabaseLocation
from tests.helpers.databases import Backend

FORMATS_DIR = Path(__file__).resolve().parents[2] / "data" / "formats"
SAMPLES = ("every_feature.json", "vitals.gift", "hipaa_moodle.xml", "infection_control.csv", "question_set.json",
           "phlebotomy_aiken.txt")


def import_file(ctx: AppContext, path: Path, name: str | None = None) -> str:
    report, _ = ctx.imports.run(ctx.imports.preview(path, None, name))
    assert report.written and not report.errors, report.errors
    return report.slug


@pytest.fixture(scope="session")
def bank_db(tmp_path_factory: pytest.TempPathFactory, backend: Backend,
            migrated_template: DatabaseLocation) -> DatabaseLocation:
    """A database holding the built-in bank and every sample set."""
    folder = tmp_path_factory.mktemp("bank-with-samples")
    database = backend.clone(migrated_template, folder)
    ctx = AppContext.open(folder, FakeClock(), database=database)
    ctx.bank.ensure_installed()
    for sample in SAMPLES:
        import_file(ctx, FORMATS_DIR / sample)
    ctx.close()
    return database


@pytest.fixture
def source(tmp_path: Path, backend: Backend, bank_db: DatabaseLocation, clock: FakeClock) -> Iterator[AppContext]:
    """The instructor's computer: the bank and the sample sets."""
    folder = tmp_path / "source"
    database = backend.clone(bank_db, folder)
    ctx = AppContext.open(folder, clock, database=database)
    yield ctx
    ctx.close()
    backend.release(database)


@pytest.fixture
def fresh(tmp_path: Path, backend: Backend,
          migrated_template: DatabaseLocation) -> Iterator[Callable[[str], AppContext]]:
    """Opens another, empty data dir (a student's computer) by name."""
    opened: list[AppContext] = []

    def open_fresh(name: str) -> AppContext:
        folder = tmp_path / name
        ctx = AppContext.open(folder, FakeClock(), database=backend.clone(migrated_template, folder))
        opened.append(ctx)
        return ctx

    yield open_fresh
    for ctx in opened:
        ctx.close()
        backend.release(ctx.db.location)

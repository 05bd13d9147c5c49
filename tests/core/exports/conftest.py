"""Data dirs for export tests: one with the real built-in bank (installed once per run, copied
per test) and the sample sets imported, and fresh ones to import exports into."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.engine import DB_NAME

FORMATS_DIR = Path(__file__).resolve().parents[2] / "data" / "formats"
SAMPLES = ("every_feature.json", "vitals.gift", "hipaa_moodle.xml", "infection_control.csv", "question_set.json",
           "phlebotomy_aiken.txt")


def import_file(ctx: AppContext, path: Path, name: str | None = None) -> str:
    report, _ = ctx.imports.run(ctx.imports.preview(path, None, name))
    assert report.written and not report.errors, report.errors
    return report.slug


@pytest.fixture(scope="session")
def bank_db(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Path:
    """A database file holding the built-in bank and every sample set."""
    folder = tmp_path_factory.mktemp("bank-with-samples")
    shutil.copyfile(migrated_template, folder / DB_NAME)
    ctx = AppContext.open(folder, FakeClock())
    ctx.bank.ensure_installed()
    for sample in SAMPLES:
        import_file(ctx, FORMATS_DIR / sample)
    ctx.close()
    return folder / DB_NAME


@pytest.fixture
def source(tmp_path: Path, bank_db: Path, clock: FakeClock) -> Iterator[AppContext]:
    """The instructor's computer: the bank and the sample sets."""
    folder = tmp_path / "source"
    folder.mkdir()
    shutil.copyfile(bank_db, folder / DB_NAME)
    ctx = AppContext.open(folder, clock)
    yield ctx
    ctx.close()


@pytest.fixture
def fresh(tmp_path: Path, migrated_template: Path) -> Iterator[Callable[[str], AppContext]]:
    """Opens another, empty data dir (a student's computer) by name."""
    opened: list[AppContext] = []

    def open_fresh(name: str) -> AppContext:
        folder = tmp_path / name
        folder.mkdir()
        shutil.copyfile(migrated_template, folder / DB_NAME)
        ctx = AppContext.open(folder, FakeClock())
        opened.append(ctx)
        return ctx

    yield open_fresh
    for ctx in opened:
        ctx.close()

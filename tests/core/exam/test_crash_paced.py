"""kill -9 while the student is answering (issue #18, case 6): a few trials of the paced harness
(tests/helpers/crash.py); benchmarks/bench_crash.py runs hundreds. Every answer, flag and move the
child acknowledged is found after the kill, and the clock is at most 5 s behind. The harness's
own self-test: an engine that acknowledges answers before committing them is caught."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quizapp.core.db.engine import DB_NAME
from quizapp.core.db.location import DatabaseLocation
from tests.helpers.crash import trial

SEEDS = (101, 202, 303)
# A child killed mid-commit and the SQLite file it leaves: the file's own durability (WAL,
# synchronous=FULL). A server's is the server's; the lab benchmark counts its lost answers.
pytestmark = pytest.mark.sqlite_only


def _data(tmp_path: Path, template: DatabaseLocation, name: str) -> Path:
    assert template.sqlite_path is not None
    data = tmp_path / name
    data.mkdir()
    shutil.copyfile(template.sqlite_path, data / DB_NAME)
    return data


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_no_acknowledged_answer_flag_or_move_is_lost_to_a_random_kill(
        tmp_path: Path, full_bank: tuple[Path, DatabaseLocation], seed: int) -> None:
    bank_dir, template = full_bank
    result = trial(_data(tmp_path, template, "data"), bank_dir, seed)
    assert result.acks >= 5
    assert result.lost == []
    assert result.behind <= 5.0


@pytest.mark.slow
def test_the_harness_catches_an_engine_that_acknowledges_before_committing(
        tmp_path: Path, full_bank: tuple[Path, DatabaseLocation]) -> None:
    bank_dir, template = full_bank
    caught = [trial(_data(tmp_path, template, f"lazy-{seed}"), bank_dir, seed, lazy=True, kill_after=30).lost
              for seed in (11, 12)]
    assert all(caught), caught

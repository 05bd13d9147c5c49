"""The built-in sets upgrade forward only: an older app never replaces the bank a newer one
installed, and two apps installing at once (a lab starting up) install it once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from quizapp.core.bank import digest
from quizapp.core.clock import FakeClock
from quizapp.core.context import AppContext
from quizapp.core.db.models import AppMeta, BankChange, Question
from tests.helpers.bank import make_bank, question, render_file


def _bank(root: Path, stems: str) -> Path:
    return make_bank(root, {"vitals.toml": render_file([question(f"v-{i}", stem=f"{stems} question {i} here?")
                                                        for i in range(3)])})


def _meta(ctx: AppContext, key: str) -> str | None:
    with ctx.db.sessions() as session:
        row = session.get(AppMeta, key)
        return None if row is None else row.value


def test_version_tuples_compare_as_releases() -> None:
    assert digest.version_tuple("0.10.0") > digest.version_tuple("0.9.3")
    assert digest.version_tuple("1.2.0rc1") == (1, 2, 0)
    assert digest.version_tuple("") == ()


def test_an_older_app_leaves_a_newer_bank_alone(tmp_path: Path, data_dir: Path, clock: FakeClock,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    newer = _bank(tmp_path / "newer", "Newer")
    ctx = AppContext.open(data_dir, clock, newer)
    with monkeypatch.context() as patch:
        patch.setattr(digest, "__version__", "99.0.0")
        assert ctx.bank.ensure_installed() is not None
    assert _meta(ctx, digest.BANK_VERSION_KEY) == "99.0.0"
    ctx.close()

    older = AppContext.open(data_dir, clock, _bank(tmp_path / "older", "Older"))
    try:
        assert not older.bank.needs_install()
        assert older.bank.ensure_installed() is None
        with older.db.sessions() as session:
            stems = set(session.scalars(select(Question.stem)))
        assert stems and all(s.startswith("Newer") for s in stems)
    finally:
        older.close()


def test_the_same_version_with_other_files_upgrades_as_before(tmp_path: Path, data_dir: Path,
                                                              clock: FakeClock) -> None:
    bank = _bank(tmp_path / "bank", "First")
    ctx = AppContext.open(data_dir, clock, bank)
    try:
        ctx.bank.ensure_installed()
        _bank(tmp_path / "bank2", "Second")
        (bank / "questions" / "vitals.toml").write_text(
            (tmp_path / "bank2" / "bank" / "questions" / "vitals.toml").read_text(encoding="utf-8"),
            encoding="utf-8")
        assert ctx.bank.needs_install()
        report = ctx.bank.ensure_installed()
        assert report is not None and len(report.revised) == 3
    finally:
        ctx.close()


def test_two_apps_installing_at_once_install_once(tmp_path: Path, data_dir: Path, clock: FakeClock) -> None:
    bank = _bank(tmp_path / "bank", "Shared")
    contexts = [AppContext.open(data_dir, FakeClock(), bank) for _ in range(2)]
    reports: list[object] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def install(ctx: AppContext) -> None:
        try:
            start.wait()
            reports.append(ctx.bank.ensure_installed())
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=install, args=(c,)) for c in contexts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    try:
        assert not errors, errors
        assert sum(r is not None for r in reports) == 1
        with contexts[0].db.sessions() as session:
            assert session.scalar(select(func.count(Question.id))) == 3
            assert session.scalar(select(func.count(BankChange.id))) == 0
    finally:
        for c in contexts:
            c.close()

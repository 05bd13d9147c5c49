"""The bank as the front ends use it: keep the installed bank current, check, build, describe."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.bank.digest import content_hash, installed_hash, lock_bank, newer_bank_installed
from quizapp.core.clock import Clock
from quizapp.core.datafiles import question_bank_dir
from quizapp.core.errors import UserError

if TYPE_CHECKING:  # the loader and installer load only when the bank changed (not at every start)
    from quizapp.core.bank.install import InstallReport
    from quizapp.core.bank.load import Bank


class BankService:
    def __init__(self, sessions: sessionmaker[Session] | None, clock: Clock,
                 bank_dir: Path | None = None) -> None:
        self._sessions = sessions
        self._clock = clock
        self.bank_dir = bank_dir or question_bank_dir()

    def load(self, *, documents: Path | None = None, review: bool = False) -> Bank:
        from quizapp.core.bank.load import load_bank

        return load_bank(self.bank_dir, documents=documents, review=review)

    def needs_install(self) -> bool:
        """Whether this app's bank differs from the installed one and may replace it (forward
        only: never over a bank a newer app installed)."""
        assert self._sessions is not None
        digest = content_hash(self.bank_dir) if self.bank_dir.is_dir() else ""
        with self._sessions() as session:
            return installed_hash(session) != digest and not newer_bank_installed(session)

    def ensure_installed(self) -> InstallReport | None:
        """Installs or upgrades both built-in sets and their notes when the bank's files changed;
        one transaction, under the bank lock on a server, deciding again once it holds it
        (another computer may just have installed the same bank, or a newer one).

        A bank with errors is not installed (the previous one stays) and raises UserError
        naming the first problem.
        """
        assert self._sessions is not None
        if not self.needs_install():
            return None
        bank = self.load()
        if not bank.ok:
            first = bank.problems[0]
            raise UserError(f"the built-in bank has {len(bank.problems)} problem(s); first: {first}")
        from quizapp.core.bank.build import install_bank

        with self._sessions.begin() as session:
            lock_bank(session)
            if installed_hash(session) == bank.content_hash or newer_bank_installed(session):
                return None
            return install_bank(session, bank, self._clock.now())

    def build(self, out: Path) -> tuple[Bank, InstallReport | None]:
        from quizapp.core.bank.build import compile_bank

        bank = self.load()
        if not bank.ok:
            return bank, None
        return bank, compile_bank(bank, out, self._clock.now())

    def stats(self) -> tuple[Bank, dict[str, Any]]:
        from quizapp.core.bank.stats import bank_stats

        bank = self.load()
        return bank, bank_stats(bank)

    def now(self) -> datetime:
        return self._clock.now()

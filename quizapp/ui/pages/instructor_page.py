"""The one behaviour the instructor's pages share: they open behind the instructor passphrase.

A page shows its `gate` until the passphrase is verified by core, then its `body`; Lock (or
leaving the app) forgets the passphrase. Class results and Item analysis both inherit it, so
the two cannot drift apart in who may see them (DESIGN.md).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from quizapp.core.context import AppContext
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.pages.base import Page
from quizapp.ui.widgets.passphrase_gate import PassphraseGate
from quizapp.ui.widgets.status_line import hush


class InstructorPage(Page):
    gate: PassphraseGate
    body: QWidget

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._secret: str | None = None

    @property
    def unlocked(self) -> bool:
        return self._secret is not None

    def lock(self) -> None:
        self._secret = None
        self.body.hide()
        self.gate.show()
        self.gate.field.setFocus()

    def _on_unlock(self, secret: str) -> None:
        if call_core(lambda: self._ctx.classes.verify(secret), self.gate.refuse) is REFUSED:
            return
        self._secret = secret
        hush(self.gate.status)
        self.gate.hide()
        self.body.show()
        self._opened()

    def _opened(self) -> None:
        """Fills the page once the passphrase is verified (its choices, then its figures)."""
        raise NotImplementedError

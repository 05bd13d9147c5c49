"""The Question sets page's list of removed sets, each with Restore.

Removing a set only hides it (core keeps every question, so history and reports stay); this is
where an instructor who changed their mind brings it back. Hidden while nothing is removed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QWidget

from quizapp.core.changes import Changes
from quizapp.core.sets import PACK_FORMAT, SetInfo, SetService
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.widgets.common import button, card, label
from quizapp.ui.widgets.status_line import say, status_label


class RemovedSets(QWidget):
    def __init__(self, sets: SetService, publish: Callable[[Changes], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sets = sets
        self._publish = publish
        self._rows: list[QWidget] = []
        frame, layout = card()
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        layout.addWidget(label("Removed sets", role="subtitle"))
        layout.addWidget(label("Their questions are not served; everyone's answers to them are kept. Restoring a "
                               "set serves it again.", role="muted"))
        self.grid = QGridLayout()
        self.grid.setColumnStretch(0, 1)
        layout.addLayout(self.grid)
        self.status = status_label("Restore status")
        layout.addWidget(self.status)

    def show_removed(self, removed: Sequence[SetInfo]) -> None:
        for widget in self._rows:
            widget.hide()
            widget.deleteLater()
        self._rows.clear()
        names = [s.name for s in removed]
        for row, info in enumerate(removed):
            shown = info.name if names.count(info.name) == 1 else f"{info.name} ({info.slug})"
            kind = "exam pack" if info.format == PACK_FORMAT else (info.origin or "imported set")
            text = label(f"{shown} — {kind}")
            restore = button("Restore", f"Restore set {shown}", tip=f"Serve {shown} again")
            restore.clicked.connect(lambda _=False, slug=info.slug, name=shown, pack=info.format == PACK_FORMAT:
                                    self._on_restore(slug, name, pack))
            self.grid.addWidget(text, row, 0)
            self.grid.addWidget(restore, row, 1)
            self._rows += [text, restore]
            text.show()  # a layout would only show them on the next event-loop pass
            restore.show()
        self.setVisible(bool(removed) or self.status.isVisible())

    def _on_restore(self, slug: str, name: str, pack: bool) -> None:
        changes = call_core(lambda: self._sets.restore(slug),
                            lambda message: say(self.status, f"Cannot restore: {message}.", problem=True))
        if changes is REFUSED:
            return
        say(self.status, f"Restored {name}; its exam is offered again." if pack
            else f"Restored {name}; its questions are served again.")
        self._publish(changes)

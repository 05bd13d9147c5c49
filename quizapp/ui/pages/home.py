"""Home: who is studying, what to do next, and how they are doing per CCMA domain."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from quizapp.core.changes import Changes
from quizapp.core.context import AppContext
from quizapp.core.overview import Overview
from quizapp.core.percent import percent, share
from quizapp.core.profiles import ProfileInfo
from quizapp.core.taxonomy import CAREER, TEST_PLAN_ITEMS
from quizapp.core.wording import plural
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.pages.base import Page
from quizapp.ui.widgets.common import button, card, chain_focus, label, scroll_page, tab_stops
from quizapp.ui.widgets.flow_layout import FlowLayout
from quizapp.ui.widgets.tables import fill_table, read_only_table

COLUMNS = ("Domain", "CCMA items", "Questions here", "Answered", "Correct")
NOT_ON_EXAM = "Career facts: wages, growth, programs. Not on the CCMA exam: for practice only."


HomeRefresher = Callable[[ProfileInfo, Overview], None]


class HomePage(Page):
    """Features put their buttons here with `add_action`; the page itself knows none of them."""

    title = "Home"

    def __init__(self, ctx: AppContext, publish: Callable[[Changes], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._publish = publish
        self._skipped_naming: set[int] = set()
        self._refreshers: list[HomeRefresher] = []
        self._actions: list[QPushButton] = []
        self._panels: list[QWidget] = []
        column = scroll_page(self)

        self.heading = label("CCMA practice", role="title")
        self.studying_as = label(role="muted", name="Current profile")
        column.addWidget(self.heading)
        column.addWidget(self.studying_as)

        self.naming, naming_layout = card("banner")
        naming_layout.addWidget(label("Welcome! Add your name so your progress stays yours on a shared "
                                      "computer. You can skip this for now."))
        row = QHBoxLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Your name")
        self.name_edit.setPlaceholderText("Your name")
        self.name_edit.setMaxLength(40)
        self.save_name = button("Save name", tip="Save your name (Enter)", primary=True)
        self.skip_name = button("Not now", "Skip naming")
        row.addWidget(self.name_edit, 1)
        row.addWidget(self.save_name)
        row.addWidget(self.skip_name)
        naming_layout.addLayout(row)
        self.naming_error = label(role="muted", name="Name status")
        self.naming_error.hide()
        naming_layout.addWidget(self.naming_error)
        column.addWidget(self.naming)

        self.empty_notice, empty_layout = card("banner")
        empty_layout.addWidget(label("The question bank is empty. Import a question set from your "
                                     "instructor (Moodle GIFT, Aiken, Moodle XML or CSV) to start.",
                                     name="Empty bank notice"))
        column.addWidget(self.empty_notice)

        self._column = column
        self._panels_at = column.count()  # features' panels (the daily goal) go here, above the actions
        actions, actions_layout = card()
        actions_layout.addWidget(label("What would you like to do?", role="subtitle"))
        self.action_row = FlowLayout()  # wraps at large text sizes instead of scrolling sideways
        actions_layout.addLayout(self.action_row)
        column.addWidget(actions)

        progress, progress_layout = card()
        progress_layout.addWidget(label("How you are doing, per CCMA domain", role="subtitle"))
        self.table = read_only_table(COLUMNS, "Progress by domain", wrap_names=True)
        progress_layout.addWidget(self.table)
        self.summary = label(role="muted", name="Progress summary")
        progress_layout.addWidget(self.summary)
        column.addWidget(progress)
        column.addStretch(1)

        self.save_name.clicked.connect(self._on_save_name)
        self.name_edit.returnPressed.connect(self._on_save_name)
        self.skip_name.clicked.connect(self._on_skip_name)

    def cares_about(self, changes: Changes) -> bool:
        return bool(changes.answers or changes.attempts or changes.bank or changes.profiles or changes.review)

    def refresh(self) -> None:
        profile = self._ctx.profiles.current()
        self.studying_as.setText(f"Studying as {profile.name}")
        self.naming.setVisible(not profile.named_by_user and profile.id not in self._skipped_naming)
        overview = self._ctx.overview.overview(profile.id)
        self._show_overview(overview)
        for refresh in self._refreshers:
            refresh(profile, overview)

    def add_action(self, widget: QPushButton, refresh: HomeRefresher | None = None) -> None:
        """Adds a feature's button to "What would you like to do?", in the order added."""
        self.action_row.addWidget(widget)
        self._actions.append(widget)
        if refresh is not None:
            self._refreshers.append(refresh)
        self._order_focus()

    def add_panel(self, widget: QWidget, refresh: HomeRefresher | None = None) -> None:
        """Adds a feature's panel above "What would you like to do?", in the order added."""
        self._column.insertWidget(self._panels_at, widget)
        self._panels_at += 1
        self._panels.append(widget)
        if refresh is not None:
            self._refreshers.append(refresh)
        self._order_focus()

    def _order_focus(self) -> None:
        """Tab follows the page from the top: naming, features' panels, the actions, the table
        (features add their buttons and panels after the table exists)."""
        panel_controls = [w for panel in self._panels for w in tab_stops(panel)]
        chain_focus(self.name_edit, self.save_name, self.skip_name, *panel_controls, *self._actions, self.table)

    def focus_first_action(self) -> None:
        for widget in self._actions:
            if widget.isVisible() and widget.isEnabled():
                widget.setFocus()
                return

    def _show_overview(self, overview: Overview) -> None:
        self.empty_notice.setVisible(overview.empty)
        rows = [d for d in overview.domains if d.questions or d.answered or d.name in TEST_PLAN_ITEMS]
        fill_table(self.table, [
            (d.name, str(TEST_PLAN_ITEMS[d.name]) if d.name in TEST_PLAN_ITEMS else "none",
             str(d.questions), str(d.answered), percent(share(d.correct, d.answered)))
            for d in rows
        ])
        for r, d in enumerate(rows):
            if d.name == CAREER:
                for c in (0, 1):
                    self.table.item(r, c).setToolTip(NOT_ON_EXAM)
            elif d.name in TEST_PLAN_ITEMS:
                self.table.item(r, 1).setToolTip(f"The CCMA asks {plural(TEST_PLAN_ITEMS[d.name], 'scored item')} "
                                                 "from this domain")
        if overview.answered:  # core's total: answers to questions without a domain count too
            self.summary.setText(f"{plural(overview.answered, 'answer')} so far, "
                                 f"{percent(share(overview.correct, overview.answered))} correct. "
                                 "Percent correct is not an NHA scaled score.")
        else:
            self.summary.setText(f"{plural(overview.total_questions, 'question')} ready. Start a practice session "
                                 "and your results per domain appear here.")

    def _on_save_name(self) -> None:
        def refused(message: str) -> None:
            self.naming_error.setText(f"Cannot save: {message}.")
            self.naming_error.show()
        profile_id, name = self._ctx.profiles.current().id, self.name_edit.text()
        outcome = call_core(lambda: self._ctx.profiles.rename(profile_id, name), refused)
        if outcome is REFUSED:
            return
        _, changes = outcome
        self.naming_error.hide()
        self._publish(changes)
        self.focus_first_action()  # the naming panel is gone: on to what to do next, not the table

    def _on_skip_name(self) -> None:
        self._skipped_naming.add(self._ctx.profiles.current().id)
        self.naming.hide()
        self.focus_first_action()

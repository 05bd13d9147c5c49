"""Progress: a student's percent correct per domain, sub-domain and topic, over time, and a
readiness estimate. It renders core's frozen `Progress` (StatsService) and nothing else.

Honesty rules (CONTENT.md, USERS.md): below five answers a row says "not enough data yet"
instead of a percentage; the readiness figure is called an estimate, shows its range, says in
one sentence what the range means and how it is made, and gives no figure below 20 recent
answers and only the range (rounded to fives) below 50 (quizapp.core.stats.readiness); no
percentage is presented as the NHA pass line (a 200-500 scaled score).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from quizapp.core.changes import Changes
from quizapp.core.percent import percent
from quizapp.core.profiles import ProfileService
from quizapp.core.stats import Progress, StatsService
from quizapp.core.stats.readiness import ESTIMATE_FROM, FIRM_FROM, Readiness
from quizapp.core.stats.shape import MIN_ANSWERS, RECENT_DAYS, StatLine
from quizapp.core.wording import plural
from quizapp.ui.pages.base import Page
from quizapp.ui.theme import DARK, LIGHT
from quizapp.ui.widgets.charts import DomainAccuracyChart, MockExamChart, chart_colours
from quizapp.ui.widgets.common import back_row, button, card, label, scroll_page
from quizapp.ui.widgets.study_calendar import StudyCalendarCard

NOT_ENOUGH = "not enough data yet"
TOO_FEW = "too few"
COLUMNS = ("Domain, sub-domain or topic", "Answered", "Correct", f"Last {RECENT_DAYS} days", "Trend")
COMPACT_COLUMNS = ("Domain / topic", "Answers", "Correct", f"{RECENT_DAYS} days", "Trend")
NHA_NOTE = ("For comparison, the NHA passing score is 390 on a scale from 200 to 500. That scale cannot be "
            "converted from a percentage, so this estimate does not say whether you would pass.")


# -- formatting (pure: what a cell says, and what a screen reader says for it) -------------------

def share_text(accuracy: float | None, answered: int, compact: bool = False) -> tuple[str, str]:
    """A percentage only with at least MIN_ANSWERS answers behind it, else a plain note
    (`compact`: the short form for large text, where the long one would crowd out the names)."""
    if answered == 0:
        return "—", "no answers yet"
    if answered < MIN_ANSWERS or accuracy is None:
        return (TOO_FEW if compact else NOT_ENOUGH), f"{NOT_ENOUGH}: {answered} of the {MIN_ANSWERS} answers needed"
    return percent(accuracy), f"{percent(accuracy)} correct"


def trend_text(change: float | None) -> tuple[str, str]:
    """An arrow, a sign and a number (never colour alone), and the same in words."""
    if change is None:
        return "—", "no trend yet"
    points = round(100 * change)
    if points > 0:
        return f"▲ +{points} pts", f"up {points} points"
    if points < 0:
        return f"▼ −{-points} pts", f"down {-points} points"
    return "= 0 pts", "no change"


def seconds_text(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    return f"{whole // 60} min {whole % 60} s"


def readiness_text(readiness: Readiness) -> str:
    """The headline: nothing below ESTIMATE_FROM answers, the range alone (rounded outwards)
    while the estimate is rough, then the figure and its range."""
    if readiness.estimate is None or readiness.low is None or readiness.high is None:
        return (f"No estimate yet: it needs {ESTIMATE_FROM} answers from the last {RECENT_DAYS} days in the "
                "CCMA domains.")
    if readiness.rough and readiness.rough_range is not None:
        low, high = readiness.rough_range
        return f"Still rough: somewhere between {percent(low)} and {percent(high)}"
    return (f"About {percent(readiness.estimate)}, likely between {percent(readiness.low)} and "
            f"{percent(readiness.high)}")


def readiness_basis_text(readiness: Readiness) -> str:
    """What the headline rests on, and how far it is from firmer ground."""
    answers = plural(readiness.answered, "answer")
    if readiness.estimate is None:
        if not readiness.answered:
            return ("The estimate is the percent of a CCMA exam's scored questions you would probably answer "
                    "correctly now.")
        return (f"You have {answers} in the last {RECENT_DAYS} days; {readiness.needed} more and a first, "
                "rough estimate appears here.")
    if readiness.rough:
        more = FIRM_FROM - readiness.answered
        return (f"From only {answers} in the last {RECENT_DAYS} days the estimate is still rough, so no single "
                f"figure is shown yet: answer about {more} more and it firms up.")
    return (f"An estimate of the percent of a CCMA exam's scored questions you would answer correctly now, "
            f"from your {answers} in the last {RECENT_DAYS} days.")


# -- the table of domains, sub-domains and topics ------------------------------------------------

class _WrappingNames(QStyledItemDelegate):
    """Lets a long name wrap onto more lines instead of shrinking to "Fo…" at large text: a
    tree's rows are one line high unless the delegate measures the name at its column's width."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802 - Qt naming
        one_line = super().sizeHint(option, index.siblingAtColumn(1))  # the numbers never wrap
        depth, parent = 1, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        styled = QStyleOptionViewItem(option)
        self.initStyleOption(styled, index)
        styled.rect = QRect(0, 0, self._tree.header().sectionSize(0) - self._tree.indentation() * depth, 10_000)
        style = self._tree.style()
        text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, styled, self._tree)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, styled, self._tree) + 1
        metrics = QFontMetrics(styled.font)
        bounds = metrics.boundingRect(QRect(0, 0, max(20, text.width() - 2 * margin), 10_000),
                                      Qt.TextFlag.TextWordWrap, styled.text)
        return QSize(one_line.width(), one_line.height() + max(0, bounds.height() - metrics.height()))


class ProgressTree(QTreeWidget):
    """Every domain, its sub-domains and topics, as tall as its open rows (the page scrolls, not
    the tree). Closed rows stay closed across redraws. At large text sizes it switches to short
    cell texts and column titles so the names keep room."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Progress by domain, sub-domain and topic")
        self.setColumnCount(len(COLUMNS))
        self.setHeaderLabels(list(COLUMNS))
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        # Only the names wrap: the other columns keep Qt's own delegate, so laying out a bank of
        # hundreds of topics does not call into Python for every cell, dozens of times over.
        self.setItemDelegateForColumn(0, _WrappingNames(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setStyleSheet("QTreeView::item { padding: 3px 6px; }"
                           "QTreeView:focus { border: 2px solid palette(highlight); }")
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for i in range(1, len(COLUMNS)):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        self._collapsed: set[str] = set()  # rows the student closed
        self._progress: Progress | None = None
        self.compact = False
        self.itemExpanded.connect(self._on_expanded)
        self.itemCollapsed.connect(self._on_collapsed)

    def wants_compact(self) -> bool:
        """Short texts when fewer than ~100 average characters fit across (200% text at 1024 px,
        100% text at 800 px): the long headings would leave the names too little room."""
        return self.viewport().width() < 100 * self.fontMetrics().averageCharWidth()

    def show_progress(self, progress: Progress) -> None:
        self._progress = progress
        self.compact = self.wants_compact()
        self.setHeaderLabels(list(COMPACT_COLUMNS if self.compact else COLUMNS))
        self.clear()
        for domain in progress.domains:
            top = self._row(domain.line, self, domain.name)
            subs = {s.name: self._row(s, top, domain.name, s.name) for s in domain.subdomains}
            for topic in domain.topics:
                parent = subs.get(topic.subdomain or "", top)
                self._row(topic, parent, domain.name, topic.subdomain or "", topic.name)
        self._apply_expansion()
        self.fit()

    def _row(self, line: StatLine, parent: QTreeWidgetItem | QTreeWidget, *path: str) -> QTreeWidgetItem:
        share, share_spoken = share_text(line.accuracy, line.answered, self.compact)
        recent, recent_spoken = share_text(line.accuracy_30d, line.answered_30d, self.compact)
        trend, trend_spoken = trend_text(line.trend)
        item = QTreeWidgetItem(parent, [line.name, str(line.answered), share, recent, trend])
        item.setData(0, Qt.ItemDataRole.UserRole, "\x1f".join(path))
        per_question = seconds_text(line.seconds_per_question)
        spoken = (line.name, f"{line.answered} answered, {per_question} per question on average", share_spoken,
                  f"last {RECENT_DAYS} days: {recent_spoken}", f"trend: {trend_spoken}")
        tips = (line.name, f"{plural(line.answered, 'answer')}; on average {per_question} per question",
                f"{line.correct} of {line.answered} correct" if line.answered else "No answers yet",
                f"{line.correct_30d} of {line.answered_30d} correct in the last {RECENT_DAYS} days",
                f"Percent correct in the last {RECENT_DAYS} days against the {RECENT_DAYS} before "
                f"(needs {MIN_ANSWERS} answers in each)")
        bold = len(path) == 1
        for column, words in enumerate(spoken):
            item.setData(column, Qt.ItemDataRole.AccessibleTextRole, words)
            item.setToolTip(column, tips[column])
            if bold:
                font = QFont(self.font())
                font.setBold(True)
                item.setFont(column, font)
            if column:
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if line.trend is not None and round(100 * line.trend):
            theme = DARK if chart_colours().dark else LIGHT
            item.setForeground(4, QBrush(QColor(theme.correct if line.trend > 0 else theme.wrong)))
        return item

    def _apply_expansion(self) -> None:
        self.blockSignals(True)
        try:
            stack = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
            while stack:
                item = stack.pop()
                item.setExpanded(item.data(0, Qt.ItemDataRole.UserRole) not in self._collapsed)
                stack.extend(item.child(i) for i in range(item.childCount()))
        finally:
            self.blockSignals(False)

    def fit(self) -> None:
        """Makes the tree exactly as tall as its header and open rows."""
        self.doItemsLayout()
        sideways = self._keep_room_for_names()
        rows = 0
        stack = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while stack:
            item = stack.pop()
            rows += max(self.visualItemRect(item).height(), self.fontMetrics().height())
            if item.isExpanded():
                stack.extend(item.child(i) for i in range(item.childCount()))
        self.setFixedHeight(self.header().sizeHint().height() + rows + sideways + 2 * self.frameWidth() + 2)

    def _keep_room_for_names(self) -> int:
        """The names' column keeps at least ~16 characters (800 px at 200% text): when the figures
        leave less, the tree scrolls sideways instead of squeezing names to a word a line. Returns
        the height of the sideways scroll bar, or 0."""
        header = self.header()
        least = 16 * self.fontMetrics().averageCharWidth() + 2 * self.indentation()  # a topic two levels in
        figures = sum(header.sectionSize(i) for i in range(1, self.columnCount()))
        if self.viewport().width() - figures >= least:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            return 0
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, least)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.doItemsLayout()
        return self.horizontalScrollBar().sizeHint().height()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt naming
        """A new width moves where names wrap (and may call for the short texts): measure again,
        once the header has given the columns their new widths."""
        super().resizeEvent(event)
        if self._progress is not None and event.size().width() != event.oldSize().width():
            if self.wants_compact() != self.compact:
                self.show_progress(self._progress)
            else:
                self.fit()

    def _on_expanded(self, item: QTreeWidgetItem) -> None:
        self._collapsed.discard(item.data(0, Qt.ItemDataRole.UserRole))
        self.fit()

    def _on_collapsed(self, item: QTreeWidgetItem) -> None:
        self._collapsed.add(item.data(0, Qt.ItemDataRole.UserRole))
        self.fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt naming
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange) and self._progress is not None:
            self.show_progress(self._progress)  # trend colours follow the theme; heights the text size


# -- the page ------------------------------------------------------------------------------------

class ProgressPage(Page):
    """Wraps StatsService: `refresh` asks it for the current profile's `Progress` and draws it."""

    title = "Progress"
    practise_topics = Signal(object)  # tuple[str, ...]: the weakest topics' names
    back = Signal()

    def __init__(self, stats: StatsService, profiles: ProfileService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stats = stats
        self._profiles = profiles
        self._progress: Progress | None = None
        self.viewing: tuple[int, str] | None = None  # (profile id, name): an instructor looking at a student
        column = scroll_page(self)
        column.addWidget(label("Progress", role="title"))
        self.studying_as = label(role="muted", name="Progress profile")
        column.addWidget(self.studying_as)
        self.empty_notice, empty_layout = card("banner")
        empty_layout.addWidget(label("No answers yet. Practise a few questions and your percent correct per "
                                     "domain, topic and week appears here.", name="No answers yet"))
        column.addWidget(self.empty_notice)
        column.addWidget(self._build_summary())
        column.addWidget(self._build_readiness())
        column.addWidget(self._build_weakest())
        self.calendar = StudyCalendarCard()  # answers per day and the review forecast (its own module)
        column.addWidget(self.calendar)
        column.addWidget(self._build_weekly_chart())
        column.addWidget(self._build_mock_chart())
        column.addWidget(self._build_details())
        self.back_button = back_row(column)
        column.addStretch(1)
        self.back_button.clicked.connect(self.back)
        self.practise_button.clicked.connect(self._on_practise_weakest)

    # -- building ------------------------------------------------------------------------------
    def _build_summary(self) -> QWidget:
        box, layout = card()
        layout.addWidget(label("Overall", role="subtitle"))
        self.overall = label(name="Overall result")
        self.recent = label(name=f"Last {RECENT_DAYS} days result")
        self.time_per_question = label(name="Average time per question")
        self.review_due = label(role="muted", name="Review due")
        for widget in (self.overall, self.recent, self.time_per_question, self.review_due):
            layout.addWidget(widget)
        return box

    def _build_readiness(self) -> QWidget:
        box, layout = card()
        layout.addWidget(label("Readiness estimate", role="subtitle"))
        self.readiness = label(role="subtitle", name="Readiness estimate", selectable=True)
        self.readiness_range = label(name="What the range means")
        self.readiness_basis = label(name="Readiness basis")
        self.readiness_how = label(role="muted", name="How the estimate is made", selectable=True)
        self.readiness_nha = label(role="muted", name="NHA score note")
        self.readiness_nha.setText(NHA_NOTE)
        for widget in (self.readiness, self.readiness_range, self.readiness_basis, self.readiness_how,
                       self.readiness_nha):
            layout.addWidget(widget)
        return box

    def _build_weakest(self) -> QWidget:
        box, layout = card()
        layout.addWidget(label("Your weakest topics", role="subtitle"))
        self.weakest = label(name="Weakest topics")
        layout.addWidget(self.weakest)
        row = QHBoxLayout()
        self.practise_button = button("Practise &weakest topics", primary=True,
                                      tip="Set up a practice session on these topics (Alt+W)")
        row.addWidget(self.practise_button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def _build_weekly_chart(self) -> QWidget:
        box, layout = card()
        layout.addWidget(label("Percent correct per week, by domain", role="subtitle"))
        self.accuracy_chart = DomainAccuracyChart()
        layout.addWidget(self.accuracy_chart)
        return box

    def _build_mock_chart(self) -> QWidget:
        box, layout = card()
        layout.addWidget(label("Mock exam scores", role="subtitle"))
        self.mock_chart = MockExamChart()
        layout.addWidget(self.mock_chart)
        return box

    def _build_details(self) -> QWidget:
        box, layout = card()
        layout.addWidget(label("Every domain, sub-domain and topic", role="subtitle"))
        layout.addWidget(label(f"A percentage appears once a row has at least {MIN_ANSWERS} answers. With fewer, "
                               f"it says “{NOT_ENOUGH}” (“{TOO_FEW}” at large text sizes): so few answers say "
                               f"little. Trend compares your last {RECENT_DAYS} days with the {RECENT_DAYS} days "
                               "before.", role="muted", name="About these figures"))
        self.tree = ProgressTree()
        layout.addWidget(self.tree)
        return box

    # -- refreshing ----------------------------------------------------------------------------
    def cares_about(self, changes: Changes) -> bool:
        return bool(changes.answers or changes.attempts or changes.review or changes.profiles or changes.bank)

    def refresh(self) -> None:
        self._stale = False  # drawn now: showing the page next need not draw it again
        if self.viewing is not None:
            profile_id, name = self.viewing
            self.studying_as.setText(f"{name}'s progress, as {name} sees it")
        else:
            profile = self._profiles.current()
            profile_id, name = profile.id, profile.name
            self.studying_as.setText(f"Studying as {name}")
        self._progress = self._stats.progress(profile_id)
        self._render(self._progress)
        self.calendar.show_calendar(self._stats.calendar(profile_id))
        if self.viewing is not None:
            self.practise_button.hide()  # an instructor does not practise as the student

    @property
    def progress(self) -> Progress | None:
        return self._progress

    def _render(self, progress: Progress) -> None:
        self.empty_notice.setVisible(progress.empty)
        self._render_summary(progress)
        self._render_readiness(progress.readiness)
        self._render_weakest(progress.weakest)
        self.accuracy_chart.show_series(progress.weekly)
        self.mock_chart.show_exams(progress.mock_exams)
        self.tree.show_progress(progress)

    def _render_summary(self, progress: Progress) -> None:
        line = progress.overall
        self.overall.setText(self._tally("So far", line.answered, line.correct, line.accuracy))
        recent = self._tally(f"Last {RECENT_DAYS} days", line.answered_30d, line.correct_30d, line.accuracy_30d)
        if line.trend is not None:
            recent = recent[:-1] + f" ({trend_text(line.trend)[1]} on the {RECENT_DAYS} days before)."
        self.recent.setText(recent)
        self.time_per_question.setText(f"Average time per question: {seconds_text(line.seconds_per_question)}.")
        due = progress.review_due
        self.review_due.setText("No review questions are due today." if not due else
                                f"{plural(due, 'review question')} due today.")

    @staticmethod
    def _tally(when: str, answered: int, correct: int, accuracy: float | None) -> str:
        """"So far: 8 answers, 6 correct (75%)." — the share only with enough answers behind it."""
        if answered == 0:
            return f"{when}: no answers."
        share, _ = share_text(accuracy, answered)
        if share == NOT_ENOUGH:
            return f"{when}: {plural(answered, 'answer')}, {correct} correct ({NOT_ENOUGH} for a percentage)."
        return f"{when}: {plural(answered, 'answer')}, {correct} correct ({share})."

    def _render_readiness(self, readiness: Readiness) -> None:
        self.readiness.setText(readiness_text(readiness))
        self.readiness_range.setText(readiness.range_meaning)
        self.readiness_range.setVisible(readiness.estimate is not None)
        self.readiness_basis.setText(readiness_basis_text(readiness))
        self.readiness_how.setText(readiness.explanation)
        self.readiness.setAccessibleDescription(f"Estimate, not an NHA score. {readiness.explanation}")

    def _render_weakest(self, weakest: tuple[StatLine, ...]) -> None:
        if not weakest:
            self.weakest.setText(f"Once a topic has at least {MIN_ANSWERS} answers, the three with the lowest "
                                 "percent correct are named here.")
            self.practise_button.hide()
            return
        lines = []
        for rank, topic in enumerate(weakest, 1):
            recent = topic.accuracy_30d is not None
            share = percent(topic.accuracy_30d if recent else topic.accuracy or 0.0)
            where = topic.subdomain or topic.domain or "no domain"
            lines.append(f"{rank}. {topic.name} ({where}): {share} correct"
                         + (f" in the last {RECENT_DAYS} days" if recent
                            else f" of {plural(topic.answered, 'answer')}"))
        self.weakest.setText("\n".join(lines))
        self.practise_button.show()
        self.practise_button.setAccessibleDescription("Topics: " + ", ".join(t.name for t in weakest))

    # -- acting --------------------------------------------------------------------------------
    def _on_practise_weakest(self) -> None:
        if self._progress is not None and self._progress.weakest:
            self.practise_topics.emit(tuple(t.name for t in self._progress.weakest))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.key() == Qt.Key.Key_Escape:
            self.back.emit()
        else:
            super().keyPressEvent(event)

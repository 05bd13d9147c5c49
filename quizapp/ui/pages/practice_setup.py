"""Practice set-up: what to practise (new and mixed, missed, bookmarked, not seen yet, weakest
topics), which sets, which domains, sub-domains and topics (a tree with a count beside each, of
what the chosen mode would draw), how many questions, feedback after each or not. The choice is
remembered per profile."""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QRadioButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from quizapp.core.changes import Changes
from quizapp.core.context import AppContext
from quizapp.core.drills import BOOKMARKED, DRILLS, MISSED, MIXED, UNSEEN, WEAKEST
from quizapp.core.practice import MAX_QUESTIONS, PracticeRequest
from quizapp.core.practice_tree import TreeNode, practice_tree
from quizapp.core.selection import Place, PlaceCount
from quizapp.core.wording import plural
from quizapp.ui.pages.base import Page
from quizapp.ui.settings import UiSettings
from quizapp.ui.widgets.common import button, button_row, card, label, scroll_page

PLACE = Qt.ItemDataRole.UserRole  # a topic item's (domain, sub-domain, topic)
CHECKED, UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked
INTRO = "Choose what to practise, and from which sets and topics."
# What each mode counts of a place (the tree's numbers, and the number beside each mode).
MEASURES: dict[str, Callable[[PlaceCount], int]] = {
    MIXED: lambda c: c.questions, MISSED: lambda c: c.missed, BOOKMARKED: lambda c: c.bookmarked,
    UNSEEN: lambda c: c.unseen, WEAKEST: lambda c: c.questions,
}


def _key(place: Place) -> str:
    return json.dumps(list(place))


def _strings(value: object) -> list[str]:
    """A remembered list, tolerating a hand-edited or older settings file."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _place(item: QTreeWidgetItem) -> Place:
    domain, subdomain, topic = item.data(0, PLACE)
    return (domain, subdomain, topic)


class PracticeSetupPage(Page):
    title = "Practice"
    begin = Signal(object)  # PracticeRequest
    back = Signal()

    def __init__(self, ctx: AppContext, settings: UiSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._settings = settings
        self._topics: tuple[str, ...] | None = None
        self._counts: list[PlaceCount] = []
        self._profile_id: int | None = None
        column = scroll_page(self)
        column.addWidget(label("Practice", role="title"))
        self.intro = label(INTRO, role="muted")
        column.addWidget(self.intro)

        modes_card, modes_layout = card()
        modes_layout.addWidget(label("What to practise", role="subtitle"))
        modes_grid = QGridLayout()
        self._mode_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QRadioButton] = {}
        for i, drill in enumerate(DRILLS):
            radio = QRadioButton(drill.name)
            radio.setAccessibleName(drill.name)
            radio.setToolTip(drill.description)
            self._mode_group.addButton(radio)
            self.mode_buttons[drill.mode] = radio
            modes_grid.addWidget(radio, i // 3, i % 3)
            radio.toggled.connect(lambda on, m=drill.mode: on and self._on_mode(m))
        modes_layout.addLayout(modes_grid)
        self.mode_note = label(role="muted", name="About this mode")
        modes_layout.addWidget(self.mode_note)
        column.addWidget(modes_card)
        self._mode = MIXED
        self.mode_buttons[MIXED].blockSignals(True)
        self.mode_buttons[MIXED].setChecked(True)
        self.mode_buttons[MIXED].blockSignals(False)

        self.sets_card, sets_layout = card()
        sets_layout.addWidget(label("Question sets", role="subtitle"))
        self.sets_grid = QGridLayout()
        sets_layout.addLayout(self.sets_grid)
        column.addWidget(self.sets_card)

        domains_card, domains_layout = card()
        domains_layout.addWidget(label("Domains, sub-domains and topics", role="subtitle"))
        domains_layout.addWidget(label("Tick a domain for all of it, or open it to choose sub-domains and "
                                       "topics. The number is how many questions each offers.", role="muted"))
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Topics to practise")
        self.tree.setToolTip("Space ticks or clears the highlighted entry; the arrow keys open and close")
        self.tree.setMinimumHeight(300)
        domains_layout.addWidget(self.tree)
        select_row = QHBoxLayout()
        self.all_domains = button("Select all", "Select all domains")
        self.no_domains = button("Clear all", "Clear domains")
        select_row.addWidget(self.all_domains)
        select_row.addWidget(self.no_domains)
        self.chosen_count = label(role="muted", name="Questions chosen")
        select_row.addWidget(self.chosen_count, 1)
        domains_layout.addLayout(select_row)
        column.addWidget(domains_card)

        options, options_layout = card()
        row = QHBoxLayout()
        row.addWidget(label("Number of questions", wrap=False))
        self.count = QSpinBox()
        self.count.setRange(1, MAX_QUESTIONS)
        self.count.setValue(10)
        self.count.setAccessibleName("Number of questions")
        row.addWidget(self.count)
        row.addStretch(1)
        options_layout.addLayout(row)
        self.feedback = QCheckBox("Show the answer and rationale after each question")
        self.feedback.setAccessibleName("Show answers after each question")
        self.feedback.setChecked(True)
        options_layout.addWidget(self.feedback)
        column.addWidget(options)

        self.status = label(role="muted", name="Practice set-up status")
        column.addWidget(self.status)
        self.begin_button = button("Begin practice", tip="Start with these choices (Enter)", primary=True)
        self.back_button = button("Back", "Back to home", tip="Return to the home page (Esc)")
        button_row(column, self.begin_button, self.back_button)
        column.addStretch(1)

        self.set_boxes: dict[str, QCheckBox] = {}
        self.begin_button.clicked.connect(self._on_begin)
        self.back_button.clicked.connect(self.back)
        self.all_domains.clicked.connect(lambda: self._set_all(True))
        self.no_domains.clicked.connect(lambda: self._set_all(False))
        self.tree.itemChanged.connect(self._on_item_changed)

    def cares_about(self, changes: Changes) -> bool:
        return bool(changes.bank or changes.answers or changes.profiles)

    def prepare(self, topics: tuple[str, ...] | None = None) -> None:
        """Called before showing: `topics` narrows the session (e.g. "practise my weakest topics")."""
        self._topics = topics
        self._load(self._remembered(self._ctx.profiles.current().id))
        if topics:
            self._set_mode(MIXED)
            self._tick(lambda place: place[2] in topics)
            self.intro.setText("Practising your weakest topics: " + ", ".join(topics) + ".")
        else:
            self.intro.setText(INTRO)

    # -- what is on offer ------------------------------------------------------------------------
    def refresh(self) -> None:
        """The bank or the answers changed: new numbers, the student's ticks kept (another
        student's profile brings that student's own remembered choice)."""
        profile = self._ctx.profiles.current().id
        if profile != self._profile_id:
            self._load(self._remembered(profile))
            return
        self._load({"sets_off": sorted(s for s, box in self.set_boxes.items() if not box.isChecked()),
                    "unchosen": sorted(self._unchosen()), "mode": self._mode}, keep_options=True)

    def _load(self, choice: dict[str, object] | None, *, keep_options: bool = False) -> None:
        """Rebuilds sets and tree for the current profile with `choice` (None: everything ticked)."""
        choice = choice or {}
        self._profile_id = self._ctx.profiles.current().id
        self._counts = self._ctx.practice.place_counts(self._profile_id)
        mode = choice.get("mode")
        self._set_mode(mode if isinstance(mode, str) and mode in MEASURES else MIXED, refill=False)
        self._fill_sets({str(s) for s in _strings(choice.get("sets_off"))})
        self._fill_tree({str(p) for p in _strings(choice.get("unchosen"))})
        if not keep_options:
            count = choice.get("count")
            self.count.setValue(count if isinstance(count, int) else 10)
            self.feedback.setChecked(choice.get("feedback", True) is not False)
        self.status.setText("")

    def _fill_sets(self, off: set[str]) -> None:
        for box in self.set_boxes.values():
            box.hide()  # deleteLater keeps it on screen until the next event-loop pass
            box.deleteLater()
        self.set_boxes.clear()
        sets = [s for s in self._ctx.sets.list() if s.enabled]
        for i, qset in enumerate(sets):
            box = QCheckBox(f"{qset.name} ({qset.questions})")
            box.setAccessibleName(f"Set {qset.name}")
            box.setChecked(qset.slug not in off)
            box.toggled.connect(self._on_sets_changed)
            self.sets_grid.addWidget(box, i // 2, i % 2)
            box.show()
            self.set_boxes[qset.slug] = box
        self.sets_card.setVisible(len(sets) > 1)

    def _chosen_sets(self) -> set[str]:
        return {slug for slug, box in self.set_boxes.items() if box.isChecked()}

    def _fill_tree(self, unchosen: set[str]) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        for node in practice_tree(self._counts, self._chosen_sets(), MEASURES[self._mode]):
            self.tree.addTopLevelItem(self._item(node, unchosen))
        self.tree.blockSignals(False)
        self._update_count()

    def _item(self, node: TreeNode, unchosen: set[str]) -> QTreeWidgetItem:
        item = QTreeWidgetItem([f"{node.name} ({node.questions})"])
        item.setData(0, Qt.ItemDataRole.AccessibleTextRole, node.name)
        item.setData(0, Qt.ItemDataRole.AccessibleDescriptionRole, plural(node.questions, "question"))
        if node.place is not None:
            item.setData(0, PLACE, node.place)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, UNCHECKED if _key(node.place) in unchosen else CHECKED)
        else:
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate)
            for child in node.children:
                item.addChild(self._item(child, unchosen))
        return item

    def _recount(self) -> None:
        """New numbers for the sets now chosen; the ticks stay as they are."""
        self._fill_tree(self._unchosen())

    # -- the student's choice --------------------------------------------------------------------
    def _leaves(self) -> list[QTreeWidgetItem]:
        found = []
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            if item.data(0, PLACE) is not None:
                found.append(item)
            stack += [item.child(i) for i in range(item.childCount())]
        return found

    def _unchosen(self) -> set[str]:
        return {_key(_place(i)) for i in self._leaves() if i.checkState(0) != CHECKED}

    def chosen_places(self) -> list[Place]:
        return [_place(i) for i in self._leaves() if i.checkState(0) == CHECKED]

    def _tick(self, wanted: Callable[[Place], bool]) -> None:
        self.tree.blockSignals(True)
        for item in self._leaves():
            item.setCheckState(0, CHECKED if wanted(_place(item)) else UNCHECKED)
        self.tree.blockSignals(False)
        self._update_count()

    def _update_count(self) -> None:
        chosen = set(self.chosen_places())
        sets = self._chosen_sets()
        mine = [c for c in self._counts if c.place in chosen and c.set_slug in sets]
        for drill in DRILLS:
            radio = self.mode_buttons[drill.mode]
            if drill.mode in (MISSED, BOOKMARKED, UNSEEN):
                n = sum(MEASURES[drill.mode](c) for c in mine)
                radio.setText(f"{drill.name} ({n})")
                radio.setAccessibleDescription(f"{drill.description} {n} in your choice.")
            else:
                radio.setAccessibleDescription(drill.description)
        if self._mode == WEAKEST:
            self.chosen_count.setText("The three weakest topics, from the sets chosen")
            return
        total = sum(MEASURES[self._mode](c) for c in mine)
        self.chosen_count.setText(f"{total} question{'' if total == 1 else 's'} to draw from")

    # -- the mode --------------------------------------------------------------------------------
    def _set_mode(self, mode: str, *, refill: bool = True) -> None:
        self._mode = mode
        radio = self.mode_buttons[mode]
        radio.blockSignals(True)
        radio.setChecked(True)
        radio.blockSignals(False)
        self._show_mode(refill)

    def _on_mode(self, mode: str) -> None:
        self._mode = mode
        self._show_mode(True)

    def _show_mode(self, refill: bool) -> None:
        """The tree counts what the mode draws; Weakest topics chooses its own topics."""
        weakest = self._mode == WEAKEST
        self.tree.setEnabled(not weakest)
        self.all_domains.setEnabled(not weakest)
        self.no_domains.setEnabled(not weakest)
        note = next(d.description for d in DRILLS if d.mode == self._mode)
        if weakest and self._profile_id is not None:
            topics = self._ctx.practice.weakest_topics(self._profile_id)
            note = ("Your weakest topics now: " + ", ".join(t.name for t in topics) + "." if topics else
                    "Weakest topics are known once a topic has at least 5 answers; practise a little more first.")
        self.mode_note.setText(note)
        if refill:
            self._recount()

    def _on_item_changed(self, _item: QTreeWidgetItem, _column: int) -> None:
        self._update_count()

    def _on_sets_changed(self) -> None:
        self._recount()

    def _remembered(self, profile_id: int) -> dict[str, object] | None:
        raw = self._settings.practice_choice(profile_id) if self._settings is not None else None
        try:
            value = json.loads(raw) if raw else None
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def _remember(self) -> None:
        if self._settings is None or self._profile_id is None or self._topics:
            return  # a one-off "weakest topics" session does not replace the student's own choice
        self._settings.set_practice_choice(self._profile_id, json.dumps({
            "sets_off": sorted(slug for slug, box in self.set_boxes.items() if not box.isChecked()),
            "unchosen": sorted(self._unchosen()),
            "count": self.count.value(),
            "feedback": self.feedback.isChecked(),
            "mode": self._mode,
        }))

    def request(self) -> PracticeRequest:
        sets = tuple(slug for slug, box in self.set_boxes.items() if box.isChecked())
        leaves = self._leaves()
        chosen = tuple(self.chosen_places())
        weakest = self._mode == WEAKEST
        return PracticeRequest(
            set_slugs=sets if len(self.set_boxes) > 1 else None,
            places=None if weakest or len(chosen) == len(leaves) else chosen,
            count=self.count.value(),
            feedback=self.feedback.isChecked(),
            mode=self._mode,
        )

    def show_error(self, message: str) -> None:
        self.status.setText(message)

    def _set_all(self, checked: bool) -> None:
        self._tick(lambda _place: checked)

    def _on_begin(self) -> None:
        request = self.request()
        if request.places is not None and not request.places:
            self.status.setText("Choose at least one domain or topic.")
            return
        if request.set_slugs is not None and not request.set_slugs:
            self.status.setText("Choose at least one question set.")
            return
        self._remember()
        self.begin.emit(request)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_begin()
        elif event.key() == Qt.Key.Key_Escape:
            self.back.emit()
        else:
            super().keyPressEvent(event)

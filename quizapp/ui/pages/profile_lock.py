"""Shown instead of home when the profile the app would open is protected by a PIN: the PIN
opens it; another profile can be chosen instead. Nothing of the protected profile shows here,
and the menus stay off until a profile is open."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from quizapp.core.changes import Changes
from quizapp.core.profiles import ProfileInfo, ProfileService
from quizapp.ui.core_calls import REFUSED, call_core
from quizapp.ui.pages.base import Page
from quizapp.ui.widgets.common import button, card, label, scroll_page
from quizapp.ui.widgets.status_line import say, status_label


class ProfileLockPage(Page):
    title = "Profile locked"
    opened = Signal(object)  # Changes: a profile is open

    def __init__(self, profiles: ProfileService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._profiles = profiles
        self._target: ProfileInfo | None = None
        self._others: list[QPushButton] = []
        column = scroll_page(self)
        column.addWidget(label("Who is studying?", role="title"))
        box, layout = card("banner")
        self.prompt = label(role="subtitle", name="Locked profile")
        layout.addWidget(self.prompt)
        row = QHBoxLayout()
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAccessibleName("Profile PIN")
        self.pin.setPlaceholderText("PIN")
        self.pin.setMaximumWidth(200)
        self.unlock_button = button("Open profile", "Unlock profile", primary=True, tip="Check the PIN (Enter)")
        row.addWidget(self.pin)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = status_label("Unlock status")
        layout.addWidget(self.status)
        column.addWidget(box)
        others, self.others_layout = card()
        self.others_layout.addWidget(label("Or study as another profile", role="subtitle"))
        column.addWidget(others)
        column.addStretch(1)
        self.unlock_button.clicked.connect(self._on_unlock)
        self.pin.returnPressed.connect(self._on_unlock)

    def lock_on(self, profile: ProfileInfo) -> None:
        self._target = profile
        self.prompt.setText(f"{profile.name}'s profile is protected by a PIN.")
        self.pin.clear()
        for widget in self._others:
            widget.deleteLater()
        self._others.clear()
        for other in self._profiles.all():
            if other.id == profile.id:
                continue
            choose = button(f"Study as {other.name}", tip="Needs that profile's PIN" if other.has_pin else None)
            choose.clicked.connect(lambda _=False, p=other: self._on_other(p))
            self.others_layout.addWidget(choose, 0, Qt.AlignmentFlag.AlignLeft)
            self._others.append(choose)
        self.pin.setFocus()

    def _on_other(self, profile: ProfileInfo) -> None:
        if profile.has_pin:
            self.lock_on(profile)
            return
        self._switch(profile.id, None)

    def _on_unlock(self) -> None:
        if self._target is not None:
            self._switch(self._target.id, self.pin.text())
        self.pin.clear()

    def _switch(self, profile_id: int, pin: str | None) -> None:
        outcome = call_core(lambda: self._profiles.switch(profile_id, pin),
                            lambda message: say(self.status, message[:1].upper() + message[1:] + ".", problem=True))
        if outcome is REFUSED:
            self.pin.setFocus()
            return
        _, changes = outcome
        self.opened.emit(changes | Changes(profiles=True))

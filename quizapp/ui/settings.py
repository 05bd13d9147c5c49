"""The few UI preferences (theme, text size), kept in the data dir beside the student's data.

Kept there rather than in the platform's settings store so a data dir (a USB stick, a lab
account's folder) carries its own text size, and so tests never share preferences.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from quizapp.ui.theme import TEXT_SCALES, ThemeName


class UiSettings:
    def __init__(self, data_dir: Path) -> None:
        self._store = QSettings(str(data_dir / "ui-settings.ini"), QSettings.Format.IniFormat)

    @property
    def theme(self) -> ThemeName:
        value = self._store.value("theme", ThemeName.SYSTEM.value)
        try:
            return ThemeName(str(value))
        except ValueError:
            return ThemeName.SYSTEM

    @theme.setter
    def theme(self, value: ThemeName) -> None:
        self._store.setValue("theme", value.value)

    @property
    def text_scale(self) -> float:
        try:
            value = float(self._store.value("text_scale", 1.0))
        except (TypeError, ValueError):
            return 1.0
        return value if value in TEXT_SCALES else 1.0

    @text_scale.setter
    def text_scale(self, value: float) -> None:
        self._store.setValue("text_scale", value)

    def practice_choice(self, profile_id: int) -> str | None:
        """The profile's last practice choice (sets, topics, count), as JSON; None if none yet."""
        value = self._store.value(f"practice/profile-{profile_id}")
        return str(value) if value else None

    def set_practice_choice(self, profile_id: int, value: str) -> None:
        self._store.setValue(f"practice/profile-{profile_id}", value)

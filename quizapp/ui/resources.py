"""Reads icons and stylesheets from `resources/`, in a checkout or an installed wheel alike."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from quizapp.core.datafiles import resources_dir


@cache
def stylesheet() -> str:
    path = resources_dir() / "style.qss"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def app_icon() -> QIcon:
    return QIcon(str(resources_dir() / "icons" / "quizapp.svg"))

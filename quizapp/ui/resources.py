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
    """The window icon from PNG renderings of `icons/quizapp.svg` (the source): drawing the SVG
    itself loads Qt's SVG plugin at start-up, about a mebibyte more for a 48-pixel picture."""
    icon = QIcon()
    for size in (48, 256):
        icon.addFile(str(resources_dir() / "icons" / f"quizapp-{size}.png"))
    return icon

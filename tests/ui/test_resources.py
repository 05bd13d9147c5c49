"""The icon and stylesheet are found and usable, from the checkout as from an installed wheel."""

from __future__ import annotations

from quizapp.ui.resources import app_icon, stylesheet


def test_the_app_icon_has_its_sizes(qtbot) -> None:
    icon = app_icon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} == {48, 256}


def test_the_stylesheet_is_read() -> None:
    sheet = stylesheet()
    assert "QPushButton" in sheet and ":focus" in sheet

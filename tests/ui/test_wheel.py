"""The mouse wheel scrolls the page and never changes a combo box, spin box or slider the
pointer merely passes over (issue #20: scrolling the exam set-up turned 1x into 2x)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox, QScrollBar, QWidget

from tests.helpers.widgets import named


def wheel(widget: QWidget, notches: int = -1) -> None:
    """The wheel turned over the middle of `widget` (negative: towards the user, scrolling down)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, widget.mapToGlobal(centre), QPoint(0, 0), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(widget, event)


def page_scroll(window) -> QScrollBar:  # a MainWindow
    return window.stack.currentWidget().property("scrollArea").verticalScrollBar()


def test_scrolling_over_extra_time_scrolls_the_exam_setup_and_keeps_1x(qtbot, window) -> None:
    named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Start mock exam"), Qt.MouseButton.LeftButton)
    window.resize(1024, 640)
    QApplication.processEvents()
    extra = named(window, "Extra time")
    scroll = page_scroll(window)
    assert scroll.maximum() > 0 and scroll.value() == 0  # the page scrolls at this size
    assert extra.currentData() == 1.0 and not extra.hasFocus()
    for _ in range(3):
        wheel(extra)
    assert extra.currentData() == 1.0  # the value did not change…
    assert scroll.value() > 0  # …while the page scrolled on
    moved = scroll.value()
    wheel(extra, notches=1)
    assert scroll.value() < moved and extra.currentData() == 1.0

    assert extra.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel never gives it focus
    extra.setFocus(Qt.FocusReason.TabFocusReason)  # in the control, the wheel does change it
    wheel(extra)
    assert extra.currentData() == 1.5


def test_scrolling_over_the_set_selector_scrolls_question_sets(qtbot, window) -> None:
    named(window, "Skip naming").click()
    qtbot.mouseClick(named(window, "Import question set"), Qt.MouseButton.LeftButton)
    window.resize(1024, 640)
    QApplication.processEvents()
    selector = named(window, "Set to manage")
    assert selector.count() >= 2
    before = selector.currentText()
    scroll = page_scroll(window)
    scroll.setValue(0)
    for notches in (-1, -1, 1, -1):
        wheel(selector, notches)
        assert selector.currentText() == before
    assert scroll.value() > 0


def test_every_value_control_in_the_window_ignores_an_unfocused_wheel(qtbot, window) -> None:
    """Every combo box, spin box and slider of every page built so far, whatever page it is on."""
    named(window, "Skip naming").click()
    for name in ("Start mock exam", "Start practice"):
        window.show_home()
        qtbot.mouseClick(named(window, name), Qt.MouseButton.LeftButton)
    window.show_home()
    qtbot.mouseClick(named(window, "Import question set"), Qt.MouseButton.LeftButton)
    controls = [w for w in window.findChildren(QWidget) if isinstance(w, (QComboBox, QAbstractSpinBox, QAbstractSlider))
                and not isinstance(w, QScrollBar)]
    assert len(controls) >= 4
    for control in controls:
        control.ensurePolished()
        assert control.focusPolicy() == Qt.FocusPolicy.StrongFocus, control.accessibleName()
        value = control.currentIndex() if isinstance(control, QComboBox) else control.value()
        wheel(control)
        wheel(control, notches=1)
        wheel(control)
        assert (control.currentIndex() if isinstance(control, QComboBox) else control.value()) == value, \
            control.accessibleName()

"""The mouse wheel scrolls the page; it changes a value only in the control the student is in.

Qt lets the wheel change any combo box, spin box or slider under the pointer, so scrolling the
exam set-up page turned `Extra time` from 1× into 2× on the way down. One application-wide
filter, installed by the main window, gives those controls `Qt.StrongFocus` (tab or click, never
the wheel, gives them focus) and passes a wheel event over one that does not have focus on to
what holds it: the page scrolls, the value stays.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox, QScrollBar, QWidget

GUARDED = (QComboBox, QAbstractSpinBox, QAbstractSlider)
_WHEEL = QEvent.Type.Wheel
_POLISH = QEvent.Type.Polish


def guarded(widget: QObject) -> bool:
    """A control whose value the wheel would change (a scroll bar only scrolls: not guarded)."""
    kind = type(widget)
    answer = _GUARDED_TYPES.get(kind)
    if answer is None:  # asked once per class: isinstance on Qt's classes is slow for every event
        answer = _GUARDED_TYPES[kind] = issubclass(kind, GUARDED) and not issubclass(kind, QScrollBar)
    return answer


_GUARDED_TYPES: dict[type, bool] = {}


def _has_focus(widget: QWidget) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and (focused is widget or widget.isAncestorOf(focused))


def pass_to_parents(widget: QWidget, event: QWheelEvent) -> None:
    """Offers the wheel to each widget holding `widget`, innermost first, as Qt itself does for
    an event a widget ignores, until one takes it (the page's scroll area)."""
    position = event.position()
    target = widget
    while not target.isWindow() and target.parentWidget() is not None:
        position = target.mapToParent(position)
        target = target.parentWidget()
        copy = QWheelEvent(position, event.globalPosition(), event.pixelDelta(), event.angleDelta(),
                           event.buttons(), event.modifiers(), event.phase(), event.inverted(), event.source())
        if QApplication.sendEvent(target, copy) and copy.isAccepted():
            return
        if target.testAttribute(Qt.WidgetAttribute.WA_NoMousePropagation):
            return


class WheelGuard(QObject):
    """Install once on the application (`install`); it watches every widget."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        # Every event of the application passes here: the cheap question comes first, and an
        # event's type is asked only for the few value controls.
        if not guarded(watched):
            return False
        kind = event.type()
        if kind == _WHEEL:
            if not _has_focus(watched):
                pass_to_parents(watched, event)
                event.accept()  # taken: Qt offers it to no parent of its own
                return True  # the control never sees it: its value cannot change
        elif kind == _POLISH:
            watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return False


def install(app: QApplication) -> WheelGuard:
    """The application's one guard (made on first call)."""
    guard = app.findChild(WheelGuard)
    if guard is None:
        guard = WheelGuard(app)
        app.installEventFilter(guard)
    return guard

"""A focus ring around whichever control has keyboard focus, on every page, in both themes.

A border drawn by the stylesheet cannot show focus on a filled primary button (its border is
the fill's colour, and no single colour stands out against both the fill and the dark window).
A `QFocusFrame` sits outside the control instead: it follows the control as it moves, resizes or
hides, and `QuizStyle` paints it as a ring in the theme's `focus` colour with a gap, so only the
background around the control changes (3:1 or more, tested). One frame per window, moved by the
application's `focusChanged`.

A widget whose parent says `focusRingAround` (an answer option's row) gets the ring round that
parent, since the radio button alone is a small circle; the text field inside a spin box or a
combo box gets it round the whole control.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QFocusFrame, QMenu, QMenuBar, QWidget


def ring_target(widget: QWidget | None) -> QWidget | None:
    """The widget the ring should surround when `widget` has focus (None: no ring)."""
    if widget is None or isinstance(widget, (QMenu, QMenuBar)) or widget.isWindow():
        return None
    if widget.window().windowType() == Qt.WindowType.Popup:  # a combo box's open list
        return None
    parent = widget.parentWidget()
    if parent is not None and (parent.property("focusRingAround") or isinstance(parent, (QAbstractSpinBox,
                                                                                       QComboBox))):
        return parent
    return widget


_RESHOW = (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.StyleChange, QEvent.Type.Show)


class RingFrame(QFocusFrame):
    """A QFocusFrame that shows itself again when it should. QFocusFrame hides when its control
    changes style (a theme or text-size change), and stays hidden when focus arrives before the
    page is laid out or while the control is scrolled out of view; it only moves along after that."""

    _pending = False  # a check to show the frame again is queued

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        handled = super().eventFilter(watched, event)
        if event.type() in _RESHOW and not self._pending and not self.isVisible():  # the control or a parent
            self._pending = True
            QTimer.singleShot(0, self, self._reattach)  # after the event: the control has its new place
        return handled

    def _reattach(self) -> None:
        self._pending = False
        widget = self.widget()
        if (widget is not None and widget.isVisible() and not self.isVisible()
                and widget is ring_target(QApplication.focusWidget())):
            self.setWidget(None)
            self.setWidget(widget)


class FocusRing(QObject):
    """Install once on the application (`install`)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._frames: dict[int, QFocusFrame] = {}  # per top-level window
        app.focusChanged.connect(self._on_focus_changed)

    def frame_for(self, window: QWidget) -> QFocusFrame:
        key = id(window)
        frame = self._frames.get(key)
        if frame is None:
            frame = RingFrame(window)
            frame.setObjectName("focusRing")
            frame.destroyed.connect(lambda _=None, k=key: self._frames.pop(k, None))
            self._frames[key] = frame
        return frame

    def current(self) -> QWidget | None:
        """The widget the ring surrounds now (None when it is hidden)."""
        for frame in self._frames.values():
            if frame.widget() is not None and frame.isVisible():
                return frame.widget()
        return None

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        target = ring_target(new)
        for frame in self._frames.values():
            if target is None or frame.window() is not target.window():
                frame.setWidget(None)
        if target is not None:
            frame = self.frame_for(target.window())
            frame.setWidget(None)  # set afresh: the frame shows itself again
            frame.setWidget(target)


def install(app: QApplication) -> FocusRing:
    """The application's one focus ring (made on first call)."""
    ring = app.findChild(FocusRing)
    if ring is None:
        ring = FocusRing(app)
    return ring

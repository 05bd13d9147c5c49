"""Text the window shows stays bounded however long it is (issue #18, case 8): a question stored
before the import limits (or by a bug) cannot lay out a label millions of pixels wide or tall."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea

from quizapp.core.views import ChoiceView, QuestionView
from quizapp.ui.widgets.common import MAX_SHOWN_CHARS, label
from quizapp.ui.widgets.question_view import QuestionWidget


def _view(stem: str, option: str, text_format: str = "plain") -> QuestionView:
    return QuestionView(1, stem, text_format, "single", (ChoiceView("A", option, 0), ChoiceView("B", "No", 1)),
                        None, None, None, ())


def test_a_million_character_question_is_shown_clipped_and_wrapped(qtbot) -> None:
    area = QScrollArea()
    area.setWidgetResizable(True)
    widget = QuestionWidget()
    area.setWidget(widget)
    qtbot.addWidget(area)
    area.resize(1180, 800)
    area.show()
    huge = "x" * 1_000_000  # one unbreakable word
    widget.show_question(_view(huge, "y" * 1_000_000))
    qtbot.waitExposed(area)
    shown = widget.stem.text()
    assert shown.replace("\u200b", "").startswith("x" * 1000)
    assert len(shown) < MAX_SHOWN_CHARS * 1.05 and "1,000,000 characters in all" in shown
    assert widget.width() <= area.width() and widget.height() < 20_000
    assert len(widget.option_buttons[0].accessibleDescription()) < MAX_SHOWN_CHARS * 1.05


def test_rich_text_keeps_its_markup_and_ordinary_text_is_untouched(qtbot) -> None:
    long_word = "z" * 400
    ordinary = label("A normal sentence with https://example.org/a/rather/long/address/that/stays/whole.html")
    assert ordinary.text() == "A normal sentence with https://example.org/a/rather/long/address/that/stays/whole.html"
    widget = QuestionWidget()
    qtbot.addWidget(widget)
    widget.show_question(_view(f'<p>{long_word} <a href="https://example.org/{"q" * 300}">link</a></p>', "Yes",
                               "html"))
    shown = widget.stem.text()
    assert f'href="https://example.org/{"q" * 300}"' in shown  # inside a tag: never broken
    assert long_word not in shown and shown.replace("\u200b", "").count("z") == 400

"""The Progress page: the numbers it shows against the answers given, the too-little-data rule,
the readiness estimate, the weakest topics, the charts, and its look at large text in both themes."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QApplication, QTreeWidgetItem
from sqlalchemy import func, select

from quizapp.core.clock import FakeClock
from quizapp.core.db.models import Choice, Question
from quizapp.core.practice import PracticeRequest
from quizapp.core.taxonomy import CAREER
from quizapp.ui.theme import DARK, LIGHT, ThemeName
from quizapp.ui.widgets.charts import DARK_SERIES, LIGHT_SERIES, chart_colours, series_pen
from tests.helpers.layout import clipped
from tests.helpers.widgets import duplicate_names, is_shown, named, text_of, toggle_in_tree, unnamed_controls

LAW = "Medical Law and Ethics"


# -- helpers ---------------------------------------------------------------------------------------

def _keys(window) -> dict[int, set[int]]:
    with window.ctx.db.sessions() as s:
        rows = s.execute(select(Choice.question_id, Choice.position).where(Choice.is_correct == True))  # noqa: E712
        keys: dict[int, set[int]] = {}
        for qid, position in rows:
            keys.setdefault(qid, set()).add(position)
    return keys


def _choice(window, keys: dict[int, set[int]], question, right: bool) -> list[int]:
    return [next(c.position for c in question.choices if (c.position in keys[question.question_id]) == right)]


def practise_in_gui(qtbot, window, clock: FakeClock, pattern: str, domain: str | None = None,
                    seconds: float = 12) -> list[tuple[str, str, bool]]:
    """Answers a practice session through the window: `pattern` is "RWR…" (right / wrong).
    Returns (domain, topic, right) per answer."""
    if is_shown(window, "Skip naming"):
        named(window, "Skip naming").click()
    window.show_home()
    qtbot.mouseClick(named(window, "Start practice"), Qt.MouseButton.LeftButton)
    if domain is not None:
        named(window, "Clear domains").click()
        toggle_in_tree(qtbot, named(window, "Topics to practise"), domain)
    named(window, "Number of questions").setValue(len(pattern))
    qtbot.mouseClick(named(window, "Begin practice"), Qt.MouseButton.LeftButton)
    page = window.pages["practice"]
    keys = _keys(window)
    given = []
    for want in pattern:
        question = page.current_item().question
        position = _choice(window, keys, question, want == "R")[0]
        letter = next(c.letter for c in question.choices if c.position == position)
        clock.advance(seconds)
        qtbot.keyClick(page, getattr(Qt.Key, f"Key_{letter}"))
        qtbot.keyClick(page, Qt.Key.Key_Return)  # check
        assert page.current_item().feedback.correct == (want == "R")
        given.append((question.domain, question.topic, want == "R"))
        qtbot.keyClick(page, Qt.Key.Key_Return)  # next, or the summary after the last
    return given


def practise_in_core(window, topic: str, right: int, wrong: int) -> None:
    """Answers questions of one topic through core and publishes the change, as a page would."""
    ctx = window.ctx
    keys = _keys(window)
    state, changes = ctx.practice.start(ctx.profiles.current().id,
                                        PracticeRequest(topics=(topic,), count=right + wrong, seed=3))
    assert len(state.items) == right + wrong
    window.publish(changes)
    for i, item in enumerate(state.items):
        chosen = _choice(window, keys, item.question, i < right)
        _, changes = ctx.practice.check(state.attempt_id, item.position, chosen, seconds=10)
        window.publish(changes)
    _, changes = ctx.practice.finish(state.attempt_id)
    window.publish(changes)


def big_topics(window, at_least: int = 6) -> list[str]:
    """Topics of the CCMA domains with enough questions for a test, largest first (the
    practice-only Career and Credentialing domain does not count towards readiness)."""
    with window.ctx.db.sessions() as s:
        rows = s.execute(select(Question.topic, func.count())
                         .where(Question.retired == False, Question.domain != CAREER)  # noqa: E712
                         .group_by(Question.topic).having(func.count() >= at_least)
                         .order_by(func.count().desc(), Question.topic))
        return [topic for topic, _ in rows]


def open_progress(qtbot, window):
    if is_shown(window, "Skip naming"):
        named(window, "Skip naming").click()
    window.show_home()
    qtbot.mouseClick(named(window, "Progress"), Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    return window.pages["progress"]


def tree_rows(page) -> dict[str, QTreeWidgetItem]:
    """Every row of the tree by its name (domains, sub-domains and topics)."""
    found: dict[str, QTreeWidgetItem] = {}
    stack = [page.tree.topLevelItem(i) for i in range(page.tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        found.setdefault(item.text(0), item)
        stack.extend(item.child(i) for i in range(item.childCount()))
    return found


def expected_share(right: int, answered: int) -> str:
    return f"{round(100 * right / answered)}%" if answered >= 5 else "not enough data yet"


# -- the numbers -----------------------------------------------------------------------------------

def test_progress_shows_the_answers_given(qtbot, window, clock: FakeClock) -> None:
    given = practise_in_gui(qtbot, window, clock, "RRWRWRRR", domain=LAW)
    page = open_progress(qtbot, window)
    assert window.stack.currentWidget() is page and window.windowTitle().startswith("Progress")
    assert text_of(window, "Overall result") == "So far: 8 answers, 6 correct (75%)."
    assert text_of(window, "Last 30 days result") == "Last 30 days: 8 answers, 6 correct (75%)."
    assert text_of(window, "Average time per question") == "Average time per question: 12 s."
    assert not is_shown(window, "No answers yet")

    rows = tree_rows(page)
    law = rows[LAW]
    assert (law.text(1), law.text(2), law.text(3)) == ("8", "75%", "75%")
    for topic, count in Counter(t for _, t, _ in given).items():
        right = sum(1 for _, t, ok in given if t == topic and ok)
        row = rows[topic]
        assert row.parent() is law
        assert row.text(1) == str(count)
        assert row.text(2) == expected_share(right, count), topic
    untouched = rows["Anatomy and Physiology"]
    assert (untouched.text(1), untouched.text(2), untouched.text(4)) == ("0", "—", "—")
    assert untouched.data(2, Qt.ItemDataRole.AccessibleTextRole) == "no answers yet"


def test_progress_redraws_when_answers_are_committed_elsewhere(qtbot, window, clock: FakeClock) -> None:
    open_progress(qtbot, window)
    assert text_of(window, "Overall result") == "So far: no answers."
    topic = big_topics(window)[0]
    practise_in_core(window, topic, right=2, wrong=1)  # published while Progress is on screen
    assert text_of(window, "Overall result") == ("So far: 3 answers, 2 correct (not enough data yet for a "
                                                 "percentage).")
    practise_in_gui(qtbot, window, clock, "RR")  # committed on the practice page, Progress hidden
    qtbot.mouseClick(named(window, "Back to home"), Qt.MouseButton.LeftButton)
    open_progress(qtbot, window)
    assert text_of(window, "Overall result") == "So far: 5 answers, 4 correct (80%)."


def test_too_little_data_says_so_instead_of_a_percentage(qtbot, window) -> None:
    topic = big_topics(window)[0]
    practise_in_core(window, topic, right=3, wrong=1)
    page = open_progress(qtbot, window)
    row = tree_rows(page)[topic]
    assert (row.text(1), row.text(2), row.text(3)) == ("4", "not enough data yet", "not enough data yet")
    assert "4 of the 5 answers needed" in row.data(2, Qt.ItemDataRole.AccessibleTextRole)
    assert "at least 5 answers" in text_of(window, "About these figures")
    assert not is_shown(window, "Practise weakest topics")  # no topic can be judged yet
    assert "at least 5 answers" in text_of(window, "Weakest topics")
    practise_in_core(window, topic, right=1, wrong=0)
    row = tree_rows(page)[topic]
    assert (row.text(1), row.text(2)) == ("5", "80%")


def test_readiness_is_labelled_an_estimate_with_its_range(qtbot, window) -> None:
    """What the student sees as answers accumulate: nothing below 20, the range alone (rounded
    to fives) while the estimate is rough, then the figure and its range from 50 on; the range
    is explained in one sentence whenever it is shown (issue #23)."""
    open_progress(qtbot, window)
    assert text_of(window, "Readiness estimate").startswith("No estimate yet: it needs 20 answers")
    assert not is_shown(window, "What the range means")
    topics = big_topics(window)
    for topic in topics[:2]:
        practise_in_core(window, topic, right=4, wrong=2)
    assert text_of(window, "Readiness estimate").startswith("No estimate yet")
    assert "12 answers" in text_of(window, "Readiness basis") and "8 more" in text_of(window, "Readiness basis")

    for topic in topics[2:4]:
        practise_in_core(window, topic, right=4, wrong=2)
    ready = window.ctx.stats.progress(window.ctx.profiles.current().id).readiness
    assert ready.answered == 24 and ready.rough and ready.rough_range is not None
    shown = text_of(window, "Readiness estimate")
    low, high = ready.rough_range
    assert shown == f"Still rough: somewhere between {round(100 * low)}% and {round(100 * high)}%"
    assert round(100 * low) % 5 == 0 and round(100 * high) % 5 == 0 and "About" not in shown
    basis = text_of(window, "Readiness basis")
    assert "24 answers" in basis and "still rough" in basis and "about 26 more" in basis
    assert is_shown(window, "What the range means")
    assert text_of(window, "What the range means") == ready.range_meaning
    assert "19 times in 20" in ready.range_meaning and ready.range_meaning.count(".") == 1

    for topic in topics[4:10]:
        practise_in_core(window, topic, right=5, wrong=1)
    ready = window.ctx.stats.progress(window.ctx.profiles.current().id).readiness
    assert ready.answered == 60 and not ready.rough
    assert ready.estimate is not None and ready.low is not None and ready.high is not None
    assert text_of(window, "Readiness estimate") == (
        f"About {round(100 * ready.estimate)}%, likely between {round(100 * ready.low)}% and "
        f"{round(100 * ready.high)}%")
    assert "estimate" in text_of(window, "Readiness basis") and "60 answers" in text_of(window, "Readiness basis")
    assert is_shown(window, "What the range means")
    how = text_of(window, "How the estimate is made")
    assert how == ready.explanation and "not an NHA score" in how and "Phlebotomy counts for 12" in how
    note = text_of(window, "NHA score note")
    assert "390" in note and "200 to 500" in note
    assert "not an NHA score" in named(window, "Readiness estimate").accessibleDescription()


def test_practise_weakest_topics_starts_practice_on_them(qtbot, window) -> None:
    topics = big_topics(window)[:4]
    for topic, right in zip(topics, (0, 1, 2, 5), strict=True):
        practise_in_core(window, topic, right=right, wrong=5 - right)
    page = open_progress(qtbot, window)
    listed = text_of(window, "Weakest topics").splitlines()
    assert [line.split(" (")[0] for line in listed] == [f"{i}. {t}" for i, t in enumerate(topics[:3], 1)]
    assert "0% correct" in listed[0]
    button = named(window, "Practise weakest topics")
    assert "Alt+W" in button.toolTip()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    setup = window.pages["practice_setup"]
    assert window.stack.currentWidget() is setup
    assert all(t in setup.intro.text() for t in topics[:3])
    named(window, "Number of questions").setValue(12)
    qtbot.mouseClick(named(window, "Begin practice"), Qt.MouseButton.LeftButton)
    state = window.pages["practice"].state
    assert {item.question.topic for item in state.items} <= set(topics[:3])
    assert len(state.items) == 12
    del page


# -- empty, charts, look ---------------------------------------------------------------------------

def colour_counts(image: QImage) -> Counter:
    """How many pixels of each colour ("#rrggbb") a picture holds."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    data, stride = bytes(image.constBits()), image.bytesPerLine()
    rows = (data[y * stride:y * stride + 3 * image.width()] for y in range(image.height()))
    return Counter(f"#{row[i:i + 3].hex()}" for row in rows for i in range(0, len(row), 3))


def test_empty_progress_page_is_friendly(qtbot, window) -> None:
    page = open_progress(qtbot, window)
    assert is_shown(window, "No answers yet")
    assert text_of(window, "Overall result") == "So far: no answers."
    assert text_of(window, "Average time per question") == "Average time per question: —."
    assert text_of(window, "Readiness estimate").startswith("No estimate yet")
    assert is_shown(window, "Percent correct per week by domain: no data")
    assert is_shown(window, "Mock exam scores by date: no data")
    assert not is_shown(window, "Percent correct per week by domain")
    assert not is_shown(window, "Practise weakest topics")
    rows = tree_rows(page)
    assert page.tree.topLevelItemCount() == 8  # the whole test plan and the practice-only domain
    assert all(rows[name].text(2) == "—" for name in rows)


def _history_over_weeks(window, clock: FakeClock, weeks: int = 4) -> None:
    topics = big_topics(window)[:3]
    for week in range(weeks):
        for topic in topics:
            practise_in_core(window, topic, right=2 + week % 3, wrong=1)
        clock.advance(7 * 86_400)
    ctx = window.ctx
    engine, changes = ctx.exams.start(ctx.profiles.current().id, "ccma-quick", seed=5)
    keys = _keys(window)
    for i, item in enumerate(engine.state().items):
        engine.answer(item.position, _choice(window, keys, item.question, i % 3 != 0))
    window.publish(engine.submit().changes)


def test_charts_draw_weekly_accuracy_and_mock_scores(qtbot, window, clock: FakeClock) -> None:
    _history_over_weeks(window, clock)
    page = open_progress(qtbot, window)
    progress = page.progress
    assert progress is not None and len(progress.mock_exams) == 1
    weekly = page.accuracy_chart
    assert is_shown(window, "Percent correct per week by domain")
    drawn = weekly.lines
    assert sorted(line.name for line in drawn) == sorted(d.name for d in progress.weekly)
    for line in drawn:
        wanted = next(d for d in progress.weekly if d.name == line.name)
        assert [round(y) for _, y in line.points] == [round(100 * w.accuracy) for w in wanted.points
                                                      if w.accuracy is not None]
    legend = [entry.text.text() for entry in weekly._entries]
    assert legend == [line.name for line in drawn] and weekly.legend.isVisible()
    description = named(window, "Percent correct per week by domain").accessibleDescription()
    assert "Latest per domain" in description and all(line.name in description for line in drawn)
    mock = page.mock_chart.lines
    assert len(mock) == 1 and len(mock[0].points) == 1
    assert round(mock[0].points[0][1]) == round(100 * progress.mock_exams[0].score)
    assert "not an NHA scaled score" in named(window, "Mock exam scores by date").accessibleDescription()
    # What is painted: each point of each line is on the chart in its series' colour; points that
    # would cover one another are painted side by side (`drawn_markers` is where each went).
    checked = 0
    for chart in (weekly, page.mock_chart):
        image = chart.view.grab().toImage()
        ratio = image.devicePixelRatio()
        assert len(chart.view.drawn_markers) == sum(len(line.points) for line in chart.lines)
        for index, at in chart.view.drawn_markers:
            colour = series_pen(chart_colours(), index).color().name()
            assert image.pixelColor(round(at.x() * ratio), round(at.y() * ratio)).name() == colour
            checked += 1
    assert checked >= 3
    trend_rows = [r for r in tree_rows(page).values() if r.text(4).startswith(("▲", "▼"))]
    for row in trend_rows:
        assert row.data(4, Qt.ItemDataRole.AccessibleTextRole).startswith(("trend: up", "trend: down"))


@pytest.mark.parametrize("theme", [ThemeName.LIGHT, ThemeName.DARK])
def test_charts_follow_the_palette(qtbot, window, clock: FakeClock, theme: ThemeName) -> None:
    _history_over_weeks(window, clock, weeks=2)
    page = open_progress(qtbot, window)
    window.set_theme(theme)
    QApplication.processEvents()
    colours = DARK if theme is ThemeName.DARK else LIGHT
    assert QApplication.palette().color(QPalette.ColorRole.Base).name() == colours.base
    for chart in (page.accuracy_chart, page.mock_chart):
        image = chart.view.grab().toImage()
        assert not image.isNull() and image.pixelColor(1, 1).name() == colours.base
        painted = colour_counts(image)
        assert painted.most_common(1)[0][0] == colours.base  # the chart's own background…
        assert painted[colours.text] > 20  # …its axis labels in the theme's text colour…
        series = DARK_SERIES if theme is ThemeName.DARK else LIGHT_SERIES
        assert painted[series[0]] > 8  # …and its first line in that theme's first colour
        sample = chart._entries[0].sample.pixmap().toImage()
        assert sample.pixelColor(sample.width() // 2, sample.height() // 2).name() == series[0]
    window.set_theme(ThemeName.LIGHT)


@pytest.mark.parametrize("size", [(1024, 640), (800, 600)])
@pytest.mark.parametrize("theme", [ThemeName.LIGHT, ThemeName.DARK])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_progress_names_and_layout_at_small_sizes(qtbot, window, clock: FakeClock, theme: ThemeName,
                                                  scale: float, size: tuple[int, int]) -> None:
    _history_over_weeks(window, clock, weeks=2)
    open_progress(qtbot, window)
    window.set_theme(theme)
    window.set_text_scale(scale)
    window.resize(*size)
    QApplication.processEvents()
    assert duplicate_names(window) == {}
    assert unnamed_controls(window) == []
    assert clipped(window) == []
    page = window.pages["progress"]
    assert page.tree.compact == (scale > 1.5 or size[0] < 1024)
    header = page.tree.header()
    assert header.sectionSize(0) >= page.tree.fontMetrics().averageCharWidth() * 12  # names keep room
    window.set_text_scale(1.0)
    window.set_theme(ThemeName.LIGHT)


def test_progress_is_reached_by_button_menu_and_keys(qtbot, window) -> None:
    named(window, "Skip naming").click()
    assert "Ctrl+G" in named(window, "Progress").toolTip()
    action = next(a for a in window.menu("&View").actions() if a.text() == "&Progress")
    assert action.shortcut().toString() == "Ctrl+G"
    action.trigger()
    page = window.pages["progress"]
    assert window.stack.currentWidget() is page
    focused = QApplication.focusWidget()
    assert focused is not None and focused.accessibleName() == "Back to home"
    qtbot.keyClick(focused, Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.home


def test_every_progress_control_is_reached_by_tab(qtbot, window) -> None:
    topics = big_topics(window)[:3]
    for topic in topics:
        practise_in_core(window, topic, right=2, wrong=3)
    page = open_progress(qtbot, window)
    seen = set()
    for _ in range(12):
        widget = QApplication.focusWidget()
        seen.add(widget.accessibleName())
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert {"Practise weakest topics", "Progress by domain, sub-domain and topic", "Back to home"} <= seen
    page.tree.setFocus()
    first = page.tree.topLevelItem(0)
    page.tree.setCurrentItem(first)
    qtbot.keyClick(page.tree, Qt.Key.Key_Left)  # arrows fold a domain away, and it stays folded
    assert not first.isExpanded()
    practise_in_core(window, topics[0], right=1, wrong=0)  # a redraw while on screen
    assert not page.tree.topLevelItem(0).isExpanded() and page.tree.topLevelItem(1).isExpanded()

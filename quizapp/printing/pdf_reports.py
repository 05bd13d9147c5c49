"""Class and student reports as PDF: HTML built from core's frozen reports, printed by
QTextDocument onto a QPdfWriter (A4, 300 dpi), written atomically."""

from __future__ import annotations

import html
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from quizapp.core.classroom.service import ClassReport, StudentReport
from quizapp.core.errors import UserError
from quizapp.core.percent import percent
from quizapp.core.wording import plural

_STYLE = """
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; color: #1a1a1a; }
h1 { font-size: 16pt; margin-bottom: 2pt; }
h2 { font-size: 12pt; margin-top: 14pt; margin-bottom: 4pt; }
p.meta { color: #555555; margin-top: 0; }
table { border-collapse: collapse; }
th { background-color: #e8edf3; text-align: left; padding: 3pt 6pt; border-bottom: 1px solid #9aa8b8; }
td { padding: 2pt 6pt; border-bottom: 1px solid #dde3ea; }
td.num, th.num { text-align: right; }
td.sub { padding-left: 16pt; color: #333333; }
p.note { color: #555555; font-size: 8pt; }
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def _pct(value: float | None) -> str:
    return percent(value, none="–")


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric_from: int = 1,
           classes: Sequence[str] | None = None) -> str:
    cells = "".join(f'<th class="{"num" if i >= numeric_from else ""}">{_e(h)}</th>' for i, h in enumerate(head))
    body = []
    for n, row in enumerate(rows):
        first = classes[n] if classes else ""
        tds = "".join(f'<td class="{"num" if i >= numeric_from else first}">{_e(v)}</td>' for i, v in enumerate(row))
        body.append(f"<tr>{tds}</tr>")
    return f'<table width="100%" cellspacing="0" cellpadding="3"><tr>{cells}</tr>{"".join(body)}</table>'


def class_html(report: ClassReport) -> str:
    title = f"Class results — {report.class_name}" if report.class_name else "Class results — every student"
    parts = [f"<h1>{_e(title)}</h1>",
             f'<p class="meta">{_e(report.period.describe())} · made {report.made_at.astimezone():%Y-%m-%d %H:%M} · '
             f"{plural(len(report.students), 'student')} with answers</p>", "<h2>Students</h2>"]
    rows = []
    for s in report.students:
        best = max((m.score for m in s.mock_exams), default=None)
        last = f"{s.last_active.astimezone():%Y-%m-%d}" if s.last_active else "–"
        rows.append([s.profile, str(s.answered), _pct(s.accuracy), str(len(s.mock_exams)), _pct(best), last])
    parts.append(_table(["Student", "Answered", "Accuracy", "Mock exams", "Best mock", "Last active"], rows))
    domains = sorted({d.name for s in report.students for d in s.domains})
    if domains:
        parts.append("<h2>Accuracy by domain</h2>")
        drows = []
        for name in domains:
            answered = sum(d.answered for s in report.students for d in s.domains if d.name == name)
            correct = sum(d.correct for s in report.students for d in s.domains if d.name == name)
            students = sum(1 for s in report.students for d in s.domains if d.name == name and d.answered)
            drows.append([name, str(students), str(answered), _pct(correct / answered if answered else None)])
        parts.append(_table(["Domain", "Students", "Answers", "Accuracy"], drows))
    flagged = [i for i in report.items if i.flags]
    parts.append("<h2>Item analysis</h2>")
    parts.append(f'<p class="meta">{plural(len(report.items), "question")} answered; {len(flagged)} flagged. '
                 "Statistics and flags need 30 students (each counted by their first answer in the period).</p>")
    if flagged:
        irows = [[f"{i.set_slug} / {i.ext_id}", str(i.answers), _pct(i.p),
                  "–" if i.discrimination is None else f"{i.discrimination:.2f}", ", ".join(i.flags)]
                 for i in sorted(flagged, key=lambda i: (-len(i.flags), i.set_slug, i.ext_id))]
        parts.append(_table(["Question", "Students", "p", "Discrimination", "Flags"], irows, numeric_from=1))
    parts.append('<p class="note">Accuracy is the share of scored answers that were right; practice and mock exams '
                 "both count. Scores are quizapp's, never an NHA score.</p>")
    return "".join(parts)


def student_html(report: StudentReport) -> str:
    progress = report.progress
    who = f"{report.profile} ({report.class_name})" if report.class_name else report.profile
    o = progress.overall
    parts = [f"<h1>{_e('Progress report — ' + who)}</h1>",
             f'<p class="meta">made {report.made_at.astimezone():%Y-%m-%d %H:%M} · {o.answered} answers, '
             f"{_pct(o.accuracy)} right overall</p>", "<h2>By domain</h2>"]
    rows, kinds = [], []
    for d in progress.domains:
        rows.append([d.name, str(d.line.answered), _pct(d.line.accuracy), _pct(d.line.accuracy_30d)])
        kinds.append("")
        for sub in d.subdomains:
            rows.append(["\u00a0" * 5 + sub.name, str(sub.answered), _pct(sub.accuracy), _pct(sub.accuracy_30d)])
            kinds.append("sub")
    parts.append(_table(["Domain / sub-domain", "Answered", "Overall", "Last 30 days"], rows, classes=kinds))
    weeks: dict[str, list[int]] = {}
    for series in progress.weekly:
        for point in series.points:
            cell = weeks.setdefault(point.start.isoformat(), [0, 0])
            cell[0] += point.answered
            cell[1] += point.correct
    trend = [[week, str(a), _pct(c / a if a else None)] for week, (a, c) in sorted(weeks.items()) if a]
    if trend:
        parts.append("<h2>Trend by week</h2>")
        parts.append(_table(["Week of", "Answered", "Accuracy"], trend))
    if progress.weakest:
        parts.append("<h2>Weakest topics</h2>")
        parts.append(_table(["Topic", "Answered", "Accuracy"],
                            [[t.name, str(t.answered), _pct(t.accuracy)] for t in progress.weakest]))
    if progress.mock_exams:
        parts.append("<h2>Mock exams</h2>")
        parts.append(_table(["Exam", "Submitted", "Score"],
                            [[m.blueprint or "–", f"{m.submitted_at.astimezone():%Y-%m-%d %H:%M}", _pct(m.score)]
                             for m in progress.mock_exams], numeric_from=2))
    r = progress.readiness
    if r.estimate is not None:
        parts.append(f'<p class="note">Readiness estimate {_pct(r.estimate)} (likely {_pct(r.low)}–{_pct(r.high)}): '
                     "an estimate from practice, not an NHA score.</p>")
    return "".join(parts)


def ensure_gui_application() -> None:
    """QTextDocument needs a QGuiApplication; a headless command makes an offscreen one. It is
    a QApplication (a QGuiApplication that can also hold widgets), so the process can still
    open a window afterwards — Qt allows one application object per process."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QApplication(["quizapp"])


def write_pdf(body_html: str, path: Path, title: str) -> None:
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    ensure_gui_application()
    folder = path.parent
    if not folder.is_dir():
        raise UserError("cannot write the report here: the folder does not exist", path)
    fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".pdf", dir=folder)
    os.close(fd)
    try:
        writer = QPdfWriter(tmp)
        writer.setTitle(title)
        writer.setCreator("quizapp")
        writer.setResolution(300)
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                         QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
        document = QTextDocument()
        document.setDefaultStyleSheet(_STYLE)
        document.setHtml(f"<html><head><title>{_e(title)}</title></head><body>{body_html}</body></html>")
        document.print_(writer)
        del writer  # finishes the file
        if Path(tmp).stat().st_size == 0:
            raise UserError("the report could not be written", path)
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(f"cannot write the report here ({exc.strerror})", path) from exc
    finally:
        Path(tmp).unlink(missing_ok=True)


def write_class_pdf(report: ClassReport, path: Path) -> None:
    write_pdf(class_html(report), path, f"Class results {report.class_name or ''}".strip())


def write_student_pdf(report: StudentReport, path: Path) -> None:
    write_pdf(student_html(report), path, f"Progress report {report.profile}")

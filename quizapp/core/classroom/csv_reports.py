"""Reports as CSV: one table a spreadsheet opens, written atomically. Text that a spreadsheet
would run as a formula (a leading =, +, - or @) is quoted with an apostrophe."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from quizapp.core.classroom.service import ClassReport, StudentReport
from quizapp.core.errors import UserError

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def write_rows(path: Path, rows: Iterable[Sequence[object]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    folder = path.parent
    if not folder.is_dir():
        raise UserError("cannot write the report here: the folder does not exist", path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".csv", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as out:
            out.write(buffer.getvalue())
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(f"cannot write the report here ({exc.strerror})", path) from exc


def class_rows(report: ClassReport) -> list[list[object]]:
    """One row per student and area (overall, each domain and sub-domain), then one per item."""
    rows: list[list[object]] = [["section", "class", "profile", "area", "answered", "correct", "accuracy",
                                 "last_active"]]
    for s in report.students:
        last = s.last_active.isoformat() if s.last_active else None
        rows.append(["results", s.class_name, s.profile, "Overall", s.answered, s.correct, s.accuracy, last])
        for d in s.domains:
            rows.append(["results", s.class_name, s.profile, d.name, d.answered, d.correct, d.accuracy, last])
            for sub in d.subdomains:
                rows.append(["results", s.class_name, s.profile, f"{d.name} / {sub.name}", sub.answered,
                             sub.correct, sub.accuracy, last])
        for m in s.mock_exams:
            rows.append(["mock-exam", s.class_name, s.profile, m.blueprint, None, None, m.score,
                         m.submitted_at.isoformat()])
    rows.append([])
    rows.append(["section", "set", "id", "answers", "p", "discrimination", "reports", "flags", "choices"])
    for item in report.items:
        choices = " ".join(f"{c.letter}{'*' if c.correct else ''}={c.chosen}" for c in item.choices)
        rows.append(["item", item.set_slug, item.ext_id, item.answers, item.p, item.discrimination, item.reports,
                     " ".join(item.flags), choices])
    return rows


def student_rows(report: StudentReport) -> list[list[object]]:
    progress = report.progress
    rows: list[list[object]] = [["section", "name", "answered", "correct", "accuracy", "accuracy_30d"]]
    o = progress.overall
    rows.append(["overall", report.profile, o.answered, o.correct, o.accuracy, o.accuracy_30d])
    for d in progress.domains:
        rows.append(["domain", d.name, d.line.answered, d.line.correct, d.line.accuracy, d.line.accuracy_30d])
        for sub in d.subdomains:
            rows.append(["subdomain", f"{d.name} / {sub.name}", sub.answered, sub.correct, sub.accuracy,
                         sub.accuracy_30d])
    for t in progress.weakest:
        rows.append(["weakest-topic", t.name, t.answered, t.correct, t.accuracy, t.accuracy_30d])
    for series in progress.weekly:
        for point in series.points:
            if point.answered:
                rows.append(["week", f"{series.name} {point.start.isoformat()}", point.answered, point.correct,
                             point.accuracy, None])
    for m in progress.mock_exams:
        rows.append(["mock-exam", m.blueprint, None, None, m.score, m.submitted_at.isoformat()])
    return rows

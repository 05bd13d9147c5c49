"""Instructor commands (DESIGN.md contract): `class create`, `class results`, `items`,
`report student|class`. Each needs the database's instructor passphrase: `--passphrase-file F`
(one trailing newline stripped) or QUIZAPP_INSTRUCTOR_PASSPHRASE."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from quizapp.commands.result import CommandResult, failure
from quizapp.core.classroom.items import ItemStats
from quizapp.core.classroom.period import Period, parse_day
from quizapp.core.classroom.results import AreaResult, StudentResult
from quizapp.core.context import AppContext
from quizapp.core.errors import UserError
from quizapp.core.percent import percent
from quizapp.core.profiles import AmbiguousProfile

PASSPHRASE_ENV = "QUIZAPP_INSTRUCTOR_PASSPHRASE"


def read_secret(file: str | None, env: str | None, what: str) -> str | None:
    """A secret from a file (one trailing newline stripped), else from the environment variable."""
    if file is not None:
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"cannot read the {what} file ({getattr(exc, 'strerror', None) or exc})", path) from exc
        return text[:-1] if text.endswith("\n") else text
    return os.environ.get(env) if env else None


def passphrase(file: str | None) -> str | None:
    return read_secret(file, PASSPHRASE_ENV, "passphrase")


def period(since: str | None, until: str | None) -> Period:
    return Period(None if since is None else parse_day(since, "--since"),
                  None if until is None else parse_day(until, "--until"))


def create_class(ctx: AppContext, name: str, passphrase_file: str | None) -> CommandResult:
    empty = {"class": ""}
    try:
        secret = passphrase(passphrase_file)
        if not secret:
            raise UserError("creating a class needs the instructor passphrase (--passphrase-file F or "
                            f"{PASSPHRASE_ENV}); the first class sets it")
        info, _ = ctx.classes.create(name, secret)
    except UserError as exc:
        return failure(empty, exc.located)
    return CommandResult({"class": info.name}, 0, [f"Created the class {info.name}."])


def _area(area: AreaResult) -> dict[str, Any]:
    return {"name": area.name, "answered": area.answered, "accuracy": area.accuracy,
            "subdomains": [_area(s) for s in area.subdomains]}


def student_payload(s: StudentResult) -> dict[str, Any]:
    return {"profile": s.profile, "class": s.class_name, "answered": s.answered, "correct": s.correct,
            "accuracy": s.accuracy, "last_active": s.last_active.isoformat() if s.last_active else None,
            "domains": [_area(d) for d in s.domains],
            "mock_exams": [{"blueprint": m.blueprint, "submitted_at": m.submitted_at.isoformat(), "score": m.score}
                           for m in s.mock_exams]}


def class_results(ctx: AppContext, class_name: str | None, since: str | None, until: str | None,
                  passphrase_file: str | None) -> CommandResult:
    try:
        students = ctx.instructor.results(passphrase(passphrase_file), class_name, period(since, until))
    except UserError as exc:
        return failure({"students": []}, exc.located)
    lines = [f"{'Student':<30} {'Class':<20} {'Answered':>8} {'Accuracy':>8}  Last active"]
    for s in students:
        last = f"{s.last_active.astimezone():%Y-%m-%d}" if s.last_active else "-"
        lines.append(f"{s.profile:<30} {(s.class_name or '-'):<20} {s.answered:>8} "
                     f"{percent(s.accuracy, none='-'):>8}  {last}")
    if not students:
        lines = ["No student has answered anything in this period."]
    return CommandResult({"students": [student_payload(s) for s in students]}, 0, lines)


def item_payload(item: ItemStats) -> dict[str, Any]:
    return {"set": item.set_slug, "id": item.ext_id, "answers": item.answers, "p": item.p,
            "discrimination": item.discrimination,
            "choices": [{"letter": c.letter, "correct": c.correct, "chosen": c.chosen} for c in item.choices],
            "reports": item.reports, "flags": list(item.flags)}


def items(ctx: AppContext, set_slug: str | None, class_name: str | None, since: str | None, until: str | None,
          min_answers: int, passphrase_file: str | None) -> CommandResult:
    try:
        found = ctx.instructor.items(passphrase(passphrase_file), set_slug=set_slug, class_name=class_name,
                                     period=period(since, until), min_answers=min_answers)
    except UserError as exc:
        return failure({"items": []}, exc.located)
    lines = [f"{'Question':<40} {'Students':>8} {'p':>6} {'Disc.':>6}  Flags"]
    for i in found:
        disc = "-" if i.discrimination is None else f"{i.discrimination:.2f}"
        lines.append(f"{i.set_slug + '/' + i.ext_id:<40} {i.answers:>8} {percent(i.p, none='-'):>6} {disc:>6}  "
                     f"{' '.join(i.flags)}")
    return CommandResult({"items": [item_payload(i) for i in found]}, 0, lines)


def _report_format(out: Path) -> str:
    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".csv"):
        raise UserError("a report is written as .pdf or .csv: name the file so", out)
    return suffix[1:]


def report_class(ctx: AppContext, class_name: str | None, since: str | None, until: str | None, out: Path,
                 passphrase_file: str | None) -> CommandResult:
    empty = {"report": "", "out": "", "students": 0, "items": 0}
    try:
        kind = _report_format(out)
        report = ctx.instructor.class_report(passphrase(passphrase_file), class_name, period(since, until))
        if kind == "csv":
            from quizapp.core.classroom.csv_reports import class_rows, write_rows

            write_rows(out, class_rows(report))
        else:
            from quizapp.printing.pdf_reports import write_class_pdf

            write_class_pdf(report, out)
    except UserError as exc:
        return failure(empty, exc.located)
    payload = {"report": "class", "out": str(out), "students": len(report.students), "items": len(report.items)}
    return CommandResult(payload, 0, [f"Wrote {out} ({len(report.students)} students, {len(report.items)} questions)."])


def report_student(ctx: AppContext, profile_name: str, class_name: str | None, out: Path,
                   passphrase_file: str | None) -> CommandResult:
    empty = {"report": "", "out": "", "profile": ""}
    try:
        kind = _report_format(out)
        secret = passphrase(passphrase_file)
        ctx.classes.verify(secret)
        profile = ctx.profiles.find(profile_name, class_name)
        if profile is None:
            raise UserError(f"no profile is called {profile_name!r}")
        report = ctx.instructor.student_report(secret, profile.id)
        if kind == "csv":
            from quizapp.core.classroom.csv_reports import student_rows, write_rows

            write_rows(out, student_rows(report))
        else:
            from quizapp.printing.pdf_reports import write_student_pdf

            write_student_pdf(report, out)
    except UserError as exc:
        result = failure(empty, exc.located)
        result.exit_code = 2 if isinstance(exc, AmbiguousProfile) else 1
        return result
    return CommandResult({"report": "student", "out": str(out), "profile": report.profile}, 0,
                         [f"Wrote {out} ({report.profile})."])

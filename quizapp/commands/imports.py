"""`quizapp import FILE ...` (DESIGN.md contract)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from quizapp.commands.result import CommandResult
from quizapp.core.context import AppContext
from quizapp.core.errors import Located
from quizapp.core.formats import Problem
from quizapp.core.imports import ImportReport
from quizapp.core.wording import plural


def _problems(items: tuple[Problem, ...], key: str) -> list[dict[str, Any]]:
    return [{"line": p.line, key: p.message} for p in items]


def payload(report: ImportReport) -> dict[str, Any]:
    """The contract's keys; an exam pack adds `pack` (its exam, the instructor's pass mark, the
    signer's short fingerprint or null, whether it is the signer pinned for the pack's name, and
    who it is from in words)."""
    extra: dict[str, Any] = {}
    if report.pack is not None:
        p = report.pack
        extra["pack"] = {"blueprint": p.blueprint, "name": p.name, "minutes": p.minutes, "pass_mark": p.pass_mark,
                         "questions": p.questions, "signer": p.fingerprint, "trusted": p.trusted, "from": p.note}
    return {
        "set": report.slug,
        "imported": report.imported,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "skipped": _problems(report.skipped, "reason"),
        "errors": _problems(report.errors, "message"),
        "warnings": list(report.warnings),
        **extra,
    }


def import_file(ctx: AppContext, file: Path, fmt: str | None, name: str | None, skip_invalid: bool,
                dry_run: bool) -> CommandResult:
    preview = ctx.imports.preview(file, fmt, name)
    report, _ = ctx.imports.run(preview, skip_invalid=skip_invalid, dry_run=dry_run)
    shown = str(file)
    located = [Located(shown, p.line, p.message) for p in report.errors]
    if report.errors:
        return CommandResult(payload(report), 1, [], located, located[0])
    verb = "would import" if dry_run else "imported"
    lines = [f"{verb} into set '{report.slug}': {report.imported} new, {report.updated} updated, "
             f"{report.unchanged} unchanged, {len(report.skipped)} skipped"]
    lines += [f"  skipped line {p.line}: {p.message}" if p.line else f"  skipped: {p.message}" for p in report.skipped]
    lines += [f"  warning: {w}" for w in report.warnings]
    if report.pack is not None:
        lines.append(f"  exam pack '{report.pack.name}': {plural(report.pack.questions, 'question')}, "
                     f"{plural(report.pack.minutes, 'minute')}; take it as the mock exam '{report.pack.blueprint}'")
        lines.append(f"  {report.pack.pass_mark_text}")
        lines.append(f"  {report.pack.note}")
    return CommandResult(payload(report), 0, lines)

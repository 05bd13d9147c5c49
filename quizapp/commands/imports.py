"""`quizapp import FILE ...` (DESIGN.md contract)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from quizapp.commands.result import CommandResult
from quizapp.core.context import AppContext
from quizapp.core.errors import Located
from quizapp.core.formats import Problem
from quizapp.core.imports import ImportReport


def _problems(items: tuple[Problem, ...], key: str) -> list[dict[str, Any]]:
    return [{"line": p.line, key: p.message} for p in items]


def payload(report: ImportReport) -> dict[str, Any]:
    return {
        "set": report.slug,
        "imported": report.imported,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "skipped": _problems(report.skipped, "reason"),
        "errors": _problems(report.errors, "message"),
        "warnings": list(report.warnings),
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
    return CommandResult(payload(report), 0, lines)

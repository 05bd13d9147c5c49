"""`quizapp history export --profile P --out F` and `quizapp history import F --profile P
[--into-other-profile]` (DESIGN.md contract).

Import payload: `{"profile": P, "sessions_added": N, "answers_added": N, "skipped": N,
"recomputed": N, "warnings": [M]}` — `skipped` counts answers to questions this computer does
not have (kept out of every figure), `recomputed` answers whose right-or-wrong differs here
from what the file claimed (every verdict is recomputed from this computer's keys, a pack
session's from the instructor's own copy where this computer issued the pack). A file that is
another profile's is refused (exit 1) unless `--into-other-profile` is given.

Export payload: `{"profile": P, "out": F, "sessions": N, "answers": N, "review_cards": N}`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from quizapp.commands.result import CommandResult, failure
from quizapp.commands.stats import find_profile
from quizapp.core.context import AppContext
from quizapp.core.errors import UserError

EMPTY_IMPORT: dict[str, Any] = {"profile": "", "sessions_added": 0, "answers_added": 0, "skipped": 0,
                                "recomputed": 0, "warnings": []}
EMPTY_EXPORT: dict[str, Any] = {"profile": "", "out": "", "sessions": 0, "answers": 0, "review_cards": 0}


def _failed(empty: dict[str, Any], exc: UserError) -> CommandResult:
    """A failure; a profile name several classes use, given without --class, is a usage error."""
    from quizapp.core.profiles import AmbiguousProfile

    result = failure(empty, exc.located)
    result.exit_code = 2 if isinstance(exc, AmbiguousProfile) else 1
    return result


def export_history(ctx: AppContext, profile_name: str, out: Path, class_name: str | None = None) -> CommandResult:
    try:
        profile = find_profile(ctx, profile_name, class_name)
        result = ctx.profiles.export_history(profile.id, Path(out).expanduser())
    except UserError as exc:
        return _failed(EMPTY_EXPORT, exc)
    payload = {"profile": profile.name, "out": str(result.path), "sessions": result.attempts,
               "answers": result.answers, "review_cards": result.review_cards}
    return CommandResult(payload, 0, [f"wrote the history of {profile.name} to {result.path}: {result.attempts} "
                                      f"sessions, {result.answers} answers, {result.review_cards} review cards"])


def import_history(ctx: AppContext, file: Path, profile_name: str, into_other_profile: bool,
                   class_name: str | None = None) -> CommandResult:
    from quizapp.core.history import OtherProfile

    try:
        profile = find_profile(ctx, profile_name, class_name)
        report, _ = ctx.profiles.import_history(profile.id, Path(file).expanduser(),
                                                into_other_profile=into_other_profile)
    except OtherProfile as exc:
        message = exc.message.removesuffix("; confirm to import it into " + exc.target + " anyway")
        error = UserError(f"{message}; give --into-other-profile to import it into {exc.target} anyway", file)
        return failure({**EMPTY_IMPORT, "profile": exc.target}, error.located)
    except UserError as exc:
        return _failed(EMPTY_IMPORT, exc)
    payload = {"profile": report.profile, "sessions_added": report.attempts_added,
               "answers_added": report.answers_added, "skipped": report.answers_skipped,
               "recomputed": report.answers_recomputed, "warnings": list(report.warnings)}
    lines = [f"imported into {report.profile}: {report.summary()}"] + [f"  warning: {w}" for w in report.warnings]
    return CommandResult(payload, 0, lines)

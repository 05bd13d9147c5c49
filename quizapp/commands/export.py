"""`quizapp export --set SLUG --format F --out FILE` and `quizapp pack export ...`.

Payloads: `{"set": S, "format": F, "out": PATH, "questions": N, "media": N}` (`media` counts the
images written beside a CSV sheet) and `{"pack": S, "name": N, "out": PATH, "minutes": M,
"pass_mark": F, "questions": N, "signer": FINGERPRINT}` (the pass mark is the instructor's, a
fraction 0-1; `signer` the short fingerprint of the key that signed the pack). On failure the
same keys with empty values, plus the error, nothing written: exit 2 when the template's values
are wrong (an empty name, an unknown domain, no items, a name given twice), 1 when the data
cannot serve it (a set that does not exist, too few questions, no signing passphrase).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from quizapp.commands.result import CommandResult, failure
from quizapp.core.context import AppContext
from quizapp.core.errors import UserError
from quizapp.core.packs.template import PackTemplate, Selection
from quizapp.core.wording import plural

EMPTY_EXPORT: dict[str, Any] = {"set": "", "format": "", "out": "", "questions": 0, "media": 0}
EMPTY_PACK: dict[str, Any] = {"pack": "", "name": "", "out": "", "minutes": 0, "pass_mark": None, "questions": 0,
                              "signer": None}


def export_set(ctx: AppContext, slug: str, fmt: str, out: Path) -> CommandResult:
    try:
        result = ctx.exports.export(slug, fmt, out)
    except UserError as exc:
        return failure(EMPTY_EXPORT, exc.located)
    payload = {"set": result.set, "format": result.format, "out": str(result.out), "questions": result.questions,
               "media": result.media_files}
    lines = [f"exported {plural(result.questions, 'question')} of '{result.set}' to {result.out} ({result.format})"]
    if result.media_files:
        lines.append(f"  and {result.media_files} images in the folder beside it")
    return CommandResult(payload, 0, lines)


def pack_values_problem(name: str, minutes: int, pass_mark: float, counts: dict[str, int],
                        by: Selection) -> CommandResult | None:
    """The usage error (exit 2, the pack's keys empty) when the template's values are wrong, else
    None: checked before anything else is asked for (the data, the signing passphrase)."""
    try:
        PackTemplate.create(name, minutes, pass_mark, counts, by)
    except UserError as exc:  # every template check is about the arguments given
        return replace(failure(EMPTY_PACK, exc.located), exit_code=2)
    return None


def export_pack(ctx: AppContext, name: str, minutes: int, pass_mark: float, counts: dict[str, int],
                by: Selection, out: Path, seed: int | None, passphrase: str) -> CommandResult:
    problem = pack_values_problem(name, minutes, pass_mark, counts, by)
    if problem is not None:
        return problem
    template = PackTemplate.create(name, minutes, pass_mark, counts, by)
    try:
        result = ctx.packs.export(template, out, passphrase=passphrase, seed=seed)
    except UserError as exc:  # a set that does not exist, sets too small, a file not written
        return failure(EMPTY_PACK, exc.located)
    payload = {"pack": result.slug, "name": result.name, "out": str(result.out), "minutes": result.minutes,
               "pass_mark": result.pass_mark, "questions": result.questions, "signer": result.fingerprint}
    lines = [f"wrote the exam pack '{result.name}' ({plural(result.questions, 'question')}, "
             f"{plural(result.minutes, 'minute')}) "
             f"to {result.out}", f"  {result.pass_mark_text}",
             f"  signed by your key {result.fingerprint}: give your class this fingerprint to check"]
    return CommandResult(payload, 0, lines)

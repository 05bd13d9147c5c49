"""`quizapp stats [--profile NAME] [--json]`: one student's progress (DESIGN.md contract)."""

from __future__ import annotations

from typing import Any

from quizapp.commands.result import CommandResult, failure
from quizapp.core.context import AppContext
from quizapp.core.errors import UserError
from quizapp.core.goals import DailyGoal
from quizapp.core.marks import MarkCounts
from quizapp.core.percent import percent
from quizapp.core.profiles import ProfileInfo
from quizapp.core.stats import Progress
from quizapp.core.stats.readiness import ESTIMATE_FROM, FIRM_FROM
from quizapp.core.stats.shape import StatLine
from quizapp.core.wording import plural

EMPTY: dict[str, Any] = {
    "profile": "", "answered": 0, "correct": 0, "accuracy": None, "domains": [], "mock_exams": [],
    "review_due": 0, "readiness": {"estimate": None, "low": None, "high": None},
    "bookmarks": 0, "notes": 0, "streak_days": 0, "daily_goal": 0,
}


def _line(line: StatLine) -> dict[str, Any]:
    return {"name": line.name, "answered": line.answered, "correct": line.correct, "accuracy": line.accuracy,
            "accuracy_30d": line.accuracy_30d}


NO_MARKS = MarkCounts(0, 0)
NO_GOAL = DailyGoal(0, 0, 0)


def payload(progress: Progress, profile_name: str, marks: MarkCounts = NO_MARKS,
            goal: DailyGoal = NO_GOAL) -> dict[str, Any]:
    """The contract's JSON object, built only from frozen values core returned."""
    return {
        "profile": profile_name,
        "answered": progress.overall.answered,
        "correct": progress.overall.correct,
        "accuracy": progress.overall.accuracy,
        "domains": [
            {**_line(d.line), "subdomains": [_line(s) for s in d.subdomains], "topics": [_line(t) for t in d.topics]}
            for d in progress.domains
        ],
        "mock_exams": [
            {"blueprint": m.blueprint, "submitted_at": m.submitted_at.isoformat(), "score": m.score}
            for m in progress.mock_exams
        ],
        "review_due": progress.review_due,
        "readiness": {"estimate": progress.readiness.estimate, "low": progress.readiness.low,
                      "high": progress.readiness.high},
        "bookmarks": marks.bookmarks,
        "notes": marks.notes,
        "streak_days": goal.streak_days,
        "daily_goal": goal.goal,
    }


def _percent(value: float | None) -> str:
    return percent(value, none="-")


def lines(progress: Progress, profile_name: str, marks: MarkCounts = NO_MARKS, goal: DailyGoal = NO_GOAL) -> list[str]:
    overall = progress.overall
    out = [f"Profile: {profile_name}"]
    if progress.empty:
        out.append("No answers yet: practise a few questions and your progress shows here.")
    else:
        out.append(f"Answered {overall.answered}, correct {overall.correct} ({_percent(overall.accuracy)})")
    ready = progress.readiness
    if ready.rough and ready.rough_range is not None:
        low, high = ready.rough_range
        out.append(f"Readiness estimate: still rough, somewhere between {_percent(low)} and {_percent(high)} "
                   f"({ready.answered} recent answers; firmer from {FIRM_FROM}) - an estimate, not an NHA score")
    elif ready.estimate is not None:
        out.append(f"Readiness estimate: {_percent(ready.estimate)} (likely between {_percent(ready.low)} "
                   f"and {_percent(ready.high)}) - an estimate, not an NHA score")
    elif ready.answered:
        out.append(f"Readiness estimate: none yet ({ready.answered} of the {ESTIMATE_FROM} recent answers it needs)")
    out.append(f"Review due today: {progress.review_due}")
    streak = plural(goal.streak_days, "day")
    out.append(f"Daily goal: {goal.today} of {plural(goal.goal, 'question')} today; streak {streak}")
    out.append(f"Bookmarks: {marks.bookmarks}; notes: {marks.notes}")
    out.append("")
    out.append(f"{'Domain':<50} {'Answered':>8} {'Overall':>8} {'30 days':>8}")
    for domain in progress.domains:
        rows = [(domain.line, "")] + [(s, "  ") for s in domain.subdomains]
        for line, indent in rows:
            out.append(f"{indent + line.name:<50} {line.answered:>8} {_percent(line.accuracy):>8} "
                       f"{_percent(line.accuracy_30d):>8}")
    if progress.weakest:
        out.append("")
        out.append("Weakest topics: " + ", ".join(f"{t.name} ({_percent(t.accuracy)})" for t in progress.weakest))
    if progress.mock_exams:
        out.append("")
        out.append("Mock exams (newest first):")
        out.extend(f"  {m.submitted_at.astimezone():%Y-%m-%d %H:%M}  {m.blueprint:<20} {_percent(m.score)}"
                   for m in progress.mock_exams)
    return out


def find_profile(ctx: AppContext, name: str | None, class_name: str | None = None) -> ProfileInfo:
    """The profile a command names (spacing and case forgiven; within `class_name` when given),
    else the last-used one; an unknown name is a UserError listing the profiles there are, a
    name several classes use without a class an AmbiguousProfile (a usage error)."""
    current = ctx.profiles.current()  # a new data folder gets its first profile, Default, here
    if name is None:
        return current
    found = ctx.profiles.find(name, class_name)
    if found is None:
        known = ", ".join(p.name for p in ctx.profiles.all())
        raise UserError(f"no profile is called {name!r} (profiles: {known})")
    return found


def stats(ctx: AppContext, profile_name: str | None, class_name: str | None = None,
          pin_file: str | None = None) -> CommandResult:
    """Without a name, the last-used profile; an unknown name is a user error (exit 1), a name
    several classes use without --class a usage error (exit 2); a profile with a PIN needs it."""
    from quizapp.commands.classroom import read_secret
    from quizapp.core.profiles import AmbiguousProfile

    try:
        profile = find_profile(ctx, profile_name, class_name)
        ctx.profiles.check_pin(profile.id, read_secret(pin_file, None, "PIN"))
    except UserError as exc:
        result = failure(EMPTY, exc.located)
        result.exit_code = 2 if isinstance(exc, AmbiguousProfile) else 1
        return result
    progress = ctx.stats.progress(profile.id)
    marks, goal = ctx.marks.counts(profile.id), ctx.goals.status(profile.id)
    return CommandResult(payload(progress, profile.name, marks, goal), 0, lines(progress, profile.name, marks, goal))

"""Screenshots of the Progress page over a few weeks of generated history, to be looked at.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/shots_progress.py [--weeks 7]
Writes .ci/screenshots/progress.png (light, the window as a student sees it), progress-dark.png,
progress-full.png / progress-full-dark.png (the whole scrolling page) and progress-200.png
(200% text). The history is written through core (practice sessions and ccma-quick mock exams)
with a FakeClock moved day by day, so every figure comes from the real code path.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from quizapp.core.clock import FakeClock  # noqa: E402
from quizapp.core.context import AppContext  # noqa: E402
from quizapp.core.db.models import Choice, Question  # noqa: E402
from quizapp.core.practice import PracticeRequest  # noqa: E402
from quizapp.core.taxonomy import ALL_DOMAINS  # noqa: E402

OUT = ROOT / ".ci" / "screenshots"


def _keys(ctx: AppContext) -> dict[int, tuple[list[int], list[int]]]:
    """question id -> (key positions, wrong positions)."""
    found: dict[int, tuple[list[int], list[int]]] = {}
    with ctx.db.sessions() as session:
        for qid, position, right in session.execute(select(Choice.question_id, Choice.position, Choice.is_correct)):
            key, wrong = found.setdefault(qid, ([], []))
            (key if right else wrong).append(position)
    return found


def _answer(keys: dict[int, tuple[list[int], list[int]]], qid: int, right: bool, rng: random.Random) -> list[int]:
    key, wrong = keys[qid]
    return key if right or not wrong else [rng.choice(wrong)]


def generate_history(ctx: AppContext, clock: FakeClock, days: int, seed: int = 7) -> None:
    """Short daily practice with skill rising over time, unevenly by domain; a quick mock exam
    every ninth day. Some days are skipped, as real students do."""
    rng = random.Random(seed)
    keys = _keys(ctx)
    profile = ctx.profiles.current().id
    with ctx.db.sessions() as session:
        domains = [d for d in ALL_DOMAINS if session.scalar(select(Question.id).where(Question.domain == d).limit(1))]
    start_skill = {d: 0.45 + 0.25 * rng.random() for d in domains}
    for day in range(days):
        progress = day / max(1, days - 1)
        if rng.random() < 0.25:
            clock.advance(86_400)
            continue
        for domain in rng.sample(domains, k=3):
            skill = min(0.95, start_skill[domain] + 0.3 * progress)
            state, _ = ctx.practice.start(profile, PracticeRequest(domains=(domain,), count=rng.randint(5, 12),
                                                                   seed=rng.randrange(2**31)))
            for item in state.items:
                seconds = rng.uniform(8, 45)
                clock.advance(seconds)
                chosen = _answer(keys, item.question.question_id, rng.random() < skill, rng)
                ctx.practice.check(state.attempt_id, item.position, chosen, seconds=seconds)
            ctx.practice.finish(state.attempt_id)
        if day % 9 == 4:
            engine, _ = ctx.exams.start(profile, "ccma-quick", seed=rng.randrange(2**31))
            skill = 0.5 + 0.3 * progress
            for item in engine.state().items:
                clock.advance(20)
                engine.answer(item.position, _answer(keys, item.question.question_id, rng.random() < skill, rng))
            engine.submit()
        clock.advance(86_400 - 3_600)
        clock.advance(3_600)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=7)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from quizapp.ui.app import create_main_window
    from quizapp.ui.theme import ThemeName

    data = Path(tempfile.mkdtemp(prefix="quizapp-shots-"))
    clock = FakeClock(datetime(2026, 1, 5, 17, 0, tzinfo=UTC) - timedelta(weeks=args.weeks))
    ctx = AppContext.open(data, clock)
    ctx.bank.ensure_installed()
    ctx.profiles.rename(ctx.profiles.current().id, "Maya")
    generate_history(ctx, clock, args.weeks * 7)
    ctx.close()

    OUT.mkdir(parents=True, exist_ok=True)
    window = create_main_window(data, clock)
    window.resize(1180, 800)
    window.show()
    app = QApplication.instance()
    for theme, suffix in ((ThemeName.LIGHT, ""), (ThemeName.DARK, "-dark")):
        window.set_theme(theme)
        progress = next(f for f in window.features if type(f).__name__ == "ProgressFeature")
        progress.open()
        for _ in range(3):
            app.processEvents()
        window.grab().save(str(OUT / f"progress{suffix}.png"))
        area = window.pages["progress"].property("scrollArea")
        area.widget().grab().save(str(OUT / f"progress-full{suffix}.png"))
    window.set_theme(ThemeName.LIGHT)
    window.set_text_scale(2.0)
    window.resize(1024, 640)
    for _ in range(3):
        app.processEvents()
    window.pages["progress"].property("scrollArea").widget().grab().save(str(OUT / "progress-200.png"))
    window.set_text_scale(1.0)
    window.close()
    print(f"wrote {', '.join(sorted(p.name for p in OUT.glob('progress*.png')))} to {OUT}")


if __name__ == "__main__":
    main()

"""Shared bits for the benchmark scripts: timing, medians, generated banks. Not tests."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from quizapp.core.taxonomy import CCMA_DOMAINS, CLINICAL, CLINICAL_SUBDOMAINS

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.1f} ms"


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run_child(code: str, env: dict[str, str] | None = None) -> tuple[float, str]:
    """Runs Python code in a fresh process; returns (wall seconds, its stdout)."""
    start = time.perf_counter()
    out = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True, env=env)
    return time.perf_counter() - start, out.stdout


def generated_questions(n: int) -> list[tuple[str, str | None, str]]:
    """(domain, subdomain, text seed) spread over the CCMA domains like the test plan."""
    places = [(d, None) for d in CCMA_DOMAINS if d != CLINICAL] + [(CLINICAL, s) for s in CLINICAL_SUBDOMAINS]
    return [(*places[i % len(places)], f"{i}") for i in range(n)]


def write_generated_bank(folder: Path, n: int) -> Path:
    """A bank folder of n distinct, valid questions (distinct stems, real blueprints)."""
    import shutil

    bank = folder / "bank"
    (bank / "questions").mkdir(parents=True)
    shutil.copytree(ROOT / "question_bank" / "blueprints", bank / "blueprints")
    shutil.copyfile(ROOT / "question_bank" / "sources.toml", bank / "sources.toml")
    shutil.copyfile(ROOT / "question_bank" / "stopwords.txt", bank / "stopwords.txt")
    by_file: dict[str, list[str]] = {}
    for i, (domain, sub, seed) in enumerate(generated_questions(n)):
        key = "ABCD"[i % 4]
        lines = [
            "[[question]]", f'id = "gen-{i:05d}"', f'domain = "{domain}"',
            *([f'subdomain = "{sub}"'] if sub else []),
            f'topic = "Topic {i % 37}"', f"difficulty = {1 + i % 3}",
            f'stem = "Generated question {seed}: which option names item {i * 7919 % 100003} of list {i}?"',
            f'options = ["Alpha {i}", "Bravo {i}", "Charlie {i}", "Delta {i}"]', f'answer = "{key}"',
            f'rationale = "Because item {i} is {key}."',
            'citations = [{ source = "003_ab63da1ce7a6b15f.txt", locator = "placeholder words for a generated bank" }]',
            "",
        ]
        by_file.setdefault(f"gen_{i % 20:02d}.toml", []).extend(lines)
    for name, lines in by_file.items():
        (bank / "questions" / name).write_text("\n".join(lines), encoding="utf-8")
    return bank

"""Export a generated 10,000-question set to each format and print the seconds each takes.

    .venv/bin/python benchmarks/bench_export.py [--questions N] [--repeat R]

The set mixes what instructors' sets hold: single, multiple-answer and true/false questions,
HTML and plain text, feedback, citations, tags, every CCMA domain and a few dozen topics, and an
image on one question in fifty. It is stored with the real install code into a throw-away data
dir; each timing is the whole `ExportService.export` (load rows, render, write atomically), best
of R runs. Target: under 2 s per format.
"""

from __future__ import annotations

import argparse
import base64
import tempfile
import time
import tracemalloc
from pathlib import Path

from quizapp.core.bank.install import install_questions
from quizapp.core.clock import SystemClock
from quizapp.core.context import AppContext
from quizapp.core.db.models import QuestionSet
from quizapp.core.formats.writers import EXPORT_FORMATS
from quizapp.core.questions import Choice, Citation, Media, QuestionData
from quizapp.core.taxonomy import CCMA_DOMAINS, CLINICAL, CLINICAL_SUBDOMAINS

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGOQkzsBRAwQ"
                       "CgAZ1gQRShBSHAAAAABJRU5ErkJggg==")
SUFFIX = {"gift": ".gift", "moodle-xml": ".xml", "csv": ".csv", "json": ".json"}


def question(i: int) -> QuestionData:
    domain = CCMA_DOMAINS[i % len(CCMA_DOMAINS)]
    subdomain = CLINICAL_SUBDOMAINS[i % len(CLINICAL_SUBDOMAINS)] if domain == CLINICAL else None
    html = i % 5 == 0
    stem = (f"<p>Item {i}: which action is <b>correct</b> for a patient: {{case}} #{i}?</p>" if html
            else f"Item {i}: a patient asks about step {i % 13}; which action is correct (ratio 1:{i % 9})?")
    common = dict(ext_id=f"GEN-{i:05d}", domain=domain, subdomain=subdomain, topic=f"Topic {i % 40}",
                  difficulty=1 + i % 3, text_format="html" if html else "plain",
                  rationale=f"Because step {i} follows the protocol = standard ~ care.",
                  citations=(Citation("guide.pdf", f"step {i % 13} of the protocol"),), tags=("generated",),
                  media=(Media(f"figure-{i}.png", "image/png", PNG),) if i % 50 == 0 else ())
    if i % 10 == 9:
        return QuestionData(stem=f"True or false: statement {i} holds.", kind="truefalse",
                            choices=(Choice("True", i % 2 == 0, "See the rationale."), Choice("False", i % 2 == 1)),
                            **common)  # type: ignore[arg-type]
    kind = "multiple" if i % 10 == 8 else "single"
    choices = tuple(Choice(f"Option {k} for item {i}", k == i % 4 or (kind == "multiple" and k == (i + 1) % 4),
                           f"Feedback {k}: #{i}" if k % 2 == 0 else "") for k in range(4))
    return QuestionData(stem=stem, choices=choices, kind=kind, **common)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    clock = SystemClock()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        ctx = AppContext.open(root / "data", clock)
        started = time.perf_counter()
        with ctx.db.sessions.begin() as session:
            qset = QuestionSet(slug="generated", name="Generated set", origin_file="generated", origin_format="json",
                               imported_at=clock.now(), enabled=True)
            session.add(qset)
            session.flush()
            install_questions(session, qset, ((question(i), False) for i in range(args.questions)), clock.now(),
                              retire_missing=False)
        print(f"stored {args.questions:,} questions in {time.perf_counter() - started:.2f} s")
        print(f"{'format':<11} {'seconds':>8} {'MB':>7} {'peak MB':>8}")
        for fmt in EXPORT_FORMATS:
            out = root / f"generated{SUFFIX[fmt]}"
            best = float("inf")
            for _ in range(args.repeat):
                started = time.perf_counter()
                result = ctx.exports.export("generated", fmt, out)
                best = min(best, time.perf_counter() - started)
            assert result.questions == args.questions
            tracemalloc.start()
            ctx.exports.export("generated", fmt, out)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            verdict = "ok" if best < 2.0 else "SLOW (target 2 s)"
            print(f"{fmt:<11} {best:>8.3f} {out.stat().st_size / 1e6:>7.1f} {peak / 1e6:>8.1f}  {verdict}")
        ctx.close()


if __name__ == "__main__":
    main()

"""Banks big enough for mock exams: many questions in every CCMA domain and sub-domain.

Stems are unique (`bank build` does not run the near-duplicate check, so they may look alike),
and answer keys rotate A-D. Questions that a mock exam must never draw (practice-only domain,
true/false, multiple-answer, retired, three-option, disabled set) are easy to add.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from quizapp.core.bank.install import install_questions
from quizapp.core.db.models import QuestionSet
from quizapp.core.questions import Choice, Citation, QuestionData
from quizapp.core.taxonomy import (
    CAREER,
    CCMA_DOMAINS,
    CLINICAL,
    CLINICAL_SUBDOMAINS,
    TEST_PLAN_ITEMS,
    TEST_PLAN_SUBDOMAIN_ITEMS,
)
from tests.helpers.bank import DOC_NAME, make_bank, question, render_file

Stratum = tuple[str, str | None]
STRATA: tuple[Stratum, ...] = (
    *((d, None) for d in CCMA_DOMAINS if d != CLINICAL),
    *((CLINICAL, s) for s in CLINICAL_SUBDOMAINS),
)


def full_counts(extra: int = 0) -> dict[Stratum, int]:
    """The ccma-full scored counts per stratum, plus `extra` in each."""
    counts = {(d, None): n + extra for d, n in TEST_PLAN_ITEMS.items() if d != CLINICAL}
    counts.update({(CLINICAL, s): n + extra for s, n in TEST_PLAN_SUBDOMAIN_ITEMS.items()})
    return counts


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def prefix_of(domain: str, subdomain: str | None) -> str:
    return _slug(subdomain or domain)


def exam_questions(domain: str, subdomain: str | None, count: int, **overrides: Any) -> list[dict[str, Any]]:
    prefix = prefix_of(domain, subdomain)
    return [
        question(f"{prefix}-{i}", stem=f"{subdomain or domain}, item {i}: which option is right here?",
                 options=[f"Option one {i}", f"Option two {i}", f"Option three {i}", f"Option four {i}"],
                 answer="ABCD"[i % 4], topic=f"{prefix} topic", **overrides)
        for i in range(count)
    ]


def never_drawn() -> dict[str, str]:
    """Bank files a mock exam must never draw from: the practice-only domain, true/false,
    multiple-answer and retired questions."""
    career = [question(f"career-{i}", stem=f"Career item {i}: which wage figure applies?") for i in range(5)]
    odd = [
        question("odd-tf", kind="truefalse", options=["True", "False"], answer="A",
                 stem="True or false: a cuff measures blood pressure."),
        question("odd-multi", kind="multiple", answer=["A", "B"], stem="Which two devices measure pressure?"),
        question("odd-retired", retired=True, stem="A retired item: which device checks pressure?"),
    ]
    return {
        "career.toml": render_file(career, domain=CAREER, subdomain=None),
        "odd.toml": render_file(odd, domain="Medical Law and Ethics", subdomain=None),
    }


def exam_bank(root: Path, counts: Mapping[Stratum, int], *, with_ineligible: bool = True) -> Path:
    """A bank folder (real blueprints) with `counts` questions per stratum."""
    files = {
        f"{prefix_of(d, s)}.toml": render_file(exam_questions(d, s, n), domain=d, subdomain=s)
        for (d, s), n in counts.items() if n > 0
    }
    if with_ineligible:
        files.update(never_drawn())
    return make_bank(root, files)


def add_set(session: Session, slug: str, questions: list[QuestionData], now: datetime, *,
            enabled: bool = True) -> QuestionSet:
    """An imported set written straight to the database (what the import service would store)."""
    qset = QuestionSet(slug=slug, name=slug, origin_file=f"{slug}.gift", origin_format="gift",
                       imported_at=now, enabled=enabled)
    session.add(qset)
    session.flush()
    install_questions(session, qset, ((q, False) for q in questions), now, retire_missing=False)
    return qset


def question_data(ext_id: str, domain: str | None, subdomain: str | None = None, *, options: int = 4,
                  kind: str = "single") -> QuestionData:
    choices = tuple(Choice(f"{ext_id} option {i}", i == 0) for i in range(options))
    return QuestionData(stem=f"Imported {ext_id}: which option is right?", choices=choices, kind=kind,  # type: ignore[arg-type]
                        ext_id=ext_id, domain=domain, subdomain=subdomain, topic="Imported",
                        rationale="Because.", citations=(Citation(DOC_NAME, "a locator"),))

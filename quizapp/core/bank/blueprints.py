"""Mock-exam templates as data (`question_bank/blueprints/*.toml`)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizapp.core.bank.files import display_path
from quizapp.core.errors import Located
from quizapp.core.taxonomy import CAREER, CCMA_DOMAINS, CLINICAL, CLINICAL_SUBDOMAINS


@dataclass(frozen=True)
class BlueprintSpec:
    slug: str
    name: str
    minutes: int
    domains: dict[str, int]  # scored items per domain (Clinical = sum of its sub-domains)
    subdomains: dict[str, int] = field(default_factory=dict)
    unscored: int = 0
    position: int = 0

    @property
    def scored(self) -> int:
        return sum(self.domains.values())

    def counts(self) -> dict[str, Any]:
        return {"domains": dict(self.domains), "subdomains": dict(self.subdomains)}


def _line_of(text: str, needle: str) -> int | None:
    pattern = re.compile(rf"^\s*(\"{re.escape(needle)}\"|{re.escape(needle)})\s*=", re.M)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def read_blueprint(path: Path) -> tuple[BlueprintSpec | None, list[Located]]:
    file = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Located(file, None, f"cannot be read ({exc})")]
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+)", str(exc))
        return None, [Located(file, int(match.group(1)) if match else None, f"not valid TOML: {exc}")]
    problems: list[Located] = []

    def bad(key: str | None, message: str) -> None:
        problems.append(Located(file, _line_of(text, key) if key else None, message))

    name = data.get("name")
    minutes = data.get("minutes")
    unscored = data.get("unscored", 0)
    domains = data.get("scored", {})
    subdomains = data.get("scored_subdomains", {})
    if not isinstance(name, str) or not name.strip():
        bad("name", "missing `name`")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        bad("minutes", "`minutes` must be a positive whole number")
    if not isinstance(unscored, int) or unscored < 0:
        bad("unscored", "`unscored` must be a whole number, 0 or more")
    if not isinstance(domains, dict) or not domains:
        bad("scored", "`[scored]` must give items per domain")
        domains = {}
    if not isinstance(subdomains, dict):
        bad("scored_subdomains", "`[scored_subdomains]` must give items per sub-domain")
        subdomains = {}
    for domain, count in domains.items():
        if domain == CAREER:
            bad(domain, f"{CAREER} is practice-only and is never in a mock exam")
        elif domain not in CCMA_DOMAINS:
            bad(domain, f"unknown domain {domain!r}; use one of: {', '.join(CCMA_DOMAINS)}")
        if not isinstance(count, int) or count < 0:
            bad(domain, f"the count for {domain!r} must be a whole number, 0 or more")
    for sub, count in subdomains.items():
        if sub not in CLINICAL_SUBDOMAINS:
            bad(sub, f"unknown sub-domain {sub!r}; use one of: {', '.join(CLINICAL_SUBDOMAINS)}")
        if not isinstance(count, int) or count < 0:
            bad(sub, f"the count for {sub!r} must be a whole number, 0 or more")
    if subdomains and not problems and domains.get(CLINICAL, 0) != sum(subdomains.values()):
        bad(CLINICAL, f"{CLINICAL} asks for {domains.get(CLINICAL, 0)} items but its sub-domains "
            f"add up to {sum(subdomains.values())}")
    if problems:
        return None, problems
    return BlueprintSpec(
        slug=path.stem,
        name=name.strip(),
        minutes=minutes,
        domains={k: v for k, v in domains.items()},
        subdomains={k: v for k, v in subdomains.items()},
        unscored=unscored,
        position=int(data.get("position", 0)),
    ), []

"""An exam pack's template: what an instructor decides before questions are drawn.

Items are asked per CCMA domain (a Clinical Patient Care sub-domain may be named on its own) or
per question set. The pass mark is the instructor's own threshold, a fraction of items correct;
it is always shown as the instructor's, never as the NHA's (the NHA reports a scaled score).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from quizapp.core.errors import UserError
from quizapp.core.taxonomy import match_name

Selection = Literal["domain", "set"]
MAX_MINUTES = 600
MAX_ITEMS = 1000
MAX_NAME = 200
MIN_PASS_MARK = 0.01  # 1%: a mark below is no mark (1e-300 passes everyone)
PASS_MARK_LABEL = "Instructor's pass mark"
PASS_MARK_NOTE = "set by your instructor for this exam pack; it is not an NHA pass mark"
_SLUG = re.compile(r"[^a-z0-9]+")


def pack_slug(name: str) -> str:
    return _SLUG.sub("-", name.lower()).strip("-")[:80] or "exam-pack"


def pass_mark_text(pass_mark: float) -> str:
    """"Instructor's pass mark: 70% (set by your instructor …; it is not an NHA pass mark)"."""
    return f"{PASS_MARK_LABEL}: {100 * pass_mark:.0f}% ({PASS_MARK_NOTE})"


@dataclass(frozen=True)
class PackTemplate:
    name: str
    minutes: int
    pass_mark: float  # fraction of items correct, 0-1: the instructor's
    counts: tuple[tuple[str, int], ...]  # (domain, sub-domain or set slug, items) in the editor's order
    by: Selection = "domain"
    slug: str = ""  # from the name when empty

    @classmethod
    def create(cls, name: str, minutes: int, pass_mark: float, counts: Mapping[str, int],
               by: Selection = "domain") -> PackTemplate:
        """A checked template (UserError naming what to fix), with canonical domain names."""
        return cls(name, minutes, pass_mark, tuple(counts.items()), by).checked()

    @property
    def items(self) -> int:
        return sum(n for _, n in self.counts)

    def checked(self) -> PackTemplate:
        name = " ".join(str(self.name).split())
        if not name:
            raise UserError("give the exam pack a name")
        if len(name) > MAX_NAME:
            raise UserError(f"an exam pack's name has at most {MAX_NAME} characters")
        if isinstance(self.minutes, bool) or not isinstance(self.minutes, int) or not 1 <= self.minutes <= MAX_MINUTES:
            raise UserError(f"the time limit is a whole number of minutes from 1 to {MAX_MINUTES}")
        if isinstance(self.pass_mark, bool) or not isinstance(self.pass_mark, (int, float)) \
                or not MIN_PASS_MARK <= self.pass_mark <= 1:
            raise UserError("the instructor's pass mark is a percent from 1 to 100 (kept as a fraction, e.g. 0.7 for "
                            "70%)")
        if self.by not in ("domain", "set"):
            raise UserError("items are chosen per domain or per set")
        counts: dict[str, int] = {}
        for key, number in self.counts:
            if isinstance(number, bool) or not isinstance(number, int) or number < 0:
                raise UserError(f"the number of items for {key!r} must be a whole number, 0 or more")
            canonical = self._canonical(str(key))
            if canonical in counts:
                raise UserError(f"{canonical!r} is named twice")
            if number:
                counts[canonical] = number
        total = sum(counts.values())
        if total == 0:
            raise UserError("the pack needs at least one item")
        if total > MAX_ITEMS:
            raise UserError(f"a pack holds at most {MAX_ITEMS} items, not {total}")
        return PackTemplate(name, self.minutes, float(self.pass_mark), tuple(counts.items()), self.by,
                            self.slug or pack_slug(name))

    def _canonical(self, key: str) -> str:
        if self.by == "set":
            slug = key.strip()
            if not slug:
                raise UserError("a set is named by its slug (see `quizapp sets`)")
            return slug
        domain, subdomain = match_name(key)
        if domain is None:
            raise UserError(f"unknown domain {key!r}; name a CCMA domain or a Clinical Patient Care sub-domain")
        return subdomain or domain

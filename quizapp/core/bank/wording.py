"""Wording checks of `bank check`: what a rationale must never say.

Options are shuffled on screen, so "the first option" or "option B" in a rationale points at a
different option for every student (CONTENT.md, CCMA Essentials rule 5; it holds for both sets).
"""

from __future__ import annotations

import re

_ORDINAL = re.compile(r"\b(first|second|third|fourth|last|final)\s+(two\s+|three\s+)?(options?|answers?)\b",
                      re.IGNORECASE)
_LETTERED = re.compile(r"\b[Oo]ptions?\s+[A-H]\b|\b[Cc]hoices?\s+[A-H]\b")


def positional_references(text: str) -> list[str]:
    """The phrases of `text` that name an option by its position or letter."""
    return [m.group(0) for pattern in (_ORDINAL, _LETTERED) for m in pattern.finditer(text)]

"""The built-in question sets and where each lives under `question_bank/`.

Both sets are installed and upgraded the same way, by (set, id). This module is tiny and loads
nothing heavy, so the import service and the sets page can ask which slugs are reserved without
loading the bank loader.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BuiltinSet:
    slug: str
    name: str  # shown to students
    folder: str  # the folder of TOML files under question_bank/
    id_prefix: str = ""  # every question id of the set starts with it
    cites_notes: bool = False  # citations point into question_bank/notes/, checked on every bank check


CAREER_GUIDE = BuiltinSet("builtin", "Career-guide bank", "questions")
ESSENTIALS = BuiltinSet("essentials", "CCMA Essentials", "essentials", id_prefix="ess-", cites_notes=True)
BUILTIN_SETS: tuple[BuiltinSet, ...] = (CAREER_GUIDE, ESSENTIALS)
RESERVED_SLUGS: frozenset[str] = frozenset(s.slug for s in BUILTIN_SETS)


def builtin_set_named(slug: str) -> BuiltinSet | None:
    return next((s for s in BUILTIN_SETS if s.slug == slug), None)

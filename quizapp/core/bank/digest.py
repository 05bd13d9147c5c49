"""Whether the installed bank is current: a digest of `question_bank/` and where it is stored.

Kept apart from the loader and installer so that the check made at every start loads neither.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy.orm import Session

from quizapp.core.db.models import AppMeta

BANK_HASH_KEY = "builtin_bank_hash"


def content_hash(bank_dir: Path) -> str:
    """Digest of every file under the bank folder (questions, notes, images, blueprints…), by
    relative path and bytes, so that editing any of them upgrades the installed sets. Hidden
    files (an editor's swap file, `.DS_Store`) are not part of the bank."""
    digest = hashlib.sha256()
    files = (p for p in bank_dir.rglob("*") if p.is_file()
             and not any(part.startswith(".") for part in p.relative_to(bank_dir).parts))
    for path in sorted(files):
        digest.update(path.relative_to(bank_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def installed_hash(session: Session) -> str | None:
    row = session.get(AppMeta, BANK_HASH_KEY)
    return row.value if row else None


def set_installed_hash(session: Session, value: str) -> None:
    row = session.get(AppMeta, BANK_HASH_KEY) or AppMeta(key=BANK_HASH_KEY, value=value)
    row.value = value
    session.add(row)

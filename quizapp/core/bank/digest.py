"""Whether the installed bank is current: a digest of `question_bank/` and where it is stored,
and the version of the app that installed it.

The built-in sets upgrade forward only (DESIGN.md): on a class's server several app versions may
meet, and an older app must never replace the bank a newer one installed. The bank ships inside
the app, so its version is the app's release; between two builds of one release (a developer
editing the bank) the content hash decides, as on a single computer.

Kept apart from the loader and installer so that the check made at every start loads neither.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from quizapp import __version__
from quizapp.core.db.models import AppMeta

BANK_HASH_KEY = "builtin_bank_hash"
BANK_VERSION_KEY = "builtin_bank_version"
BANK_LOCK = 0x5155_495A_0002  # pg_advisory_xact_lock key: the same in every quizapp version


def version_tuple(text_version: str) -> tuple[int, ...]:
    """"0.10.2" -> (0, 10, 2); a part that is not a number ends the comparison there."""
    parts: list[int] = []
    for part in text_version.split("."):
        digits = part[:len(part) - len(part.lstrip("0123456789"))]
        if not digits:
            break
        parts.append(int(digits))
        if digits != part:
            break
    return tuple(parts)


APP_BANK_VERSION = version_tuple(__version__)


def lock_bank(session: Session) -> None:
    """Serialises bank installs for the rest of the session's transaction, so two apps starting
    at once never install over each other: an advisory lock on a server; on SQLite, taking the
    one write lock first (a write that changes nothing), before anything is read."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": BANK_LOCK})
    else:
        session.execute(text("UPDATE app_meta SET value = value WHERE key = :key"), {"key": BANK_HASH_KEY})


def installed_version(session: Session) -> tuple[int, ...]:
    row = session.get(AppMeta, BANK_VERSION_KEY)
    return version_tuple(row.value) if row else ()


def newer_bank_installed(session: Session) -> bool:
    """True when an app newer than this one installed the bank: this one leaves it alone."""
    return installed_version(session) > APP_BANK_VERSION


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
    """Records the installed bank: its digest and this app's version."""
    for key, stored in ((BANK_HASH_KEY, value), (BANK_VERSION_KEY, __version__)):
        row = session.get(AppMeta, key) or AppMeta(key=key, value=stored)
        row.value = stored
        session.add(row)

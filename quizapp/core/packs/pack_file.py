"""The exam pack file: one self-contained JSON document an instructor hands to a class.

    {"format": "quizapp-exam-pack", "version": 2, "app_version": "0.1.0", "created_at": "…",
     "pack": {"slug", "name", "minutes", "pass_mark", "pass_mark_by": "instructor",
              "selection": {"by": "domain", "counts": {"Phlebotomy": 5}}},
     "questions": [<quizapp JSON question objects, in full: images included>],
     "sha256": "<digest of pack + questions>",
     "signature": {"algorithm": "ed25519", "public_key": "<hex>", "value": "<base64>"}}

Version 2 is signed by the instructor's key (quizapp.core.packs.signing) over the format,
version, creation time, template and questions; the digest stays so that a pack cut short is
called damaged rather than forged. Version 1 packs (before signatures) are still read, as
unsigned. The student's computer needs nothing else. Reading is all-or-nothing and pure:
anything wrong — not JSON, cut short, edited so the digest or the signature no longer matches,
a template asking for more items than the pack holds, a question that does not pass the import
checks, or a version newer than this app reads — raises PackError with a message a student can
act on, before anything is stored.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from quizapp import __version__
from quizapp.core.errors import UserError
from quizapp.core.formats import MAX_FILE_BYTES, parse_json
from quizapp.core.formats.json_format import FORMAT_NAME as QUESTIONS_FORMAT
from quizapp.core.formats.json_format import FORMAT_VERSION as QUESTIONS_VERSION
from quizapp.core.formats.writers import question_object
from quizapp.core.packs.signing import sign, verify
from quizapp.core.packs.template import MAX_ITEMS, MAX_MINUTES, MIN_PASS_MARK, PackTemplate, pack_slug
from quizapp.core.questions import QuestionData
from quizapp.core.user_files import NotJSON, loads_strict, read_user_text
from quizapp.core.wording import plural

PACK_FORMAT = "quizapp-exam-pack"
PACK_VERSION = 2
UNSIGNED_VERSION = 1  # packs from before signatures
_MARKER = re.compile(r'"format"\s*:\s*"quizapp-exam-pack"')
_DAMAGED = "the exam pack is damaged"
_ASK = "ask your instructor for a new copy"


class PackError(UserError):
    """A pack that cannot be imported; nothing was stored."""


@dataclass(frozen=True)
class PackContent:
    slug: str
    name: str
    minutes: int
    pass_mark: float  # the instructor's, a fraction 0-1
    selection_by: str
    counts: tuple[tuple[str, int], ...]
    questions: tuple[QuestionData, ...]
    created_at: str
    app_version: str
    signer: str = ""  # the signer's raw Ed25519 public key, hex; "" for an unsigned (version 1) pack
    version: datetime | None = None  # created_at, for telling a newer copy of a pack from an older one


def looks_like_pack(text: str) -> bool:
    """True when a JSON text names itself an exam pack near its start (even if damaged later),
    so that a broken pack gets a pack's message rather than a question set's."""
    head = text[:4096].lstrip("\ufeff \t\r\n")
    return head.startswith("{") and _MARKER.search(head) is not None


def pack_digest(pack: Any, questions: Any) -> str:
    """The checksum over the template and the questions as JSON values (key order ignored)."""
    blob = json.dumps({"pack": pack, "questions": questions}, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def signed_message(document: dict[str, Any]) -> bytes:
    """The bytes a pack's signature covers: everything a student sees, as canonical JSON."""
    covered = {key: document.get(key) for key in ("format", "version", "created_at", "pack", "questions")}
    blob = json.dumps(covered, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return b"quizapp-exam-pack\n" + blob.encode("utf-8")


def render_pack(template: PackTemplate, questions: Sequence[QuestionData], created_at: datetime,
                key: Ed25519PrivateKey) -> str:
    """The pack's text, signed with `key`. `questions` carry their pack ids already (`set/id`)."""
    pack = {
        "slug": template.slug or pack_slug(template.name),
        "name": template.name,
        "minutes": template.minutes,
        "pass_mark": template.pass_mark,
        "pass_mark_by": "instructor",
        "selection": {"by": template.by, "counts": dict(template.counts)},
    }
    items = [question_object(q) for q in questions]
    document = {
        "format": PACK_FORMAT,
        "version": PACK_VERSION,
        "app_version": __version__,
        "created_at": created_at.isoformat(),
        "pack": pack,
        "questions": items,
        "sha256": pack_digest(pack, items),
    }
    document["signature"] = sign(key, signed_message(document))
    return json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False) + "\n"


def _damaged(detail: str) -> PackError:
    return PackError(f"{_DAMAGED} ({detail}); nothing was imported — {_ASK}")


def _header(document: Any) -> dict[str, Any]:
    if not isinstance(document, dict) or document.get("format") != PACK_FORMAT:
        raise PackError("this is not a quizapp exam pack")
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise _damaged("its version is missing")
    if version > PACK_VERSION:
        made_by = document.get("app_version")
        by = f" (quizapp {made_by})" if isinstance(made_by, str) and made_by else ""
        raise PackError(f"this exam pack was made by a newer quizapp{by} and uses pack version {version}; "
                        f"this quizapp reads version {PACK_VERSION}. Update quizapp to import it; nothing was "
                        "imported")
    pack, questions = document.get("pack"), document.get("questions")
    if not isinstance(pack, dict) or not isinstance(questions, list):
        raise _damaged("its template or its questions are missing")
    if document.get("sha256") != pack_digest(pack, questions):
        raise _damaged("its contents do not match its checksum: it was cut short or edited")
    return pack


def _signature(document: dict[str, Any]) -> tuple[str, datetime | None]:
    """(signer, version) of a pack whose digest matched; PackError for a broken signature."""
    created = document.get("created_at")
    version = None
    if isinstance(created, str):
        try:
            version = datetime.fromisoformat(created)
        except ValueError:
            version = None
    if version is not None and version.tzinfo is None:
        version = None
    if document["version"] <= UNSIGNED_VERSION:
        return "", version
    if version is None:
        raise _damaged("its creation time is unreadable")
    if "signature" not in document:
        raise _damaged("its signature is missing")
    try:
        signer = verify(document["signature"], signed_message(document))
    except ValueError as exc:
        raise _damaged(str(exc)) from None
    return signer, version


def _template(pack: dict[str, Any]) -> tuple[str, str, int, float, str, tuple[tuple[str, int], ...]]:
    name, slug, minutes, mark = pack.get("name"), pack.get("slug"), pack.get("minutes"), pack.get("pass_mark")
    found = pack.get("selection")
    selection: dict[str, Any] = found if isinstance(found, dict) else {}
    listed = selection.get("counts")
    counts: dict[Any, Any] = listed if isinstance(listed, dict) else {}
    if not isinstance(name, str) or not name.strip():
        raise _damaged("it has no name")
    if not isinstance(slug, str) or pack_slug(slug) != slug:
        raise _damaged("its short name is not valid")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_MINUTES:
        raise _damaged("its time limit is not valid")
    if isinstance(mark, bool) or not isinstance(mark, (int, float)) or not MIN_PASS_MARK <= mark <= 1:
        raise _damaged("its pass mark is not a percent from 1 to 100")
    if any(isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= MAX_ITEMS for v in counts.values()):
        raise _damaged("its items per domain or set are not whole numbers")
    pairs = tuple((str(k), v) for k, v in counts.items())
    return " ".join(name.split()), slug, minutes, float(mark), str(selection.get("by", "domain")), pairs


def _questions(items: list[Any]) -> tuple[QuestionData, ...]:
    """The questions through the quizapp JSON reader: the same checks and sanitising as any import."""
    if not items or len(items) > MAX_ITEMS:
        raise _damaged(f"it holds {plural(len(items), 'question')}")
    text = json.dumps({"format": QUESTIONS_FORMAT, "version": QUESTIONS_VERSION, "questions": items},
                      ensure_ascii=False, indent=0)
    result = parse_json(text)
    if result.errors:
        first = result.errors[0]
        raise _damaged(f"a question cannot be used: {first.message}")
    questions = tuple(item.question for item in result.items)
    ids = [q.ext_id for q in questions]
    if len(questions) != len(items) or None in ids or len(set(ids)) != len(ids):
        raise _damaged("its questions are incomplete or named twice")
    return questions


def read_pack(text: str) -> PackContent:
    """The pack in `text`, checked in full. Raises PackError."""
    try:
        document = loads_strict(text)
    except NotJSON as exc:
        raise _damaged("it is not complete JSON" if "not JSON" in exc.message else exc.message) from None
    pack = _header(document)
    signer, version = _signature(document)
    name, slug, minutes, mark, by, counts = _template(pack)
    questions = _questions(document["questions"])
    asked = sum(n for _, n in counts)
    if asked > len(questions):
        raise _damaged(f"its template asks for {plural(asked, 'item')} but it holds "
                      f"{plural(len(questions), 'question')}")
    created = document.get("created_at")
    made_by = document.get("app_version")
    return PackContent(slug, name, minutes, mark, by, counts, questions,
                       created if isinstance(created, str) else "", made_by if isinstance(made_by, str) else "",
                       signer, version)


def read_pack_file(path: Path) -> PackContent:
    """Reads and checks the pack at `path` (a regular file, links resolved, size checked before
    reading). Raises PackError (or UserError for a file that cannot be read)."""
    text = read_user_text(Path(path), MAX_FILE_BYTES, "an exam pack")
    return read_pack(text)


def is_pack_file(path: Path) -> bool:
    """A cheap look at the file's start: is it an exam pack (damaged or not)? Only a regular file
    is opened (a pipe would wait for ever)."""
    try:
        real = Path(path).resolve(strict=True)
        if not stat.S_ISREG(os.stat(real).st_mode):
            return False
        with real.open("rb") as stream:
            head = stream.read(4096)
    except (OSError, RuntimeError):
        return False
    for codec in ("utf-8", "utf-16"):
        try:
            if looks_like_pack(head.decode(codec, errors="ignore")):
                return True
        except LookupError:  # pragma: no cover
            continue
    return False

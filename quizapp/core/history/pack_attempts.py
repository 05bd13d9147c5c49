"""Where a pack session from a history file belongs on this computer, and what it is scored against.

A pack is named by its own short name and its signer, never by the set slug it happened to be
installed as on the other computer (two instructors' packs may share a slug). So a pack session:

- on the computer of the instructor who issued that pack (an "issued" row here) is re-scored
  against the instructor's own copy of the answer key, whatever the student's copy said, and
  any difference from what the file claims is reported; its answers are filed under the
  questions the pack was drawn from (`set/id`);
- on a computer where the same pack (same name, same signer) is installed is re-scored against
  that copy, like any answer;
- anywhere else counts nowhere (its questions are not here), as for any missing question.

A session from before packs were signed (no name in its stamp) is matched by slug, as it was.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.core.db.models import ExamPack
from quizapp.core.history.records import AttemptRecord, PackStamp, QuestionKey
from quizapp.core.packs.trust import IMPORTED, ISSUED, short_fingerprint
from quizapp.core.wording import plural, plural_word


@dataclass(frozen=True)
class IssuedKey:
    """One question of an issued pack as the instructor exported it (positions as in the pack)."""

    kind: str
    keys: tuple[int, ...]
    options: int


@dataclass
class PackPlan:
    """What merging does with one pack session."""

    stamp: PackStamp  # stored with the session: the template it was taken under
    slug_here: str | None = None  # the set (and exam) the same pack is installed as here
    issued: dict[str, IssuedKey] | None = None  # the instructor's own answer key, by pack question id
    warnings: list[str] = field(default_factory=list)

    def keys_for(self, key: QuestionKey) -> list[QuestionKey]:
        """Where an item's question may be here, best first; [] when nowhere."""
        slug, ext = key
        found: list[QuestionKey] = []
        if self.slug_here is not None:
            found.append((self.slug_here, ext))
        if self.issued is not None and "/" in ext:
            source, _, source_id = ext.partition("/")
            found.append((source, source_id))
        if self.slug_here is None and self.issued is None and self.stamp.name is None:
            found.append((slug, ext))  # a session from before signatures: by slug, as before
        return found


class PackIndex:
    """The packs this computer knows, read once per import."""

    def __init__(self, session: Session) -> None:
        self.imported: dict[tuple[str, str], ExamPack] = {}
        self.issued: dict[str, list[ExamPack]] = defaultdict(list)
        for row in session.scalars(select(ExamPack).order_by(ExamPack.id)):
            if row.role == IMPORTED:
                self.imported[(row.name, row.signer)] = row
            elif row.role == ISSUED:
                self.issued[row.name].append(row)

    def plan(self, record: AttemptRecord, owner: str) -> PackPlan | None:
        stamp = record.pack
        if record.mode != "pack" or stamp is None or stamp.name is None:
            return None
        issued = self.issued.get(stamp.name)
        here = self.imported.get((stamp.name, stamp.signer))
        plan = PackPlan(stamp, slug_here=here.set_slug if here is not None else None)
        if here is not None and here.version is not None and stamp.version == here.version:
            plan.stamp = _with_template(stamp, here.pass_mark, here.minutes)
        if not issued:
            return plan
        row = next((r for r in issued if r.version == stamp.version), None)
        taken = _when(record.started_at)
        if row is None:
            row = issued[-1]
            plan.warnings.append(f"{owner}'s “{stamp.name}” of {taken} was taken on a version of the pack you did not "
                                 "issue; it was scored against your latest copy")
        if stamp.signer != row.signer:
            signer = short_fingerprint(stamp.signer) if stamp.signer else "nobody (unsigned)"
            plan.warnings.append(f"{owner}'s “{stamp.name}” of {taken} was taken on a copy not signed by you "
                                 f"(signed by {signer}); it was scored against your own copy")
        plan.issued = {ext: IssuedKey(str(v["kind"]), tuple(int(k) for k in v["keys"]), int(v["options"]))
                       for ext, v in (row.answer_key or {}).items()}
        plan.stamp = PackStamp(stamp.name, row.signer, row.version, row.pass_mark, row.minutes)
        return plan


def _with_template(stamp: PackStamp, pass_mark: float | None, minutes: int | None) -> PackStamp:
    return PackStamp(stamp.name, stamp.signer, stamp.version, pass_mark if pass_mark is not None else stamp.pass_mark,
                     minutes if minutes is not None else stamp.minutes)


def _when(moment: datetime) -> str:
    return f"{moment.astimezone():%Y-%m-%d %H:%M}"


def mismatch_warning(owner: str, record: AttemptRecord, claimed: int, computed: int, total: int,
                     differ: int) -> str:
    name = record.pack.name if record.pack is not None else record.blueprint
    return (f"{owner}'s “{name}” of {_when(record.started_at)}: the file claims {claimed} of {total} right; against "
            f"your copy of the pack it is {computed} of {total} ({plural(differ, 'answer')} "
            f"{plural_word(differ, 'differs', 'differ')} from your key)")

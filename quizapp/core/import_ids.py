"""Which question already in the set each imported question is, and the ids of new ones.

A question's id within its set is what survives every re-import (answers, review cards and exam
packs point at it). Files name questions in different ways, and only some of them are keys:

1. an explicit id (a CSV or JSON `id`, the id in a GIFT `// quizapp:` comment) is a key: the
   same id twice in one file is an error;
2. a Moodle id number (XML `<idnumber>`, GIFT `[id:…]`) is unique only within its category;
3. a Moodle name (XML `<name>`, GIFT `::title::`) is a label: names repeat freely, so a name
   identifies a question only where it is the one question of that name in its category;
4. otherwise the content identifies it: the stem, the options and which of them are keys (two
   true/false questions with one stem and different keys are different questions).

A re-import is matched in that order, and the report says how many were matched which way. A
new question's id is its id number or name where that is still free, else one derived from its
content; a repeated question is imported again, with a warning naming both lines.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field, replace

from quizapp.core.formats.base import ParsedItem, Problem
from quizapp.core.questions import MoodleRef, QuestionData

MAX_ID_LENGTH = 200  # the database column's width

BY_ID = "id"
BY_IDNUMBER = "id number"
BY_NAME = "name within its category"
BY_CONTENT = "content (stem, options and key)"


def derived_id(question: QuestionData) -> str:
    """An id for a question its file did not name: the same content always gets the same id,
    so re-importing the file finds it again instead of duplicating it."""
    blob = "\x1f".join([question.stem, *(c.text for c in question.choices)])
    return "q-" + hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]


ContentKey = tuple[str, str, tuple[tuple[str, bool], ...]]


def content_key(kind: str, stem: str, choices: list[tuple[str, bool]]) -> ContentKey:
    """What makes two questions the same question: kind, stem, options and which are keys."""
    return kind, stem, tuple((text, bool(correct)) for text, correct in choices)


def question_content(question: QuestionData) -> ContentKey:
    return question.kind, question.stem, tuple((c.text, c.is_correct) for c in question.choices)


@dataclass(frozen=True)
class StoredQuestion:
    """A question already in the set, as far as matching needs it."""

    ext_id: str
    moodle: MoodleRef | None
    content: ContentKey


@dataclass
class Identified:
    items: list[ParsedItem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    matched: Counter[str] = field(default_factory=Counter)

    def match_summary(self) -> str | None:
        """The report's line saying how a re-import found the questions already in the set."""
        if not self.matched:
            return None
        ways = [f"{self.matched[way]} by {way}" for way in (BY_ID, BY_IDNUMBER, BY_NAME, BY_CONTENT)
                if self.matched[way]]
        total = sum(self.matched.values())
        return (f"{total} question{'s' if total != 1 else ''} matched the ones already in the set: "
                + ", ".join(ways))


def _category(ref: MoodleRef | None) -> str:
    return ref.category if ref is not None else ""


class _Matcher:
    def __init__(self, items: list[ParsedItem], stored: list[StoredQuestion]) -> None:
        self.items = items
        self.out = Identified()
        self.ids: dict[int, str] = {}  # item index -> ext_id
        self.dropped: set[int] = set()
        self.stored_ids = {s.ext_id for s in stored}
        self.claimed: set[str] = set()
        self.used: set[str] = set()
        self.idnumbers = [item.question.moodle.idnumber if item.question.moodle else None for item in items]
        self.by_idnumber: dict[tuple[str, str], str] = {}
        self.idnumber_anywhere: dict[str, list[str]] = defaultdict(list)
        self.by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.legacy: dict[str, str] = {}  # rows stored before names were kept: id = title / id number
        self.by_content: dict[ContentKey, deque[str]] = defaultdict(deque)
        self.contents = [question_content(item.question) for item in items]
        for row in stored:
            ref = row.moodle
            if ref is None:
                self.legacy[row.ext_id] = row.ext_id
            else:
                if ref.idnumber:
                    self.by_idnumber.setdefault((ref.category, ref.idnumber), row.ext_id)
                    self.idnumber_anywhere[ref.idnumber].append(row.ext_id)
                if ref.name:
                    self.by_name[(ref.category, ref.name)].append(row.ext_id)
            self.by_content[row.content].append(row.ext_id)

    def _assign(self, index: int, ext_id: str, way: str | None) -> None:
        self.ids[index] = ext_id
        self.used.add(ext_id)
        if way is not None:
            self.claimed.add(ext_id)
            self.out.matched[way] += 1

    def _free(self, ext_id: str | None) -> bool:
        return ext_id is not None and ext_id in self.stored_ids and ext_id not in self.claimed

    def _waiting(self) -> list[int]:
        return [i for i in range(len(self.items)) if i not in self.ids and i not in self.dropped]

    def run(self) -> Identified:
        self._repeats()
        self._explicit()
        self._duplicate_idnumbers()
        if self.stored_ids:  # a re-import: find the questions already in the set
            self._match_idnumbers()
            self._match_names()
            self._match_content()
        self._new_ids()
        self.out.items = [ParsedItem(item.line, replace(item.question, ext_id=self.ids[i]))
                          for i, item in enumerate(self.items) if i in self.ids]
        return self.out

    def _repeats(self) -> None:
        first: dict[ContentKey, int] = {}
        for item, key in zip(self.items, self.contents, strict=True):
            if key in first:
                self.out.warnings.append(f"line {item.line}: this question repeats the one on line {first[key]}; "
                                         "both are imported, as Moodle imports them")
            else:
                first[key] = item.line

    def _explicit(self) -> None:
        first: dict[str, int] = {}
        for index, item in enumerate(self.items):
            ext_id = item.question.ext_id
            if ext_id is None:
                continue
            if ext_id in first:
                self.out.errors.append(Problem(item.line, f"the id {ext_id!r} is used twice (first on line "
                                                          f"{first[ext_id]})"))
                self.dropped.add(index)
                continue
            first[ext_id] = item.line
            self._assign(index, ext_id, BY_ID if self._free(ext_id) else None)

    def _duplicate_idnumbers(self) -> None:
        first: dict[tuple[str, str], int] = {}
        for index, item in enumerate(self.items):
            idnumber = self.idnumbers[index]
            if idnumber is None:
                continue
            key = (_category(item.question.moodle), idnumber)
            if key in first:
                self.out.warnings.append(
                    f"line {item.line}: the id number {idnumber!r} is also used on line {first[key]} in the same "
                    "category; an id number names one question of its category, so it is not kept here")
                self.idnumbers[index] = None
            else:
                first[key] = item.line

    def _match_idnumbers(self) -> None:
        in_file = Counter(n for n in self.idnumbers if n is not None)
        for index in self._waiting():
            idnumber = self.idnumbers[index]
            if idnumber is None:
                continue
            found = self.by_idnumber.get((_category(self.items[index].question.moodle), idnumber))
            anywhere = self.idnumber_anywhere.get(idnumber, [])
            if found is None and len(anywhere) == 1 and in_file[idnumber] == 1:
                found = anywhere[0]  # the category was renamed, but the id number is unambiguous
            if found is None and idnumber in self.legacy and in_file[idnumber] == 1:
                found = idnumber
            if self._free(found):
                assert found is not None
                self._assign(index, found, BY_IDNUMBER)

    def _match_names(self) -> None:
        names = Counter((_category(item.question.moodle), item.question.moodle.name)
                        for item in self.items if item.question.moodle and item.question.moodle.name)
        titles = Counter(key[1] for key in names.elements())
        for index in self._waiting():
            ref = self.items[index].question.moodle
            if ref is None or not ref.name:
                continue
            key = (ref.category, ref.name)
            stored = self.by_name.get(key, [])
            found = stored[0] if len(stored) == 1 and names[key] == 1 else None
            if found is None and not stored and ref.name in self.legacy and titles[ref.name] == 1:
                found = ref.name
            if self._free(found):
                assert found is not None
                self._assign(index, found, BY_NAME)

    def _match_content(self) -> None:
        for index in self._waiting():
            candidates = self.by_content.get(self.contents[index])
            while candidates:
                found = candidates.popleft()
                if self._free(found):
                    self._assign(index, found, BY_CONTENT)
                    break

    def _new_ids(self) -> None:
        for index in self._waiting():
            question = self.items[index].question
            ref = question.moodle
            wanted = [self.idnumbers[index], ref.name if ref else None]
            chosen = next((w for w in wanted if w and len(w) <= MAX_ID_LENGTH and w not in self.used
                           and w not in self.stored_ids), None)
            if chosen is None:
                base = chosen = derived_id(question)
                number = 1
                while chosen in self.used or chosen in self.stored_ids:
                    number += 1
                    chosen = f"{base}-{number}"
            self._assign(index, chosen, None)


def identify(items: list[ParsedItem], stored: list[StoredQuestion]) -> Identified:
    """Ids for `items` (each its stored question's, or a new one), in file order, with the
    problems and warnings that naming them raised. See the module docstring for the order."""
    return _Matcher(items, stored).run()

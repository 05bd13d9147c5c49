"""Loads the whole `question_bank/` folder: both built-in sets, their notes, topics, source titles
and blueprints.

`load_bank` is shared by `bank build`, `bank check` and the installer, so all three agree on
what a valid bank is. The content hash covers every file under the folder, notes and images
included, so any edit upgrades the installed sets.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from quizapp.core.bank.blueprints import BlueprintSpec, read_blueprint
from quizapp.core.bank.builtin_sets import BUILTIN_SETS, BuiltinSet
from quizapp.core.bank.digest import content_hash
from quizapp.core.bank.documents import Document, load_documents, locator_problem
from quizapp.core.bank.files import display_path, read_bank_file
from quizapp.core.bank.notes import Note, read_notes, section_of
from quizapp.core.bank.similarity import load_stopwords, near_duplicates
from quizapp.core.bank.topics import TopicTree, read_topics
from quizapp.core.bank.validate import validate_file_defaults, validate_question
from quizapp.core.bank.wording import positional_references
from quizapp.core.errors import Located
from quizapp.core.questions import QuestionData

MAX_ALLOWED_PAIRS = 10


@dataclass(frozen=True)
class BankQuestion:
    data: QuestionData
    retired: bool
    file: str
    line: int
    set_slug: str = BUILTIN_SETS[0].slug
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def id(self) -> str:
        assert self.data.ext_id is not None
        return self.data.ext_id

    @property
    def key(self) -> str:
        """`set/id`: unique across the bank (ids are unique within their set)."""
        return f"{self.set_slug}/{self.id}"

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


@dataclass
class Bank:
    questions: list[BankQuestion]
    sources: dict[str, str]  # document file name -> readable title
    blueprints: list[BlueprintSpec]
    content_hash: str
    problems: list[Located] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    topics: TopicTree | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def questions_of(self, slug: str) -> list[BankQuestion]:
        return [q for q in self.questions if q.set_slug == slug]


def _read_sources(bank_dir: Path, problems: list[Located]) -> dict[str, str]:
    path = bank_dir / "sources.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(Located(display_path(path), None, "missing: every cited document needs a title here"))
        return {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problems.append(Located(display_path(path), None, f"not valid TOML: {exc}"))
        return {}
    sources = data.get("sources", {})
    titles = {}
    for name, entry in sources.items():
        title = entry.get("title") if isinstance(entry, dict) else None
        if not isinstance(title, str) or not title.strip():
            problems.append(Located(display_path(path), None, f"{name} has no `title`"))
        else:
            titles[name] = title.strip()
    return titles


def _read_allowed_pairs(bank_dir: Path, problems: list[Located]) -> set[frozenset[str]]:
    path = bank_dir / "similar_allow.toml"
    if not path.exists():
        return set()
    file = display_path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problems.append(Located(file, None, f"not valid TOML: {exc}"))
        return set()
    pairs = data.get("pair", [])
    if len(pairs) > MAX_ALLOWED_PAIRS:
        problems.append(Located(file, None, f"at most {MAX_ALLOWED_PAIRS} allowed pairs"))
    allowed = set()
    for pair in pairs:
        if not (isinstance(pair, dict) and pair.get("a") and pair.get("b") and pair.get("reason")):
            problems.append(Located(file, None, "each [[pair]] needs `a`, `b` and a `reason`"))
        elif "/" not in str(pair["a"]) or "/" not in str(pair["b"]):
            problems.append(Located(file, None, f"name questions as set/id (e.g. builtin/{pair['a']})"))
        else:
            allowed.add(frozenset((pair["a"], pair["b"])))
    return allowed


def _read_set(bank_dir: Path, spec: BuiltinSet, problems: list[Located]) -> list[BankQuestion]:
    questions: list[BankQuestion] = []
    for path in sorted((bank_dir / spec.folder).glob("*.toml")):
        bank_file, file_problems = read_bank_file(path)
        problems += file_problems
        if bank_file is None:
            continue
        if bank_file.questions:
            problems += validate_file_defaults(bank_file.display, bank_file.questions[0].defaults)
        for raw in bank_file.questions:
            data, retired, found = validate_question(raw, bank_dir)
            problems += found
            if data is None:
                continue
            if spec.id_prefix and not (data.ext_id or "").startswith(spec.id_prefix):
                problems.append(Located(raw.file, raw.line_of("id"),
                                        f"ids in {spec.name} start with {spec.id_prefix!r}: {data.ext_id!r}"))
            questions.append(BankQuestion(data, retired, raw.file, raw.line, spec.slug, dict(raw.key_lines)))
    return questions


def _check_ids(questions: list[BankQuestion]) -> list[Located]:
    counts = Counter(q.key for q in questions)
    first_seen: dict[str, BankQuestion] = {}
    problems = []
    for q in questions:
        if counts[q.key] < 2:
            continue
        if q.key in first_seen:
            other = first_seen[q.key]
            problems.append(Located(q.file, q.line, f"duplicate id {q.id!r} (first at {other.file}:{other.line})"))
        else:
            first_seen[q.key] = q
    return problems


def _check_topics(questions: list[BankQuestion], tree: TopicTree) -> list[Located]:
    problems = []
    for q in questions:
        topic = q.data.topic or ""
        place = tree.place_of(topic)
        own = (q.data.domain or "", q.data.subdomain)
        if place == own:
            continue
        where = " / ".join(p for p in own if p)
        if place is None:
            message = f"topic {topic!r} is not listed under {where} in topics.toml"
        else:
            message = f"topic {topic!r} is listed under {' / '.join(p for p in place if p)} in topics.toml, not {where}"
        problems.append(Located(q.file, q.line_of("topic"), message))
    return problems


def _check_citations(questions: list[BankQuestion], sources: dict[str, str], notes: list[Note],
                     documents: Path | None) -> list[Located]:
    """Essentials cite notes (always checked); the career-guide bank cites the source documents
    (titles always, locators only when the documents are given)."""
    note_docs: dict[str, Document] = {n.citation_source: n.document() for n in notes}
    by_slug = {s.slug: s for s in BUILTIN_SETS}
    seed_docs: dict[str, Document] | None = None
    folder = display_path(documents) if documents is not None else ""
    problems: list[Located] = []
    if documents is not None:
        if documents.is_dir():
            seed_docs = load_documents(documents)
        else:
            problems.append(Located(folder, None, "the documents folder does not exist"))
    for q in questions:
        cites_notes = by_slug[q.set_slug].cites_notes
        line = q.line_of("citations")
        for cite in q.data.citations:
            if cites_notes:
                doc = note_docs.get(cite.source)
                if doc is None:
                    problems.append(Located(q.file, line, f"{cite.source} is not a note; CCMA Essentials cites "
                                                          "notes/<name>.md"))
                    continue
            else:
                if sources and cite.source not in sources:
                    problems.append(Located(q.file, line, f"{cite.source} has no title in sources.toml"))
                if seed_docs is None:
                    continue
                doc = seed_docs.get(cite.source)
                if doc is None:
                    problems.append(Located(q.file, line, f"cited document {cite.source} is not in {folder}"))
                    continue
            message = locator_problem(doc, cite.locator)
            if message:
                problems.append(Located(q.file, line, message))
    return problems


def _with_sections(questions: list[BankQuestion], notes: list[Note]) -> list[BankQuestion]:
    """Each note citation gets the anchor of the section its locator sits in, so "Read the note"
    opens the note there without searching the notes on the path between two questions."""
    by_source = {n.citation_source: n for n in notes}
    placed = []
    for q in questions:
        cites = []
        for cite in q.data.citations:
            note = by_source.get(cite.source)
            section = section_of(note, cite.locator) if note is not None else None
            cites.append(replace(cite, section=section.anchor if section else None))
        changed = tuple(cites) != q.data.citations
        placed.append(replace(q, data=replace(q.data, citations=tuple(cites))) if changed else q)
    return placed


def _check_wording(questions: list[BankQuestion]) -> list[Located]:
    problems = []
    for q in questions:
        texts = [("rationale", q.data.rationale)] + [("feedback", c.feedback) for c in q.data.choices]
        for key, text in texts:
            for phrase in positional_references(text):
                problems.append(Located(q.file, q.line_of(key),
                                        f"the {key} of {q.id!r} names an option by position or letter "
                                        f"({phrase!r}); options are shuffled on screen: name the idea instead"))
    return problems


def _check_similarity(bank_dir: Path, questions: list[BankQuestion], problems: list[Located]) -> list[Located]:
    stop_path = bank_dir / "stopwords.txt"
    stopwords = load_stopwords(stop_path.read_text(encoding="utf-8").splitlines()) if stop_path.exists() else frozenset()
    allowed = _read_allowed_pairs(bank_dir, problems)
    by_key = {q.key: q for q in questions}
    found = []
    for a, b, score in near_duplicates([(q.key, q.data.stem) for q in questions], stopwords):
        if frozenset((a, b)) in allowed:
            continue
        qa, qb = by_key[a], by_key[b]
        found.append(Located(qb.file, qb.line, f"stem of {b!r} is a near-duplicate of {a!r} at "
                             f"{qa.file}:{qa.line} (similarity {score:.2f}); rewrite one or allow the pair "
                             "in similar_allow.toml"))
    return found


def load_bank(bank_dir: Path, *, documents: Path | None = None, review: bool = False) -> Bank:
    """Reads and validates the bank. Problems are collected, never raised.

    `review` adds the editorial checks of `bank check` (near-duplicate stems, options named by
    position); `documents` checks the career-guide bank's citations against its sources.
    CCMA Essentials citations are checked against the notes every time: the notes ship here.
    """
    problems: list[Located] = []
    if not bank_dir.is_dir():
        problems.append(Located(display_path(bank_dir), None, "the question bank folder is missing"))
        return Bank([], {}, [], "", problems)
    tree, found = read_topics(bank_dir)
    problems += found
    notes, found = read_notes(bank_dir)
    problems += found
    questions: list[BankQuestion] = []
    for spec in BUILTIN_SETS:
        questions += _read_set(bank_dir, spec, problems)
    problems += _check_ids(questions)
    if tree is not None:
        problems += _check_topics(questions, tree)
    sources = _read_sources(bank_dir, problems)
    problems += _check_citations(questions, sources, notes, documents)
    questions = _with_sections(questions, notes)
    if review:
        problems += _check_similarity(bank_dir, questions, problems)
        problems += _check_wording(questions)

    blueprints = []
    for path in sorted((bank_dir / "blueprints").glob("*.toml")):
        spec, found = read_blueprint(path)
        problems += found
        if spec is not None:
            blueprints.append(spec)
    blueprints.sort(key=lambda b: (b.position, b.slug))
    return Bank(questions, sources, blueprints, content_hash(bank_dir), problems, notes, tree)

"""Loads the whole `question_bank/` folder: questions, source titles and blueprints.

`load_bank` is shared by `bank build`, `bank check` and the installer, so all three agree on
what a valid bank is. The content hash covers every file that can change what students see.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.core.bank.blueprints import BlueprintSpec, read_blueprint
from quizapp.core.bank.digest import content_hash
from quizapp.core.bank.documents import load_documents, locator_problem
from quizapp.core.bank.files import display_path, read_bank_file
from quizapp.core.bank.similarity import load_stopwords, near_duplicates
from quizapp.core.bank.validate import validate_file_defaults, validate_question
from quizapp.core.errors import Located
from quizapp.core.questions import QuestionData

MAX_ALLOWED_PAIRS = 10


@dataclass(frozen=True)
class BankQuestion:
    data: QuestionData
    retired: bool
    file: str
    line: int

    @property
    def id(self) -> str:
        assert self.data.ext_id is not None
        return self.data.ext_id


@dataclass
class Bank:
    questions: list[BankQuestion]
    sources: dict[str, str]  # document file name -> readable title
    blueprints: list[BlueprintSpec]
    content_hash: str
    problems: list[Located] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _files(bank_dir: Path) -> list[Path]:
    return sorted((bank_dir / "questions").glob("*.toml"))


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
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    pairs = data.get("pair", [])
    if len(pairs) > MAX_ALLOWED_PAIRS:
        problems.append(Located(display_path(path), None, f"at most {MAX_ALLOWED_PAIRS} allowed pairs"))
    allowed = set()
    for pair in pairs:
        if not (isinstance(pair, dict) and pair.get("a") and pair.get("b") and pair.get("reason")):
            problems.append(Located(display_path(path), None, "each [[pair]] needs `a`, `b` and a `reason`"))
            continue
        allowed.add(frozenset((pair["a"], pair["b"])))
    return allowed


def load_bank(bank_dir: Path, *, documents: Path | None = None, similarity: bool = False) -> Bank:
    """Reads and validates the bank. Problems are collected, never raised.

    `similarity` (near-duplicate stems) and `documents` (citations) are the checks `bank check`
    adds to what `bank build` needs.
    """
    problems: list[Located] = []
    if not bank_dir.is_dir():
        problems.append(Located(display_path(bank_dir), None, "the question bank folder is missing"))
        return Bank([], {}, [], "", problems)
    questions: list[BankQuestion] = []
    for path in _files(bank_dir):
        bank_file, file_problems = read_bank_file(path)
        problems += file_problems
        if bank_file is None:
            continue
        if bank_file.questions:
            problems += validate_file_defaults(bank_file.display, bank_file.questions[0].defaults)
        for raw in bank_file.questions:
            data, retired, found = validate_question(raw)
            problems += found
            if data is not None:
                questions.append(BankQuestion(data, retired, raw.file, raw.line))

    counts = Counter(q.id for q in questions)
    first_seen: dict[str, BankQuestion] = {}
    for q in questions:
        if counts[q.id] > 1:
            if q.id in first_seen:
                other = first_seen[q.id]
                problems.append(Located(q.file, q.line, f"duplicate id {q.id!r} (first at {other.file}:{other.line})"))
            else:
                first_seen[q.id] = q

    sources = _read_sources(bank_dir, problems)
    for q in questions:
        for cite in q.data.citations:
            if sources and cite.source not in sources:
                problems.append(Located(q.file, q.line, f"{cite.source} has no title in sources.toml"))

    if documents is not None:
        problems += _check_documents(questions, documents)
    if similarity:
        problems += _check_similarity(bank_dir, questions, problems)

    blueprints = []
    for path in sorted((bank_dir / "blueprints").glob("*.toml")):
        spec, found = read_blueprint(path)
        problems += found
        if spec is not None:
            blueprints.append(spec)
    blueprints.sort(key=lambda b: (b.position, b.slug))
    return Bank(questions, sources, blueprints, content_hash(bank_dir), problems)


def _check_documents(questions: list[BankQuestion], folder: Path) -> list[Located]:
    if not folder.is_dir():
        return [Located(display_path(folder), None, "the documents folder does not exist")]
    docs = load_documents(folder)
    problems = []
    for q in questions:
        for cite in q.data.citations:
            doc = docs.get(cite.source)
            if doc is None:
                problems.append(Located(q.file, q.line, f"cited document {cite.source} is not in {display_path(folder)}"))
                continue
            message = locator_problem(doc, cite.locator)
            if message:
                problems.append(Located(q.file, q.line, message))
    return problems


def _check_similarity(bank_dir: Path, questions: list[BankQuestion], problems: list[Located]) -> list[Located]:
    stop_path = bank_dir / "stopwords.txt"
    stopwords = load_stopwords(stop_path.read_text(encoding="utf-8").splitlines()) if stop_path.exists() else frozenset()
    allowed = _read_allowed_pairs(bank_dir, problems)
    by_id = {q.id: q for q in questions}
    found = []
    for a, b, score in near_duplicates([(q.id, q.data.stem) for q in questions], stopwords):
        if frozenset((a, b)) in allowed:
            continue
        qa, qb = by_id[a], by_id[b]
        found.append(Located(qb.file, qb.line, f"stem of {b!r} is a near-duplicate of {a!r} at "
                             f"{qa.file}:{qa.line} (similarity {score:.2f}); rewrite one or allow the pair "
                             "in similar_allow.toml"))
    return found

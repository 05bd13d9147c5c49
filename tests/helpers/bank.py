"""Builds small question banks on disk, so bank tests don't depend on the real content."""

from __future__ import annotations

import shutil
import tomllib
from collections import defaultdict
from pathlib import Path
from typing import Any

from quizapp.core.datafiles import question_bank_dir

DOCS_DIR = Path(__file__).resolve().parent.parent / "data" / "documents"
DOC_NAME = "guide.txt"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(value)


def question(qid: str, **overrides: Any) -> dict[str, Any]:
    """A valid single-answer question; override any key, or set one to None to drop it."""
    base: dict[str, Any] = {
        "id": qid,
        "topic": "Vital signs",
        "difficulty": 1,
        "stem": f"Question {qid}: which instrument is used to measure blood pressure?",
        "options": ["Sphygmomanometer", "Otoscope", "Centrifuge", "Autoclave"],
        "answer": "A",
        "rationale": "A sphygmomanometer (a cuff and gauge) measures blood pressure.",
        "citations": [{"source": DOC_NAME, "locator": "assistants measure blood pressure with a cuff"}],
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def render_file(questions: list[dict[str, Any]], domain: str = "Clinical Patient Care",
                subdomain: str | None = "Patient Intake and Vitals") -> str:
    lines = [f"domain = {_toml_value(domain)}"]
    if subdomain:
        lines.append(f"subdomain = {_toml_value(subdomain)}")
    for q in questions:
        lines += ["", "[[question]]"]
        for key, value in q.items():
            if key == "rationale":
                lines.append(f'rationale = """\n{value}"""')
            else:
                lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def topics_for(*folders: Path) -> str:
    """A topics.toml listing every topic the question files under `folders` use, each under its
    own domain and sub-domain, so a fixture bank passes the topic-tree check by construction."""
    tree: dict[str, dict[str | None, set[str]]] = defaultdict(lambda: defaultdict(set))
    for folder in folders:
        for path in sorted(folder.glob("*.toml")):
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue  # a deliberately broken file: the test is about that
            questions = data.get("question", [])
            for q in questions if isinstance(questions, list) else []:
                if not isinstance(q, dict):
                    continue
                domain, sub = q.get("domain", data.get("domain")), q.get("subdomain", data.get("subdomain"))
                if isinstance(domain, str) and isinstance(q.get("topic"), str):
                    tree[domain][sub if isinstance(sub, str) else None].add(q["topic"])
    lines = []
    for domain, subs in tree.items():
        for sub, topics in subs.items():
            header = f'["{domain}"."{sub}"]' if sub else f'["{domain}"]'
            lines += [header, "topics = [" + ", ".join(_toml_value(t) for t in sorted(topics)) + "]", ""]
    return "\n".join(lines)


def make_bank(root: Path, files: dict[str, str], *, blueprints: bool = True, essentials: dict[str, str] | None = None,
              notes: dict[str, str] | None = None, media: dict[str, bytes] | None = None,
              topics: str | bool = False) -> Path:
    """A bank folder with the given question files (career-guide set), CCMA Essentials files,
    notes and images, our sources and (by default) the real blueprints. `topics` is the text of
    a topics.toml, or True for one made from the questions; without it topics are free."""
    bank = root / "bank"
    (bank / "questions").mkdir(parents=True)
    (bank / "sources.toml").write_text(f'[sources."{DOC_NAME}"]\ntitle = "A test guide"\n', encoding="utf-8")
    shutil.copyfile(question_bank_dir() / "stopwords.txt", bank / "stopwords.txt")
    if blueprints:
        shutil.copytree(question_bank_dir() / "blueprints", bank / "blueprints")
    for folder, contents in (("questions", files), ("essentials", essentials), ("notes", notes)):
        for name, text in (contents or {}).items():
            (bank / folder).mkdir(exist_ok=True)
            (bank / folder / name).write_text(text, encoding="utf-8")
    for name, data in (media or {}).items():
        (bank / "media").mkdir(exist_ok=True)
        (bank / "media" / name).write_bytes(data)
    if topics is not False:
        text = topics if isinstance(topics, str) else topics_for(bank / "questions", bank / "essentials")
        (bank / "topics.toml").write_text(text, encoding="utf-8")
    return bank

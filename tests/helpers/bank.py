"""Builds small question banks on disk, so bank tests don't depend on the real content."""

from __future__ import annotations

import shutil
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


def make_bank(root: Path, files: dict[str, str], *, blueprints: bool = True) -> Path:
    """A bank folder with the given question files, our sources and (by default) the real blueprints."""
    bank = root / "bank"
    (bank / "questions").mkdir(parents=True)
    (bank / "sources.toml").write_text(f'[sources."{DOC_NAME}"]\ntitle = "A test guide"\n', encoding="utf-8")
    shutil.copyfile(question_bank_dir() / "stopwords.txt", bank / "stopwords.txt")
    if blueprints:
        shutil.copytree(question_bank_dir() / "blueprints", bank / "blueprints")
    for name, text in files.items():
        (bank / "questions" / name).write_text(text, encoding="utf-8")
    return bank

"""Writes quizapp's own JSON question set: every field, nothing lost (question_set.schema.json)."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from typing import Any

from quizapp.core.formats.json_format import FORMAT_NAME, FORMAT_VERSION
from quizapp.core.questions import QuestionData


def question_object(question: QuestionData) -> dict[str, Any]:
    """One question as the schema's `question` object (also the content of an exam pack)."""
    data: dict[str, Any] = {}
    if question.ext_id is not None:
        data["id"] = question.ext_id
    data.update({
        "domain": question.domain,
        "subdomain": question.subdomain,
        "topic": question.topic,
        "difficulty": question.difficulty,
        "kind": question.kind,
        "text_format": question.text_format,
        "stem": question.stem,
        "choices": [
            {"text": c.text, "correct": c.is_correct, **({"feedback": c.feedback} if c.feedback else {})}
            for c in question.choices
        ],
        "rationale": question.rationale,
        "citations": [{"source": c.source, "locator": c.locator} for c in question.citations],
        "media": [
            {"name": m.name, "mime": m.mime, "data_base64": base64.b64encode(m.data).decode("ascii"),
             **({"alt": m.alt} if m.alt else {})}
            for m in question.media
        ],
        "tags": list(question.tags),
    })
    return data


def write_json(questions: Sequence[QuestionData], set_name: str = "") -> str:
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "set": {"name": set_name},
        "questions": [question_object(q) for q in questions],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"

"""Writes questions as Moodle GIFT, in the subset our GIFT importer and Moodle both read.

    // quizapp: {"difficulty": 2, "citations": [{"source": "vitals.pdf", "locator": "…"}]}
    ::VIT-001:: [html]What is a normal adult resting pulse? {
    =60–100 beats per minute #Correct.
    ~40–60 beats per minute #That is bradycardia.
    ####Normal adult resting pulse is 60–100 bpm.
    }

The title is the question's Moodle name (its id when it has none) and a `// [id:…]` comment its
Moodle id number; domain / sub-domain / topic are the `$CATEGORY`, and what GIFT has no
place for (difficulty, citations, tags — and the classification of questions no category can
express) rides in one `// quizapp:` comment line, which Moodle skips as a comment. Every text
is escaped (`\\ ~ = # { } :` and line breaks as `\\n`), so each question is one block of lines
with no blank line inside. Images cannot travel in GIFT; Moodle's own GIFT export drops them too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from quizapp.core.formats.checks import moodle_share
from quizapp.core.formats.sanitize import rendered
from quizapp.core.formats.writers.categories import grouped
from quizapp.core.questions import Choice, QuestionData

_ESCAPES = str.maketrans({"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}",
                          ":": "\\:", "\n": "\\n", "\r": ""})
_FORMAT_MARKER = re.compile(r"\s*\[(html|moodle|markdown|plain)\]", re.I)
_WEIGHT = re.compile(r"\s*%-?\d{1,3}(?:\.\d*)?%")  # what the GIFT reader takes for a weight


def escape(text: str) -> str:
    """GIFT text with its special characters escaped; line breaks become `\\n`."""
    return text.replace("\r\n", "\n").translate(_ESCAPES)


def _text(text: str, fmt: str) -> str:
    """Escaped text; one that itself starts like a `[format]` marker gets a real one in front,
    so the importer does not take its first word for a marker."""
    escaped = escape(text)
    return f"[{fmt}]{escaped}" if _FORMAT_MARKER.match(text) else escaped


def _metadata(question: QuestionData, classify: bool) -> str | None:
    data: dict[str, Any] = {}
    if classify:
        data.update({k: v for k, v in (("domain", question.domain), ("subdomain", question.subdomain),
                                       ("topic", question.topic)) if v})
    if question.difficulty is not None:
        data["difficulty"] = question.difficulty
    if question.citations:
        data["citations"] = [{"source": c.source, "locator": c.locator} for c in question.citations]
    if question.tags:
        data["tags"] = list(question.tags)
    if not data:
        return None
    return "// quizapp: " + json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


def _weight(value: float) -> str:
    return f"%{value:.5f}".rstrip("0").rstrip(".") + "%"


def _answer(mark: str, weight: str, choice: Choice, fmt: str) -> str:
    text = _text(choice.text, fmt)
    if not weight and _WEIGHT.match(choice.text):
        # Text that starts like "%50%" would be read as a weight: give the real one first.
        weight = "%100%" if mark == "=" else "%0%"
    feedback = f" #{_text(choice.feedback, fmt)}" if choice.feedback else ""
    return f"{mark}{weight}{text}{feedback}"


def _answers(question: QuestionData, fmt: str) -> list[str]:
    if question.kind == "multiple":
        right = sum(1 for c in question.choices if c.is_correct)
        share = _weight(moodle_share(right))
        # All or nothing, as quizapp scores it: any wrong option cancels the credit.
        return [_answer("~", share if c.is_correct else "%-100%", c, fmt) for c in question.choices]
    return [_answer("=" if c.is_correct else "~", "", c, fmt) for c in question.choices]


def _true_false(question: QuestionData, fmt: str) -> str:
    """`{TRUE#shown if wrong#shown if right}`: GIFT's true/false feedback is by outcome."""
    by_text = {c.text: c for c in question.choices}
    true, false = by_text["True"], by_text["False"]
    right, wrong = (true, false) if true.is_correct else (false, true)
    feedback = [_text(wrong.feedback, fmt), _text(right.feedback, fmt)]
    while feedback and not feedback[-1]:
        feedback.pop()
    return ("TRUE" if true.is_correct else "FALSE") + "".join(f"#{f}" for f in feedback)


def _needs_plain_marker(question: QuestionData) -> bool:
    """GIFT text without a marker is Moodle's auto-format, in which a tag or an entity is markup:
    plain text that holds one (or starts like a marker) says `[plain]`."""
    texts = [question.stem, question.rationale, *(t for c in question.choices for t in (c.text, c.feedback))]
    return bool(_FORMAT_MARKER.match(question.stem)) or any(rendered(t, "moodle")[1] == "html" for t in texts)


def question_block(question: QuestionData, classify: bool = False) -> str:
    """One question as GIFT lines (no trailing blank line). `classify` puts its domain,
    sub-domain and topic in the comment, for questions written outside any category."""
    fmt = question.text_format
    lines = []
    meta = _metadata(question, classify)
    if meta:
        lines.append(meta)
    marker = "[html]" if fmt == "html" else ("[plain]" if _needs_plain_marker(question) else "")
    ref = question.moodle
    name = ref.name if ref is not None and ref.name else question.ext_id
    title = f"::{escape(name)}:: " if name else ""
    if ref is not None and ref.idnumber:
        lines.append("// [id:" + ref.idnumber.replace("]", "\\]") + "]")
    head = f"{title}{marker}{escape(question.stem)}"
    general = f"####{_text(question.rationale, fmt)}" if question.rationale else ""
    if question.kind == "truefalse":
        lines.append(f"{head} {{{_true_false(question, fmt)}{general}}}")
    else:
        lines.append(f"{head} {{")
        lines.extend(_answers(question, fmt))
        if general:
            lines.append(general)
        lines.append("}")
    return "\n".join(lines)


def write_gift(questions: Sequence[QuestionData], set_name: str = "") -> str:
    """The whole file: a header comment, then each category line and its questions."""
    title = " ".join(set_name.split()) or "Questions"
    blocks = [f"// {title}: exported by quizapp (Moodle GIFT format)."]
    for path, members in grouped(questions, set_name):
        if path is not None:
            blocks.append(f"$CATEGORY: {path}")
        blocks.extend(question_block(q, classify=path is None) for q in members)
    return "\n\n".join(blocks) + "\n"

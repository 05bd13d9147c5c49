"""Turns raw bank tables into QuestionData, naming every problem by file and line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from quizapp.core.bank.files import RawQuestion
from quizapp.core.errors import Located
from quizapp.core.questions import LETTERS, Choice, Citation, Media, QuestionData
from quizapp.core.taxonomy import ALL_DOMAINS, CLINICAL, CLINICAL_SUBDOMAINS

_KNOWN_KEYS = {
    "id", "domain", "subdomain", "topic", "difficulty", "kind", "stem", "options", "answer",
    "rationale", "citations", "feedback", "retired", "media", "media_alt",
}
_FILE_KEYS = {"domain", "subdomain"}
MEDIA_FOLDER = "media"
MEDIA_TYPES = {".png": "image/png", ".svg": "image/svg+xml"}
MAX_MEDIA_BYTES = 2 * 1024 * 1024


def _text(value: Any) -> str | None:
    """Trimmed text with line breaks inside a paragraph folded to spaces.

    Bank files wrap long strings for editing; students should see flowing text, with a blank
    line still separating paragraphs.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    if "\n" not in value:
        return " ".join(value.split())
    paragraphs = re.split(r"\n\s*\n", value.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def validate_file_defaults(file: str, defaults: dict[str, Any]) -> list[Located]:
    return [
        Located(file, None, f"unknown file-level key `{key}` (allowed: domain, subdomain)")
        for key in defaults
        if key not in _FILE_KEYS
    ]


def _media(raw: RawQuestion, bank_dir: Path | None, bad: Any) -> tuple[Media, ...]:
    """The question's diagram, read from the bank's `media/` folder, with its alt text.

    Alt text is required: it is all a screen-reader user gets of the image.
    """
    path, alt = raw.get("media"), _text(raw.get("media_alt"))
    if path is None:
        if alt is not None:
            bad("media_alt", "`media_alt` describes an image; this question has no `media`")
        return ()
    if not isinstance(path, str) or not re.fullmatch(rf"{MEDIA_FOLDER}/[\w.-]+", path) \
            or Path(path).suffix.lower() not in MEDIA_TYPES:
        bad("media", f"`media` is a PNG or SVG file in the bank's {MEDIA_FOLDER}/ folder, e.g. "
                     f'"{MEDIA_FOLDER}/ekg-leads.svg"')
        return ()
    if alt is None:
        bad("media_alt", "an image needs `media_alt`: what a screen reader says instead of showing it")
    if bank_dir is None:
        return ()
    file = bank_dir / path
    if not file.is_file():
        bad("media", f"the image {path} is not in the bank")
        return ()
    data = file.read_bytes()
    if len(data) > MAX_MEDIA_BYTES:
        bad("media", f"the image {path} is larger than {MAX_MEDIA_BYTES // (1024 * 1024)} MiB")
        return ()
    return (Media(file.name, MEDIA_TYPES[file.suffix.lower()], data, alt or ""),)


def validate_question(raw: RawQuestion, bank_dir: Path | None = None
                      ) -> tuple[QuestionData | None, bool, list[Located]]:
    """Returns (question, retired, problems); the question is None when any problem is found.

    `bank_dir` is where `media` paths are read from (none: images are checked by name only).
    """
    problems: list[Located] = []

    def bad(key: str, message: str) -> None:
        problems.append(Located(raw.file, raw.line_of(key), message))

    for key in raw.data:
        if key not in _KNOWN_KEYS:
            bad(key, f"unknown key `{key}`")

    qid = _text(raw.get("id"))
    if qid is None:
        bad("id", "missing `id`")
    domain = _text(raw.get("domain"))
    subdomain = _text(raw.get("subdomain"))
    if domain is None:
        bad("domain", "missing `domain`")
    elif domain not in ALL_DOMAINS:
        bad("domain", f"unknown domain {domain!r}; use one of: {', '.join(ALL_DOMAINS)}")
    if domain == CLINICAL:
        if subdomain is None:
            bad("subdomain", "a Clinical Patient Care question needs a `subdomain`")
        elif subdomain not in CLINICAL_SUBDOMAINS:
            bad("subdomain", f"unknown sub-domain {subdomain!r}; use one of: {', '.join(CLINICAL_SUBDOMAINS)}")
    elif subdomain is not None and domain in ALL_DOMAINS:
        bad("subdomain", "only Clinical Patient Care questions have a sub-domain")

    topic = _text(raw.get("topic"))
    if topic is None:
        bad("topic", "missing `topic`")
    difficulty = raw.get("difficulty")
    if difficulty is None:
        bad("difficulty", "missing `difficulty`")
    elif not isinstance(difficulty, int) or isinstance(difficulty, bool) or difficulty not in (1, 2, 3):
        bad("difficulty", "`difficulty` must be 1, 2 or 3")
    stem = _text(raw.get("stem"))
    if stem is None:
        bad("stem", "missing or empty `stem`")
    rationale = _text(raw.get("rationale"))
    if rationale is None:
        bad("rationale", "missing or empty `rationale`")

    kind = raw.get("kind", "single")
    if kind not in ("single", "multiple", "truefalse"):
        bad("kind", "`kind` must be single, multiple or truefalse")
    options = raw.get("options")
    if not isinstance(options, list) or not all(_text(o) for o in options):
        bad("options", "`options` must be a list of non-empty strings")
        options = []
    elif kind == "single" and len(options) != 4:
        bad("options", f"a single-answer question needs exactly four options, not {len(options)}")
    elif kind == "truefalse" and [o.strip().lower() for o in options] != ["true", "false"]:
        bad("options", 'a true/false question has options ["True", "False"]')
    elif not 2 <= len(options) <= len(LETTERS):
        bad("options", f"a question has 2 to {len(LETTERS)} options")

    answer = raw.get("answer")
    letters = [answer] if isinstance(answer, str) else answer
    valid = LETTERS[: len(options)]
    if answer is None:
        bad("answer", "missing `answer`")
        letters = []
    elif not isinstance(letters, list) or not letters or not all(
        isinstance(x, str) and len(x) == 1 for x in letters
    ):
        bad("answer", "`answer` is a letter (or a list of letters for a multiple-answer question)")
        letters = []
    else:
        letters = [x.upper() for x in letters]
        outside = [x for x in letters if x not in valid]
        if outside and options:
            bad("answer", f"answer {', '.join(outside)} is outside the options ({valid[0]}-{valid[-1]})")
        elif kind != "multiple" and len(letters) != 1:
            bad("answer", "a single-answer question has exactly one answer letter")

    feedback = raw.get("feedback", [])
    if not isinstance(feedback, list) or (feedback and len(feedback) != len(options)):
        bad("feedback", "`feedback` must list one string per option")
        feedback = []

    citations: list[Citation] = []
    cites = raw.get("citations")
    if not isinstance(cites, list) or not cites:
        bad("citations", "every question cites at least one source passage (`citations`)")
    else:
        for cite in cites:
            source = _text(cite.get("source")) if isinstance(cite, dict) else None
            locator = _text(cite.get("locator")) if isinstance(cite, dict) else None
            if source is None or locator is None:
                bad("citations", "each citation needs `source` and `locator`")
            else:
                citations.append(Citation(source, locator))

    media = _media(raw, bank_dir, bad)
    retired = raw.get("retired", False)
    if not isinstance(retired, bool):
        bad("retired", "`retired` is true or false")
    if problems:
        return None, False, problems
    assert qid and stem and rationale and topic  # narrowed by the checks above
    choices = tuple(
        Choice(str(text).strip(), LETTERS[i] in letters, str(feedback[i]).strip() if feedback else "")
        for i, text in enumerate(options)
    )
    question = QuestionData(
        stem=stem,
        choices=choices,
        kind=kind,
        ext_id=qid,
        domain=domain,
        subdomain=subdomain,
        topic=topic,
        difficulty=difficulty,
        rationale=rationale,
        citations=tuple(citations),
        media=media,
    )
    return question, retired, []

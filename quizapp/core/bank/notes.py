"""Study notes (`question_bank/notes/*.md`): read, check against CONTENT.md's note format, split
into sections.

A note is the authority behind every CCMA Essentials key, so its shape is checked as strictly as
a question's: front matter naming a test-plan domain, one H1, `##` sections that each end with a
`Sources:` line naming at least one page (a URL). Sections keep their Markdown; the app renders
it, the CLI prints it, and citations are found in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from quizapp.core.bank.documents import Document, document_from_text, normalise
from quizapp.core.bank.files import display_path
from quizapp.core.errors import Located
from quizapp.core.taxonomy import CCMA_DOMAINS, CLINICAL, CLINICAL_SUBDOMAINS

NOTES_FOLDER = "notes"
SOURCES_PREFIX = "Sources:"
_FRONT_KEYS = ("title", "domain", "subdomain")
_URL = re.compile(r"https?://\S+")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class NoteSection:
    heading: str
    anchor: str  # stable within its note: where "Read the note" opens
    body: str  # Markdown, `###` sub-headings included, the Sources line left out
    sources: str  # the Sources line without its prefix
    line: int


@dataclass(frozen=True)
class Note:
    name: str  # the file stem: `quizapp notes show NAME`, citations' notes/NAME.md
    file: str
    title: str
    domain: str
    subdomain: str | None
    intro: str
    sections: tuple[NoteSection, ...]
    source: str  # the whole Markdown file, as written

    @property
    def citation_source(self) -> str:
        return f"{NOTES_FOLDER}/{self.name}.md"

    def document(self) -> Document:
        """The note as a citation target: locators are looked up in its Markdown source."""
        return document_from_text(self.citation_source, self.source)


def note_files(bank_dir: Path) -> list[Path]:
    """Every note; files named in capitals (REVIEW.md, README.md) are the notes' paperwork."""
    folder = bank_dir / NOTES_FOLDER
    return sorted(p for p in folder.glob("*.md") if not p.stem.isupper())


def anchor_for(heading: str) -> str:
    words = re.sub(r"[^\w\s-]", "", heading.lower()).split()
    return "-".join(words) or "section"


def _front_matter(lines: list[str], file: str, problems: list[Located]) -> tuple[dict[str, str], int]:
    """The `key: value` block between two `---` lines, and the index of the first body line."""
    if not lines or lines[0].strip() != "---":
        problems.append(Located(file, 1, "a note starts with front matter between `---` lines "
                                         "(title, domain, and subdomain inside Clinical Patient Care)"))
        return {}, 0
    values: dict[str, str] = {}
    for index in range(1, len(lines)):
        line = lines[index]
        if line.strip() == "---":
            return values, index + 1
        text = re.sub(r"\s+#.*$", "", line).strip()
        if not text:
            continue
        key, colon, value = text.partition(":")
        key = key.strip()
        if not colon or key not in _FRONT_KEYS:
            problems.append(Located(file, index + 1, f"unknown front-matter line {line.strip()!r} "
                                                     f"(keys: {', '.join(_FRONT_KEYS)})"))
            continue
        values[key] = value.strip().strip('"')
    problems.append(Located(file, 1, "the front matter has no closing `---` line"))
    return values, len(lines)


def _check_place(values: dict[str, str], file: str, problems: list[Located]) -> tuple[str, str | None]:
    domain = values.get("domain", "")
    subdomain = values.get("subdomain") or None
    if not values.get("title"):
        problems.append(Located(file, 1, "the front matter needs a `title`"))
    if domain not in CCMA_DOMAINS:
        problems.append(Located(file, 1, f"`domain` must be a CCMA test-plan domain, not {domain!r}"))
    elif domain == CLINICAL and subdomain not in CLINICAL_SUBDOMAINS:
        problems.append(Located(file, 1, f"a Clinical Patient Care note needs a `subdomain` from the test plan "
                                         f"({', '.join(CLINICAL_SUBDOMAINS)})"))
    elif domain != CLINICAL and subdomain is not None:
        problems.append(Located(file, 1, "only Clinical Patient Care notes have a `subdomain`"))
    return domain, subdomain


def _section(heading: str, line: int, body_lines: list[str], file: str, problems: list[Located],
             anchors: set[str]) -> NoteSection:
    filled = [text for text in body_lines if text.strip()]
    last = filled[-1].strip() if filled else ""
    sources = ""
    if not last.startswith(SOURCES_PREFIX):
        problems.append(Located(file, line, f"section {heading!r} must end with a line that starts "
                                            f"`{SOURCES_PREFIX}` naming what it rests on"))
    else:
        sources = last[len(SOURCES_PREFIX):].strip()
        if not _URL.search(sources):
            problems.append(Located(file, line, f"the Sources line of section {heading!r} names no page (a URL)"))
        cut = max(i for i, text in enumerate(body_lines) if text.strip())
        body_lines = body_lines[:cut]
    anchor = base = anchor_for(heading)
    number = 2
    while anchor in anchors:
        anchor, number = f"{base}-{number}", number + 1
    anchors.add(anchor)
    return NoteSection(heading, anchor, "\n".join(body_lines).strip(), sources, line)


def read_note(path: Path) -> tuple[Note | None, list[Located]]:
    """One note and its problems; None when it cannot be read at all."""
    file = display_path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Located(file, None, "not UTF-8 text")]
    except OSError as exc:
        return None, [Located(file, None, f"cannot be read ({exc.strerror})")]
    problems: list[Located] = []
    lines = source.splitlines()
    values, start = _front_matter(lines, file, problems)
    domain, subdomain = _check_place(values, file, problems)

    title_lines: list[int] = []
    intro: list[str] = []
    sections: list[NoteSection] = []
    anchors: set[str] = set()
    current: tuple[str, int] | None = None
    body: list[str] = []
    in_fence = False
    for index in range(start, len(lines)):
        text = lines[index]
        if _FENCE.match(text):
            in_fence = not in_fence
        if not in_fence and text.startswith("# "):
            title_lines.append(index + 1)
            continue
        if not in_fence and text.startswith("## "):
            if current is not None:
                sections.append(_section(*current, body, file, problems, anchors))
            current, body = (text[3:].strip(), index + 1), []
            continue
        (body if current is not None else intro).append(text)
    if current is not None:
        sections.append(_section(*current, body, file, problems, anchors))
    if len(title_lines) != 1:
        where = title_lines[1] if len(title_lines) > 1 else None
        problems.append(Located(file, where, f"a note has exactly one `# ` title line, not {len(title_lines)}"))
    if not sections:
        problems.append(Located(file, None, "a note is organised in `## ` sections; this one has none"))
    note = Note(path.stem, file, values.get("title", path.stem), domain, subdomain, "\n".join(intro).strip(),
                tuple(sections), source)
    return note, problems


def read_notes(bank_dir: Path) -> tuple[list[Note], list[Located]]:
    notes: list[Note] = []
    problems: list[Located] = []
    for path in note_files(bank_dir):
        note, found = read_note(path)
        problems += found
        if note is not None:
            notes.append(note)
    return notes, problems


def section_of(note: Note, locator: str) -> NoteSection | None:
    """The section whose text holds `locator` (case and white space ignored), if any."""
    needle = normalise(locator)
    for section in note.sections:
        if needle in normalise(f"{section.heading}\n{section.body}\n{SOURCES_PREFIX} {section.sources}"):
            return section
    return None

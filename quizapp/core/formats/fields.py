"""Reading the app's own question fields (domain, difficulty, citations…) out of file text.

Every format carries these differently — CSV columns, Moodle tags, GIFT categories and comments,
JSON keys — but they must be checked the same way and fail with the same plain messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quizapp.core.questions import Citation
from quizapp.core.taxonomy import ALL_DOMAINS, CLINICAL, CLINICAL_SUBDOMAINS, match_name

DIFFICULTIES = (1, 2, 3)


class FieldError(ValueError):
    """A field's value is wrong; the message is meant for the instructor as it stands."""


@dataclass(frozen=True)
class Classification:
    domain: str | None = None
    subdomain: str | None = None
    topic: str | None = None


def _domain_list() -> str:
    return ", ".join(ALL_DOMAINS)


def _subdomain_list() -> str:
    return ", ".join(CLINICAL_SUBDOMAINS)


def resolve_domain(domain: str | None, subdomain: str | None) -> tuple[str | None, str | None]:
    """Canonical (domain, subdomain) names, forgiving case, spacing and `&`.

    A sub-domain alone implies Clinical Patient Care; a sub-domain named in the domain field is
    accepted as that sub-domain. Raises FieldError naming the valid names.
    """
    domain = (domain or "").strip() or None
    subdomain = (subdomain or "").strip() or None
    found_domain: str | None = None
    found_sub: str | None = None
    if domain is not None:
        found_domain, found_sub = match_name(domain)
        if found_domain is None:
            raise FieldError(f"unknown domain '{domain}'; the domains are: {_domain_list()}")
    if subdomain is not None:
        sub_domain, sub = match_name(subdomain)
        if sub is None:
            raise FieldError(
                f"unknown sub-domain '{subdomain}'; the sub-domains of {CLINICAL} are: "
                f"{_subdomain_list()}"
            )
        if found_domain not in (None, sub_domain):
            raise FieldError(f"sub-domain '{sub}' belongs to {CLINICAL}, not to {found_domain}")
        if found_sub not in (None, sub):
            raise FieldError(f"domain '{domain}' and sub-domain '{subdomain}' disagree")
        found_domain, found_sub = sub_domain, sub
    return found_domain, found_sub


def parse_difficulty(value: object) -> int | None:
    """1, 2 or 3 from an int or its text; empty means unknown. Raises FieldError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise FieldError("difficulty must be 1, 2 or 3")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 4:
        number = int(value.strip())
    else:
        raise FieldError(f"difficulty '{value}' must be 1, 2 or 3")
    if number not in DIFFICULTIES:
        raise FieldError(f"difficulty {number} must be 1, 2 or 3")
    return number


def make_citation(source: str, locator: str) -> Citation:
    """A citation from its two parts, both required. Raises FieldError."""
    if not source.strip() or not locator.strip():
        raise FieldError("a citation needs both a source document and a locator phrase")
    return Citation(source.strip(), locator.strip())


def parse_citation(text: str) -> Citation:
    """`source#locator` (the locator is a verbatim phrase of the source). Raises FieldError."""
    source, hash_sign, locator = text.partition("#")
    if not hash_sign or not source.strip() or not locator.strip():
        raise FieldError(f"citation '{text.strip()}' must have the form source#locator")
    return make_citation(source, locator)


def split_list(text: str) -> list[str]:
    """Items of a CSV list column: separated by `|`, where `\\|` is a `|` inside an item and
    `\\\\` a backslash (our exporter escapes both, so a locator holding `|` survives)."""
    items, current, chars = [], [], iter(text)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            current.append(following if following in "|\\" and following else char + following)
        elif char == "|":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def join_list(items: list[str]) -> str:
    """The inverse of split_list, for the exporter."""
    return "|".join(item.replace("\\", "\\\\").replace("|", "\\|") for item in items)


def parse_citation_list(text: str) -> tuple[Citation, ...]:
    """Citations separated by `|`, as the CSV column holds them."""
    return tuple(parse_citation(part) for part in split_list(text))


_CONTEXT_PART = re.compile(r"\$[a-z0-9_]*\$", re.I)
_PATH_SEPARATOR = re.compile(r"(?<!/)/(?!/)")


def category_parts(path: str) -> list[str]:
    """The names in a Moodle/GIFT category path, without `$course$`-style contexts and `top`.

    Moodle writes a `/` inside a name as `//`.
    """
    parts = [p.replace("//", "/").strip() for p in _PATH_SEPARATOR.split(path.strip())]
    parts = [p for p in parts if p and not _CONTEXT_PART.fullmatch(p)]
    if parts and parts[0].lower() == "top":
        parts = parts[1:]
    return parts


def classify_category(path: str) -> Classification:
    """Domain, sub-domain and topic from a category path such as `$course$/top/CCMA/Phlebotomy`.

    Any part naming a domain or sub-domain sets it; the last part is the topic unless it is
    itself a domain or sub-domain name (then the category says nothing finer).
    """
    domain = subdomain = topic = None
    parts = category_parts(path)
    for part in parts:
        found_domain, found_sub = match_name(part)
        if found_domain is not None:
            domain = found_domain
            subdomain = found_sub or (subdomain if domain == CLINICAL else None)
    if parts and match_name(parts[-1]) == (None, None):
        topic = parts[-1]
    return Classification(domain, subdomain, topic)


@dataclass
class TaggedFields:
    """Question fields carried as `name:value` tags (how the Moodle XML export keeps them)."""

    domain: str | None = None
    subdomain: str | None = None
    topic: str | None = None
    difficulty: int | None = None
    citations: list[Citation] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # field tags kept as plain tags, and why


_TAG_FIELD = re.compile(
    r"(domain|subdomain|sub-domain|topic|difficulty|source)\s*:\s*(.*)", re.I | re.S
)


def read_tags(tags: list[str]) -> TaggedFields:
    """Split field tags (`domain:…`, `subdomain:…`, `topic:…`, `difficulty:N`,
    `source:FILE#LOCATOR`) from ordinary tags.

    A tag is read as a field only where it is unambiguous: one that names no valid value
    (`difficulty:hard`), or that disagrees with another tag for the same field, stays an
    ordinary tag, and `notes` says why. Never raises.
    """
    fields = TaggedFields()
    found: dict[str, list[tuple[str, str]]] = {}
    for tag in tags:
        text = tag.strip()
        match = _TAG_FIELD.fullmatch(text)
        if match is None:
            if text:
                fields.tags.append(text)
            continue
        name = match.group(1).lower().replace("sub-domain", "subdomain")
        found.setdefault(name, []).append((text, match.group(2).strip()))

    def keep(entries: list[tuple[str, str]], reason: str) -> None:
        fields.tags.extend(text for text, _ in entries)
        names = " and ".join(f"'{text}'" for text, _ in entries)
        fields.notes.append(f"{'the tags' if len(entries) > 1 else 'the tag'} {names} "
                            f"{'are' if len(entries) > 1 else 'is'} kept as {'tags' if len(entries) > 1 else 'a tag'}: "
                            f"{reason}")

    def single(name: str) -> str | None:
        entries = found.get(name, [])
        if len({value for _, value in entries}) > 1:
            keep(entries, f"they name different values for the {name}")
            return None
        return entries[0][1] if entries else None

    topic, difficulty = single("topic"), single("difficulty")
    fields.topic = topic or None
    try:
        fields.difficulty = parse_difficulty(difficulty)
    except FieldError as exc:
        keep(found["difficulty"], str(exc))
    domain, subdomain = single("domain"), single("subdomain")
    try:
        fields.domain, fields.subdomain = resolve_domain(domain, subdomain)
    except FieldError as exc:
        keep(found.get("domain", []) + found.get("subdomain", []), str(exc))
    for text, value in found.get("source", []):
        try:
            fields.citations.append(parse_citation(value))
        except FieldError as exc:
            keep([(text, value)], str(exc))
    return fields

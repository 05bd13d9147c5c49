"""The one topic tree of the built-in sets (`question_bank/topics.toml`).

Practice by topic and "weakest topics" group answers by topic name across both built-in sets,
so a name must mean one place in the test plan: each topic is listed exactly once, under its
domain or (inside Clinical Patient Care) its sub-domain.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizapp.core.bank.files import display_path
from quizapp.core.errors import Located
from quizapp.core.taxonomy import ALL_DOMAINS, CLINICAL, CLINICAL_SUBDOMAINS

TOPICS_FILE = "topics.toml"
Place = tuple[str, str | None]  # (domain, sub-domain or None)


@dataclass(frozen=True)
class TopicTree:
    places: dict[str, Place]  # topic -> where it is listed

    def place_of(self, topic: str) -> Place | None:
        return self.places.get(topic)

    def topics_under(self, domain: str, subdomain: str | None) -> list[str]:
        return [t for t, place in self.places.items() if place == (domain, subdomain)]


def _line_of(text: str, topic: str) -> int | None:
    match = re.search(rf'^\s*"{re.escape(topic)}"\s*,?\s*(#.*)?$', text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _topic_list(value: Any) -> list[str] | None:
    if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
        return None
    return [t.strip() for t in value]


def read_topics(bank_dir: Path) -> tuple[TopicTree | None, list[Located]]:
    """The tree, or None when the bank has no topics.toml (a bank under construction, a test's
    small bank): then topics are free. The shipped bank has one (a test says so)."""
    path = bank_dir / TOPICS_FILE
    file = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        return None, []
    except (OSError, UnicodeDecodeError) as exc:
        return TopicTree({}), [Located(file, None, f"cannot be read ({exc})")]
    except tomllib.TOMLDecodeError as exc:
        return TopicTree({}), [Located(file, None, f"not valid TOML: {exc}")]

    problems: list[Located] = []
    places: dict[str, Place] = {}

    def add(topics: Any, place: Place) -> None:
        where = " / ".join(p for p in place if p)
        listed = _topic_list(topics)
        if listed is None:
            problems.append(Located(file, None, f"`topics` under {where} must be a list of names"))
            return
        for topic in listed:
            if topic in places:
                first = " / ".join(p for p in places[topic] if p)
                problems.append(Located(file, _line_of(text, topic),
                                        f"topic {topic!r} is listed twice (under {first} and {where}); "
                                        "a topic has one place"))
            else:
                places[topic] = place

    for domain, table in data.items():
        if domain not in ALL_DOMAINS or not isinstance(table, dict):
            problems.append(Located(file, None, f"unknown domain table {domain!r}; use the test plan's names"))
            continue
        for key, value in table.items():
            if key == "topics":
                if domain == CLINICAL:
                    problems.append(Located(file, None, "Clinical Patient Care topics go under their sub-domain"))
                else:
                    add(value, (domain, None))
            elif domain == CLINICAL and key in CLINICAL_SUBDOMAINS and isinstance(value, dict):
                add(value.get("topics"), (domain, key))
            else:
                problems.append(Located(file, None, f"unknown key {key!r} under {domain!r}"))
    return TopicTree(places), problems

"""Domain, sub-domain, difficulty, citation, category and tag fields shared by every format."""

from __future__ import annotations

import pytest

from quizapp.core.formats.fields import (
    Classification,
    FieldError,
    category_parts,
    classify_category,
    parse_citation,
    parse_difficulty,
    read_tags,
    resolve_domain,
)
from quizapp.core.questions import Citation


def test_domain_names_are_forgiving_about_case_spacing_and_ampersand():
    assert resolve_domain("medical  law & ethics", None) == ("Medical Law and Ethics", None)
    assert resolve_domain(None, "ekg & cardiovascular testing") == (
        "Clinical Patient Care",
        "EKG and Cardiovascular Testing",
    )
    assert resolve_domain("Phlebotomy", None) == ("Clinical Patient Care", "Phlebotomy")
    assert resolve_domain("", " ") == (None, None)


@pytest.mark.parametrize(
    ("domain", "subdomain", "needle"),
    [
        ("Radiology", None, "unknown domain 'Radiology'; the domains are: Foundational"),
        (None, "Radiology", "unknown sub-domain 'Radiology'; the sub-domains of Clinical"),
        ("Administrative Assisting", "Phlebotomy", "belongs to Clinical Patient Care"),
        ("Phlebotomy", "General Patient Care", "disagree"),
    ],
)
def test_bad_domains(domain, subdomain, needle):
    with pytest.raises(FieldError, match=needle):
        resolve_domain(domain, subdomain)


def test_difficulty():
    assert parse_difficulty(" 2 ") == 2
    assert parse_difficulty(3) == 3
    assert parse_difficulty("") is None
    for bad in ("0", "4", "hard", True, 2.5, "9" * 50):
        with pytest.raises(FieldError):
            parse_difficulty(bad)


def test_citation():
    assert parse_citation("cdc.pdf#at least 20 seconds #1") == Citation(
        "cdc.pdf", "at least 20 seconds #1"
    )
    for bad in ("cdc.pdf", "#phrase", "cdc.pdf#  "):
        with pytest.raises(FieldError):
            parse_citation(bad)


def test_category_parts_drop_contexts_and_top_and_unescape_slashes():
    assert category_parts("$course$/top/Spring 2025/Blood pressure//pulse") == [
        "Spring 2025",
        "Blood pressure/pulse",
    ]
    assert category_parts("$system$/top") == []


def test_classify_category():
    assert classify_category("$course$/top/CCMA/Anatomy and Physiology/Heart") == Classification(
        "Anatomy and Physiology", None, "Heart"
    )
    assert classify_category("CCMA/Clinical Patient Care/Phlebotomy") == Classification(
        "Clinical Patient Care", "Phlebotomy", None
    )
    assert classify_category("Week 3/Injections") == Classification(None, None, "Injections")


def test_tags_split_fields_from_ordinary_tags():
    fields = read_tags(
        ["Domain: Clinical Patient Care", "subdomain:Phlebotomy", "topic:Order of draw",
         "difficulty:3", "source:phleb.pdf#blood cultures first", "week-3", ""]
    )
    assert (fields.domain, fields.subdomain, fields.topic, fields.difficulty) == (
        "Clinical Patient Care", "Phlebotomy", "Order of draw", 3,
    )  # fmt: skip
    assert fields.citations == [Citation("phleb.pdf", "blood cultures first")]
    assert fields.tags == ["week-3"]

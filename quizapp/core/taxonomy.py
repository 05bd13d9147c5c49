"""The NHA CCMA test plan's domain and sub-domain names: the only names used anywhere."""

from __future__ import annotations

CLINICAL = "Clinical Patient Care"
CAREER = "Career and Credentialing"

CLINICAL_SUBDOMAINS: tuple[str, ...] = (
    "Patient Intake and Vitals",
    "General Patient Care",
    "Infection Control and Safety",
    "Point of Care Testing and Laboratory Procedures",
    "Phlebotomy",
    "EKG and Cardiovascular Testing",
)

# Test-plan order; Career and Credentialing is practice-only and comes last.
CCMA_DOMAINS: tuple[str, ...] = (
    "Foundational Knowledge and Basic Science",
    "Anatomy and Physiology",
    CLINICAL,
    "Patient Care Coordination and Education",
    "Administrative Assisting",
    "Communication and Customer Service",
    "Medical Law and Ethics",
)
ALL_DOMAINS: tuple[str, ...] = (*CCMA_DOMAINS, CAREER)

# Scored items per domain / sub-domain in the full CCMA (a 2022 job analysis).
TEST_PLAN_ITEMS: dict[str, int] = {
    "Foundational Knowledge and Basic Science": 15,
    "Anatomy and Physiology": 8,
    CLINICAL: 84,
    "Patient Care Coordination and Education": 12,
    "Administrative Assisting": 12,
    "Communication and Customer Service": 12,
    "Medical Law and Ethics": 7,
}
TEST_PLAN_SUBDOMAIN_ITEMS: dict[str, int] = {
    "Patient Intake and Vitals": 14,
    "General Patient Care": 28,
    "Infection Control and Safety": 15,
    "Point of Care Testing and Laboratory Procedures": 9,
    "Phlebotomy": 12,
    "EKG and Cardiovascular Testing": 6,
}


def _fold(name: str) -> str:
    return " ".join(name.replace("&", "and").lower().split())


_BY_FOLDED = {_fold(n): n for n in (*ALL_DOMAINS, *CLINICAL_SUBDOMAINS)}


def match_name(text: str) -> tuple[str | None, str | None]:
    """Map a free-text category (e.g. a Moodle category path part) to (domain, subdomain).

    Case, spacing and `&` vs `and` are forgiven; anything else gives (None, None).
    """
    name = _BY_FOLDED.get(_fold(text))
    if name is None:
        return None, None
    if name in CLINICAL_SUBDOMAINS:
        return CLINICAL, name
    return name, None

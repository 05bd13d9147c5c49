"""Who a pack is from, in words a student reads: the signer's short fingerprint and whether it
is the signer this computer pinned for the pack's name.

The first signed pack of a name pins its signer (trust on first use). A later pack of that name
from the same signer updates it; one from any other signer — or an unsigned one — is installed
beside it as a separate exam and marked "not from your instructor" everywhere it is shown.
"""

from __future__ import annotations

import hashlib

IMPORTED, ISSUED = "imported", "issued"  # ExamPack.role
PINNED, OTHER_SIGNER, UNSIGNED = "pinned", "other-signer", "unsigned"  # ExamPack.trust
NOT_FROM_INSTRUCTOR = "Not from your instructor"


def fingerprint(public_key_hex: str) -> str:
    """The full fingerprint: SHA-256 of the raw public key, hex."""
    return hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()


def short_fingerprint(public_key_hex: str) -> str:
    """Sixteen hex digits in four groups ("3F2A 91C0 77DE 0B14"): what an instructor reads out
    to a class and a student compares."""
    digits = fingerprint(public_key_hex)[:16].upper()
    return " ".join(digits[i:i + 4] for i in range(0, 16, 4))


def trust_note(trust: str, signer: str, pinned_signer: str | None, name: str) -> str:
    """One sentence for the import preview, the exam list and the results."""
    if trust == PINNED:
        return (f"Signed by {short_fingerprint(signer)} — the signer quizapp accepts for “{name}”. Check it is "
                "your instructor's.")
    if trust == OTHER_SIGNER:
        first = f" (“{name}” came from {short_fingerprint(pinned_signer)} first)" if pinned_signer else ""
        return (f"{NOT_FROM_INSTRUCTOR}: signed by {short_fingerprint(signer)}, another signer{first}; it is kept as a "
                "separate exam and changes nothing of the first")
    return (f"{NOT_FROM_INSTRUCTOR}: unsigned — made before packs were signed, or its signature was removed; quizapp "
            "cannot tell who made it")


def is_trusted(trust: str) -> bool:
    return trust == PINNED

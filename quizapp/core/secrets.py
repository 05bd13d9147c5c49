"""Passphrases and PINs, kept only as scrypt hashes (the standard library's `hashlib.scrypt`).

A stored hash names its parameters (`scrypt$n$r$p$salt$hash`, salt and hash in base64), so the
cost can rise later without breaking what is stored. Verifying takes about as long as hashing
(tens of milliseconds), which is what makes guessing slow.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

N, R, P = 2**14, 8, 1
_SALT_BYTES = 16
_KEY_BYTES = 32


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_secret(secret: str) -> str:
    salt = os.urandom(_SALT_BYTES)
    key = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=N, r=R, p=P, dklen=_KEY_BYTES)
    return f"scrypt${N}${R}${P}${_b64(salt)}${_b64(key)}"


def verify_secret(secret: str, stored: str) -> bool:
    """True when `secret` hashes to `stored`; False for anything else, a malformed hash included."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        found = hashlib.scrypt(secret.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                               dklen=len(expected), maxmem=256 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found, expected)

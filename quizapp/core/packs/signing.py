"""The instructor's signing key and Ed25519 signatures over exam packs (the `cryptography` library).

The private key lives in the instructor's data folder (`instructor-signing-key.json`), never in
the clear: it is encrypted with AES-256-GCM under a key derived from the instructor's passphrase
by scrypt (the standard library's `hashlib.scrypt`, n=2^15, r=8, p=1: about 32 MiB and a tenth of
a second per use, so guessing passphrases from a stolen file is slow). The public key is stored
beside it in the clear, so the app can show the fingerprint and recognise its own packs without
the passphrase. When the database gets an instructor passphrase (issue #22), the same passphrase
can protect this key.

A signature proves that whoever holds this key signed these exact bytes of template and
questions; it says nothing about who that person is — a student checks the fingerprint against
the one the instructor gives the class.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from quizapp.core.errors import UserError
from quizapp.core.formats.writers.files import write_atomically
from quizapp.core.packs.trust import short_fingerprint

KEY_FILE = "instructor-signing-key.json"
KEY_FORMAT = "quizapp-signing-key"
KEY_VERSION = 1
MIN_PASSPHRASE = 8
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
SCRYPT_MAXMEM = 64 * 1024 * 1024
ALGORITHM = "ed25519"


@dataclass(frozen=True)
class SignerInfo:
    """The instructor's key as the pack editor shows it; `exists` False before the first export."""

    exists: bool
    public_key: str = ""  # raw public key, hex

    @property
    def fingerprint(self) -> str:
        return short_fingerprint(self.public_key) if self.public_key else ""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text, validate=True)


def _kek(passphrase: str, salt: bytes) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                          maxmem=SCRYPT_MAXMEM, dklen=32)


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


class SigningKey:
    """The instructor's key file in a data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / KEY_FILE

    def _document(self) -> dict[str, Any] | None:
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            raise UserError("your signing key file cannot be read; restore it from a backup, or move it away to "
                            "start a new key (students' computers will then mark new packs of an old name as not "
                            "from you)", self.path) from None
        if not isinstance(document, dict) or document.get("format") != KEY_FORMAT:
            raise UserError("this is not a quizapp signing key file", self.path)
        if document.get("version") != KEY_VERSION:
            raise UserError("your signing key was written by a newer quizapp; update quizapp", self.path)
        return document

    def info(self) -> SignerInfo:
        document = self._document()
        if document is None:
            return SignerInfo(False)
        public = document.get("public_key")
        return SignerInfo(True, public if isinstance(public, str) else "")

    def create(self, passphrase: str) -> SignerInfo:
        """A new key, encrypted with `passphrase`; refuses to replace an existing one."""
        if self.path.exists():
            raise UserError("a signing key already exists in this data folder", self.path)
        if len(passphrase) < MIN_PASSPHRASE:
            raise UserError(f"choose a signing passphrase of at least {MIN_PASSPHRASE} characters")
        key = Ed25519PrivateKey.generate()
        raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        public = _raw_public(key.public_key())
        salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
        sealed = AESGCM(_kek(passphrase, salt)).encrypt(nonce, raw, public)
        document = {
            "format": KEY_FORMAT, "version": KEY_VERSION, "algorithm": ALGORITHM, "public_key": public.hex(),
            "kdf": {"name": "scrypt", "salt": _b64(salt), "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P},
            "cipher": "aes-256-gcm", "nonce": _b64(nonce), "private_key": _b64(sealed),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path, (json.dumps(document, indent=1) + "\n").encode("utf-8"))
        try:
            os.chmod(self.path, 0o600)
        except OSError:
            pass
        return SignerInfo(True, public.hex())

    def unlock(self, passphrase: str) -> Ed25519PrivateKey:
        """The private key; UserError for a wrong passphrase or a damaged file."""
        document = self._document()
        if document is None:
            raise UserError("there is no signing key yet; the first export creates one with your passphrase")
        try:
            kdf = document["kdf"]
            if kdf.get("name") != "scrypt":
                raise ValueError("unknown key derivation")
            public = bytes.fromhex(document["public_key"])
            kek = hashlib.scrypt(passphrase.encode("utf-8"), salt=_unb64(kdf["salt"]), n=int(kdf["n"]),
                                 r=int(kdf["r"]), p=int(kdf["p"]), maxmem=SCRYPT_MAXMEM, dklen=32)
            raw = AESGCM(kek).decrypt(_unb64(document["nonce"]), _unb64(document["private_key"]), public)
        except InvalidTag:
            raise UserError("that passphrase does not open your signing key") from None
        except (KeyError, TypeError, ValueError, AttributeError):
            raise UserError("your signing key file is damaged", self.path) from None
        key = Ed25519PrivateKey.from_private_bytes(raw)
        if _raw_public(key.public_key()) != public:
            raise UserError("your signing key file is damaged", self.path)
        return key

    def unlock_or_create(self, passphrase: str) -> Ed25519PrivateKey:
        if not self.path.exists():
            self.create(passphrase)
        return self.unlock(passphrase)


def public_hex(key: Ed25519PrivateKey) -> str:
    return _raw_public(key.public_key()).hex()


def sign(key: Ed25519PrivateKey, message: bytes) -> dict[str, str]:
    """The `signature` object a pack carries."""
    return {"algorithm": ALGORITHM, "public_key": public_hex(key), "value": _b64(key.sign(message))}


def verify(signature: Any, message: bytes) -> str:
    """The signer's public key (hex) when `signature` is a valid Ed25519 signature of `message`;
    ValueError saying what is wrong otherwise."""
    if not isinstance(signature, dict) or signature.get("algorithm") != ALGORITHM:
        raise ValueError("its signature is not an Ed25519 signature")
    try:
        public = bytes.fromhex(signature["public_key"])
        value = _unb64(signature["value"])
        Ed25519PublicKey.from_public_bytes(public).verify(value, message)
    except InvalidSignature:
        raise ValueError("its signature does not match its contents: it was changed after it was signed") from None
    except (KeyError, TypeError, ValueError):
        raise ValueError("its signature is unreadable") from None
    return public.hex()

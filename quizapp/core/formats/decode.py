"""Bytes → text for every import format.

Instructors' files come from Word, Excel, Moodle and Notepad: UTF-8 with or without a byte-order
mark, UTF-16 from "Unicode text" exports, and Windows-1252 from older Windows tools. The text is
returned with LF line endings so that every parser counts lines the same way.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass

from quizapp.core.formats.base import Problem

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its little-endian mark starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_XML_DECLARED_ENCODING = re.compile(
    rb"\A\s{0,100}<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z][A-Za-z0-9._:-]{0,40})[\"']"
)
# Declarations the byte-order-mark path or plain UTF-8 already covers.
_IGNORED_DECLARATIONS = ("utf-8", "utf8", "utf-16", "utf16", "utf-32", "utf32", "ucs-2", "ucs2")


class UndecodableText(Exception):
    """The bytes cannot be read as text; `problem` says why in words an instructor follows."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def _line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _strict(data: bytes, codec: str, label: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        # The offset is into the undecoded bytes, so this is exact for UTF-8 and near for others.
        raise UndecodableText(
            Problem(
                _line_of_offset(data, exc.start),
                f"the file says it is {label} but this line holds bytes that are not {label}",
            )
        ) from None


def _declared_xml_encoding(data: bytes) -> str | None:
    match = _XML_DECLARED_ENCODING.match(data)
    if match is None:
        return None
    name = match.group(1).decode("ascii").lower()
    if name.replace("_", "-").startswith(_IGNORED_DECLARATIONS):
        return None
    return name


def _decode_declared(data: bytes, name: str) -> str:
    """Decode with the encoding an XML declaration names, refusing codecs that are not text."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise UndecodableText(
            Problem(1, f"the file declares the encoding '{name}', which quizapp does not know")
        ) from None
    if not getattr(info, "_is_text_encoding", True):
        raise UndecodableText(
            Problem(1, f"the file declares the encoding '{name}', which is not a text encoding")
        )
    try:
        return data.decode(info.name)
    except UnicodeDecodeError as exc:
        raise UndecodableText(
            Problem(
                _line_of_offset(data, exc.start),
                f"the file declares the encoding '{name}' but this line is not in it",
            )
        ) from None
    except Exception:  # a codec's own bug must not escape as a crash
        raise UndecodableText(
            Problem(1, f"the file declares the encoding '{name}', which quizapp cannot read")
        ) from None


def _windows_1252(data: bytes) -> DecodedText:
    try:
        text = data.decode("cp1252")
        note = ""
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        note = "; some bytes fit no character and are shown as �"
    warning = (
        "the file is not UTF-8, so it was read as Windows-1252 (Western European)"
        f"{note}. Check accented letters and symbols, or save the file as UTF-8"
    )
    return DecodedText(text, "windows-1252", (warning,))


def decode_bytes(data: bytes) -> DecodedText:
    """The text of `data`, with LF line endings and without a byte-order mark.

    Raises UndecodableText when no reading makes sense (a broken UTF-16 file, NUL bytes).
    """
    decoded: DecodedText | None = None
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            decoded = DecodedText(_strict(data[len(bom) :], codec, label), codec)
            break
    if decoded is None:
        # Valid UTF-8 with accents is almost never another encoding by accident, so it wins
        # even over an XML declaration (Moodle writes UTF-8; hand-edited declarations lie).
        try:
            decoded = DecodedText(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            declared = _declared_xml_encoding(data)
            if declared is not None:
                decoded = DecodedText(_decode_declared(data, declared), declared)
            else:
                decoded = _windows_1252(data)
    text = _normalise(decoded.text)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise UndecodableText(
            Problem(
                line,
                "the file contains NUL characters: it is a binary file, or UTF-16 saved without "
                "a byte-order mark. Save it as UTF-8 text",
            )
        )
    return DecodedText(text, decoded.encoding, decoded.warnings)


def iter_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) for LF text, one at a time: a parser that stops early (at the
    question limit) never pays for splitting a 50 MB file into millions of strings."""
    start, number = 0, 1
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield number, text[start:]
            return
        yield number, text[start:end]
        start, number = end + 1, number + 1

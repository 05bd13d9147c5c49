"""Bytes → text: the encodings instructors' tools write, and the ones that must fail cleanly."""

from __future__ import annotations

import codecs

import pytest

from quizapp.core.formats.decode import UndecodableText, decode_bytes

TEXT = "Fièvre: 38,5 °C — prise de sang\nLine two\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16"),  # Python writes the byte-order mark itself
        codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"),
    ],
)
def test_unicode_encodings_decode_without_warnings(data):
    decoded = decode_bytes(data)
    assert decoded.text == TEXT
    assert decoded.warnings == ()


def test_windows_1252_falls_back_with_a_warning():
    decoded = decode_bytes("Temperature 98.6°F – “normal”".encode("cp1252"))
    assert decoded.text == "Temperature 98.6°F – “normal”"
    assert decoded.encoding == "windows-1252"
    assert "Windows-1252" in decoded.warnings[0]


def test_bytes_undefined_in_windows_1252_are_replaced_not_raised():
    decoded = decode_bytes(b"caf\xe9 \x81 \x8d")
    assert "�" in decoded.text and "café" in decoded.text
    assert "fit no character" in decoded.warnings[0]


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\n"])
def test_line_endings_become_lf(ending):
    assert decode_bytes(f"a{ending}b{ending}".encode()).text == "a\nb\n"


def test_broken_utf8_after_a_bom_names_its_line():
    with pytest.raises(UndecodableText) as caught:
        decode_bytes(codecs.BOM_UTF8 + b"ok\nok\nbad \xff here\n")
    assert caught.value.problem.line == 3
    assert "UTF-8" in caught.value.problem.message


def test_utf16_without_bom_is_reported_as_nul_characters():
    with pytest.raises(UndecodableText) as caught:
        decode_bytes("Which vein?".encode("utf-16-le"))
    assert "NUL" in caught.value.problem.message


def test_utf8_wins_over_a_wrong_declaration():
    data = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<quiz>Fièvre</quiz>'.encode()
    assert "Fièvre" in decode_bytes(data).text


def test_xml_declared_encoding_is_honoured():
    data = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<quiz>Fièvre</quiz>'.encode("latin-1")
    decoded = decode_bytes(data)
    assert "Fièvre" in decoded.text and decoded.warnings == ()


@pytest.mark.parametrize("name", ["made-up-encoding", "base64", "rot13", "zlib"])
def test_absurd_declared_encodings_are_refused_cleanly(name):
    data = f'<?xml version="1.0" encoding="{name}"?>\n<quiz>caf\xe9</quiz>'.encode("latin-1")
    with pytest.raises(UndecodableText) as caught:
        decode_bytes(data)
    assert name in caught.value.problem.message

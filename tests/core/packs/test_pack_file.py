"""The pack file alone (no database): written, read back, and every kind of damage refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from quizapp.core.errors import UserError
from quizapp.core.exam.pack_draw import pack_order
from quizapp.core.formats.writers import question_object
from quizapp.core.packs.draw import PoolRow, choose
from quizapp.core.packs.pack_file import (
    PACK_FORMAT,
    PackError,
    looks_like_pack,
    pack_digest,
    read_pack,
    render_pack,
    signed_message,
)
from quizapp.core.packs.signing import public_hex, sign
from quizapp.core.packs.template import PackTemplate
from quizapp.core.questions import Choice, Media, QuestionData

WHEN = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
QUESTIONS = [
    QuestionData(stem=f"Question {i}: which is right?", choices=(Choice("Right", True, "Yes"), Choice("Wrong", False)),
                 ext_id=f"builtin/Q-{i}", domain="Medical Law and Ethics", topic="HIPAA", difficulty=2)
    for i in range(3)
] + [QuestionData(stem="<p>Pick both</p>", choices=(Choice("A", True), Choice("B", True), Choice("C", False)),
                  kind="multiple", ext_id="lab/M-1", text_format="html",
                  media=(Media("x.png", "image/png", b"\x89PNG\r\n\x1a\n"),))]
TEMPLATE = PackTemplate.create("Midterm: Law & ethics", 45, 0.75, {"medical law and ethics": 3, "Phlebotomy": 1})


INSTRUCTOR = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
STUDENT = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))


def pack_text() -> str:
    return render_pack(TEMPLATE, QUESTIONS, WHEN, INSTRUCTOR)


def legacy_pack_text() -> str:
    """A pack exactly as quizapp wrote them before signatures (version 1, a plain checksum)."""
    pack = {"slug": TEMPLATE.slug, "name": TEMPLATE.name, "minutes": TEMPLATE.minutes, "pass_mark": TEMPLATE.pass_mark,
            "pass_mark_by": "instructor", "selection": {"by": TEMPLATE.by, "counts": dict(TEMPLATE.counts)}}
    items = [question_object(q) for q in QUESTIONS]
    document = {"format": PACK_FORMAT, "version": 1, "app_version": "0.1.0", "created_at": WHEN.isoformat(),
                "pack": pack, "questions": items, "sha256": pack_digest(pack, items)}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def test_a_pack_reads_back_in_full() -> None:
    text = pack_text()
    assert looks_like_pack(text)
    content = read_pack(text)
    assert (content.slug, content.name, content.minutes, content.pass_mark) == (
        "midterm-law-ethics", "Midterm: Law & ethics", 45, 0.75)
    assert content.counts == (("Medical Law and Ethics", 3), ("Phlebotomy", 1)) and content.selection_by == "domain"
    assert content.questions == tuple(QUESTIONS) and content.created_at == WHEN.isoformat()
    document = json.loads(text)
    assert document["format"] == PACK_FORMAT and document["version"] == 2
    assert document["pack"]["pass_mark_by"] == "instructor"
    assert content.signer == public_hex(INSTRUCTOR) and content.version == WHEN
    assert document["signature"]["algorithm"] == "ed25519"


def test_a_pack_from_before_signatures_still_reads_as_unsigned() -> None:
    content = read_pack(legacy_pack_text())
    assert content.signer == "" and content.name == TEMPLATE.name and len(content.questions) == 4


def _edited(change) -> str:  # type: ignore[no-untyped-def]
    document = json.loads(pack_text())
    change(document)
    return json.dumps(document)


@pytest.mark.parametrize(("text", "message"), [
    (pack_text()[: len(pack_text()) // 2], "the exam pack is damaged \\(it is not complete JSON\\)"),
    (pack_text().replace("Question 1", "Question one"), "do not match its checksum"),
    (_edited(lambda d: d.update(version=3, app_version="9.0")), "made by a newer quizapp \\(quizapp 9.0\\) and uses "
                                                                 "pack version 3"),
    (_edited(lambda d: d.update(version="1")), "its version is missing"),
    (_edited(lambda d: d.pop("questions")), "its template or its questions are missing"),
    (_edited(lambda d: d.update(format="quizapp-questions")), "not a quizapp exam pack"),
    ("\x00\x01 not json", "not complete JSON"),
])
def test_damage_and_newer_versions_are_refused_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(PackError, match=message):
        read_pack(text)


def _resealed(change) -> str:  # type: ignore[no-untyped-def]
    """An edit that also fixes the checksum, so the deeper checks are what refuse it."""
    document = json.loads(pack_text())
    change(document)
    document["sha256"] = pack_digest(document["pack"], document["questions"])
    return json.dumps(document)


def _signed_by(key: Ed25519PrivateKey, change) -> str:  # type: ignore[no-untyped-def]
    """An edit sealed again and signed with `key`: what a student with their own key can make."""
    document = json.loads(pack_text())
    change(document)
    document["sha256"] = pack_digest(document["pack"], document["questions"])
    document["signature"] = sign(key, signed_message(document))
    return json.dumps(document)


@pytest.mark.parametrize(("text", "message"), [
    (_signed_by(INSTRUCTOR, lambda d: d["questions"][0]["choices"][0].update(correct=False)),
     "no option is marked correct"),
    (_signed_by(INSTRUCTOR, lambda d: d["questions"].append(d["questions"][0])), "named twice"),
    (_signed_by(INSTRUCTOR, lambda d: d.update(questions=[])), "it holds 0 questions"),
    (_signed_by(INSTRUCTOR, lambda d: d["pack"].update(minutes=0)), "its time limit is not valid"),
    (_signed_by(INSTRUCTOR, lambda d: d["pack"].update(pass_mark=70)), "its pass mark is not a percent from 1 to 100"),
    (_signed_by(INSTRUCTOR, lambda d: d["pack"].update(slug="Not a slug")), "short name is not valid"),
])
def test_a_sealed_but_unusable_pack_is_refused(text: str, message: str) -> None:
    with pytest.raises(PackError, match=message) as caught:
        read_pack(text)
    assert "nothing was imported" in caught.value.message


def _rekey(document: dict) -> None:  # type: ignore[type-arg]
    for question in document["questions"]:
        for choice in question["choices"]:
            choice["correct"] = not choice["correct"]


def test_an_edited_pack_fails_its_signature_and_a_re_signed_one_names_another_signer() -> None:
    """Issue #24, case 7: the checksum is a plain sha256 anyone recomputes; the signature is not."""
    with pytest.raises(PackError, match="signature does not match its contents"):
        read_pack(_resealed(_rekey))
    forged = read_pack(_signed_by(STUDENT, _rekey))
    assert forged.signer == public_hex(STUDENT) != public_hex(INSTRUCTOR)
    with pytest.raises(PackError, match="signature is missing"):
        read_pack(_resealed(lambda d: d.pop("signature")))
    stripped = _resealed(lambda d: (d.pop("signature"), d.update(version=1)))
    assert read_pack(stripped).signer == ""  # unsigned: marked "not from your instructor" where installed


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["pack"]["selection"]["counts"].update({"Medical Law and Ethics": 9}), "asks for 10 items but it "
                                                                                       "holds 4 questions"),
    (lambda d: d["pack"].update(pass_mark=1e-300), "its pass mark is not a percent from 1 to 100"),
    (lambda d: d["pack"].update(pass_mark="NOT-A-NUMBER"), "NaN"),
    (lambda d: d["pack"].update(minutes="NOT-A-NUMBER"), "Infinity"),
])
def test_a_signed_pack_with_an_impossible_template_is_refused(change, message: str) -> None:  # type: ignore[no-untyped-def]
    """Issue #24, case 9 and case 5: a signature makes nothing valid that is not; NaN and
    Infinity are not numbers."""
    text = _signed_by(INSTRUCTOR, change).replace('"NOT-A-NUMBER"', message)
    with pytest.raises(PackError, match=message):
        read_pack(text)


def test_only_a_pack_looks_like_a_pack() -> None:
    assert not looks_like_pack('{"format": "quizapp-questions", "version": 1, "questions": []}')
    assert not looks_like_pack("::Q:: GIFT with \"format\": \"quizapp-exam-pack\" {=a ~b}")
    assert looks_like_pack('\ufeff  {"version": 7, "format" : "quizapp-exam-pack", "pack": ')


def test_templates_are_checked_with_plain_messages() -> None:
    assert TEMPLATE.slug == "midterm-law-ethics" and TEMPLATE.items == 4
    for kwargs, message in [
        ({"name": " "}, "give the exam pack a name"),
        ({"minutes": 0}, "whole number of minutes"),
        ({"pass_mark": 70}, "a percent from 1 to 100"),
        ({"pass_mark": 1e-300}, "a percent from 1 to 100"),
        ({"counts": {"Cardiology": 2}}, "unknown domain 'Cardiology'"),
        ({"counts": {"Phlebotomy": 0}}, "at least one item"),
        ({"counts": {"Phlebotomy": 1, "phlebotomy": 2}}, "named twice"),
        ({"counts": {"Phlebotomy": 2000}}, "at most 1000 items"),
    ]:
        args = {"name": "X", "minutes": 30, "pass_mark": 0.7, "counts": {"Phlebotomy": 1}, **kwargs}
        with pytest.raises(UserError, match=message):
            PackTemplate.create(**args)  # type: ignore[arg-type]


def test_choose_fills_sub_domains_before_their_domain_and_names_every_shortfall() -> None:
    rows = [PoolRow(i, "builtin", f"p{i}", "Clinical Patient Care", "Phlebotomy") for i in range(3)] + \
           [PoolRow(10 + i, "builtin", f"v{i}", "Clinical Patient Care", "Patient Intake and Vitals") for i in range(2)]
    template = PackTemplate.create("T", 10, 0.5, {"Clinical Patient Care": 2, "Phlebotomy": 3})
    chosen = choose(rows, template, seed=1)
    assert sorted(r.question_id for r in chosen) == [0, 1, 2, 10, 11]
    assert {r.subdomain for r in chosen[:2]} == {"Patient Intake and Vitals"}  # the template's order
    short = PackTemplate.create("T", 10, 0.5, {"Clinical Patient Care": 3, "Phlebotomy": 4})
    with pytest.raises(UserError, match="Phlebotomy: 4 wanted, 3 available"):
        choose(rows, short, seed=1)
    by_set = PackTemplate.create("T", 10, 0.5, {"builtin": 5, "lab": 1}, by="set")
    with pytest.raises(UserError, match="cannot fill this pack — lab: 1 wanted, 0 available"):
        choose(rows, by_set, seed=1)


def test_pack_order_never_repeats_an_earlier_order_while_it_can() -> None:
    ids = [5, 6, 7, 8]
    first = pack_order(ids, seed=3)
    assert sorted(first) == ids and pack_order(ids, seed=3) == first
    second = pack_order(ids, seed=3, earlier={tuple(first)})
    assert sorted(second) == ids and second != first
    assert pack_order([9], seed=3, earlier={(9,)}) == [9]

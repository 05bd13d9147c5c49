"""Two built-in sets in one pipeline: CCMA Essentials beside the career-guide bank, its notes,
topics and diagrams, each rule checked with a small bank of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from quizapp.core.bank.load import load_bank
from quizapp.core.bank.service import BankService
from quizapp.core.bank.stats import bank_stats
from quizapp.core.clock import FakeClock
from quizapp.core.datafiles import question_bank_dir
from quizapp.core.db.engine import open_database
from quizapp.core.db.models import Note, Question, QuestionMedia, QuestionSet
from tests.helpers.bank import make_bank, question, render_file

NOTE = """---
title: Phlebotomy
domain: Clinical Patient Care
subdomain: Phlebotomy          # only inside Clinical Patient Care
---
# Phlebotomy

What a venipuncture needs, in order.

## Order of draw
Blood culture bottles are filled before any tube, so that no additive from a tube reaches them.
Then light blue citrate tubes, then serum tubes.

Sources: A lab manual, order of draw, 2024, https://example.org/order-of-draw

## Tourniquet
Release the tourniquet within one minute of applying it.

### Why
Longer changes the sample.

Sources: Another manual, https://example.org/tourniquet
"""
ESS_LOCATOR = "Blood culture bottles are filled before any tube"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082")


def ess_question(qid: str, **overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "topic": "Order of draw",
        "stem": f"{qid}: which is collected first in the order of draw?",
        "options": ["Blood culture", "Light blue citrate", "Lavender EDTA", "Gray fluoride"],
        "rationale": "Culture bottles come first so no tube additive reaches them.",
        "citations": [{"source": "notes/phlebotomy.md", "locator": ESS_LOCATOR}],
    }
    base.update(overrides)
    return question(qid, **base)


def essentials_file(*questions: dict[str, object]) -> str:
    return render_file(list(questions), domain="Clinical Patient Care", subdomain="Phlebotomy")


def bank_with(tmp_path: Path, *ess: dict[str, object], note: str = NOTE, topics: str | bool = True,
              media: dict[str, bytes] | None = None, career: list[dict[str, object]] | None = None) -> Path:
    return make_bank(tmp_path, {"vitals.toml": render_file(career or [question("v-1")])},
                     essentials={"phlebotomy.toml": essentials_file(*(ess or (ess_question("ess-phleb-001"),)))},
                     notes={"phlebotomy.md": note}, media=media, topics=topics)


def messages(bank_dir: Path, *, review: bool = False) -> list[str]:
    return [str(p) for p in load_bank(bank_dir, review=review).problems]


def test_both_sets_load_from_their_folders(tmp_path: Path) -> None:
    bank = load_bank(bank_with(tmp_path), review=True)
    assert bank.problems == []
    assert [(q.set_slug, q.id) for q in bank.questions] == [("builtin", "v-1"), ("essentials", "ess-phleb-001")]
    stats = bank_stats(bank)
    assert stats["by_set"] == {"builtin": 1, "essentials": 1}
    assert stats["by_source"] == {"guide.txt": 1, "notes/phlebotomy.md": 1}
    only = bank_stats(bank, "essentials")
    assert only["questions"] == 1 and only["by_set"] == {"essentials": 1}
    assert only["by_subdomain"] == {"Phlebotomy": 1}


def test_a_note_is_split_into_sections_with_anchors_and_sources(tmp_path: Path) -> None:
    note = load_bank(bank_with(tmp_path)).notes[0]
    assert (note.name, note.title, note.domain, note.subdomain) == ("phlebotomy", "Phlebotomy",
                                                                    "Clinical Patient Care", "Phlebotomy")
    assert note.intro == "What a venipuncture needs, in order."
    assert [(s.heading, s.anchor) for s in note.sections] == [("Order of draw", "order-of-draw"),
                                                             ("Tourniquet", "tourniquet")]
    assert note.sections[1].body.endswith("Longer changes the sample.")  # ### belongs to its ## section
    assert "Sources:" not in note.sections[1].body
    assert note.sections[0].sources == "A lab manual, order of draw, 2024, https://example.org/order-of-draw"


def test_a_section_without_a_sources_line_is_refused(tmp_path: Path) -> None:
    note = NOTE.replace("Sources: Another manual, https://example.org/tourniquet\n", "")
    found = messages(bank_with(tmp_path, note=note))
    assert any("notes/phlebotomy.md:" in m and "section 'Tourniquet' must end with a line that starts `Sources:`" in m
               for m in found), found


def test_a_sources_line_without_a_page_is_refused(tmp_path: Path) -> None:
    note = NOTE.replace("Sources: Another manual, https://example.org/tourniquet", "Sources: Another manual, 2020")
    assert any("names no page (a URL)" in m for m in messages(bank_with(tmp_path, note=note)))


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("subdomain: Phlebotomy          # only inside Clinical Patient Care\n", "", "needs a `subdomain`"),
    ("domain: Clinical Patient Care", "domain: Career and Credentialing", "must be a CCMA test-plan domain"),
    ("title: Phlebotomy\n", "", "needs a `title`"),
    ("# Phlebotomy\n", "# Phlebotomy\n# Again\n", "exactly one `# ` title line"),
    ("---\ntitle", "title", "starts with front matter"),
])
def test_front_matter_and_title_rules(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert any(expected in m for m in messages(bank_with(tmp_path, note=NOTE.replace(old, new, 1))))


def test_a_locator_that_is_not_in_its_note_is_refused_without_documents(tmp_path: Path) -> None:
    cite = [{"source": "notes/phlebotomy.md", "locator": "bottles are drawn last of all tubes"}]
    found = messages(bank_with(tmp_path, ess_question("ess-phleb-001", citations=cite)))
    assert any("phlebotomy.toml:" in m and "locator not found in notes/phlebotomy.md" in m for m in found), found


@pytest.mark.parametrize(("locator", "expected"), [
    ("Release the tourniquet", "locator has 3 words"),
    ("then serum tubes", "locator has 3 words"),
    ("one two three four five six seven eight nine ten eleven twelve thirteen", "has 13 words"),
])
def test_locator_length_rules_hold_for_notes(tmp_path: Path, locator: str, expected: str) -> None:
    cite = [{"source": "notes/phlebotomy.md", "locator": locator}]
    assert any(expected in m for m in messages(bank_with(tmp_path, ess_question("ess-phleb-001", citations=cite))))


def test_an_essentials_question_cites_a_note_not_a_document(tmp_path: Path) -> None:
    cite = [{"source": "guide.txt", "locator": "assistants measure blood pressure with a cuff"}]
    found = messages(bank_with(tmp_path, ess_question("ess-phleb-001", citations=cite)))
    assert any("guide.txt is not a note" in m for m in found)
    cite = [{"source": "notes/missing.md", "locator": ESS_LOCATOR}]
    assert any("notes/missing.md is not a note" in m
               for m in messages(bank_with(tmp_path / "b", ess_question("ess-phleb-001", citations=cite))))


def test_essentials_ids_are_unique_in_their_set_and_start_with_ess(tmp_path: Path) -> None:
    found = messages(bank_with(tmp_path, ess_question("ess-phleb-001"),
                               ess_question("ess-phleb-001", stem="Which tube follows the culture bottles?"),
                               ess_question("phleb-003", stem="Which tube is drawn with the gray top?")))
    assert sum("duplicate id 'ess-phleb-001'" in m for m in found) == 1
    assert any("ids in CCMA Essentials start with 'ess-': 'phleb-003'" in m for m in found)
    # The same id in both sets is no clash: ids are unique within their set.
    clash = bank_with(tmp_path / "b", ess_question("ess-x"), career=[question("ess-x")])
    assert not any("duplicate id" in m for m in messages(clash))


def test_media_needs_alt_text_and_a_file_in_the_bank(tmp_path: Path) -> None:
    without_alt = messages(bank_with(tmp_path, ess_question("ess-phleb-001", media="media/tubes.png"),
                                     media={"tubes.png": PNG}))
    assert any("an image needs `media_alt`" in m for m in without_alt)
    missing = messages(bank_with(tmp_path / "b", ess_question("ess-phleb-001", media="media/none.png",
                                                             media_alt="A chart of tubes")))
    assert any("the image media/none.png is not in the bank" in m for m in missing)
    outside = messages(bank_with(tmp_path / "c", ess_question("ess-phleb-001", media="../secret.png",
                                                             media_alt="x")))
    assert any("PNG or SVG file in the bank's media/ folder" in m for m in outside)
    alt_alone = messages(bank_with(tmp_path / "d", ess_question("ess-phleb-001", media_alt="A chart")))
    assert any("this question has no `media`" in m for m in alt_alone)


def test_media_is_installed_with_its_alt_text(tmp_path: Path) -> None:
    bank_dir = bank_with(tmp_path, ess_question("ess-phleb-001", media="media/tubes.png", media_alt="Four tubes"),
                         media={"tubes.png": PNG})
    assert load_bank(bank_dir).problems == []
    db = open_database(tmp_path / "data", FakeClock().now())
    BankService(db.sessions, FakeClock(), bank_dir).ensure_installed()
    with db.sessions() as session:
        media = session.scalars(select(QuestionMedia)).one()
        assert (media.name, media.mime, media.alt, media.data) == ("tubes.png", "image/png", "Four tubes", PNG)
    db.dispose()


def test_topics_must_be_listed_under_their_own_place(tmp_path: Path) -> None:
    tree = '["Clinical Patient Care"."Phlebotomy"]\ntopics = ["Order of draw"]\n'
    found = messages(bank_with(tmp_path, topics=tree))
    assert any("vitals.toml:" in m and "topic 'Vital signs' is not listed under Clinical Patient Care / "
               "Patient Intake and Vitals" in m for m in found), found
    elsewhere = tree + '["Clinical Patient Care"."Patient Intake and Vitals"]\ntopics = []\n' \
        '["Medical Law and Ethics"]\ntopics = ["Vital signs"]\n'
    assert any("is listed under Medical Law and Ethics in topics.toml, not Clinical Patient Care" in m
               for m in messages(bank_with(tmp_path / "b", topics=elsewhere)))
    twice = tree + '["Clinical Patient Care"."Patient Intake and Vitals"]\ntopics = ["Vital signs", "Order of draw"]\n'
    assert any("topic 'Order of draw' is listed twice" in m for m in messages(bank_with(tmp_path / "c", topics=twice)))


def test_an_option_named_by_position_is_reported_by_check_only(tmp_path: Path) -> None:
    bank_dir = bank_with(tmp_path, ess_question("ess-phleb-001", rationale="Option B reverses the order."),
                         career=[question("v-1", rationale="The last two answers are provider tasks.")])
    assert messages(bank_dir) == []
    found = messages(bank_dir, review=True)
    assert any("phlebotomy.toml:" in m and "'Option B'" in m for m in found)
    assert any("vitals.toml:" in m and "'last two answers'" in m for m in found)


def test_the_allow_list_names_questions_by_set(tmp_path: Path) -> None:
    stem = "Which tube is drawn first of all when blood cultures are ordered with other tests today?"
    bank_dir = bank_with(tmp_path, ess_question("ess-1", stem=stem), ess_question("ess-2", stem=stem + " "))
    assert any("near-duplicate of 'essentials/ess-1'" in m for m in messages(bank_dir, review=True))
    (bank_dir / "similar_allow.toml").write_text('[[pair]]\na = "essentials/ess-1"\nb = "essentials/ess-2"\n'
                                                 'reason = "test"\n')
    assert messages(bank_dir, review=True) == []


def test_editing_a_note_upgrades_the_installed_sets(tmp_path: Path) -> None:
    bank_dir = bank_with(tmp_path)
    db = open_database(tmp_path / "data", FakeClock().now())
    service = BankService(db.sessions, FakeClock(), bank_dir)
    service.ensure_installed()
    assert service.ensure_installed() is None  # nothing changed, nothing to do
    note = bank_dir / "notes" / "phlebotomy.md"
    note.write_text(note.read_text().replace("within one minute", "within 60 seconds"))
    assert service.needs_install()
    report = service.ensure_installed()
    assert report is not None and report.added == [] and report.unchanged == 2
    with db.sessions() as session:
        stored = session.scalars(select(Note)).one()
        assert "within 60 seconds" in stored.sections[1].body
        sets = {s.slug: (s.name, s.enabled) for s in session.scalars(select(QuestionSet))}
        assert sets == {"builtin": ("Career-guide bank", True), "essentials": ("CCMA Essentials", True)}
        assert session.scalar(select(Question.ext_id).join(QuestionSet).where(QuestionSet.slug == "essentials")) \
            == "ess-phleb-001"
    # An edited image upgrades too.
    (bank_dir / "media").mkdir()
    (bank_dir / "media" / "new.png").write_bytes(PNG)
    assert service.needs_install()
    db.dispose()


def test_the_shipped_bank_has_a_topic_tree_and_passes_its_own_checks() -> None:
    bank_dir = question_bank_dir()
    assert (bank_dir / "topics.toml").is_file()
    bank = load_bank(bank_dir, review=True)
    assert bank.topics is not None and bank.problems == []

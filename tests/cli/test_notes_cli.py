"""`quizapp notes`, `notes show`, `bank stats --set` and the reserved built-in slugs, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.core.datafiles import BANK_DIR_ENV
from tests.core.bank.test_builtin_sets import NOTE, bank_with
from tests.helpers.bank import DOCS_DIR

DATA = Path(__file__).resolve().parents[1] / "data" / "formats"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def bank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = bank_with(tmp_path)
    monkeypatch.setenv(BANK_DIR_ENV, str(folder))
    return folder


def test_notes_lists_the_installed_notes(capsys, bank: Path, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "--data-dir", str(tmp_path / "d"), "notes", "--json")
    assert code == 0
    assert json.loads(out) == {"notes": [{"name": "phlebotomy", "title": "Phlebotomy",
                                          "domain": "Clinical Patient Care", "subdomain": "Phlebotomy",
                                          "sections": 2}]}
    code, out, _ = run(capsys, "--data-dir", str(tmp_path / "d"), "notes")
    assert code == 0 and "phlebotomy  Phlebotomy (2 sections)" in out


def test_notes_show_prints_the_note_as_text(capsys, bank: Path, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "--data-dir", str(tmp_path / "d"), "notes", "show", "phlebotomy")
    assert code == 0
    assert out.startswith("Phlebotomy\n==========\nClinical Patient Care / Phlebotomy\n")
    assert "Order of draw\n-------------\nBlood culture bottles are filled before any tube" in out
    assert "Sources: A lab manual, order of draw, 2024, https://example.org/order-of-draw" in out
    assert "###" not in out and "Why\nLonger changes the sample." in out


def test_notes_show_of_an_unknown_note_exits_1_naming_the_notes(capsys, bank: Path, tmp_path: Path) -> None:
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "d"), "notes", "show", "ekg", "--json")
    assert code == 1
    assert json.loads(out)["error"]["message"] == "there is no study note 'ekg' (notes: phlebotomy)"
    assert "there is no study note 'ekg'" in err


def test_an_edited_note_reaches_the_cli_on_the_next_command(capsys, bank: Path, tmp_path: Path) -> None:
    run(capsys, "--data-dir", str(tmp_path / "d"), "notes")
    (bank / "notes" / "phlebotomy.md").write_text(NOTE.replace("within one minute", "within sixty seconds"))
    _, out, _ = run(capsys, "--data-dir", str(tmp_path / "d"), "notes", "show", "phlebotomy")
    assert "within sixty seconds" in out


def test_bank_stats_for_one_set(capsys, bank: Path) -> None:
    code, out, _ = run(capsys, "bank", "stats", "--set", "essentials", "--json")
    payload = json.loads(out)
    assert code == 0 and payload["questions"] == 1 and payload["by_set"] == {"essentials": 1}
    assert payload["by_source"] == {"notes/phlebotomy.md": 1} and payload["with_media"] == 0
    code, out, err = run(capsys, "bank", "stats", "--set", "nope", "--json")
    assert code == 1 and json.loads(out)["questions"] == 0
    assert "there is no built-in set 'nope' (built-in sets: builtin, essentials)" in err


def test_bank_check_checks_note_citations_without_documents(capsys, bank: Path) -> None:
    toml = bank / "essentials" / "phlebotomy.toml"
    toml.write_text(toml.read_text().replace("filled before any tube", "filled after every tube"))
    code, out, err = run(capsys, "bank", "check", "--json")
    assert code == 1 and "locator not found in notes/phlebotomy.md" in json.loads(out)["problems"][0]["message"]
    code, _, _ = run(capsys, "bank", "check", "--documents", str(DOCS_DIR))
    assert code == 1


@pytest.mark.parametrize("slug", ["builtin", "essentials"])
def test_importing_into_a_builtin_set_exits_1_even_skipping_invalid(capsys, bank: Path, tmp_path: Path,
                                                                    slug: str) -> None:
    data = str(tmp_path / "d")
    code, out, err = run(capsys, "--data-dir", data, "import", str(DATA / "vitals.gift"), "--name", slug,
                         "--skip-invalid", "--json")
    assert code == 1 and json.loads(out)["imported"] == 0 and "is kept for the built-in set" in err
    _, out, _ = run(capsys, "--data-dir", data, "sets", "--json")
    assert {s["slug"]: s["questions"] for s in json.loads(out)["sets"]} == {"builtin": 1, "essentials": 1}

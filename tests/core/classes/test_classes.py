"""Classes, the instructor passphrase and students' PINs (DESIGN.md; issue #22, who may see what)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.core.classes import InstructorRefused
from quizapp.core.context import AppContext
from quizapp.core.db.models import AppMeta, Profile
from quizapp.core.errors import UserError
from quizapp.core.profiles import AmbiguousProfile, PinRefused
from quizapp.core.secrets import hash_secret, verify_secret
from tests.core.classes.support import PASSPHRASE


def test_scrypt_hashes_verify_and_never_hold_the_secret() -> None:
    stored = hash_secret("1234")
    assert stored.startswith("scrypt$") and "1234" not in stored
    assert verify_secret("1234", stored) and not verify_secret("1235", stored)
    assert hash_secret("1234") != stored  # salted
    assert not verify_secret("1234", "garbage") and not verify_secret("1234", "scrypt$1$2$3$x$y")


def test_the_first_class_sets_the_passphrase_and_later_ones_need_it(ctx: AppContext) -> None:
    with pytest.raises(InstructorRefused, match="at least 8"):
        ctx.classes.create("Morning", "short")
    info, _ = ctx.classes.create("  Morning   cohort ", PASSPHRASE)
    assert info.name == "Morning cohort"
    with ctx.db.sessions() as session:
        stored = session.get(AppMeta, "instructor_passphrase")
        assert stored is not None and PASSPHRASE not in stored.value
    with pytest.raises(InstructorRefused, match="not this database's instructor passphrase"):
        ctx.classes.create("Evening", "wrong passphrase")
    with pytest.raises(UserError, match="already called"):
        ctx.classes.create("morning COHORT", PASSPHRASE)
    ctx.classes.create("Evening", PASSPHRASE)
    assert [c.name for c in ctx.classes.all()] == ["Evening", "Morning cohort"]
    with pytest.raises(UserError, match="no class is called 'Night'"):
        ctx.classes.find("Night")


def test_instructor_views_need_the_passphrase(ctx: AppContext) -> None:
    with pytest.raises(InstructorRefused, match="no instructor passphrase is set"):
        ctx.instructor.results(PASSPHRASE)
    ctx.classes.create("Morning", PASSPHRASE)
    for wrong in (None, "", "nope nope nope"):
        with pytest.raises(InstructorRefused):
            ctx.instructor.results(wrong)
        with pytest.raises(InstructorRefused):
            ctx.instructor.items(wrong)
    assert ctx.instructor.results(PASSPHRASE) == []


def test_profile_names_are_unique_within_a_class_only(ctx: AppContext) -> None:
    morning, _ = ctx.classes.create("Morning", PASSPHRASE)
    evening, _ = ctx.classes.create("Evening", PASSPHRASE)
    a, _ = ctx.profiles.add("Maria", class_id=morning.id)
    b, _ = ctx.profiles.add("Maria", class_id=evening.id)
    assert a.id != b.id
    with pytest.raises(UserError, match="already called 'Maria'"):
        ctx.profiles.add("maria", class_id=morning.id)
    with pytest.raises(AmbiguousProfile, match="name the class"):
        ctx.profiles.find("Maria")
    found = ctx.profiles.find("maria", "evening")
    assert found is not None and found.id == b.id and ctx.profiles.class_name(found) == "Evening"
    with ctx.db.sessions() as session:
        assert len(list(session.scalars(select(Profile).where(Profile.name == "Maria")))) == 2


def test_a_pin_protects_a_profile_and_is_stored_hashed(ctx: AppContext) -> None:
    me, _ = ctx.profiles.add("Ben")
    ctx.profiles.check_pin(me.id, None)  # no PIN yet: nothing to check
    with pytest.raises(UserError, match="4 to 12 digits"):
        ctx.profiles.set_pin(me.id, "12a4")
    info, _ = ctx.profiles.set_pin(me.id, "2468")
    assert info.has_pin
    with ctx.db.sessions() as session:
        stored = session.get(Profile, me.id).pin_hash
        assert stored is not None and "2468" not in stored
    with pytest.raises(PinRefused, match="protected by a PIN"):
        ctx.profiles.check_pin(me.id, None)
    with pytest.raises(PinRefused, match="not this profile's PIN"):
        ctx.profiles.check_pin(me.id, "1357")
    ctx.profiles.check_pin(me.id, "2468")
    with pytest.raises(PinRefused):
        ctx.profiles.set_pin(me.id, None, current="0000")
    info, _ = ctx.profiles.set_pin(me.id, None, current="2468")
    assert not info.has_pin


def test_each_lab_computer_remembers_its_own_last_profile(ctx: AppContext, tmp_path) -> None:
    """On a server, a computer opens the profile it used last, never whoever used another
    computer last; on a computer of one's own the database remembers, as before."""
    maya, _ = ctx.profiles.add("Maya", switch=True)
    assert ctx.profiles.current().id == maya.id
    other = AppContext.open(tmp_path / "other-computer", database=ctx.db.location)
    try:
        if ctx.db.is_server:
            assert other.profiles.current().name == "Default"
            ben, _ = other.profiles.add("Ben", switch=True)
            assert other.profiles.current().id == ben.id and ctx.profiles.current().id == maya.id
        else:
            assert other.profiles.current().id == maya.id
    finally:
        other.close()

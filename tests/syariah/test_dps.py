"""The Dewan Pengawas Syariah (koperasi.md §5): it reads everything of its own cooperative and
writes nothing but its sign-off of the RAT documents, which a syariah cooperative's e-RAT needs
before it can open (a document added later asks for a new one); the sign-off is on the minutes.
A conventional cooperative's meeting opens as before."""

from __future__ import annotations

import pytest

from market.errors import Forbidden, NotFound
from market.service.users import actor_of
from rat import service as rat
from rat.errors import DpsNotSigned, WrongState
from tests.builders import make_coop, make_user
from tests.rat.meeting import DURING, NOW, meeting_in


async def _meeting(syariah: bool):
    coop = await make_coop(syariah=syariah)
    manager = actor_of(await make_user("manager", coop.id))
    dps = actor_of(await make_user("dps", coop.id))
    m = await rat.create_meeting(coop.id, meeting_in(), actor=manager)
    await rat.publish(coop.id, m.id, actor=manager, now=NOW)
    return coop, manager, dps, m


async def test_a_syariah_rat_opens_only_after_the_dps_signs_its_documents_off(db, tmp_path):
    coop, manager, dps, m = await _meeting(syariah=True)
    assert m.needs_dps and m.dps_signed_at is None
    with pytest.raises(DpsNotSigned):
        await rat.open_meeting(coop.id, m.id, actor=manager, now=DURING)
    with pytest.raises(Forbidden):  # the manager cannot sign for the board
        await rat.dps_sign_off(coop.id, m.id, actor=manager, now=NOW)
    other = actor_of(await make_user("dps", (await make_coop(syariah=True)).id))
    with pytest.raises(NotFound):  # another cooperative's DPS
        await rat.dps_sign_off(coop.id, m.id, actor=other, now=NOW)
    signed = await rat.dps_sign_off(coop.id, m.id, actor=dps, note="Sesuai prinsip syariah", now=NOW)
    assert (signed.dps_signed_by_name, signed.dps_note) == (dps.name, "Sesuai prinsip syariah")

    # a paper added after the sign-off must be read too
    await rat.add_document(
        coop.id,
        m.id,
        name="Laporan DPS",
        content=b"%PDF-1.4\n%%EOF\n",
        directory=tmp_path,
        max_bytes=10_000,
        actor=manager,
    )
    with pytest.raises(DpsNotSigned):
        await rat.open_meeting(coop.id, m.id, actor=manager, now=DURING)
    await rat.dps_sign_off(coop.id, m.id, actor=dps, now=NOW)
    opened = await rat.open_meeting(coop.id, m.id, actor=manager, now=DURING)
    assert opened.state == "open" and opened.dps_signed_at is not None
    with pytest.raises(WrongState):  # once open, the sign-off stands as it was
        await rat.dps_sign_off(coop.id, m.id, actor=dps, now=DURING)


async def test_a_conventional_rat_needs_no_dps(db):
    coop, manager, dps, m = await _meeting(syariah=False)
    assert not m.needs_dps
    assert (await rat.open_meeting(coop.id, m.id, actor=manager, now=DURING)).state == "open"


async def test_the_manager_invites_the_dps_of_a_syariah_cooperative_only(db):
    from market.errors import InvalidInput
    from market.service import Role
    from onboarding import service as onboarding
    from onboarding.schemas import AcceptIn

    coop = await make_coop(syariah=True)
    manager = actor_of(await make_user("manager", coop.id))
    link = await onboarding.invite(
        coop.id, role=Role.DPS, name="Ustadz Ahmad", phone="081234567890", actor=manager, base_url="http://uji"
    )
    token = link.link.rsplit("/", 1)[-1]
    dps = await onboarding.accept(token, AcceptIn(name="Ustadz Ahmad", email="dps@uji.id", password="rahasia123"))
    assert (dps.role, dps.cooperative_id) == (Role.DPS, coop.id)
    plain = await make_coop()
    boss = actor_of(await make_user("manager", plain.id))
    with pytest.raises(InvalidInput, match="hanya untuk koperasi syariah"):
        await onboarding.invite(
            plain.id, role=Role.DPS, name="X", phone="081234567890", actor=boss, base_url="http://uji"
        )


async def test_the_minutes_of_a_syariah_rat_carry_the_dps_sign_off_and_a_conventional_one_none(db):
    from datetime import date

    from rat.schemas import VoteIn
    from tests.builders import make_member
    from tests.market.test_statements import _pdf_text
    from tests.rat.meeting import AFTER

    texts = {}
    for syariah in (True, False):
        coop, manager, dps, m = await _meeting(syariah=syariah)
        voters = []
        for _ in range(2):
            member = await make_member(coop.id, joined_on=date(2025, 1, 1))
            voters.append(actor_of(await make_user("member", coop.id, member_id=member.id)))
        if syariah:
            await rat.dps_sign_off(coop.id, m.id, actor=dps, note="Akad murabahah sesuai fatwa DSN-MUI", now=NOW)
        for voter in voters:
            await rat.vote(coop.id, m.id, VoteIn(item_id=m.items[0].id, choice="setuju"), actor=voter, now=DURING)
        closed = await rat.close_meeting(coop.id, m.id, actor=manager, now=AFTER)
        assert closed.state == "closed" and closed.items[0].result == "approved"
        texts[syariah] = _pdf_text(await rat.minutes_pdf(coop.id, m.id, actor=voters[0]))
        if syariah:
            # signed at NOW, 09:00 in Jakarta, by the DPS of this cooperative, with their opinion
            assert closed.dps_signed_by_name == dps.name
            assert f"Dokumen RAT diperiksa dan disetujui: {dps.name}, 02-03-2026 09:00 WIB" in texts[syariah]
            assert "Pendapat DPS: Akad murabahah sesuai fatwa DSN-MUI" in texts[syariah]
    assert "Dewan Pengawas Syariah" in texts[True] and "DISETUJUI" in texts[True]
    assert "Dewan Pengawas Syariah" not in texts[False] and "Pendapat DPS" not in texts[False]
    assert "DISETUJUI" in texts[False]

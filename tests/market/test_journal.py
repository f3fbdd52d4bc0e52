"""The cooperative's other business in its books: manual entries, reversals, closed months, its
chart, and the opening balances of a cooperative joining mid-life (issue 12)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest

from market import service
from market.clock import today_in
from market.errors import Conflict, Forbidden, IdempotencyKeyReused, InvalidInput, NotFound, PeriodLocked
from market.models import Account, JournalEntry
from market.service import journal
from market.service.users import actor_of
from tests.builders import make_coop, make_user

LISTRIK = [("6103", 150_000, 0), ("1101", 0, 150_000)]


async def _manager(coop_id: int):
    return actor_of(await make_user("manager", coop_id))


def _today(coop) -> date:
    return today_in(coop)


async def _fund(coop_id: int, actor, amount: int = 1_000_000) -> None:
    """Cash in the till: a member's capital contribution booked by hand (modal penyertaan)."""
    await journal.post_manual(
        coop_id, [("1101", amount, 0), ("3105", 0, amount)], booked_on=_today(await service.get_cooperative(coop_id)),
        description="Modal penyertaan awal", actor=actor,
    )  # fmt: skip


async def _balance(coop_id: int, number: str) -> int:
    account = await Account.get(cooperative_id=coop_id, member_id=None, number=number)
    return service.natural_balance(account)


async def test_a_balanced_expense_is_booked_with_its_poster_and_source(db):
    coop = await make_coop()
    boss = await _manager(coop.id)
    await _fund(coop.id, boss)
    entry = await journal.post_manual(
        coop.id, LISTRIK, booked_on=_today(coop), description="Token listrik toko Maret", actor=boss
    )
    assert (entry.source, entry.actor_user_id, entry.total, entry.booked_on) == (
        "manual",
        boss.user_id,
        150_000,
        _today(coop),
    )
    assert [(x.number, x.debit, x.credit) for x in entry.lines] == [("6103", 150_000, 0), ("1101", 0, 150_000)]
    assert await _balance(coop.id, "1101") == 850_000
    assert await _balance(coop.id, "6103") == 150_000
    listed = await journal.list_entries(coop.id, source="manual")
    assert [e.id for e in listed][0] == entry.id and len(listed) == 2


async def test_an_unbalanced_entry_is_refused_and_nothing_changes(db):
    coop = await make_coop()
    boss = await _manager(coop.id)
    await _fund(coop.id, boss)
    with pytest.raises(journal.EntryNotBalanced) as refused:
        await journal.post_manual(
            coop.id, [("6103", 150_000, 0), ("1101", 0, 140_000)], booked_on=_today(coop),
            description="Token listrik", actor=boss,
        )  # fmt: skip
    assert refused.value.status == 422 and refused.value.extra == {"debit": 150_000, "credit": 140_000}
    for bad in ([("6103", 100, 100), ("1101", 0, 200)], [("6103", -5, 0), ("1101", 0, -5)], [("6103", 5, 0)]):
        with pytest.raises(InvalidInput):
            await journal.post_manual(coop.id, bad, booked_on=_today(coop), description="Token listrik", actor=boss)
    with pytest.raises(InvalidInput) as short:
        await journal.post_manual(coop.id, LISTRIK, booked_on=_today(coop), description="lis", actor=boss)
    assert short.value.field == "description"
    assert await JournalEntry.filter(source="manual").count() == 1
    assert await _balance(coop.id, "1101") == 1_000_000 and await _balance(coop.id, "6103") == 0


async def test_a_future_date_in_the_cooperatives_clock_is_refused(db):
    coop = await make_coop(timezone="Asia/Jayapura")
    boss = await _manager(coop.id)
    await _fund(coop.id, boss)
    with pytest.raises(InvalidInput) as refused:
        await journal.post_manual(
            coop.id, LISTRIK, booked_on=_today(coop) + timedelta(days=1), description="Token listrik", actor=boss
        )
    assert refused.value.field == "booked_on"
    assert await _balance(coop.id, "6103") == 0


async def test_a_closed_month_refuses_entries_and_the_correction_goes_into_the_open_period(db):
    coop = await make_coop()
    boss = await _manager(coop.id)
    today = _today(coop)
    last_month_end = today.replace(day=1) - timedelta(days=1)
    two_back_end = last_month_end.replace(day=1) - timedelta(days=1)
    funding = await journal.post_manual(
        coop.id, [("1101", 500_000, 0), ("3105", 0, 500_000)], booked_on=last_month_end,
        description="Modal penyertaan", actor=boss,
    )  # fmt: skip
    wrong = await journal.post_manual(
        coop.id, [("6102", 90_000, 0), ("1101", 0, 90_000)], booked_on=last_month_end,
        description="Sewa kios (salah akun)", actor=boss,
    )  # fmt: skip
    with pytest.raises(Conflict):
        await journal.close_month(coop.id, today.year, today.month, actor=boss)  # the month is still running
    assert await journal.close_month(coop.id, last_month_end.year, last_month_end.month, actor=boss) == last_month_end
    # An earlier month is already closed with it: closing it changes nothing.
    assert await journal.close_month(coop.id, two_back_end.year, two_back_end.month, actor=boss) == last_month_end
    assert await journal.locked_through(coop.id) == last_month_end
    with pytest.raises(PeriodLocked) as locked:
        await journal.post_manual(coop.id, LISTRIK, booked_on=last_month_end, description="Koreksi sewa", actor=boss)
    assert locked.value.status == 409 and "periode yang terbuka" in locked.value.detail
    with pytest.raises(PeriodLocked):
        await journal.post_manual(coop.id, LISTRIK, booked_on=two_back_end, description="Koreksi sewa", actor=boss)
    reversal = await journal.reverse_entry(
        coop.id, wrong.id, reason="Salah akun, seharusnya beban transport", actor=boss
    )
    assert (reversal.booked_on, reversal.source, reversal.reverses_id) == (today, "reversal", wrong.id)
    fixed = await journal.post_manual(
        coop.id, [("6104", 90_000, 0), ("1101", 0, 90_000)], booked_on=today, description="Transport (koreksi)",
        actor=boss,
    )  # fmt: skip
    assert fixed.booked_on == today
    assert await _balance(coop.id, "6102") == 0 and await _balance(coop.id, "6104") == 90_000
    assert await _balance(coop.id, "1101") == 410_000
    in_last_month = await journal.list_entries(coop.id, start=last_month_end.replace(day=1), end=last_month_end)
    assert {e.id for e in in_last_month} == {funding.id, wrong.id}


async def test_an_entry_is_reversed_once_and_a_reversal_is_not_reversed(db):
    coop = await make_coop()
    boss = await _manager(coop.id)
    await _fund(coop.id, boss)
    entry = await journal.post_manual(coop.id, LISTRIK, booked_on=_today(coop), description="Listrik", actor=boss)
    reversal = await journal.reverse_entry(coop.id, entry.id, reason="Dicatat dua kali", actor=boss)
    assert [(x.number, x.debit, x.credit) for x in reversal.lines] == [("1101", 150_000, 0), ("6103", 0, 150_000)]
    assert (await journal.get_entry(coop.id, entry.id)).reversed_by_id == reversal.id
    with pytest.raises(journal.AlreadyReversed) as twice:
        await journal.reverse_entry(coop.id, entry.id, reason="Dicatat dua kali", actor=boss)
    assert twice.value.status == 409 and twice.value.extra["reversal_id"] == reversal.id
    with pytest.raises(InvalidInput):
        await journal.reverse_entry(coop.id, reversal.id, reason="Batal pembalikan", actor=boss)
    assert await JournalEntry.filter(source="reversal").count() == 1
    assert await _balance(coop.id, "6103") == 0 and await _balance(coop.id, "1101") == 1_000_000


async def test_a_retried_entry_with_the_same_key_books_once(db):
    coop = await make_coop()
    boss = await _manager(coop.id)
    await _fund(coop.id, boss)
    first = await journal.post_manual(
        coop.id, LISTRIK, booked_on=_today(coop), description="Listrik", actor=boss, idempotency_key="k-1"
    )
    again = await journal.post_manual(
        coop.id, LISTRIK, booked_on=_today(coop), description="Listrik", actor=boss, idempotency_key="k-1"
    )
    assert again.id == first.id
    with pytest.raises(IdempotencyKeyReused):
        await journal.post_manual(
            coop.id, [("6103", 1, 0), ("1101", 0, 1)], booked_on=_today(coop), description="Listrik", actor=boss,
            idempotency_key="k-1",
        )  # fmt: skip
    assert await _balance(coop.id, "6103") == 150_000


async def test_only_the_cooperatives_own_accounts_and_its_manager(db):
    coop, other = await make_coop(), await make_coop()
    boss, other_boss = await _manager(coop.id), await _manager(other.id)
    added = await journal.add_account(other.id, "6150", "Beban keamanan", actor=other_boss)
    assert (added.type, added.group) == ("expense", "beban_usaha")
    with pytest.raises(NotFound):
        await journal.post_manual(
            coop.id, [("6150", 10, 0), ("1101", 0, 10)], booked_on=_today(coop), description="Satpam", actor=boss
        )
    with pytest.raises(NotFound):  # another cooperative's manager does not learn this one exists
        await journal.post_manual(coop.id, LISTRIK, booked_on=_today(coop), description="Listrik", actor=other_boss)
    cashier = actor_of(await make_user("cashier", coop.id))
    with pytest.raises(Forbidden):
        await journal.post_manual(coop.id, LISTRIK, booked_on=_today(coop), description="Listrik", actor=cashier)
    for number in ("3101", "1103", "2106"):  # per-member savings/wallet, the inter-book pair
        with pytest.raises(InvalidInput):
            await journal.post_manual(
                coop.id, [(number, 10, 0), ("1102", 0, 10)], booked_on=_today(coop), description="Coba akun",
                actor=boss,
            )  # fmt: skip
    assert await JournalEntry.filter(source="manual").count() == 0


async def test_the_chart_grows_by_number_with_clear_refusals(db):
    coop = await make_coop()
    boss = await _manager(coop.id)
    other_income = await journal.add_account(coop.id, "7103", "Pendapatan sewa gudang", actor=boss)
    assert (other_income.type, other_income.group, other_income.custom) == ("income", "pendapatan_lain", True)
    with pytest.raises(Conflict):
        await journal.add_account(coop.id, "7103", "Lagi", actor=boss)
    with pytest.raises(Conflict):
        await journal.add_account(coop.id, "6101", "Gaji kedua", actor=boss)
    for number in ("9101", "61", "61a1"):
        with pytest.raises(InvalidInput):
            await journal.add_account(coop.id, number, "Akun salah", actor=boss)
    await journal.post_manual(
        coop.id, [("1102", 400_000, 0), ("7103", 0, 400_000)], booked_on=_today(coop), description="Sewa gudang",
        actor=boss,
    )  # fmt: skip
    chart = {a.number: a for a in await journal.list_chart(coop.id)}
    assert chart["7103"].balance == 400_000 and chart["1102"].balance == 400_000 and chart["3101"].per_member


def _jpeg(size=(800, 600)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


async def test_a_receipt_photo_is_kept_with_the_entry_and_a_bad_one_books_nothing(db, tmp_path):
    coop = await make_coop()
    boss = await _manager(coop.id)
    await _fund(coop.id, boss)
    with pytest.raises(InvalidInput) as bad:
        await journal.post_manual(
            coop.id, LISTRIK, booked_on=_today(coop), description="Listrik", actor=boss,
            attachment=journal.Photo(b"%PDF-1.4 not a photo", tmp_path),
        )  # fmt: skip
    assert bad.value.field == "photo" and await _balance(coop.id, "6103") == 0
    with pytest.raises(InvalidInput):
        await journal.post_manual(
            coop.id, LISTRIK, booked_on=_today(coop), description="Listrik", actor=boss,
            attachment=journal.Photo(_jpeg(), tmp_path, max_bytes=1000),
        )  # fmt: skip
    entry = await journal.post_manual(
        coop.id, LISTRIK, booked_on=_today(coop), description="Listrik", actor=boss,
        attachment=journal.Photo(_jpeg((3000, 2000)), tmp_path),
    )  # fmt: skip
    stored = tmp_path / entry.attachment
    assert entry.attachment.startswith(f"{coop.id}/") and stored.read_bytes()[:2] == b"\xff\xd8"
    from PIL import Image

    with Image.open(stored) as kept:
        assert max(kept.size) == 1600
    assert len(list(tmp_path.rglob("*.jpg"))) == 1  # the refused uploads left nothing behind

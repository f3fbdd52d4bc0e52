"""Opening balances of a cooperative joining mid-life: one balanced entry from three CSV files,
its statements and its members' SHU weights right from day one; a bad file refused whole."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from market import service
from market.clock import today_in
from market.errors import Conflict
from market.models import Account, JournalEntry, Posting
from market.schemas import SavingsMovementIn
from market.service import journal
from market.service.users import actor_of
from tests.builders import make_coop, make_member, make_user


def _csv(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode()


NERACA = _csv(
    "nomor_akun;nama_akun;debit;kredit",
    "1101;Kas;2.500.000;",
    "1102;Bank;10000000;",
    "1108;Persediaan;4.000.000;",
    "3101;Simpanan pokok;;200.000",
    "3102;Simpanan wajib;;1.300.000",
    "2105;Simpanan sukarela;;500.000",
    "3103;Cadangan;;2.000.000",
    "4101;Penjualan anggota;;20.000.000",
    "4103;Jasa PPOB anggota;;100.000",
    "5101;HPP anggota;8.000.000;",
    "6101;Gaji;1.600.000;",
    "3105;Modal penyertaan;;2.000.000",
)


async def _setup():
    coop = await make_coop()
    boss = actor_of(await make_user("manager", coop.id))
    ani = await make_member(coop.id, member_number="KP-001")
    budi = await make_member(coop.id, member_number="KP-002")
    opened = today_in(coop) - timedelta(days=3)
    return coop, boss, ani, budi, opened


SAVINGS = _csv(
    "nomor_anggota,nama,pokok,wajib,sukarela", "KP-001,Ani,100000,700000,500000", "KP-002,Budi,100000,600000,"
)
BUSINESS = _csv(
    "nomor_anggota;jenis;jumlah",
    "KP-001;pembelian;1.250.000",
    "KP-002;pembelian;750.000",
    "KP-001;pembelian;50.000",
    "KP-002;pasok;800.000",
    "KP-001;ppob;12.000",
)


async def test_the_opening_is_one_entry_whose_trial_balance_and_weights_match_the_files(db):
    coop, boss, ani, budi, opened = await _setup()
    entry = await journal.import_opening(
        coop.id, opened_on=opened, trial_balance=NERACA, savings=SAVINGS, transactions=BUSINESS, actor=boss
    )
    assert (entry.source, entry.booked_on, entry.total) == ("opening", opened, 26_100_000)
    rows = await service.trial_balance(coop.id)
    by = {(r.owner_key, r.code): r.debit - r.credit for r in rows}
    own, a, b = f"coop:{coop.id}", f"member:{ani.id}", f"member:{budi.id}"
    assert by[(own, "kas")] == 2_500_000 and by[(own, "bank")] == 10_000_000
    assert by[(own, "penjualan_anggota")] == -20_000_000 and by[(own, "hpp_anggota")] == 8_000_000
    assert by[(a, "simpanan_pokok")] == -100_000 and by[(b, "simpanan_wajib")] == -600_000
    assert by[(a, "simpanan_sukarela")] == -500_000 and by.get((b, "simpanan_sukarela"), 0) == 0
    assert sum(r.debit for r in rows) == sum(r.credit for r in rows) == 26_100_000
    weights = {}
    for p in await Posting.filter(entry_id=entry.id, member_id__not_isnull=True):
        weights[(p.member_id, p.kind)] = weights.get((p.member_id, p.kind), 0) + p.amount
    # Natural sign: revenue credits, HPP debits; the two purchase rows of Ani are summed.
    assert weights == {
        (ani.id, "purchase"): -1_300_000,
        (budi.id, "purchase"): -750_000,
        (budi.id, "supply"): 800_000,
        (ani.id, "ppob"): -12_000,
    }
    untagged = await Posting.get(entry_id=entry.id, member_id=None, account_id=(await _acct(coop.id, "4101")).id)
    assert untagged.amount == -(20_000_000 - 2_050_000)
    assert (await service.savings_of(coop.id, ani.id)).total == 1_300_000
    with pytest.raises(journal.OpeningExists):
        await journal.import_opening(coop.id, opened_on=opened, trial_balance=NERACA, savings=SAVINGS, actor=boss)


async def _acct(coop_id: int, number: str) -> Account:
    return await Account.get(cooperative_id=coop_id, member_id=None, number=number)


async def test_bad_files_are_refused_whole_with_row_level_reasons(db):
    coop, boss, ani, budi, opened = await _setup()
    neraca = _csv(
        "nomor_akun;debit;kredit",
        "1101;2.500.000;",
        "9999;100;",  # row 3: no such account
        "1101;5;",  # row 4: twice
        "3101;;200.000",
        "3102;;1.300.000",
        "1102;12,5;",  # row 7: not whole rupiah
        "6101;100;100",  # row 8: both sides
        "1103;100;",  # row 9: the inter-book pair
        "4101;;1.000.000",
    )
    savings = _csv("nomor_anggota;pokok;wajib;sukarela", "KP-001;100000;700000;", "KP-404;100000;600000;")
    business = _csv("nomor_anggota;jenis;jumlah", "KP-001;pinjaman;5000", "KP-002;pembelian;2.000.000")
    with pytest.raises(journal.OpeningRefused) as refused:
        await journal.import_opening(
            coop.id, opened_on=opened, trial_balance=neraca, savings=savings, transactions=business, actor=boss
        )
    found = {(p["file"], p["row"], p["column"]) for p in refused.value.extra["problems"]}
    assert {
        ("neraca", 3, "nomor_akun"),
        ("neraca", 4, "nomor_akun"),
        ("neraca", 7, "debit"),
        ("neraca", 8, "debit"),
        ("neraca", 9, "nomor_akun"),
        ("simpanan", 3, "nomor_anggota"),
        ("simpanan", None, "wajib"),  # 700.000 of the known member ≠ 1.300.000 of the neraca
        ("transaksi", 2, "jenis"),
        ("transaksi", None, "jumlah"),  # 2.000.000 of purchases > the 1.000.000 sold
    } <= found
    assert all(p["message"] for p in refused.value.extra["problems"])
    assert await JournalEntry.all().count() == 0 and await Posting.all().count() == 0
    with pytest.raises(journal.OpeningRefused) as unbalanced:
        await journal.import_opening(coop.id, opened_on=opened, trial_balance=_csv("nomor_akun;debit;kredit", "1101;10;", "3105;;9"), actor=boss)  # fmt: skip
    assert "tidak seimbang" in unbalanced.value.extra["problems"][0]["message"]
    with pytest.raises(journal.OpeningRefused) as no_savings_file:
        await journal.import_opening(coop.id, opened_on=opened, trial_balance=_csv("nomor_akun;debit;kredit", "1101;10;", "3101;;10"), actor=boss)  # fmt: skip
    assert no_savings_file.value.extra["problems"][0]["file"] == "simpanan"
    assert await JournalEntry.all().count() == 0


async def test_the_templates_are_what_the_import_reads(db):
    coop, boss, *_ = await _setup()
    for name in ("neraca", "simpanan", "transaksi"):
        assert journal.template_csv(name).splitlines()[0].split(";")[0] in ("nomor_akun", "nomor_anggota")
    only_neraca = journal.template_csv("neraca").replace("3101;Simpanan pokok;;300000", "3106;x;;300000")
    only_neraca = only_neraca.replace("3102;Simpanan wajib;;1200000", "3104;y;;1200000")
    only_neraca = only_neraca.replace("2105;Simpanan sukarela;;500000", "2101;z;;500000")
    entry = await journal.import_opening(
        coop.id, opened_on=date.today() - timedelta(days=1), trial_balance=only_neraca.encode(), actor=boss
    )
    assert entry.total == 26_000_000


async def test_a_pokok_brought_in_by_the_opening_is_not_paid_a_second_time(db):
    coop, boss, ani, _, opened = await _setup()
    await journal.import_opening(coop.id, opened_on=opened, trial_balance=NERACA, savings=SAVINGS, actor=boss)
    # the opening gave Ani her pokok without the deposit's own reference: a deposit must still see it
    with pytest.raises(Conflict) as refused:
        await service.deposit(coop.id, ani.id, SavingsMovementIn(kind="pokok", amount=coop.simpanan_pokok_amount))
    assert "sudah dibayar" in str(refused.value)
    assert (await service.savings_of(coop.id, ani.id)).pokok == 100_000

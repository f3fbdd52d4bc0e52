"""A cooperative joins by itself: registration with its papers and the bank's name check,
pending (it prepares its catalog, nothing is visible or buyable), the operator's checklist and
approval, and its first sale; a refusal answered by corrections and a resubmission; bad papers,
taken numbers and unknown accounts refused with nothing written; suspension with a reason."""

from __future__ import annotations

import pytest

from catalog import service as catalog
from catalog.errors import NotBuyable, ProductNotFound
from market import runtime
from market import service as market
from market.errors import Conflict, InvalidInput
from market.schemas import CooperativeAmend
from onboarding import service
from onboarding.errors import BankAccountNotFound, ChecklistIncomplete, InvalidDocument, WrongState
from onboarding.models import ApplicationState, BankCheck, CheckItem, DocumentKind
from onboarding.schemas import Upload
from orders import service as orders
from tests.builders import deliver, make_product
from tests.onboarding.helpers import MAX, PDF, PNG, actions, form, operator, papers, register, tick_all
from tests.orders.helpers import buyer, pay, place
from tests.payments.helpers import control


async def _search(name: str) -> list[str]:
    found = await catalog.search_products(runtime.current().search, {"q": name})
    return [h.name for h in found.hits]


async def test_registered_pending_then_verified_cooperative_makes_its_first_sale(db, gw, sandbox, sbx, tmp_path):
    # given a cooperative registers itself (its account in its own name) and prepares its catalog
    joined = await register(tmp_path, gw, province="Nusa Tenggara Timur")
    coop = await market.get_cooperative(joined.cooperative_id)
    assert (coop.status, coop.timezone, joined.bank_check) == ("pending", "Asia/Makassar", BankCheck.MATCHED)
    assert joined.manager.role == "manager" and joined.manager.cooperative_id == coop.id
    product = await make_product(coop.id, name="Kopi Arabika Daftar 250 g", price_idr=50_000, stock=5)
    await deliver()
    shopper = await buyer()
    # then nothing of it is visible or buyable while it waits
    with pytest.raises(ProductNotFound):
        await catalog.get_product(product.id, viewer=shopper)
    assert (await catalog.get_product(product.id, viewer=joined.manager)).name == "Kopi Arabika Daftar 250 g"
    assert await _search("Kopi Arabika Daftar") == []
    with pytest.raises((NotBuyable, ProductNotFound)):
        await orders.add_to_cart(product.id, 1, user_id=shopper.user_id)
    # when the operator reads it: approval waits for the whole checklist
    op = await operator()
    [row] = await service.queue(actor=op)
    assert (row.cooperative_id, row.checked, row.bank_check) == (coop.id, 0, BankCheck.MATCHED)
    seen = await service.review(joined.application_id, actor=op)
    assert {d.kind for d in seen.documents} == set(DocumentKind) and seen.legal_number_looks_right
    for item in list(CheckItem)[:3]:
        await service.set_check(joined.application_id, item, True, actor=op)
    with pytest.raises(ChecklistIncomplete):
        await service.approve(joined.application_id, actor=op)
    await service.set_check(joined.application_id, CheckItem.CONTACT, True, actor=op)
    approved = await service.approve(joined.application_id, actor=op)
    await deliver()
    # then it is active, in the shop, and sells
    assert approved.state == ApplicationState.APPROVED and approved.cooperative.status == "active"
    assert approved.cooperative.verified_at is not None
    assert await _search("Kopi Arabika Daftar") == ["Kopi Arabika Daftar 250 g"]
    order = await place(gw, shopper, [(product, 2)])
    await pay(sbx, sandbox, order)
    sub = (await orders.get_order(order.id, actor=shopper)).suborders[0]
    assert (sub.cooperative_id, sub.state, sub.goods_total) == (coop.id, "paid", 100_000)
    assert await actions(coop.id) == [
        "registered",
        "bank_checked",
        "document_uploaded",
        "document_uploaded",
        "document_uploaded",
        "check_ticked",
        "check_ticked",
        "check_ticked",
        "check_ticked",
        "approved",
    ]
    with pytest.raises(WrongState):
        await service.approve(joined.application_id, actor=op)


async def test_a_refusal_is_answered_by_corrections_and_a_resubmission(db, gw, tmp_path):
    # given an application the operator refuses with a reason
    joined = await register(tmp_path, gw)
    op = await operator()
    await tick_all(joined.application_id, op)
    refused = await service.request_changes(
        joined.application_id, "SK pengesahan tidak terbaca, unggah ulang", actor=op
    )
    manager = joined.manager
    mine = await service.my_application(joined.cooperative_id, actor=manager)
    assert refused.state == mine.state == ApplicationState.CHANGES_REQUESTED
    assert mine.decision_reason == "SK pengesahan tidak terbaca, unggah ulang" and mine.notes == mine.checks == []
    # when the applicant corrects the profile, replaces the paper and answers
    await service.amend(
        joined.cooperative_id, CooperativeAmend(regency="Kabupaten Ende", province="Papua"), actor=manager, gateway=gw
    )
    old = {d.kind: d.id for d in mine.documents}
    await service.replace_document(
        joined.cooperative_id,
        DocumentKind.SK,
        Upload(content=PNG, filename="sk.png"),
        actor=manager,
        directory=tmp_path / "docs",
        max_bytes=MAX,
    )
    again = await service.resubmit(joined.cooperative_id, "SK sudah dipindai ulang", actor=manager)
    # then it is a new revision: waiting again, with the checklist to do again
    assert (again.state, again.revision, again.response) == (ApplicationState.SUBMITTED, 2, "SK sudah dipindai ulang")
    assert (again.cooperative.regency, again.cooperative.timezone) == ("Kabupaten Ende", "Asia/Jayapura")
    sk = next(d for d in again.documents if d.kind == DocumentKind.SK)
    assert sk.id != old[DocumentKind.SK] and sk.content_type == "image/png" and len(again.documents) == 3
    review = await service.review(joined.application_id, actor=op)
    assert not any(c.checked for c in review.checks)
    with pytest.raises(ChecklistIncomplete):
        await service.approve(joined.application_id, actor=op)
    with pytest.raises(WrongState):  # nothing changes under the operator while they review
        await service.amend(joined.cooperative_id, CooperativeAmend(regency="X"), actor=manager)
    assert (await actions(joined.cooperative_id))[-4:] == [
        "changes_requested",
        "amended",
        "document_uploaded",
        "resubmitted",
    ]


async def test_bad_papers_are_refused_each_named_and_nothing_is_written(db, tmp_path):
    # given a text file named .pdf, a paper over the limit and one missing
    uploads = papers(akta_pendirian=b"hello, not a PDF", npwp=PDF + b" " * MAX)
    del uploads["sk_pengesahan"]
    # when
    with pytest.raises(InvalidDocument) as refused:
        await service.register(form(), uploads, directory=tmp_path / "docs", max_bytes=MAX)
    # then
    fields = {e["field"] for e in refused.value.extra["errors"]}
    assert fields == {"akta_pendirian", "sk_pengesahan", "npwp"}
    assert await market.list_cooperatives() == [] and not (tmp_path / "docs").exists()


async def test_the_bank_name_check_records_a_mismatch_and_refuses_an_unknown_account(db, gw, sbx, tmp_path):
    # given the bank knows one account under a person's name
    await control(sbx, "accounts", bank_code="BRI", account_number="5550001112", account_holder_name="Budi Santoso")
    # when
    mismatch = await register(tmp_path, gw, bank_account_number="5550001112")
    with pytest.raises(BankAccountNotFound):
        await register(tmp_path, gw, bank_account_number="0001234567")
    unknown = await register(tmp_path)  # no gateway: the operator checks the name by hand
    # then
    op = await operator()
    seen = await service.review(mismatch.application_id, actor=op)
    assert (seen.bank_check, seen.bank_check_name) == (BankCheck.MISMATCH, "BUDI SANTOSO")
    assert unknown.bank_check == BankCheck.PENDING
    assert len(await market.list_cooperatives()) == 2
    assert service.holder_matches("Koperasi Produsen Kopi Bajawa", "KOP PRODUSEN KOPI BAJAWA")


async def test_a_taken_legal_number_or_e_mail_names_its_field(db, tmp_path):
    first = await register(tmp_path)
    coop = await market.get_cooperative(first.cooperative_id)
    with pytest.raises(Conflict) as legal:
        await register(tmp_path, legal_number=coop.legal_number)
    with pytest.raises(Conflict) as email:
        await register(tmp_path, manager_email=first.manager.email)
    assert (legal.value.field, email.value.field) == ("legal_number", "manager_email")


async def test_suspension_has_a_reason_the_cooperative_sees_and_hides_its_shop(db, tmp_path):
    # given a verified cooperative with a product
    joined = await register(tmp_path)
    op = await operator()
    await tick_all(joined.application_id, op)
    await service.approve(joined.application_id, actor=op)
    product = await make_product(joined.cooperative_id)
    # when
    with pytest.raises(InvalidInput):
        await service.suspend(joined.cooperative_id, "singkat", actor=op)
    suspended = await service.suspend(joined.cooperative_id, "Laporan keuangan tidak dikirim 2 tahun", actor=op)
    # then
    assert (suspended.status, suspended.status_reason) == ("suspended", "Laporan keuangan tidak dikirim 2 tahun")
    with pytest.raises(ProductNotFound):
        await catalog.get_product(product.id, viewer=await buyer())
    back = await service.reinstate(joined.cooperative_id, actor=op)
    assert back.status == "active"
    assert (await actions(joined.cooperative_id))[-2:] == ["suspended", "reinstated"]


async def test_one_address_registers_only_so_many_cooperatives_a_day(db, tmp_path):
    from market.errors import TooManyAttempts
    from market.service.throttle import REGISTRATION_IP, DatabaseStorage, Rule, Throttle

    limiter = Throttle(DatabaseStorage(), {REGISTRATION_IP: Rule(2, 86_400)})

    async def attempt(address: str, data=None):
        return await service.register(
            data or form(), papers(), directory=tmp_path, max_bytes=MAX, client_ip=address, throttle=limiter
        )

    first = form()
    await attempt("10.0.0.9", first)
    refused = form()
    with pytest.raises(Conflict):  # a registration refused (the e-mail is taken) does not count
        await attempt("10.0.0.9", form(manager_email=first.manager_email))
    await attempt("10.0.0.9")
    before = len(await market.list_cooperatives())
    with pytest.raises(TooManyAttempts, match="coba lagi dalam 24 jam"):
        await service.register(
            refused, papers(), directory=tmp_path, max_bytes=MAX, client_ip="10.0.0.9", throttle=limiter
        )
    assert len(await market.list_cooperatives()) == before  # nothing written
    await attempt("10.0.0.10")  # another address still may
    assert len(await market.list_cooperatives()) == before + 1


async def test_a_pending_cooperative_prepares_its_members_and_opening_balances_unseen(db, gw, tmp_path):
    from datetime import timedelta

    from market.clock import today_in
    from market.service import journal
    from tests.books import balances
    from tests.builders import make_member

    joined = await register(tmp_path)
    coop = await market.get_cooperative(joined.cooperative_id)
    assert coop.status == "pending"
    await make_member(coop.id, name="Ani Pendaftar", member_number="KP-001")
    neraca = b"nomor_akun;debit;kredit\n1101;1.500.000;\n3101;;100.000\n3105;;1.400.000\n"
    savings = b"nomor_anggota,pokok,wajib,sukarela\nKP-001,100000,,\n"
    opened = today_in(coop) - timedelta(days=1)
    entry = await journal.import_opening(
        coop.id, opened_on=opened, trial_balance=neraca, savings=savings, actor=joined.manager
    )
    assert (entry.source, entry.total) == ("opening", 1_500_000)
    books = await balances(coop.id)
    assert (books["kas"], books["simpanan_pokok"], books["modal_penyertaan"]) == (1_500_000, 100_000, 1_400_000)
    assert [m.name for m in await market.list_members(coop.id)] == ["Ani Pendaftar"]
    # still pending: nothing of it is visible or buyable
    product = await make_product(coop.id, name="Kopi Pendaftar Menunggu", price_idr=40_000, stock=3)
    await deliver()
    assert (await market.get_cooperative(coop.id)).status == "pending"
    shopper = await buyer()
    with pytest.raises(ProductNotFound):
        await catalog.get_product(product.id, viewer=shopper)
    assert await _search("Kopi Pendaftar Menunggu") == []

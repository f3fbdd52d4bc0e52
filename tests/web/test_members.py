"""The members list, admitting a member through the form, and deposits/withdrawals on the member
page (inline errors, the idempotency key of the form)."""

import pytest

from market import service
from market.schemas import Role
from tests.builders import deposit, make_coop, make_member, nik
from tests.web.helpers import HTMX, csrf_of, field_error, signed_in


async def _member_page_form(client, coop_id, member_id, form="deposit"):
    page = await client.get(f"/koperasi/{coop_id}/anggota/{member_id}")
    assert page.status_code == 200
    chunk = page.text.split(f'id="{form}-form"')[1]
    key = chunk.split('name="idempotency_key" value="')[1].split('"')[0]
    return csrf_of(page.text), key


async def test_adding_a_member_with_a_bad_nik_shows_the_error_next_to_it_and_creates_nothing(client):
    # given
    coop = await make_coop()
    token = await signed_in(client, Role.MANAGER, coop.id)
    # when
    response = await client.post(
        f"/koperasi/{coop.id}/anggota/baru",
        data={"csrf_token": token, "name": "Yohanes Djawa", "nik": "12345", "phone": "081234567890", "joined_on": ""},
    )
    # then
    assert response.status_code == 422
    assert field_error(response.text, "f-nik") == "NIK harus 16 digit angka"
    assert 'value="Yohanes Djawa"' in response.text  # what was typed stays, except the NIK
    assert await service.count_members(coop.id) == 0


async def test_every_invalid_field_gets_its_own_message(client):
    # given
    coop = await make_coop()
    token = await signed_in(client, Role.MANAGER, coop.id)
    # when
    response = await client.post(
        f"/koperasi/{coop.id}/anggota/baru",
        data={"csrf_token": token, "name": "  ", "nik": "9901010101850001", "phone": "12", "joined_on": "2024-13-40"},
    )
    # then
    assert response.status_code == 422
    assert field_error(response.text, "f-name") == "Wajib diisi"
    assert field_error(response.text, "f-nik") == "Kode provinsi NIK tidak dikenal"
    assert field_error(response.text, "f-phone").startswith("Nomor HP tidak valid")
    assert field_error(response.text, "f-joined_on") == "Tanggal tidak valid"
    assert await service.count_members(coop.id) == 0


async def test_a_nik_already_in_the_cooperative_is_refused_next_to_the_nik(client):
    # given
    coop = await make_coop()
    taken = nik(4242)
    await make_member(coop.id, nik=taken)
    token = await signed_in(client, Role.MANAGER, coop.id)
    # when
    response = await client.post(
        f"/koperasi/{coop.id}/anggota/baru", data={"csrf_token": token, "name": "Kembar", "nik": taken}
    )
    # then
    assert response.status_code == 422
    assert field_error(response.text, "f-nik") == "NIK ini sudah terdaftar sebagai anggota koperasi ini"
    assert await service.count_members(coop.id) == 1


async def test_a_member_added_through_the_form_gets_a_number_and_their_page(client):
    # given
    coop = await make_coop(slug="kopi-uji")
    token = await signed_in(client, Role.MANAGER, coop.id)
    # when
    response = await client.post(
        f"/koperasi/{coop.id}/anggota/baru",
        data={
            "csrf_token": token,
            "name": "Maria Bhoko",
            "nik": "5309 0145 0785 0007",
            "phone": "0812-3456-7890",
            "joined_on": "2024-02-01",
        },
    )
    page = await client.get(response.headers["location"])
    # then
    [member] = await service.list_members(coop.id)
    assert response.status_code == 303
    assert response.headers["location"] == f"/koperasi/{coop.id}/anggota/{member.id}"
    assert member.name == "Maria Bhoko" and member.phone == "081234567890"
    assert "Maria Bhoko diterima sebagai anggota nomor KOPI-00001." in page.text
    assert "5309********0007" in page.text
    assert "1 Feb 2024" in page.text


async def test_searching_members_as_you_type_filters_the_rows(client):
    # given
    coop = await make_coop()
    await make_member(coop.id, name="Yosef Lobo")
    await make_member(coop.id, name="Dewi Lestari")
    await signed_in(client, Role.CASHIER, coop.id)
    # when
    found = await client.get(f"/koperasi/{coop.id}/anggota", params={"q": "lest"}, headers=HTMX)
    nothing = await client.get(f"/koperasi/{coop.id}/anggota", params={"q": "zzz"}, headers=HTMX)
    # then
    assert "Dewi Lestari" in found.text and "Yosef Lobo" not in found.text
    assert "Tidak ada anggota yang cocok" in nothing.text


async def test_a_deposit_posted_twice_with_the_same_key_books_once(client):
    # given
    coop = await make_coop()
    member = await make_member(coop.id)
    await signed_in(client, Role.CASHIER, coop.id)
    token, key = await _member_page_form(client, coop.id, member.id)
    data = {"csrf_token": token, "idempotency_key": key, "kind": "wajib", "amount": "20.000", "note": "Januari"}
    url = f"/koperasi/{coop.id}/anggota/{member.id}/setoran"
    # when
    first = await client.post(url, data=data, headers=HTMX)
    second = await client.post(url, data=data, headers=HTMX)
    # then
    assert first.status_code == second.status_code == 200
    assert first.text.lstrip().startswith('<section id="savings"')
    assert "Setoran simpanan wajib sebesar Rp 20.000 dicatat." in first.text
    assert (await service.savings_of(coop.id, member.id)).wajib == 20_000
    assert len(await service.savings_history(coop.id, member.id)) == 1
    assert f'value="{key}"' not in first.text  # the next deposit gets a new key


async def test_without_htmx_the_deposit_answers_with_the_whole_page(client):
    # given
    coop = await make_coop()
    member = await make_member(coop.id)
    await signed_in(client, Role.CASHIER, coop.id)
    token, key = await _member_page_form(client, coop.id, member.id)
    # when
    response = await client.post(
        f"/koperasi/{coop.id}/anggota/{member.id}/setoran",
        data={"csrf_token": token, "idempotency_key": key, "kind": "sukarela", "amount": "150000"},
    )
    # then
    assert response.status_code == 200
    assert response.text.lstrip().startswith("<!doctype html>")
    assert (await service.savings_of(coop.id, member.id)).sukarela == 150_000


@pytest.mark.parametrize(
    "amount, message",
    [
        ("abc", "Tulis jumlah rupiah bulat tanpa tanda minus, misalnya 20000 atau 20.000"),
        ("-5000", "Tulis jumlah rupiah bulat tanpa tanda minus, misalnya 20000 atau 20.000"),
        ("20,5", "Tulis jumlah rupiah bulat tanpa tanda minus, misalnya 20000 atau 20.000"),
        ("1.5", "Tulis jumlah rupiah bulat tanpa tanda minus, misalnya 20000 atau 20.000"),
        ("0", "Harus lebih dari nol"),
        ("", "Wajib diisi"),
    ],
)
async def test_an_amount_that_is_not_whole_positive_rupiah_is_refused_next_to_the_amount(client, amount, message):
    # given
    coop = await make_coop()
    member = await make_member(coop.id)
    await signed_in(client, Role.CASHIER, coop.id)
    token, key = await _member_page_form(client, coop.id, member.id)
    # when
    response = await client.post(
        f"/koperasi/{coop.id}/anggota/{member.id}/setoran",
        data={"csrf_token": token, "idempotency_key": key, "kind": "wajib", "amount": amount},
        headers=HTMX,
    )
    # then
    assert response.status_code == 422
    assert response.text.lstrip().startswith('<section id="savings"')
    assert field_error(response.text, "deposit-amount") == message
    assert f'value="{key}"' in response.text  # the same form, so a corrected retry still books once
    assert (await service.savings_of(coop.id, member.id)).total == 0


async def test_a_deposit_of_the_wrong_pokok_amount_is_refused_with_the_services_message(client):
    # given
    coop = await make_coop(simpanan_pokok_amount=100_000)
    member = await make_member(coop.id)
    await signed_in(client, Role.MANAGER, coop.id)
    token, key = await _member_page_form(client, coop.id, member.id)
    # when
    response = await client.post(
        f"/koperasi/{coop.id}/anggota/{member.id}/setoran",
        data={"csrf_token": token, "idempotency_key": key, "kind": "pokok", "amount": "50.000"},
        headers=HTMX,
    )
    # then
    assert response.status_code == 422
    assert field_error(response.text, "deposit-amount") == "Simpanan pokok koperasi ini Rp 100.000"


async def test_withdrawing_savings_locked_while_a_member_shows_the_error_next_to_the_kind(client):
    # given
    coop = await make_coop()
    member = await make_member(coop.id)
    await deposit(coop.id, member.id, "wajib", 40_000)
    await signed_in(client, Role.CASHIER, coop.id)
    token, key = await _member_page_form(client, coop.id, member.id, form="withdraw")
    # when
    response = await client.post(
        f"/koperasi/{coop.id}/anggota/{member.id}/penarikan",
        data={"csrf_token": token, "idempotency_key": key, "kind": "wajib", "amount": "10000"},
        headers=HTMX,
    )
    # then
    assert response.status_code == 422
    assert field_error(response.text, "withdraw-kind") == "Simpanan wajib tidak dapat ditarik selama masih anggota"
    assert (await service.savings_of(coop.id, member.id)).wajib == 40_000


async def test_withdrawing_more_voluntary_savings_than_saved_is_refused_next_to_the_amount(client):
    # given
    coop = await make_coop()
    member = await make_member(coop.id)
    await deposit(coop.id, member.id, "sukarela", 50_000)
    await signed_in(client, Role.CASHIER, coop.id)
    token, key = await _member_page_form(client, coop.id, member.id, form="withdraw")
    # when
    too_much = await client.post(
        f"/koperasi/{coop.id}/anggota/{member.id}/penarikan",
        data={"csrf_token": token, "idempotency_key": key, "kind": "sukarela", "amount": "60.000"},
        headers=HTMX,
    )
    # the refused key keeps its answer (a double submit is refused alike); the form comes back with a new key
    twice = await client.post(
        f"/koperasi/{coop.id}/anggota/{member.id}/penarikan",
        data={"csrf_token": token, "idempotency_key": key, "kind": "sukarela", "amount": "60.000"},
        headers=HTMX,
    )
    new_key = too_much.text.split('id="withdraw-form"')[1].split('name="idempotency_key" value="')[1].split('"')[0]
    enough = await client.post(
        f"/koperasi/{coop.id}/anggota/{member.id}/penarikan",
        data={"csrf_token": token, "idempotency_key": new_key, "kind": "sukarela", "amount": "30.000"},
        headers=HTMX,
    )
    # then
    assert too_much.status_code == twice.status_code == 422 and new_key != key
    assert "tidak cukup" in field_error(too_much.text, "withdraw-amount")
    assert "tidak cukup" in field_error(twice.text, "withdraw-amount")
    assert enough.status_code == 200
    assert "Penarikan simpanan sukarela sebesar Rp 30.000 dicatat." in enough.text
    assert (await service.savings_of(coop.id, member.id)).sukarela == 20_000


async def test_a_form_without_its_idempotency_key_is_refused(client):
    # given
    coop = await make_coop()
    member = await make_member(coop.id)
    await signed_in(client, Role.CASHIER, coop.id)
    token, _ = await _member_page_form(client, coop.id, member.id)
    # when
    response = await client.post(
        f"/koperasi/{coop.id}/anggota/{member.id}/setoran",
        data={"csrf_token": token, "kind": "wajib", "amount": "20000"},
        headers=HTMX,
    )
    # then
    assert response.status_code == 422
    assert "Formulir tidak lengkap" in response.text
    assert (await service.savings_of(coop.id, member.id)).total == 0

"""The cooperative profile: the manager edits it; an SHU policy that does not add up to 10000 bp
is refused next to the policy and changes nothing."""

from market import service
from market.schemas import Role
from tests.builders import make_coop
from tests.web.helpers import field_error, signed_in

POLICY = {
    "cadangan": "2500",
    "jasa_usaha": "3000",
    "jasa_modal": "2000",
    "pengurus": "1000",
    "karyawan": "500",
    "pendidikan": "500",
    "sosial": "500",
    "pembangunan_daerah": "0",
}


def form(token: str, **changes) -> dict:
    data = {
        "csrf_token": token,
        "name": "Koperasi Tani Makmur",
        "address": "Jl. Sawah 1",
        "bank_name": "BRI",
        "bank_account_number": "0123456789",
        "bank_account_holder": "Kop Tani",
    }
    data.update({f"shu_{fund}": bps for fund, bps in POLICY.items()})
    data.update(changes)
    return data


async def test_a_manager_saves_the_profile_and_policy(client):
    # given
    coop = await make_coop()
    token = await signed_in(client, Role.MANAGER, coop.id)
    # when
    response = await client.post(f"/koperasi/{coop.id}", data=form(token, shu_cadangan="2000", shu_sosial="1000"))
    page = await client.get(f"/koperasi/{coop.id}")
    # then
    assert response.status_code == 303
    saved = await service.get_cooperative(coop.id)
    assert saved.name == "Koperasi Tani Makmur" and saved.bank_account_number == "0123456789"
    assert saved.shu_policy["cadangan"] == 2000 and saved.shu_policy["sosial"] == 1000
    assert "Profil koperasi disimpan." in page.text


async def test_a_policy_that_does_not_add_up_is_refused_next_to_the_policy(client):
    # given
    coop = await make_coop()
    before = (await service.get_cooperative(coop.id)).shu_policy
    token = await signed_in(client, Role.MANAGER, coop.id)
    # when
    response = await client.post(f"/koperasi/{coop.id}", data=form(token, shu_cadangan="1500"))
    # then
    assert response.status_code == 422
    assert field_error(response.text, "shu-policy") == "Jumlah pembagian SHU harus 10000 bp (100%), sekarang 9000"
    assert 'value="1500"' in response.text  # what was typed is shown again
    after = await service.get_cooperative(coop.id)
    assert after.shu_policy == before and after.name != "Koperasi Tani Makmur"


async def test_every_bad_field_of_the_profile_is_reported_at_once(client):
    # given
    coop = await make_coop()
    token = await signed_in(client, Role.MANAGER, coop.id)
    # when
    response = await client.post(
        f"/koperasi/{coop.id}", data=form(token, name="", bank_account_number="12-34", shu_jasa_modal="dua ribu")
    )
    # then
    assert response.status_code == 422
    assert field_error(response.text, "f-name") == "Wajib diisi"
    assert field_error(response.text, "f-bank_account_number") == "Format tidak valid"
    assert field_error(response.text, "f-shu_jasa_modal") == "Harus bilangan bulat"


async def test_staff_who_may_not_edit_see_the_profile_without_the_form(client):
    # given
    coop = await make_coop()
    await signed_in(client, Role.CASHIER, coop.id)
    # when
    response = await client.get(f"/koperasi/{coop.id}")
    # then
    assert response.status_code == 200
    assert coop.name in response.text and "Pembagian SHU" in response.text
    assert f'action="/koperasi/{coop.id}"' not in response.text

"""The joining pages through the app as a browser posts them: the registration form (papers in
a multipart form, errors next to their field), the applicant's page, papers served only to the
operator and the cooperative's managers, the operator's checklist swapped by htmx, the people
page's invitation link (once) and its use, the tokens page showing a token once."""

from __future__ import annotations

import re

import pytest

from market import service as market
from market.schemas import Role
from tests.builders import make_coop
from tests.onboarding.helpers import JPEG, PDF, PNG, form, register
from tests.web.helpers import HTMX, csrf_of, field_error, signed_in

pytestmark = pytest.mark.parametrize("engine", ["sqlite"])  # pages over the services the engine tests prove


def _fields(**overrides: str) -> dict[str, str]:
    data = form().model_dump()
    data = {k: str(v) for k, v in data.items() if k != "syariah"}
    data["manager_password_again"] = data["manager_password"]
    data.update(overrides)
    return data


async def test_a_cooperative_registers_through_the_form_and_lands_on_its_application(client, settings, tmp_path):
    settings.media_dir = tmp_path / "media"
    page = await client.get("/daftar-koperasi")
    assert page.status_code == 200 and "Daftarkan koperasi Anda" in page.text and "Bali (WITA)" in page.text
    token = csrf_of(page.text)
    files = {"akta_pendirian": ("akta.pdf", PDF), "sk_pengesahan": ("sk.jpg", JPEG), "npwp": ("npwp.pdf", b"MZ\x90 no")}
    # when a paper is not what it says
    bad = await client.post("/daftar-koperasi", data={**_fields(), "csrf_token": token}, files=files)
    assert bad.status_code == 422 and field_error(bad.text, "f-npwp") == "Berkas harus PDF, JPEG atau PNG"
    # when it is
    files["npwp"] = ("npwp.png", PNG)
    done = await client.post("/daftar-koperasi", data={**_fields(), "csrf_token": token}, files=files)
    assert done.status_code == 303, done.text
    mine = await client.get(done.headers["location"])
    assert mine.status_code == 200 and "Menunggu pemeriksaan" in mine.text and "WITA" in mine.text
    # then the papers open for its manager and the operator, and for nobody else
    link = re.search(r'href="(/pendaftaran/\d+/dokumen/\d+)"', mine.text)
    assert link is not None
    paper = await client.get(link.group(1))
    assert paper.status_code == 200 and paper.headers["content-type"] == "application/pdf" and paper.content == PDF
    assert paper.headers["cache-control"] == "private, no-store"
    client.cookies.clear()
    await signed_in(client, Role.MANAGER, (await make_coop()).id)
    assert (await client.get(link.group(1))).status_code == 404
    client.cookies.clear()
    await signed_in(client, Role.OPERATOR)
    assert (await client.get(link.group(1))).status_code == 200


async def test_the_operator_ticks_the_checklist_with_htmx_and_approves(client, tmp_path):
    joined = await register(tmp_path)
    token = await signed_in(client, Role.OPERATOR)
    queue = await client.get("/operator/pendaftaran")
    assert f"/operator/pendaftaran/{joined.application_id}" in queue.text
    url = f"/operator/pendaftaran/{joined.application_id}"
    for item in ("documents_read", "legal_number_format", "bank_name_matches", "contact_reached"):
        ticked = await client.post(
            f"{url}/periksa", headers=HTMX, data={"csrf_token": token, "item": item, "checked": "1"}
        )
        assert ticked.status_code == 200 and ticked.text.lstrip().startswith('<section class="card" id="checklist"')
    approved = await client.post(f"{url}/setujui", data={"csrf_token": token})
    assert approved.status_code == 303
    shown = await client.get(url)
    assert "Terverifikasi" in shown.text and "Menyetujui (verifikasi)" in shown.text
    assert (await market.get_cooperative(joined.cooperative_id)).status == "active"


async def test_an_operators_note_is_kept_shown_on_the_application_and_in_the_audit_log(client, tmp_path):
    from onboarding import service
    from tests.builders import login, make_user
    from tests.onboarding.helpers import actions
    from tests.web.helpers import csrf_now

    joined = await register(tmp_path)
    user = await make_user(Role.OPERATOR)
    assert (await login(client, user.email)).status_code == 303
    token, operator = await csrf_now(client), await market.actor_by_id(user.id)
    assert operator is not None
    url = f"/operator/pendaftaran/{joined.application_id}"
    empty = await client.post(f"{url}/catatan", data={"csrf_token": token, "note": "   "})
    assert empty.status_code == 422 and "Catatan wajib diisi (maks. 2000 karakter)" in empty.text
    assert await actions(joined.cooperative_id) == ["registered", "bank_checked", *["document_uploaded"] * 3]
    text = "Ketua dihubungi 3 Des; akta asli dibawa ke dinas"
    sent = await client.post(f"{url}/catatan", data={"csrf_token": token, "note": f"  {text}  "})
    assert sent.status_code == 303 and sent.headers["location"] == f"{url}#catatan"
    # kept, trimmed, by this operator
    [note] = (await service.review(joined.application_id, actor=operator)).notes
    assert (note.text, note.author) == (text, operator.email)
    # on the application's page with its author, and in the audit log
    page = await client.get(url)
    catatan = page.text[page.text.index('id="catatan"') :].split("</section>")[0]
    assert text in catatan and note.author in catatan and "Belum ada catatan." not in catatan
    log = page.text[page.text.index("Log audit") :]
    assert log.count("Menambah catatan") == 1
    assert (await actions(joined.cooperative_id))[-1] == "note_added"
    [entry] = [a for a in await service.history(joined.cooperative_id) if a.action == "note_added"]
    assert entry.detail["note_id"] == note.id
    # the operator's note only: the applicant's own page does not show it
    client.cookies.clear()
    assert (await login(client, joined.manager.email)).status_code == 303
    mine = await client.get(f"/koperasi/{joined.cooperative_id}/pendaftaran")
    assert mine.status_code == 200 and text not in mine.text
    assert (
        await client.post(f"{url}/catatan", data={"csrf_token": csrf_of(mine.text), "note": "x"})
    ).status_code == 403


async def test_the_manager_invites_a_cashier_whose_link_signs_them_in_once(client):
    coop = await make_coop(name="Koperasi Nelayan Sejahtera")
    token = await signed_in(client, Role.MANAGER, coop.id)
    made = await client.post(
        f"/koperasi/{coop.id}/undangan",
        data={"csrf_token": token, "role": "cashier", "name": "Rina", "phone": "081298765432"},
    )
    assert made.status_code == 200 and "https://wa.me/6281298765432?text=" in made.text
    link = re.search(r'value="http://test(/undangan/[^"]+)"', made.text)
    assert link is not None
    assert link.group(1) not in (await client.get(f"/koperasi/{coop.id}/pengguna")).text  # shown once
    await client.post("/keluar", data={"csrf_token": token})
    opened = await client.get(link.group(1))
    assert opened.status_code == 200 and "Koperasi Nelayan Sejahtera" in opened.text
    assert opened.headers["referrer-policy"] == "no-referrer"
    body = {"name": "Rina", "email": "rina@nelayan.id", "password": "rahasia123", "password_again": "rahasia123"}
    used = await client.post(link.group(1), data={**body, "csrf_token": csrf_of(opened.text)})
    assert used.status_code == 303 and used.headers["location"] == f"/koperasi/{coop.id}/anggota"
    me = await client.get("/api/v1/me")
    assert me.json()["role"] == "cashier" and me.json()["email"] == "rina@nelayan.id"
    again = await client.get(link.group(1))
    assert again.status_code == 410 and "sudah dipakai" in again.text


async def test_the_tokens_page_shows_a_token_once(client):
    coop = await make_coop()
    token = await signed_in(client, Role.MANAGER, coop.id)
    made = await client.post(
        f"/koperasi/{coop.id}/token", data={"csrf_token": token, "name": "Kasir pusat", "scopes": ["pos", "orders"]}
    )
    secret = re.search(r'value="(pk_[^"]+)"', made.text)
    assert made.status_code == 200 and secret is not None
    listed = await client.get(f"/koperasi/{coop.id}/token")
    assert "Kasir pusat" in listed.text and "pos, orders" in listed.text and secret.group(1) not in listed.text
    refused = await client.post(f"/koperasi/{coop.id}/token", data={"csrf_token": token, "name": "x"})
    assert refused.status_code == 422 and "Pilih sedikitnya satu cakupan" in refused.text
    client.cookies.clear()
    await signed_in(client, Role.CASHIER, coop.id)
    assert (await client.get(f"/koperasi/{coop.id}/token")).status_code == 403

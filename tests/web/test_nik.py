"""No page ever shows a NIK unmasked: not in lists, searches, member pages, htmx blocks, the
member's own page, nor when a form with a valid NIK is shown again with another error."""

import re

from market import service
from market.schemas import Role, mask_nik
from tests.builders import deposit, login, make_coop, make_member, make_user, nik
from tests.web.helpers import HTMX, csrf_of, signed_in


def assert_no_raw_nik(html: str, niks: list[str]) -> None:
    for raw in niks:
        assert raw not in html
        # nor the same digits split by spaces or dots
        assert raw not in re.sub(r"[\s.\-]", "", html)


async def test_no_page_shows_a_nik_unmasked(client):
    # given
    coop = await make_coop()
    niks = [nik(7001), nik(7002)]
    members = [await make_member(coop.id, nik=raw, name=f"Pemilik {n}") for n, raw in enumerate(niks)]
    await deposit(coop.id, members[0].id, "wajib", 20_000)
    member_user = await make_user(Role.MEMBER, member_id=members[0].id)
    token = await signed_in(client, Role.MANAGER, coop.id)
    seen = []
    # when: every page a manager opens
    for path in (
        f"/koperasi/{coop.id}/anggota",
        f"/koperasi/{coop.id}/anggota?q=Pemilik",
        f"/koperasi/{coop.id}/anggota/{members[0].id}",
        f"/koperasi/{coop.id}/anggota/{members[1].id}",
        f"/koperasi/{coop.id}",
        "/",
    ):
        seen.append(await client.get(path, follow_redirects=True))
        seen.append(await client.get(path, headers=HTMX))
    page = seen[4]
    key = page.text.split('name="idempotency_key" value="')[1].split('"')[0]
    seen.append(
        await client.post(
            f"/koperasi/{coop.id}/anggota/{members[0].id}/setoran",
            headers=HTMX,
            data={"csrf_token": csrf_of(page.text), "idempotency_key": key, "kind": "wajib", "amount": "20000"},
        )
    )
    # a valid new NIK typed into a form that fails on another field is not echoed back
    new_nik = nik(7003)
    niks.append(new_nik)
    seen.append(
        await client.post(
            f"/koperasi/{coop.id}/anggota/baru",
            data={"csrf_token": token, "name": "Baru", "nik": new_nik, "phone": "bukan-nomor"},
        )
    )
    # and the member's own page
    client.cookies.clear()
    await login(client, member_user.email)
    seen.append(await client.get("/saya"))
    # then
    assert all(r.status_code in (200, 422) for r in seen), [r.status_code for r in seen]
    for response in seen:
        assert_no_raw_nik(response.text, niks)
    assert mask_nik(niks[0]) in seen[0].text and mask_nik(niks[0]) in seen[-1].text
    assert await service.count_members(coop.id) == 2

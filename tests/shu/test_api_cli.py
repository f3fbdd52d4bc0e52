"""The SHU close over HTTP and on the command line."""

from __future__ import annotations

from market.schemas import Role
from tests.builders import make_member, make_user, token_for
from tests.market.test_cli import market
from tests.shu.year import YEAR, book_year, closed_year


async def test_the_manager_closes_the_year_and_staff_and_members_read_the_proposal(client, db):
    coop, a, b, c = await closed_year()
    boss = await token_for(await make_user(Role.MANAGER, coop.id))
    base = f"/api/v1/cooperatives/{coop.id}/shu/{YEAR}"
    policy = (await client.get(f"{base}/policy", headers=boss)).json()
    assert policy["funds"] == {"cadangan": 3000, "jasa_usaha": 4000, "jasa_modal": 2000, "pendidikan": 1000}
    assert policy["stored"] is False and policy["frozen"] is False
    cashier = await token_for(await make_user(Role.CASHIER, coop.id))
    assert (await client.post(f"{base}/close", headers=cashier)).status_code == 403
    closed = await client.post(f"{base}/close", headers=boss)
    assert closed.status_code == 201, closed.text
    again = await client.post(f"{base}/close", headers=boss)
    assert again.status_code == 409 and again.json()["code"] == "shu.already_closed"
    member = await token_for(await make_user(Role.MEMBER, coop.id, member_id=a.id))
    body = (await client.get(base, headers=member)).json()  # the members' shares are the RAT's document
    assert (body["version"], body["state"], body["shu"], body["shu_after_tax"]) == (1, "proposed", 285_000, 285_000)
    assert {f["code"]: f["amount"] for f in body["funds"]}["jasa_usaha"] == 68_852
    assert {m["member_id"]: m["total"] for m in body["members"]} == {a.id: 67_072, b.id: 27_755, c.id: 31_025}
    assert set(body["members"][0]) >= {"member_number", "name", "weights", "capital", "jasa_usaha", "jasa_modal"}
    frozen = await client.put(f"{base}/policy", headers=boss, json={"funds": {"jasa_usaha": 10000}})
    assert frozen.status_code == 409 and frozen.json()["code"] == "shu.policy_frozen"
    assert (await client.get(f"{base}?version=2", headers=boss)).status_code == 404


async def test_a_policy_is_validated_and_another_cooperative_sees_nothing(client, db):
    coop, *_ = await book_year()
    boss = await token_for(await make_user(Role.MANAGER, coop.id))
    base = f"/api/v1/cooperatives/{coop.id}/shu/{YEAR}"
    bad = await client.put(f"{base}/policy", headers=boss, json={"funds": {"jasa_usaha": 9000}})
    assert bad.status_code == 422 and bad.json()["code"] == "shu.policy_invalid"
    refused = await client.post(f"{base}/close", headers=boss)
    assert refused.status_code == 409 and refused.json()["code"] == "shu.year_not_locked"
    other, *_ = await book_year()
    stranger = await token_for(await make_user(Role.MANAGER, other.id))
    assert (await client.get(f"{base}/policy", headers=stranger)).status_code == 404
    member = await make_member(coop.id)
    reader = await token_for(await make_user(Role.MEMBER, coop.id, member_id=member.id))
    assert (
        await client.put(f"{base}/policy", headers=reader, json={"funds": {"jasa_usaha": 10000}})
    ).status_code == 403


async def test_the_cli_closes_a_locked_year_and_refuses_with_exit_code_2(db, database_url):
    coop, *_ = await closed_year()
    done = market("shu", "close", "--coop", coop.slug, "--year", str(YEAR), url=database_url)
    assert done.returncode == 0, done.stderr
    assert "SHU setelah pajak" in done.stdout and "Rp 285.000" in done.stdout and "Rp 68.852" in done.stdout
    twice = market("shu", "close", "--coop", coop.slug, "--year", str(YEAR), url=database_url)
    assert twice.returncode == 2 and "sudah ditutup" in twice.stderr
    revised = market("shu", "close", "--coop", coop.slug, "--year", str(YEAR), "--revise", url=database_url)
    assert revised.returncode == 0 and "versi 2" in revised.stdout, revised.stderr
    open_year = market("shu", "close", "--coop", coop.slug, "--year", str(YEAR + 1), url=database_url)
    assert open_year.returncode == 2 and "belum dikunci" in open_year.stderr

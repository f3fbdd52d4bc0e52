"""JSON API: bearer tokens, tenancy, and bad input answered with problem bodies that change nothing."""

import pytest

from market.models import Cooperative, JournalEntry, Member, Role
from tests.builders import deposit, make_coop, make_member, make_user, nik, token_for


@pytest.fixture
async def world(db):
    coop_a, coop_b = await make_coop(), await make_coop()
    member_b = await make_member(coop_b.id)
    manager_a = await make_user(Role.MANAGER, coop_a.id)
    operator = await make_user(Role.OPERATOR)
    return {
        "a": coop_a,
        "b": coop_b,
        "member_b": member_b,
        "manager_a": await token_for(manager_a),
        "operator": await token_for(operator),
    }


def assert_problem(response, status: int, code: str):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["code"] == code and body["type"] == f"/problems/{code}"
    return body


async def test_a_manager_gets_404_for_another_cooperatives_members_and_books(client, world):
    b, member_b, headers = world["b"], world["member_b"], world["manager_a"]
    for path in (
        f"/api/v1/cooperatives/{b.id}/members",
        f"/api/v1/cooperatives/{b.id}/members/{member_b.id}",
        f"/api/v1/cooperatives/{b.id}/members/{member_b.id}/savings",
        f"/api/v1/cooperatives/{b.id}/trial-balance",
        f"/api/v1/cooperatives/{b.id}",
    ):
        assert_problem(await client.get(path, headers=headers), 404, "market.not_found")
    response = await client.post(
        f"/api/v1/cooperatives/{b.id}/members/{member_b.id}/savings/deposits",
        json={"kind": "sukarela", "amount": 1000},
        headers=headers,
    )
    assert_problem(response, 404, "market.not_found")
    assert await JournalEntry.all().count() == 0
    # and their own cooperative answers
    own = await client.get(f"/api/v1/cooperatives/{world['a'].id}/members", headers=headers)
    assert own.status_code == 200 and own.json() == []


async def test_requests_without_a_valid_token_are_unauthorised(client, world):
    assert_problem(await client.get("/api/v1/cooperatives"), 401, "market.unauthorized")
    assert_problem(
        await client.get("/api/v1/cooperatives", headers={"Authorization": "Bearer nope"}), 401, "market.unauthorized"
    )


async def test_adding_a_member_masks_the_nik_in_every_answer(client, world):
    a, headers = world["a"], world["manager_a"]
    raw = nik(4321)
    created = await client.post(
        f"/api/v1/cooperatives/{a.id}/members",
        json={"name": "Maria Goreti", "nik": raw, "phone": "0812-3456-7890"},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    listed = await client.get(f"/api/v1/cooperatives/{a.id}/members?q=maria", headers=headers)
    for text in (created.text, listed.text):
        assert raw not in text
    assert created.json()["nik_masked"] == raw[:4] + "********" + raw[-4:]
    assert listed.json()[0]["name"] == "Maria Goreti"


@pytest.mark.parametrize(
    "bad_nik",
    ["123", "32010112078500011", "9901011207850001", "3201019913850001", "3201010107850000", "abcdabcdabcdabcd"],
)
async def test_a_bad_nik_is_refused_and_no_member_is_created(client, world, bad_nik):
    a, headers = world["a"], world["manager_a"]
    response = await client.post(
        f"/api/v1/cooperatives/{a.id}/members", json={"name": "X", "nik": bad_nik}, headers=headers
    )
    body = assert_problem(response, 422, "market.invalid_input")
    assert body["errors"][0]["field"] == "nik"
    assert await Member.filter(cooperative_id=a.id).count() == 0


@pytest.mark.parametrize("amount", [-5000, 0, 1000.5, "1000", None, 10**14])
async def test_negative_or_non_integer_amounts_are_refused_and_nothing_moves(client, world, amount):
    a, headers = world["a"], world["manager_a"]
    member = await make_member(a.id)
    response = await client.post(
        f"/api/v1/cooperatives/{a.id}/members/{member.id}/savings/deposits",
        json={"kind": "sukarela", "amount": amount},
        headers=headers,
    )
    assert_problem(response, 422, "market.invalid_input")
    assert await JournalEntry.all().count() == 0


async def test_an_unknown_cooperative_is_404(client, world):
    assert_problem(
        await client.get("/api/v1/cooperatives/999999/members", headers=world["operator"]), 404, "market.not_found"
    )


async def test_a_shu_policy_that_does_not_sum_to_10000_is_refused(client, world):
    a, headers = world["a"], world["manager_a"]
    before = (await Cooperative.get(id=a.id)).shu_policy
    response = await client.patch(
        f"/api/v1/cooperatives/{a.id}", headers=headers, json={"shu_policy": {"cadangan": 5000, "jasa_usaha": 4000}}
    )
    body = assert_problem(response, 422, "market.invalid_input")
    assert "10000" in body["detail"]
    assert (await Cooperative.get(id=a.id)).shu_policy == before
    created = await client.post(
        "/api/v1/cooperatives",
        headers=world["operator"],
        json={
            "name": "Koperasi Baru",
            "legal_number": "AHU-1",
            "nik_koperasi": "1234567890123456",
            "coop_type": "jasa",
            "province": "Papua",
            "regency": "Kota Jayapura",
            "shu_policy": {"cadangan": 10000, "jasa_usaha": 1},
        },
    )
    assert_problem(created, 422, "market.invalid_input")
    assert not await Cooperative.exists(name="Koperasi Baru")


async def test_only_the_operator_creates_and_verifies_cooperatives(client, world):
    payload = {
        "name": "Koperasi Nelayan Biak",
        "legal_number": "AHU-77",
        "nik_koperasi": "9106000000000001",
        "coop_type": "produsen",
        "province": "Papua",
        "regency": "Kabupaten Biak Numfor",
    }
    assert_problem(
        await client.post("/api/v1/cooperatives", json=payload, headers=world["manager_a"]), 403, "market.forbidden"
    )
    created = await client.post("/api/v1/cooperatives", json=payload, headers=world["operator"])
    assert created.status_code == 201 and created.json()["status"] == "pending"
    coop_id = created.json()["id"]
    verified = await client.post(
        f"/api/v1/cooperatives/{coop_id}/status", json={"status": "active"}, headers=world["operator"]
    )
    assert verified.json()["status"] == "active"
    duplicate = await client.post("/api/v1/cooperatives", json=payload, headers=world["operator"])
    assert_problem(duplicate, 409, "market.conflict")


async def test_a_member_reads_their_own_savings_and_shu_but_not_anothers(client, world):
    a = world["a"]
    me, other = await make_member(a.id), await make_member(a.id)
    await deposit(a.id, me.id, "sukarela", 25_000)
    headers = await token_for(await make_user(Role.MEMBER, member_id=me.id))
    savings = await client.get(f"/api/v1/cooperatives/{a.id}/members/{me.id}/savings", headers=headers)
    assert savings.json()["sukarela"] == 25_000
    shu = await client.get(f"/api/v1/cooperatives/{a.id}/members/{me.id}/shu", headers=headers)
    assert shu.status_code == 200 and shu.json()["total"] == 0
    assert_problem(
        await client.get(f"/api/v1/cooperatives/{a.id}/members/{other.id}/savings", headers=headers),
        404,
        "market.not_found",
    )
    denied = await client.post(
        f"/api/v1/cooperatives/{a.id}/members/{me.id}/savings/deposits",
        json={"kind": "sukarela", "amount": 1000},
        headers=headers,
    )
    assert_problem(denied, 403, "market.forbidden")


async def test_health_and_readiness(client, db):
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"

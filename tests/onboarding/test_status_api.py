"""The operator's status API goes through onboarding's rules: a suspension needs its reason and
is written in the audit log, and a cooperative that registered itself is verified only by
approving its application (the checklist) — never by setting its status (409, nothing changed)."""

from __future__ import annotations

from market import service as market
from market.service import Role
from tests.builders import make_coop, make_user, token_for
from tests.onboarding.helpers import actions, register


async def test_status_goes_through_the_reason_and_the_audit_log(client):
    operator = await token_for(await make_user(Role.OPERATOR))
    coop = await make_coop()
    base = f"/api/v1/cooperatives/{coop.id}/status"
    no_reason = await client.post(base, json={"status": "suspended"}, headers=operator)
    assert no_reason.status_code == 422 and (await market.get_cooperative(coop.id)).status == "active"
    reason = "Laporan keuangan belum dikirim"
    suspended = await client.post(base, json={"status": "suspended", "reason": reason}, headers=operator)
    assert suspended.status_code == 200 and suspended.json()["status"] == "suspended"
    back = await client.post(base, json={"status": "active"}, headers=operator)
    assert back.status_code == 200 and back.json()["status"] == "active"
    assert (await actions(coop.id))[-2:] == ["suspended", "reinstated"]
    manager = await token_for(await make_user(Role.MANAGER, coop.id))
    assert (await client.post(base, json={"status": "active"}, headers=manager)).status_code == 403
    assert (await client.post(base, json={"status": "pending"}, headers=operator)).status_code == 422


async def test_a_registered_cooperative_is_not_verified_by_setting_its_status(client, tmp_path):
    registered = await register(tmp_path)
    operator = await token_for(await make_user(Role.OPERATOR))
    answer = await client.post(
        f"/api/v1/cooperatives/{registered.cooperative_id}/status", json={"status": "active"}, headers=operator
    )
    assert answer.status_code == 409 and answer.json()["code"] == "onboarding.wrong_state"
    assert (await market.get_cooperative(registered.cooperative_id)).status == "pending"

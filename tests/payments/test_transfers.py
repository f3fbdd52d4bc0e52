"""Wallet transfers: member to member in one cooperative and across cooperatives, buyer to member,
found by member number + cooperative or by phone; the recipient sees the sender's name at once;
every book balances (the db fixture checks); refusals are problems, replayed for their key."""

from __future__ import annotations

import pytest

from market import runtime
from market import service as market
from market.errors import InsufficientBalance
from payments import service
from payments.errors import LimitReached, PinWrong, RecipientAmbiguous, RecipientNotFound, SelfTransfer
from payments.schemas import RecipientIn
from tests.builders import make_coop, make_member, token_for
from tests.payments.helpers import count
from tests.payments.wallet_helpers import PIN, buyer_with_wallet, member_with_wallet


async def _send(wallet, user, to: RecipientIn, amount, key, *, pin=PIN, rules=service.DEFAULT_RULES):
    return await service.transfer(
        wallet.id, to, amount, pin_code=pin, user_id=user.id, idempotency_key=key, rules=rules
    )


async def test_transfers_in_one_cooperative_across_cooperatives_and_from_a_buyer(db):
    coop, sender, s_user, s_wallet = await member_with_wallet(amount=100_000, name="Siti Aminah")
    _, neighbour, _, n_wallet = await member_with_wallet(coop, pin=None, login=False)
    far_coop = await make_coop(slug="merauke-jaya")
    _, far, _, f_wallet = await member_with_wallet(far_coop, pin=None, login=False)
    buyer, b_wallet = await buyer_with_wallet(amount=30_000)
    # within the cooperative, by member number (spaces and case ignored)
    to_neighbour = RecipientIn(member_number=f" {neighbour.member_number.lower()} ", cooperative=str(coop.id))
    first = await _send(s_wallet, s_user, to_neighbour, 25_000, "t1")
    # across cooperatives, by the far member's phone written as +62
    to_far = RecipientIn(phone="+62 " + far.phone[1:])
    second = await _send(s_wallet, s_user, to_far, 40_000, "t2")
    # a buyer to a member of another cooperative, by slug
    third = await _send(
        b_wallet, buyer, RecipientIn(member_number=far.member_number, cooperative="merauke-jaya"), 30_000, "t3"
    )
    assert (first.recipient_name, second.sender_name) == (neighbour.name, "Siti Aminah")
    balances = [await service.wallet_balance(w.id) for w in (s_wallet, n_wallet, f_wallet, b_wallet)]
    assert balances == [35_000, 25_000, 70_000, 0]
    # the recipient's history names the sender at once
    far_history = await service.wallet_history(f_wallet.id)
    assert [(m.kind, m.amount, m.description) for m in far_history] == [
        ("transfer_in", 30_000, f"Transfer dari {buyer.name}"),
        ("transfer_in", 40_000, "Transfer dari Siti Aminah"),
    ]
    # each cooperative's neraca shows its members' wallets; the far one's money crossed the books
    trial = await market.statements.trial_balance(far_coop.id)
    assert [r.closing for r in trial.rows if r.code == "wallet"] == [-70_000]
    assert third.to_wallet_id == f_wallet.id
    assert await count("outbox_event", "WHERE topic = 'wallet.transferred.v1'") == 3


async def test_refusals_name_their_cause_and_a_refused_key_keeps_its_answer(db):
    coop, sender, user, wallet = await member_with_wallet(amount=50_000)
    _, other, _, o_wallet = await member_with_wallet(coop, pin=None, login=False)
    to_other = RecipientIn(member_number=other.member_number, cooperative=coop.slug)
    with pytest.raises(InsufficientBalance):
        await _send(wallet, user, to_other, 50_001, "big")
    with pytest.raises(RecipientNotFound) as unknown:
        await _send(wallet, user, RecipientIn(member_number="NOPE-1", cooperative=coop.slug), 1_000, "who")
    assert unknown.value.field == "member_number"
    with pytest.raises(RecipientNotFound):
        await _send(wallet, user, RecipientIn(phone="081199999999"), 1_000, "phone")
    with pytest.raises(RecipientNotFound):  # an id past any column's range is simply no cooperative
        await _send(wallet, user, RecipientIn(member_number="X", cooperative="9" * 20), 1_000, "huge")
    with pytest.raises(SelfTransfer):
        await _send(wallet, user, RecipientIn(member_number=sender.member_number, cooperative=coop.slug), 1_000, "me")
    twin = await make_member(coop.id, phone=other.phone)  # two members share a phone
    assert twin.id
    with pytest.raises(RecipientAmbiguous):
        await _send(wallet, user, RecipientIn(phone=other.phone), 1_000, "twins")
    # a wrong PIN is the key's answer: the right PIN with the same key is refused the same way
    with pytest.raises(PinWrong) as wrong:
        await _send(wallet, user, to_other, 10_000, "pin", pin="000000")
    with pytest.raises(PinWrong) as again:
        await _send(wallet, user, to_other, 10_000, "pin")
    assert (again.value.code, again.value.attempts_left) == (wrong.value.code, 4)
    done = await _send(wallet, user, to_other, 10_000, "pin-2")
    replay = await _send(wallet, user, to_other, 10_000, "pin-2")
    assert replay.id == done.id
    assert await service.wallet_balance(wallet.id) == 40_000 and await service.wallet_balance(o_wallet.id) == 10_000
    assert await count("payments_wallet_transfer") == 1


async def test_the_daily_limit_counts_todays_transfers(db):
    coop, _, user, wallet = await member_with_wallet(amount=200_000)
    _, other, _, _ = await member_with_wallet(coop, pin=None, login=False)
    to = RecipientIn(member_number=other.member_number, cooperative=coop.slug)
    rules = service.WalletRules(transfer_daily_idr=50_000)
    await _send(wallet, user, to, 30_000, "l1", rules=rules)
    with pytest.raises(LimitReached) as reached:
        await _send(wallet, user, to, 30_000, "l2", rules=rules)
    assert reached.value.extra["remaining"] == 20_000
    with pytest.raises(LimitReached):  # the refusal is the key's answer, even under a larger limit
        await _send(wallet, user, to, 30_000, "l2", rules=service.WalletRules(transfer_daily_idr=100_000))
    await _send(wallet, user, to, 20_000, "l3", rules=rules)
    assert await service.sent_today(wallet, rules) == 50_000


async def test_the_api_answers_problems_and_replays_a_refusal(db, pclient):
    coop, _, user, wallet = await member_with_wallet(amount=20_000)
    _, other, _, _ = await member_with_wallet(coop, pin=None, login=False)
    headers = await token_for(user)
    body = {"to": {"member_number": other.member_number, "cooperative": coop.slug}, "amount": 25_000, "pin": PIN}
    url = "/api/v1/wallet/transfers"
    refused = await pclient.post(url, json=body, headers={**headers, "Idempotency-Key": "k1"})
    assert refused.status_code == 409 and refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "market.insufficient_balance"
    await service.credit_wallet(wallet.id, 10_000, reference="late", from_account=await service.xendit_cash())
    replayed = await pclient.post(url, json=body, headers={**headers, "Idempotency-Key": "k1"})
    assert (replayed.status_code, replayed.json()["code"]) == (409, "market.insufficient_balance")
    sent = await pclient.post(url, json=body, headers={**headers, "Idempotency-Key": "k2"})
    assert sent.status_code == 201 and sent.json()["amount"] == 25_000
    found = await pclient.get(
        "/api/v1/wallet/recipients",
        params={"member_number": other.member_number, "cooperative": coop.slug},
        headers=headers,
    )
    assert found.json()["name"] == other.name
    for _ in range(4):
        wrong = await pclient.post(url, json={**body, "pin": "999999"}, headers=headers)
        assert wrong.status_code == 403 and wrong.json()["code"] == "payments.pin_wrong"
    locked = await pclient.post(url, json={**body, "pin": "999999"}, headers=headers)
    assert (locked.status_code, locked.json()["code"]) == (429, "payments.pin_locked")
    assert int(locked.headers["Retry-After"]) > 0
    pin = await pclient.put("/api/v1/wallet/pin", json={"new_pin": "112233"}, headers=headers)
    assert (pin.status_code, pin.json()["code"]) == (422, "payments.pin_current_required")


def _problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert (body["status"], body["code"], body["type"]) == (status, code, f"/problems/{code}"), body
    return body


async def test_the_api_answers_limit_reached_and_unknown_recipient_as_problems_and_replays_them(db, pclient):
    coop, _, user, wallet = await member_with_wallet(amount=100_000)
    _, other, _, o_wallet = await member_with_wallet(coop, pin=None, login=False)
    rt = runtime.current()
    runtime.replace(settings=rt.settings.model_copy(update={"wallet_transfer_daily_limit": 30_000}))
    headers = await token_for(user)
    url = "/api/v1/wallet/transfers"
    body = {"to": {"member_number": other.member_number, "cooperative": coop.slug}, "amount": 20_000, "pin": PIN}
    sent = await pclient.post(url, json=body, headers={**headers, "Idempotency-Key": "batas-1"})
    assert sent.status_code == 201, sent.text
    # a second 20.000 passes today's 30.000: refused, saying what is left
    over = _problem(
        await pclient.post(url, json=body, headers={**headers, "Idempotency-Key": "batas-2"}),
        409,
        "payments.limit_reached",
    )
    assert over["remaining"] == 10_000 and over["detail"]
    # an unknown member number, or a phone nobody has: not found, next to the field
    nobody = {**body, "to": {"member_number": "TIDAK-ADA-1", "cooperative": coop.slug}, "amount": 1_000}
    unknown = _problem(
        await pclient.post(url, json=nobody, headers={**headers, "Idempotency-Key": "siapa-1"}),
        404,
        "payments.recipient_not_found",
    )
    assert unknown["field"] == "member_number"
    no_phone = {**body, "to": {"phone": "081199999999"}, "amount": 1_000}
    _problem(await pclient.post(url, json=no_phone, headers=headers), 404, "payments.recipient_not_found")
    # each refusal is its key's answer: the same key under a larger limit is refused the same way
    runtime.replace(settings=rt.settings.model_copy(update={"wallet_transfer_daily_limit": 100_000}))
    again = await pclient.post(url, json=body, headers={**headers, "Idempotency-Key": "batas-2"})
    assert _problem(again, 409, "payments.limit_reached")["remaining"] == 10_000
    _problem(
        await pclient.post(url, json=nobody, headers={**headers, "Idempotency-Key": "siapa-1"}),
        404,
        "payments.recipient_not_found",
    )
    assert await service.wallet_balance(wallet.id) == 80_000 and await service.wallet_balance(o_wallet.id) == 20_000
    assert await count("payments_wallet_transfer") == 1

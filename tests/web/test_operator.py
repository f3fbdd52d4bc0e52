"""The operator's list of cooperatives: verify and suspend, the row swapped by htmx."""

from market import service
from market.schemas import CoopStatus, Role
from tests.builders import make_coop
from tests.web.helpers import HTMX, signed_in


async def test_the_operator_sees_every_cooperative_with_its_province_type_and_status(client):
    # given
    await make_coop(
        name="Koperasi Syariah Uji",
        syariah=True,
        province="Aceh",
        shu_policy={"cadangan": 2000, "jasa_usaha": 4000, "jasa_modal": 3000, "zakat": 1000},
    )
    await make_coop(name="Koperasi Menunggu", status=CoopStatus.PENDING)
    await signed_in(client, Role.OPERATOR)
    # when
    response = await client.get("/operator/koperasi")
    pending = await client.get("/operator/koperasi?status=pending")
    # then
    assert response.status_code == 200
    text = response.text
    assert "Koperasi Syariah Uji" in text and "Aceh" in text and "Syariah" in text
    assert "Menunggu verifikasi" in text and "Verifikasi &amp; aktifkan" in text and "Tangguhkan" in text
    assert "Koperasi Menunggu" in pending.text and "Koperasi Syariah Uji" not in pending.text


async def test_verifying_a_cooperative_with_htmx_swaps_only_its_row(client):
    # given
    coop = await make_coop(status=CoopStatus.PENDING)
    token = await signed_in(client, Role.OPERATOR)
    # when
    response = await client.post(
        f"/operator/koperasi/{coop.id}/status", headers=HTMX, data={"csrf_token": token, "status": "active"}
    )
    # then
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<li class="row" id="coop-{coop.id}">')
    assert "<html" not in response.text and "Aktif" in response.text and "Tangguhkan" in response.text
    assert (await service.get_cooperative(coop.id)).status == CoopStatus.ACTIVE


async def test_suspending_without_htmx_redirects_back_to_the_list(client):
    # given
    coop = await make_coop(name="Koperasi Nakal")
    token = await signed_in(client, Role.OPERATOR)
    # when (a suspension needs the reason the cooperative is shown)
    no_reason = await client.post(
        f"/operator/koperasi/{coop.id}/status", data={"csrf_token": token, "status": "suspended"}
    )
    response = await client.post(
        f"/operator/koperasi/{coop.id}/status",
        data={"csrf_token": token, "status": "suspended", "reason": "Laporan keuangan tidak dikirim"},
    )
    listing = await client.get(response.headers["location"])
    # then
    assert no_reason.status_code == 422 and "Tulis alasannya" in no_reason.text
    assert response.status_code == 303 and response.headers["location"] == "/operator/koperasi"
    assert "Status Koperasi Nakal diubah." in listing.text and "Laporan keuangan tidak dikirim" in listing.text
    assert (await service.get_cooperative(coop.id)).status == CoopStatus.SUSPENDED


async def test_an_unknown_status_is_refused_in_the_row(client):
    # given
    coop = await make_coop()
    token = await signed_in(client, Role.OPERATOR)
    # when
    response = await client.post(
        f"/operator/koperasi/{coop.id}/status", headers=HTMX, data={"csrf_token": token, "status": "dihapus"}
    )
    back_to_pending = await client.post(
        f"/operator/koperasi/{coop.id}/status", headers=HTMX, data={"csrf_token": token, "status": "pending"}
    )
    # then
    assert response.status_code == 422 and "Pilihan tidak valid" in response.text
    assert back_to_pending.status_code == 422
    assert "Status hanya dapat diubah ke aktif atau ditangguhkan" in back_to_pending.text
    assert (await service.get_cooperative(coop.id)).status == CoopStatus.ACTIVE


async def test_an_unknown_cooperative_is_not_found(client):
    token = await signed_in(client, Role.OPERATOR)
    response = await client.post(
        "/operator/koperasi/999999/status", headers=HTMX, data={"csrf_token": token, "status": "active"}
    )
    assert response.status_code == 404


async def test_the_operator_sees_an_event_that_failed_for_good_and_can_retry_it(client):
    # given an event whose every delivery attempt failed
    from market.models import OutboxEvent
    from market.service import dispatch_pending, publish, subscribe
    from market.service.outbox import MAX_ATTEMPTS, _handlers
    from tests.events import Broken

    async def broken(event):
        raise RuntimeError("penerima mati")

    subscribe(Broken, broken, name="test.broken")
    try:
        event = await publish(Broken())
        await OutboxEvent.filter(id=event.id).update(attempts=MAX_ATTEMPTS - 1)
        await dispatch_pending()
        token = await signed_in(client, Role.OPERATOR)
        # when the operator opens the network page
        listing = await client.get("/operator/koperasi")
        # then the event is listed with its error, and a retry makes it due again
        assert "Peristiwa yang gagal dikirim" in listing.text
        assert f"#{event.id} test.broken.v1" in listing.text and "penerima mati" in listing.text
        retried = await client.post(f"/operator/kejadian/{event.id}/ulang", data={"csrf_token": token})
        assert retried.status_code == 303
        row = await OutboxEvent.get(id=event.id)
        assert row.failed_at is None and row.next_attempt_at is None
        assert "Peristiwa yang gagal dikirim" not in (await client.get("/operator/koperasi")).text
    finally:
        _handlers.pop(Broken.topic(), None)


async def test_a_manager_cannot_retry_events(client):
    coop = await make_coop()
    token = await signed_in(client, Role.MANAGER, coop_id=coop.id)
    response = await client.post("/operator/kejadian/1/ulang", data={"csrf_token": token})
    assert response.status_code == 403

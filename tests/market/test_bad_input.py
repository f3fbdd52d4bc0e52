"""Bad input a client can send is answered 4xx and never 500 (issue 10, items 6, 7, 8 and 15): ids
and numbers past what their columns hold, NUL characters in text, unknown enum filters — and the
OpenAPI document says so (bearer security, problem+json error responses, 405 with Allow)."""

from __future__ import annotations

import pytest

from market.models import Member, Role
from payments import service as payments
from tests.builders import make_coop, make_member, make_product, make_user, token_for
from tests.web.helpers import csrf_now, signed_in

INT32_PAST = 2**31  # one past a 32-bit id column
INT64_PAST = 2**63  # one past a 64-bit column (and SQLite's INTEGER)


@pytest.fixture
async def world(db):
    coop = await make_coop()
    member = await make_member(coop.id)
    product = await make_product(coop.id)
    manager = await make_user(Role.MANAGER, coop.id)
    operator = await make_user(Role.OPERATOR)
    return {
        "coop": coop,
        "member": member,
        "product": product,
        "manager": await token_for(manager),
        "operator": await token_for(operator),
    }


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body = response.json()
    assert body["status"] == status and body["code"] == code, body
    return body


# 6. integers past the column range ----------------------------------------------------------------


@pytest.mark.parametrize("product_id", ["6894939189683", str(INT32_PAST), str(INT64_PAST), "0", "-1", "abc"])
async def test_an_id_out_of_range_in_a_path_names_nothing(client, world, product_id):
    assert_problem(await client.get(f"/api/v1/products/{product_id}"), 404, "market.not_found")


async def test_big_ids_in_authenticated_paths_are_404_for_every_caller(client, world):
    coop, member = world["coop"], world["member"]
    for path, headers in (
        (f"/api/v1/cooperatives/{INT32_PAST}", world["operator"]),
        (f"/api/v1/cooperatives/{coop.id}/members/{INT32_PAST}", world["manager"]),
        (f"/api/v1/cooperatives/{coop.id}/members/{INT64_PAST}/savings", world["manager"]),
        (f"/api/v1/cooperatives/{coop.id}/suborders/{INT32_PAST}", world["manager"]),
        (f"/api/v1/orders/{INT32_PAST}", world["manager"]),
        (f"/api/v1/cooperatives/{coop.id}/imports/{INT32_PAST}", world["manager"]),
        # payments and PPOB transactions count in 64 bits: past 2^31 is merely unknown
        (f"/api/v1/payments/{INT32_PAST}", world["operator"]),
        (f"/api/v1/payments/{INT64_PAST}", world["operator"]),
        (f"/api/v1/cooperatives/{coop.id}/ppob/transactions/{INT64_PAST}", world["manager"]),
    ):
        response = await client.get(path, headers=headers)
        assert response.status_code == 404, (path, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    body = {"kind": "sukarela", "amount": 1000}
    response = await client.post(
        f"/api/v1/cooperatives/{INT32_PAST}/members/{member.id}/savings/deposits", json=body, headers=world["manager"]
    )
    assert_problem(response, 404, "market.not_found")
    response = await client.post(
        f"/api/v1/payments/{INT32_PAST}/refunds",
        json={},
        headers={**world["operator"], "Idempotency-Key": "refund-big-id"},
    )
    assert_problem(response, 404, "payments.not_found")


async def test_big_numbers_in_queries_and_bodies_are_invalid_input(client, world):
    coop = world["coop"]
    manager, operator = world["manager"], world["operator"]
    for path, headers in (
        (f"/api/v1/products?cooperative_id={INT32_PAST}", {}),
        (f"/api/v1/products?price_max={INT64_PAST}", {}),
        (f"/api/v1/products?price_min={INT64_PAST}", {}),
        (f"/api/v1/cooperatives/{coop.id}/members?offset={INT64_PAST}", manager),
        (f"/api/v1/cooperatives/{coop.id}/products?offset={INT32_PAST}", manager),
        (f"/api/v1/payments?offset={INT64_PAST}", operator),
        (f"/api/v1/cooperatives/{coop.id}/ppob/transactions?member_id={INT32_PAST}", manager),
        (f"/api/v1/cooperatives/{coop.id}/ppob/transactions?offset={INT64_PAST}", manager),
        (f"/api/v1/wallets/me/movements?before_id={INT64_PAST}", manager),
    ):
        body = assert_problem(await client.get(path, headers=headers), 422, "market.invalid_input")
        assert body["errors"], body
    for path, payload in (
        ("/api/v1/cart/lines", {"product_id": INT32_PAST, "quantity": 1}),
        (
            f"/api/v1/cooperatives/{coop.id}/products",
            {
                "sku": "BIG-1",
                "name": "Beras Merah",
                "category": "beras-biji-bijian",
                "unit": "kg",
                "price_idr": 10_000,
                "supplier_member_id": INT32_PAST,
            },
        ),
        (
            f"/api/v1/cooperatives/{coop.id}/ppob/purchases",
            {
                "sku": "PLN20",
                "customer_no": "14234567821",
                "price": 22_000,
                "pay_with": "cash",
                "member_id": INT64_PAST,
            },
        ),
    ):
        body = assert_problem(await client.post(path, json=payload, headers=manager), 422, "market.invalid_input")
        assert any(e["field"] in ("product_id", "supplier_member_id", "member_id") for e in body["errors"]), body


async def test_pages_answer_404_for_big_ids_and_drop_big_filters(client, world):
    coop, product = world["coop"], world["product"]
    assert (await client.get(f"/pasar/produk/{INT64_PAST}")).status_code == 404
    assert (await client.get(f"/pasar/produk/{INT32_PAST}")).status_code == 404
    shop = await client.get(f"/pasar/cari?koperasi={INT32_PAST - 1}&harga_maks={INT64_PAST}")
    assert shop.status_code == 200
    await signed_in(client, Role.MANAGER, coop.id)
    for path in (
        f"/koperasi/{coop.id}/produk/{INT32_PAST}",
        f"/koperasi/{INT32_PAST}/anggota",
        f"/koperasi/{coop.id}/anggota/{INT64_PAST}",
        f"/koperasi/{coop.id}/pesanan/{INT32_PAST}",
        f"/ppob/struk/{INT64_PAST}",
        f"/pesanan/{INT32_PAST}",
    ):
        response = await client.get(path)
        assert response.status_code == 404, (path, response.status_code)
        assert response.headers["content-type"].startswith("text/html")
    assert (await client.get(f"/koperasi/{coop.id}/produk/{product.id}")).status_code == 200


# 7. NUL characters ----------------------------------------------------------------------------------


async def test_a_nul_in_a_query_path_or_json_body_is_invalid_input(client, world):
    coop, manager = world["coop"], world["manager"]
    for path, headers in (
        ("/api/v1/products?q=%00", {}),
        ("/api/v1/products?q=beras%00", {}),
        (f"/api/v1/cooperatives/{coop.id}/ppob/transactions?sku=%00", manager),
        (f"/api/v1/cooperatives/{coop.id}/members?q=a%00b", manager),
        ("/api/v1/pasar%00", {}),
    ):
        body = assert_problem(await client.get(path, headers=headers), 422, "market.invalid_input")
        assert body["errors"][0]["field"] in ("query", "path")
    member = {"name": "Maria\u0000Goreti", "nik": "3201010101850002"}
    body = assert_problem(
        await client.post(f"/api/v1/cooperatives/{coop.id}/members", json=member, headers=manager),
        422,
        "market.invalid_input",
    )
    assert body["errors"] == [{"field": "name", "message": body["errors"][0]["message"]}]
    # a lone surrogate cannot be stored either (it is not text)
    raw = b'{"name": "Maria \\ud800", "nik": "3201010101850002"}'
    response = await client.post(
        f"/api/v1/cooperatives/{coop.id}/members", content=raw, headers={**manager, "content-type": "application/json"}
    )
    assert_problem(response, 422, "market.invalid_input")
    # an escaped backslash before u0000 is ordinary text
    fine = b'{"name": "Maria \\\\u0000", "nik": "3201010101850002"}'
    response = await client.post(
        f"/api/v1/cooperatives/{coop.id}/members", content=fine, headers={**manager, "content-type": "application/json"}
    )
    assert response.status_code == 201, response.text
    assert await Member.filter(cooperative_id=coop.id).count() == 2


async def test_a_nul_in_an_uploaded_files_name_is_refused_but_file_bytes_may_hold_nuls(client, world):
    coop, manager = world["coop"], world["manager"]
    # (written by hand: httpx would escape the NUL as %00)
    body = (
        b'--b0undary\r\nContent-Disposition: form-data; name="file"; filename="produk\x00.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\nsku,name\r\n--b0undary--\r\n"
    )
    response = await client.post(
        f"/api/v1/cooperatives/{coop.id}/products/import",
        content=body,
        headers={**manager, "content-type": "multipart/form-data; boundary=b0undary"},
    )
    assert_problem(response, 422, "market.invalid_input")
    # the bytes of a file are not text: the import itself judges them
    response = await client.post(
        f"/api/v1/cooperatives/{coop.id}/products/import",
        headers=manager,
        files={"file": ("x.csv", b"\xff\xfe\x00garbage", "text/csv")},
    )
    assert_problem(response, 422, "catalog.invalid_import")


async def test_a_nul_in_a_page_form_or_query_is_refused_with_the_html_error_page(client, world):
    coop = world["coop"]
    search = await client.get("/pasar/cari?q=%00")
    assert search.status_code == 422 and search.headers["content-type"].startswith("text/html")
    csrf = await signed_in(client, Role.MANAGER, coop.id)
    response = await client.post(
        f"/koperasi/{coop.id}/anggota/baru",
        data={"csrf_token": csrf, "name": "Yohanes\x00", "nik": "3201010101850003", "phone": "", "joined_on": ""},
    )
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")
    assert await Member.filter(cooperative_id=coop.id).count() == 1
    # the same form without the NUL is taken
    response = await client.post(
        f"/koperasi/{coop.id}/anggota/baru",
        data={
            "csrf_token": await csrf_now(client),
            "name": "Yohanes",
            "nik": "3201010101850003",
            "phone": "",
            "joined_on": "",
        },
    )
    assert response.status_code in (200, 303), response.text
    assert await Member.filter(cooperative_id=coop.id).count() == 2


# 8. unknown enum filters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, allowed",
    [
        ("/api/v1/payments?status=active", "pending"),
        ("/api/v1/payouts?status=active", "succeeded"),
        ("/api/v1/cooperatives?status=bogus", "active"),
    ],
)
async def test_an_unknown_status_filter_is_refused_naming_the_allowed_values(client, world, path, allowed):
    body = assert_problem(await client.get(path, headers=world["operator"]), 422, "market.invalid_input")
    assert body["errors"][0]["field"] == "status" and allowed in body["errors"][0]["message"], body


async def test_an_unknown_suborder_state_filter_is_refused(client, world):
    response = await client.get(
        f"/api/v1/cooperatives/{world['coop'].id}/suborders?state=active", headers=world["manager"]
    )
    body = assert_problem(response, 422, "market.invalid_input")
    assert "awaiting_payment" in body["errors"][0]["message"]


async def test_the_payments_services_refuse_unknown_statuses_too(world):
    from market.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        await payments.list_payouts(status="active")
    assert "succeeded" in refused.value.detail and refused.value.field == "status"
    with pytest.raises(InvalidInput):
        await payments.list_payments(status="active")
    assert await payments.list_payments(status="paid") == []


# 15. the OpenAPI document -------------------------------------------------------------------------


async def test_the_document_declares_bearer_security_on_authenticated_operations(client, world):
    doc = (await client.get("/openapi.json")).json()
    assert doc["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": doc["components"]["securitySchemes"]["bearer"]["description"],
    }
    paths = doc["paths"]
    assert paths["/api/v1/me"]["get"]["security"] == [{"bearer": []}]
    assert paths["/api/v1/cooperatives/{coop_id}/members"]["post"]["security"] == [{"bearer": []}]
    assert paths["/api/v1/products"]["get"]["security"] == [{}, {"bearer": []}]  # anonymous may search
    assert "security" not in paths["/api/v1/categories"]["get"]
    assert "security" not in paths["/api/v1/payments/xendit/callback"]["post"]  # its own token header


async def test_every_operation_documents_its_errors_as_problem_json(client, world):
    doc = (await client.get("/openapi.json")).json()
    assert "HTTPValidationError" not in doc["components"]["schemas"]
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert responses["422"]["content"]["application/problem+json"]["schema"] == {
                "$ref": "#/components/schemas/ValidationProblem"
            }, (method, path)
            for status, response in responses.items():
                if status.startswith(("4", "5")):
                    assert list(response["content"]) == ["application/problem+json"], (method, path, status)
            if "{" in path:
                assert "404" in responses, (method, path)
            if operation.get("security") == [{"bearer": []}]:
                assert {"401", "403"} <= set(responses), (method, path)
    withdrawals = doc["paths"]["/api/v1/cooperatives/{coop_id}/members/{member_id}/savings/withdrawals"]["post"]
    examples = withdrawals["responses"]["409"]["content"]["application/problem+json"]["examples"]
    assert {"market.savings_locked", "market.insufficient_balance"} <= set(examples)
    assert examples["market.savings_locked"]["value"]["status"] == 409
    topup = doc["paths"]["/api/v1/wallets/me/topups"]["post"]["responses"]
    assert "payments.gateway_unavailable" in topup["503"]["content"]["application/problem+json"]["examples"]


async def test_the_422_sent_is_the_one_documented(client, world):
    doc = (await client.get("/openapi.json")).json()
    schemas = doc["components"]["schemas"]
    response = await client.get("/api/v1/products?per_page=0")
    body = assert_problem(response, 422, "market.invalid_input")
    required = set(schemas["Problem"]["required"])
    assert required <= set(body) and body["errors"][0] == {"field": "per_page", "message": body["errors"][0]["message"]}
    assert set(schemas["FieldError"]["required"]) == set(body["errors"][0])


async def test_a_method_not_allowed_names_the_allowed_ones(client, world):
    response = await client.delete("/api/v1/me", headers=world["manager"])
    assert_problem(response, 405, "market.method_not_allowed")
    assert response.headers["allow"] == "GET"
    response = await client.put(
        f"/api/v1/cooperatives/{world['coop'].id}/members/{world['member'].id}", headers=world["manager"], json={}
    )
    assert_problem(response, 405, "market.method_not_allowed")
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "PATCH"}

"""One rule for Indonesian mobile numbers (market.phones), and every package agrees on it.

The agreed rule (phonenumbers' metadata for ID, mobile type): written with 0, 62 or +62, then
8[1-9] and 10–13 digits in all in the national form. Stored in the national form, 08….
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from market.addresses import ADDRESS_FIELDS, AddressIn, AddressOut
from market.errors import DomainError
from market.phones import INVALID_PHONE, WRONG_SHAPE, InvalidPhone, is_mobile, normalize_mobile, operator_of, to_e164
from market.schemas import MemberIn, MemberUpdate
from orders import schemas as orders_schemas
from orders import service as orders
from ppob import service as ppob

SHAPE, INVALID = WRONG_SHAPE, INVALID_PHONE
# (as typed, the national form when accepted, else the message of the refusal)
CASES = [
    ("081234567890", "081234567890"),
    ("0812-3456-7890", "081234567890"),
    ("0812 3456 7890", "081234567890"),
    ("+62 812 3456 7890", "081234567890"),
    ("6281234567890", "081234567890"),
    ("(0812) 3456.7890", "081234567890"),
    ("0812345678", "0812345678"),  # 10 digits: the shortest mobile number
    ("0812345678901", "0812345678901"),  # 13 digits: the longest
    ("087812345621", "087812345621"),
    ("0881234567", "0881234567"),
    # the disputed numbers: refused everywhere
    ("0801234567", INVALID),  # 080 is no mobile range (market refused it; orders and ppob took it)
    ("081234567", SHAPE),  # 9 digits is too short (only ppob refused it)
    ("08123456789012", SHAPE),  # 14 digits
    ("0812-34", SHAPE),
    ("0211234567", SHAPE),  # a Jakarta landline
    ("81234567890", INVALID),  # no 0 / 62 / +62 in front
    ("+1 650 253 0000", INVALID),  # not Indonesian
    ("0812-CALL-ME", INVALID),
    ("bukan-nomor", INVALID),
    ("12", INVALID),
]
REFUSALS = (SHAPE, INVALID)


@pytest.mark.parametrize(("raw", "answer"), CASES)
def test_the_one_rule(raw, answer):
    if answer in REFUSALS:
        assert not is_mobile(raw)
        with pytest.raises(InvalidPhone) as exc:
            normalize_mobile(raw)
        assert str(exc.value) == answer
    else:
        assert is_mobile(raw)
        assert normalize_mobile(raw) == answer
        assert to_e164(raw) == "+62" + answer[1:]


def _market(raw: str) -> str:
    try:
        return MemberIn(name="Sri", nik="3201010101850001", phone=raw).phone
    except ValidationError as exc:
        [error] = exc.errors()
        assert error["loc"] == ("phone",)
        return error["msg"].removeprefix("Value error, ")


ADDRESS = {
    "recipient_name": "Siti Aminah",
    "street": "Jl. Merdeka 10",
    "kelurahan": "Gambir",
    "kecamatan": "Gambir",
    "kabupaten": "Jakarta Pusat",
    "provinsi": "DKI Jakarta",
    "kode_pos": "10110",
}


def _orders(raw: str) -> str:
    try:
        return orders.parse_address({**ADDRESS, "phone": raw}).phone
    except DomainError as exc:
        [error] = exc.extra["errors"]
        assert exc.field == error["field"] == "phone"
        return error["message"].removeprefix("Value error, ")


def _ppob(raw: str) -> str:
    try:
        number = ppob.validate_customer_no("prepaid", "E-Money", "OVO", raw)
    except DomainError as exc:
        assert exc.field == "customer_no"
        return exc.detail
    assert ppob.normalize_phone(raw) == number
    return number


@pytest.mark.parametrize(("raw", "answer"), CASES)
def test_market_orders_and_ppob_give_the_same_answer(raw, answer):
    assert _market(raw) == _orders(raw) == _ppob(raw) == answer


def test_a_member_may_have_no_phone_and_an_update_may_clear_it():
    assert MemberIn(name="Sri", nik="3201010101850001").phone == ""
    assert MemberIn(name="Sri", nik="3201010101850001", phone="  ").phone == ""
    assert MemberUpdate(phone="").phone == "" and MemberUpdate().phone is None
    assert MemberUpdate(phone="+6281234567890").phone == "081234567890"


def test_an_address_needs_a_phone():
    with pytest.raises(ValidationError) as exc:
        AddressIn(**ADDRESS, phone="")
    assert exc.value.errors()[0]["type"] == "string_too_short"


@pytest.mark.parametrize(
    ("raw", "operator"),
    [
        ("081234567821", "TELKOMSEL"),
        ("+62 812 3456 7821", "TELKOMSEL"),
        ("087812345621", "XL"),
        ("0856 1234 5678", "INDOSAT"),
        ("0838 1234 5678", "AXIS"),
        ("0896 1234 5678", "TRI"),
        ("0881 1234 5678", "SMARTFREN"),
        ("0810 1234 5678", None),
        ("0801234567", None),
        ("", None),
    ],
)
def test_the_operator_comes_from_the_national_prefix(raw, operator):
    assert operator_of(raw) == operator


def test_pulsa_for_another_operator_is_refused_and_an_unknown_prefix_too():
    assert ppob.validate_customer_no("prepaid", "Pulsa", "TELKOMSEL", "+6281234567821") == "081234567821"
    with pytest.raises(DomainError, match="milik XL"):
        ppob.validate_customer_no("prepaid", "Pulsa", "TELKOMSEL", "087812345621")
    with pytest.raises(DomainError, match="Prefiks"):
        ppob.validate_customer_no("prepaid", "Pulsa", "TELKOMSEL", "081012345678")


def test_the_address_is_defined_once_in_market():
    assert orders_schemas.AddressIn is AddressIn and orders_schemas.AddressOut is AddressOut
    assert (
        tuple(AddressIn.model_fields)
        == ADDRESS_FIELDS
        == ("recipient_name", "phone", "street", "kelurahan", "kecamatan", "kabupaten", "provinsi", "kode_pos")
    )

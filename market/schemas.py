"""Pydantic request and response models of the core."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from market.models import CoopStatus, CoopType, MemberStatus, Role
from market.phones import OptionalMobilePhone
from market.regions import NIK_PROVINCE_CODES, PROVINCES, province_zone

Rupiah = Annotated[int, Field(strict=True, gt=0, le=10**13, description="whole rupiah")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]

SHU_FUNDS = (
    "cadangan",
    "jasa_usaha",
    "jasa_modal",
    "pengurus",
    "karyawan",
    "pendidikan",
    "sosial",
    "pembangunan_daerah",
    "zakat",
)
DEFAULT_SHU_POLICY = {
    "cadangan": 2500,
    "jasa_usaha": 3000,
    "jasa_modal": 2000,
    "pengurus": 1000,
    "karyawan": 500,
    "pendidikan": 500,
    "sosial": 500,
}


def validate_nik(value: str) -> str:
    """A NIK is 16 digits: province, regency, district, birth date (day + 40 for women), serial."""
    nik = value.strip().replace(" ", "")
    if not re.fullmatch(r"[0-9]{16}", nik):
        raise ValueError("NIK harus 16 digit angka")
    if int(nik[:2]) not in NIK_PROVINCE_CODES:
        raise ValueError("Kode provinsi NIK tidak dikenal")
    day, month = int(nik[6:8]), int(nik[8:10])
    if not (1 <= day <= 31 or 41 <= day <= 71) or not 1 <= month <= 12:
        raise ValueError("Tanggal lahir dalam NIK tidak valid")
    if nik[12:] == "0000":
        raise ValueError("Nomor urut NIK tidak valid")
    return nik


def mask_nik(nik: str) -> str:
    """``3201********0001``: only the region and the serial stay readable."""
    return nik[:4] + "*" * 8 + nik[-4:] if len(nik) == 16 else "*" * len(nik)


def validate_shu_policy(policy: dict[str, int]) -> dict[str, int]:
    unknown = set(policy) - set(SHU_FUNDS)
    if unknown:
        raise ValueError(f"Dana SHU tidak dikenal: {', '.join(sorted(unknown))}")
    for fund, bps in policy.items():
        if isinstance(bps, bool) or not isinstance(bps, int) or not 0 <= bps <= 10000:
            raise ValueError(f"Bagian {fund} harus bilangan bulat 0–10000 basis poin")
    if sum(policy.values()) != 10000:
        raise ValueError(f"Jumlah pembagian SHU harus 10000 bp (100%), sekarang {sum(policy.values())}")
    if policy.get("jasa_usaha", 0) == 0:
        raise ValueError("Jasa usaha anggota harus mendapat bagian SHU")
    return {k: v for k, v in policy.items() if v}


class CooperativeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text
    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9-]{1,62})$")] | None = None
    legal_number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=100)]
    nik_koperasi: Annotated[str, StringConstraints(pattern=r"^[0-9]{16}$")]
    coop_type: CoopType
    syariah: bool = False
    province: str
    regency: Text
    address: Annotated[str, StringConstraints(max_length=500)] = ""
    # Unset: the province's own clock (market.regions.province_zone).
    timezone: str | None = None
    bank_name: Annotated[str, StringConstraints(max_length=100)] = ""
    bank_account_number: Annotated[str, StringConstraints(pattern=r"^[0-9]{0,30}$")] = ""
    bank_account_holder: Annotated[str, StringConstraints(max_length=200)] = ""
    shu_policy: dict[str, int] = Field(default_factory=lambda: dict(DEFAULT_SHU_POLICY))
    sukarela_counts_for_modal: bool = False
    non_member_shu_to_reserve: bool = True
    simpanan_pokok_amount: Rupiah = 100_000
    simpanan_wajib_amount: Rupiah = 20_000

    @field_validator("province")
    @classmethod
    def _known_province(cls, value: str) -> str:
        if value not in PROVINCES:
            raise ValueError("Provinsi tidak dikenal")
        return value

    @field_validator("timezone")
    @classmethod
    def _indonesian_zone(cls, value: str | None) -> str | None:
        if value is not None and value not in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"):
            raise ValueError("Zona waktu harus WIB, WITA atau WIT")
        return value

    @model_validator(mode="after")
    def _zone_of_province(self) -> CooperativeIn:
        if self.timezone is None:
            self.timezone = province_zone(self.province)
        return self

    @field_validator("shu_policy")
    @classmethod
    def _policy_sums(cls, value: dict[str, int]) -> dict[str, int]:
        return validate_shu_policy(value)


class CooperativeUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text | None = None
    address: Annotated[str, StringConstraints(max_length=500)] | None = None
    regency: Text | None = None
    bank_name: Annotated[str, StringConstraints(max_length=100)] | None = None
    bank_account_number: Annotated[str, StringConstraints(pattern=r"^[0-9]{0,30}$")] | None = None
    bank_account_holder: Annotated[str, StringConstraints(max_length=200)] | None = None
    shu_policy: dict[str, int] | None = None
    sukarela_counts_for_modal: bool | None = None
    non_member_shu_to_reserve: bool | None = None
    simpanan_wajib_amount: Rupiah | None = None

    @field_validator("shu_policy")
    @classmethod
    def _policy_sums(cls, value: dict[str, int] | None) -> dict[str, int] | None:
        return None if value is None else validate_shu_policy(value)


LegalNumber = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=100)]
NikKoperasi = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{16}$")]


class CooperativeAmend(BaseModel):
    """What the applicant may still correct while the cooperative waits for verification (its
    identity, type, place and bank account); the province sets the time zone again."""

    model_config = ConfigDict(extra="forbid")

    name: Text | None = None
    legal_number: LegalNumber | None = None
    nik_koperasi: NikKoperasi | None = None
    coop_type: CoopType | None = None
    syariah: bool | None = None
    province: str | None = None
    regency: Text | None = None
    address: Annotated[str, StringConstraints(max_length=500)] | None = None
    bank_name: Annotated[str, StringConstraints(max_length=100)] | None = None
    bank_account_number: Annotated[str, StringConstraints(pattern=r"^[0-9]{0,30}$")] | None = None
    bank_account_holder: Annotated[str, StringConstraints(max_length=200)] | None = None

    @field_validator("province")
    @classmethod
    def _known_province(cls, value: str | None) -> str | None:
        if value is not None and value not in PROVINCES:
            raise ValueError("Provinsi tidak dikenal")
        return value


class CooperativeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    slug: str
    name: str
    legal_number: str
    nik_koperasi: str
    coop_type: CoopType
    syariah: bool
    province: str
    regency: str
    address: str
    timezone: str
    bank_name: str
    bank_account_number: str
    bank_account_holder: str
    shu_policy: dict[str, int]
    sukarela_counts_for_modal: bool
    non_member_shu_to_reserve: bool
    simpanan_pokok_amount: int
    simpanan_wajib_amount: int
    status: CoopStatus
    status_reason: str = ""
    verified_at: datetime | None = None


class StatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: CoopStatus


class MemberIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text
    nik: str
    phone: OptionalMobilePhone = ""  # stored in the national form, 08…; see market.phones
    joined_on: date | None = None
    member_number: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]{1,32}$")] | None = None

    @field_validator("nik")
    @classmethod
    def _nik(cls, value: str) -> str:
        return validate_nik(value)


class MemberUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text | None = None
    phone: OptionalMobilePhone | None = None
    status: MemberStatus | None = None


class MemberOut(BaseModel):
    id: int
    cooperative_id: int
    member_number: str
    name: str
    phone: str
    nik_masked: str
    joined_on: date
    status: MemberStatus


class SavingsMovementIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str = Field(pattern=r"^(pokok|wajib|sukarela)$")
    amount: Rupiah
    note: Annotated[str, StringConstraints(max_length=200)] = ""


class SavingsOut(BaseModel):
    pokok: int
    wajib: int
    sukarela: int
    total: int


class UserIn(BaseModel):
    email: Annotated[
        str, StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    ]
    password: Annotated[str, StringConstraints(min_length=8, max_length=200)]
    role: Role
    name: str = ""


class LoginOut(BaseModel):
    """A login of a cooperative, as its manager sees it on the people page."""

    user_id: int
    name: str
    email: str
    role: Role
    member_id: int | None
    is_active: bool
    created_at: datetime


class OperatorLoginOut(BaseModel):
    """An operator login as the national operator sees it: its province scope (None: the network)."""

    user_id: int
    name: str
    email: str
    province: str | None
    is_active: bool
    created_at: datetime


class TokenOut(BaseModel):
    """A cooperative's API token as its tokens page lists it (never the token itself)."""

    id: int
    name: str
    scopes: list[str]
    created_by: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ShuEntryOut(BaseModel):
    booked_on: date
    reference: str
    description: str
    kind: str
    amount: int


class ShuOut(BaseModel):
    """A member's live SHU of the fiscal year to date and every figure it comes from."""

    fiscal_year: int
    period_start: date
    period_end: date
    member_id: int
    income: int
    expenses: int
    tax: int
    shu_before_tax: int
    shu_after_tax: int
    member_gross: int
    non_member_gross: int
    member_shu: int
    non_member_shu: int
    non_member_shu_to_reserve: bool
    non_member_jasa_usaha: int
    distributable: int
    jasa_usaha_bps: int
    jasa_modal_bps: int
    pool_jasa_usaha_gross: int
    pool_jasa_usaha: int
    pool_jasa_modal: int
    weight: int
    weight_by_kind: dict[str, int]
    weight_total: int
    capital: int
    capital_total: int
    capital_kinds: list[str]
    jasa_usaha: int
    jasa_modal: int
    total: int
    entries: list[ShuEntryOut]

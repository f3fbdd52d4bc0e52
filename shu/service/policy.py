"""The SHU policy per cooperative and fiscal year.

Until a year is closed its policy may change; by default it is the cooperative's current
``shu_policy`` (its AD/ART percentages) and settings. The close stores it and freezes it
(``frozen_at``): changing the cooperative's settings, or the next year's policy, never changes a
year already closed. After the members' meeting rejected the proposal the policy may change again
for the revised version.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from market import service as market
from market.money import BPS
from shu.errors import PolicyFrozen, PolicyInvalid
from shu.models import ProposalState, ShuPolicy, ShuProposal
from shu.schemas import LINES, STANDARD_FUNDS, PolicyIn, PolicyOut

FUND_NAMES = {
    "cadangan": "Cadangan",
    "jasa_usaha": "Jasa usaha anggota",
    "jasa_modal": "Jasa modal anggota",
    "pengurus": "Dana pengurus dan pengawas",
    "karyawan": "Dana kesejahteraan karyawan",
    "pendidikan": "Dana pendidikan",
    "sosial": "Dana sosial",
    "pdk": "Dana pembangunan daerah kerja",
    "zakat": "Dana zakat",
}
# The account each fund is credited to when the SHU is appropriated (after the RAT); the members'
# pools go to shu_anggota_belum_dibayar per member, a fund the cooperative names itself to dana_shu.
FUND_ACCOUNTS = {
    "cadangan": "cadangan",
    "pengurus": "dana_pengurus",
    "karyawan": "dana_karyawan",
    "pendidikan": "dana_pendidikan",
    "sosial": "dana_sosial",
    "pdk": "dana_pdk",
    "zakat": "dana_zakat",
}
MEMBER_POOLS = ("jasa_usaha", "jasa_modal")
# The cooperative's settings name the regional fund "pembangunan_daerah".
_COOP_CODES = {"pembangunan_daerah": "pdk"}
_CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


def fund_account(code: str) -> str:
    """The chart code a fund is credited to (``dana_shu`` for a fund the cooperative named)."""
    return FUND_ACCOUNTS.get(code, "dana_shu")


def fund_name(code: str, names: dict[str, str]) -> str:
    return FUND_NAMES.get(code) or names.get(code) or code


def validate(data: PolicyIn, *, syariah: bool) -> PolicyIn:
    """Refuse a policy that does not add up (PolicyInvalid, with the field)."""
    for code, bps in data.funds.items():
        if not _CODE.match(code):
            raise PolicyInvalid(f"Kode dana tidak valid: {code}", field="funds")
        if code not in STANDARD_FUNDS and not data.fund_names.get(code, "").strip():
            raise PolicyInvalid(f"Dana {code} perlu nama", field="fund_names")
        if isinstance(bps, bool) or not 0 <= bps <= BPS:
            raise PolicyInvalid(f"Bagian {code} harus 0–10000 basis poin", field="funds")
    if data.funds.get("zakat") and not syariah:
        raise PolicyInvalid("Dana zakat hanya untuk koperasi syariah", field="funds")
    if data.zakat_base != "shu_setelah_pajak" and not data.funds.get("zakat"):
        raise PolicyInvalid("Dasar zakat hanya berlaku bila ada dana zakat", field="zakat_base")
    if sum(data.funds.values()) != BPS:
        raise PolicyInvalid(
            f"Jumlah pembagian SHU harus 10000 bp (100%), sekarang {sum(data.funds.values())}", field="funds"
        )
    if data.funds.get("jasa_usaha", 0) <= 0:
        raise PolicyInvalid("Jasa usaha anggota harus mendapat bagian SHU", field="funds")
    if data.line_weights:
        unknown = set(data.line_weights) - set(LINES)
        if unknown:
            raise PolicyInvalid(f"Jenis usaha tidak dikenal: {', '.join(sorted(unknown))}", field="line_weights")
        if any(b < 0 for b in data.line_weights.values()) or sum(data.line_weights.values()) != BPS:
            raise PolicyInvalid("Bobot per jenis usaha harus berjumlah 10000 bp (100%)", field="line_weights")
    funds = {k: v for k, v in data.funds.items() if v}
    names = {k: v.strip() for k, v in data.fund_names.items() if k in funds and k not in STANDARD_FUNDS}
    lines = {k: v for k, v in data.line_weights.items() if v}
    return data.model_copy(update={"funds": funds, "fund_names": names, "line_weights": lines})


DEFAULT_ZAKAT_BPS = 250


async def _defaults(coop_id: int) -> PolicyIn:
    coop = await market.get_cooperative(coop_id)
    funds = {_COOP_CODES.get(k, k): int(v) for k, v in (coop.shu_policy or {}).items() if int(v)}
    if not coop.syariah:
        funds.pop("zakat", None)
    elif not funds.get("zakat") and funds.get("cadangan", 0) >= DEFAULT_ZAKAT_BPS:
        # a syariah cooperative's zakat by default: 2.5 %, taken from what its settings give cadangan
        funds["cadangan"] -= DEFAULT_ZAKAT_BPS
        funds["zakat"] = DEFAULT_ZAKAT_BPS
    return PolicyIn(
        funds={k: v for k, v in funds.items() if v},
        capital_kinds=["pokok", "wajib", "sukarela"] if coop.sukarela_counts_for_modal else ["pokok", "wajib"],
        non_member_to_reserve=coop.non_member_shu_to_reserve,
        # koperasi.md §5: commonly 2.5 % of the surplus before tax
        zakat_base="shu_sebelum_pajak" if coop.syariah and funds.get("zakat") else "shu_setelah_pajak",
    )


def _out(coop_id: int, year: int, data: PolicyIn, row: ShuPolicy | None) -> PolicyOut:
    frozen_at = row.frozen_at if row else None
    return PolicyOut(
        **data.model_dump(),
        cooperative_id=coop_id,
        fiscal_year=year,
        frozen=frozen_at is not None,
        frozen_at=frozen_at,
        stored=row is not None,
    )


def _from_row(row: ShuPolicy) -> PolicyIn:
    return PolicyIn(
        funds=dict(row.funds),
        fund_names=dict(row.fund_names),
        line_weights=dict(row.line_weights),
        capital_kinds=list(row.capital_kinds),
        capital_basis=row.capital_basis.value,
        exited_members_share=row.exited_members_share,
        non_member_to_reserve=row.non_member_to_reserve,
        loss_carry=row.loss_carry.value,
        payout=row.payout.value,
        zakat_base=row.zakat_base,  # stored only as validated
    )


async def get_policy(coop_id: int, year: int) -> PolicyOut:
    """The year's policy: the stored one, else the defaults from the cooperative's settings."""
    row = await ShuPolicy.get_or_none(cooperative_id=coop_id, fiscal_year=year)
    return _out(coop_id, year, _from_row(row) if row else await _defaults(coop_id), row)


async def _is_frozen(coop_id: int, year: int) -> bool:
    """Frozen while a proposal of the year stands (proposed, approved, distributed); a rejected
    latest version lets the policy change for the revision."""
    latest = await ShuProposal.filter(cooperative_id=coop_id, fiscal_year=year).order_by("-version").first()
    return latest is not None and latest.state != ProposalState.REJECTED


async def set_policy(coop_id: int, year: int, data: PolicyIn) -> PolicyOut:
    """Store the year's policy (validated); refused with PolicyFrozen once the year is closed."""
    coop = await market.get_cooperative(coop_id)
    data = validate(data, syariah=coop.syariah)
    if await _is_frozen(coop_id, year):
        raise PolicyFrozen(f"Tahun buku {year} sudah ditutup dengan kebijakan SHU ini")
    values = data.model_dump()
    row = await ShuPolicy.get_or_none(cooperative_id=coop_id, fiscal_year=year)
    if row is None:
        row = await ShuPolicy.create(cooperative_id=coop_id, fiscal_year=year, **values)
    else:
        row.update_from_dict({**values, "frozen_at": None})
        await row.save()
    return _out(coop_id, year, data, row)


async def freeze(coop_id: int, year: int) -> PolicyIn:
    """Store the year's policy as it is now (validated) and freeze it: the close calls this."""
    coop = await market.get_cooperative(coop_id)
    current = await get_policy(coop_id, year)
    data = validate(PolicyIn(**current.model_dump(include=set(PolicyIn.model_fields))), syariah=coop.syariah)
    values = {**data.model_dump(), "frozen_at": datetime.now(UTC)}
    row = await ShuPolicy.get_or_none(cooperative_id=coop_id, fiscal_year=year)
    if row is None:
        await ShuPolicy.create(cooperative_id=coop_id, fiscal_year=year, **values)
    else:
        row.update_from_dict(values)
        await row.save()
    return data

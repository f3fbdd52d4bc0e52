"""Demo data that looks like the real network: cooperatives across provinces, members with
savings, and one login per role. Seeded once; every step goes through the services."""

from __future__ import annotations

import random
from datetime import date

from market import service
from market.models import Cooperative, CoopStatus, Member, Role, User
from market.schemas import CooperativeIn, MemberIn, SavingsMovementIn, UserIn

DEMO_PASSWORD = "demo12345"
LOGINS = (
    ("operator@demo.pasarkoperasi.id", Role.OPERATOR, "Operator jaringan"),
    ("operator.papua@demo.pasarkoperasi.id", Role.OPERATOR, "Operator kantor Provinsi Papua"),
    ("manajer@demo.pasarkoperasi.id", Role.MANAGER, "Manajer Koperasi Kopi Bajawa"),
    ("kasir@demo.pasarkoperasi.id", Role.CASHIER, "Kasir Koperasi Kopi Bajawa"),
    ("anggota@demo.pasarkoperasi.id", Role.MEMBER, "Anggota Koperasi Kopi Bajawa"),
    ("pembeli@demo.pasarkoperasi.id", Role.BUYER, "Pembeli umum"),
)
# A provincial office's operator login sees that province's cooperatives only.
PROVINCIAL = {"operator.papua@demo.pasarkoperasi.id": "Papua"}
LOGINS_TEXT = f"Demo logins (password: {DEMO_PASSWORD}):\n" + "\n".join(
    f"  {role.value:<9} {email}" + (f" ({PROVINCIAL[email]} only)" if email in PROVINCIAL else "")
    for email, role, _ in LOGINS
)

# (slug, name, type, syariah, province, regency, NIK region prefix, timezone, status)
COOPERATIVES = (
    (
        "kopi-bajawa",
        "Koperasi Produsen Kopi Arabika Bajawa",
        "produsen",
        False,
        "Nusa Tenggara Timur",
        "Kabupaten Ngada",
        "5309",
        "Asia/Makassar",
        "active",
    ),
    (
        "tani-manggarai",
        "Koperasi Tani Padi Sawah Manggarai",
        "produsen",
        False,
        "Nusa Tenggara Timur",
        "Kabupaten Manggarai",
        "5310",
        "Asia/Makassar",
        "active",
    ),
    (
        "pasar-keputran",
        "Koperasi Pedagang Pasar Keputran Surabaya",
        "pemasaran",
        False,
        "Jawa Timur",
        "Kota Surabaya",
        "3578",
        "Asia/Jakarta",
        "active",
    ),
    (
        "beras-ngawi",
        "Koperasi Petani Beras Organik Ngawi",
        "produsen",
        False,
        "Jawa Timur",
        "Kabupaten Ngawi",
        "3521",
        "Asia/Jakarta",
        "active",
    ),
    (
        "konsumen-menteng",
        "Koperasi Konsumen Warga Menteng",
        "konsumen",
        False,
        "DKI Jakarta",
        "Kota Jakarta Pusat",
        "3171",
        "Asia/Jakarta",
        "active",
    ),
    (
        "bmt-tanah-abang",
        "Koperasi Syariah BMT Tanah Abang",
        "serba_usaha",
        True,
        "DKI Jakarta",
        "Kota Jakarta Pusat",
        "3171",
        "Asia/Jakarta",
        "active",
    ),
    (
        "kopi-wamena",
        "Koperasi Produsen Kopi Baliem Wamena",
        "produsen",
        False,
        "Papua Pegunungan",
        "Kabupaten Jayawijaya",
        "9502",
        "Asia/Jayapura",
        "active",
    ),
    (
        "sagu-sentani",
        "Koperasi Produsen Sagu dan Pinang Sentani",
        "produsen",
        False,
        "Papua",
        "Kabupaten Jayapura",
        "9103",
        "Asia/Jayapura",
        "active",
    ),
    (
        "nelayan-merauke",
        "Koperasi Nelayan Maro Merauke",
        "produsen",
        False,
        "Papua Selatan",
        "Kabupaten Merauke",
        "9301",
        "Asia/Jayapura",
        "pending",
    ),
)

FIRST = (
    "Yohanes",
    "Maria",
    "Agustinus",
    "Fransiska",
    "Siti",
    "Budi",
    "Dewi",
    "Ahmad",
    "Nur",
    "Eko",
    "Sri",
    "Yosef",
    "Theresia",
    "Markus",
    "Rina",
    "Wayan",
    "Made",
    "Hendrik",
    "Paulus",
    "Elisabeth",
    "Agus",
    "Fitri",
    "Rahmat",
    "Yuliana",
)
LAST = (
    "Djawa",
    "Bhoko",
    "Nggadas",
    "Wolo",
    "Rahayu",
    "Santoso",
    "Lestari",
    "Hidayat",
    "Wahyuni",
    "Prasetyo",
    "Lobo",
    "Meze",
    "Kogoya",
    "Wenda",
    "Gebze",
    "Mahuze",
    "Siregar",
    "Nainggolan",
    "Sulistyo",
    "Susanti",
)
DEFAULT_POLICY = {
    "cadangan": 2500,
    "jasa_usaha": 3000,
    "jasa_modal": 2000,
    "pengurus": 1000,
    "karyawan": 500,
    "pendidikan": 500,
    "sosial": 500,
}
SYARIAH_POLICY = {
    "cadangan": 2250,
    "jasa_usaha": 3000,
    "jasa_modal": 2000,
    "pengurus": 1000,
    "karyawan": 500,
    "pendidikan": 500,
    "sosial": 500,
    "zakat": 250,
}


def demo_nik(prefix: str, rng: random.Random, serial: int) -> str:
    day = rng.randint(1, 28) + (40 if rng.random() < 0.5 else 0)
    return f"{prefix}{rng.randint(1, 30):02d}{day:02d}{rng.randint(1, 12):02d}{rng.randint(60, 99):02d}{serial:04d}"


async def seed(*, force: bool = False, members_per_coop: int = 7) -> str:
    """Seed the demo network once; return a summary, or "" when it was already there."""
    if not force and await User.exists(email=LOGINS[0][0]):
        return ""
    rng = random.Random(2026)
    coops: list[Cooperative] = []
    for n, row in enumerate(COOPERATIVES):
        coop = await _seed_cooperative(n, row, rng)
        coops.append(coop)
        if await Member.exists(cooperative_id=coop.id):
            continue
        prefix = row[6]
        for i in range(members_per_coop):
            await _seed_member(coop, prefix, 1 + i + 10 * n, rng)
    await _seed_logins(coops[0])
    members = await Member.all().count()
    return f"{len(coops)} cooperatives, {members} members, {len(LOGINS)} logins"


async def _seed_cooperative(n: int, row: tuple, rng: random.Random) -> Cooperative:
    """The *n*-th demo cooperative, created (registered with its SHU policy) unless it is there."""
    slug, name, ctype, syariah, province, regency, prefix, tz, status = row
    coop = await Cooperative.get_or_none(slug=slug)
    if coop is not None:
        return coop
    return await service.create_cooperative(
        CooperativeIn(
            name=name,
            slug=slug,
            legal_number=f"AHU-00{n + 1}{rng.randint(1000, 9999)}.AH.01.26.TAHUN 2019",
            nik_koperasi=f"{prefix}{rng.randint(10**11, 10**12 - 1)}",
            coop_type=ctype,
            syariah=syariah,
            province=province,
            regency=regency,
            timezone=tz,
            address=f"Jl. Koperasi No. {n + 3}, {regency}",
            bank_name="BRI",
            bank_account_number=f"0{rng.randint(10**13, 10**14 - 1)}",
            bank_account_holder=name,
            shu_policy=SYARIAH_POLICY if syariah else DEFAULT_POLICY,
            simpanan_pokok_amount=100_000,
            simpanan_wajib_amount=25_000 if syariah else 20_000,
        ),
        status=CoopStatus(status),
    )


async def _seed_member(coop: Cooperative, nik_prefix: str, serial: int, rng: random.Random) -> None:
    """One member joining *coop*: the member and their savings."""
    member = await service.add_member(
        coop.id,
        MemberIn(
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            nik=demo_nik(nik_prefix, rng, serial),
            phone=f"08{rng.choice('15')}{rng.randint(10**8, 10**9 - 1)}",
            joined_on=date(rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)),
        ),
    )
    await _seed_savings(coop, member.id, rng)


async def _seed_savings(coop: Cooperative, member_id: int, rng: random.Random) -> None:
    """Simpanan pokok once, a few months of simpanan wajib, and often some simpanan sukarela."""
    await service.deposit(coop.id, member_id, SavingsMovementIn(kind="pokok", amount=coop.simpanan_pokok_amount))
    for month in range(rng.randint(3, 12)):
        await service.deposit(
            coop.id,
            member_id,
            SavingsMovementIn(kind="wajib", amount=coop.simpanan_wajib_amount, note=f"bulan ke-{month + 1}"),
        )
    if rng.random() < 0.7:
        await service.deposit(
            coop.id, member_id, SavingsMovementIn(kind="sukarela", amount=rng.randrange(50_000, 2_000_000, 5_000))
        )


async def _seed_logins(bajawa: Cooperative) -> None:
    """One login per role: the manager and the cashier run Bajawa, the member is its first member."""
    first_member = (await service.list_members(bajawa.id, limit=1))[0]
    for email, role, display in LOGINS:
        if await User.exists(email=email):
            continue
        user = await service.create_user(
            UserIn(email=email, password=DEMO_PASSWORD, role=role, name=display),
            cooperative_id=bajawa.id if role in (Role.MANAGER, Role.CASHIER) else None,
            member_id=first_member.id if role == Role.MEMBER else None,
        )
        if email in PROVINCIAL:
            await service.set_operator_province(user.id, PROVINCIAL[email])
